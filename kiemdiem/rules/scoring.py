"""Score sheets (biểu điểm): items with maximum points, bonuses and deductions.

The rules a rule set sets for them (003 §I.6; QĐ 366 / HD 43 appendices):
- the standard scale cannot be changed (contents may be adapted, not the points);
- a bonus is at most N points per content or achievement, and names it;
- bonuses and deductions move in steps of 0.5 point (at least 0.5);
- a deduction names the criterion, the reason and who is responsible;
- (QĐ 366) the groups keep their maxima: general 30, task results 70.
The total feeds the points bands of the rule set (`points_bands`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .messages import num
from .ruleset import RuleSet

_EPS = 1e-9


@dataclass(frozen=True, slots=True)
class ScoreItem:
    id: str
    title: str
    max_points: float
    points: float
    group: str | None = None


@dataclass(frozen=True, slots=True)
class Bonus:
    item: str
    points: float
    achievement: str


@dataclass(frozen=True, slots=True)
class Deduction:
    item: str
    points: float
    criterion: str
    reason: str
    responsible: str


@dataclass(frozen=True, slots=True)
class ScoreSheet:
    items: tuple[ScoreItem, ...]
    bonuses: tuple[Bonus, ...] = ()
    deductions: tuple[Deduction, ...] = ()


@dataclass(frozen=True, slots=True)
class ScoreError:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass(frozen=True, slots=True)
class ScoreResult:
    total: float
    errors: tuple[ScoreError, ...] = field(default=())

    @property
    def valid(self) -> bool:
        return not self.errors


def rules_of(ruleset: RuleSet) -> Mapping[str, Any]:
    clauses = ruleset.by_mechanism("score_sheet_rules")
    if not clauses:
        raise ValueError(f"bộ quy tắc {ruleset.id} không có quy định chấm điểm")
    return clauses[0].params


def _on_step(value: float, step: float) -> bool:
    ratio = value / step
    return abs(ratio - round(ratio)) < 1e-6


def total(sheet: ScoreSheet) -> float:
    return (
        sum(i.points for i in sheet.items)
        + sum(b.points for b in sheet.bonuses)
        - sum(d.points for d in sheet.deductions)
    )


def _check_points(sheet: ScoreSheet, errors: list[ScoreError]) -> None:
    for i, item in enumerate(sheet.items):
        where = f"items[{i}]"
        if item.points < -_EPS or item.points > item.max_points + _EPS:
            errors.append(
                ScoreError(
                    f"{where}.points",
                    f"điểm {num(item.points)} ngoài khoảng 0–{num(item.max_points)} của mục "
                    f"“{item.title}”",
                )
            )


def _check_standard(
    sheet: ScoreSheet,
    rules: Mapping[str, Any],
    standard: Mapping[str, float] | None,
    items: Mapping[str, Any],
    errors: list[ScoreError],
) -> None:
    """The standard scale is fixed where the rule set says so; groups keep their totals."""
    if rules.get("scale_fixed") and standard is not None:
        for i, item in enumerate(sheet.items):
            expected = standard.get(item.id)
            if expected is None:
                errors.append(
                    ScoreError(f"items[{i}].id", f"mục “{item.id}” không có trong thang điểm chuẩn")
                )
            elif abs(expected - item.max_points) > _EPS:
                errors.append(
                    ScoreError(
                        f"items[{i}].max_points",
                        f"không được điều chỉnh thang điểm chuẩn: mục “{item.title}” tối đa "
                        f"{num(expected)} điểm, biểu ghi {num(item.max_points)}",
                    )
                )
        for missing in sorted(set(standard) - set(items)):
            errors.append(ScoreError("items", f"thiếu mục “{missing}” của thang điểm chuẩn"))
    max_total = rules.get("max_total")
    if max_total is not None:
        scale_sum = sum(item.max_points for item in sheet.items)
        if rules.get("scale_fixed") and abs(scale_sum - float(max_total)) > _EPS:
            errors.append(
                ScoreError(
                    "items",
                    f"tổng điểm tối đa các mục là {num(scale_sum)}, thang điểm chuẩn là "
                    f"{num(float(max_total))}",
                )
            )
    for group, group_max in dict(rules.get("groups", {})).items():
        got = sum(item.max_points for item in sheet.items if item.group == group)
        if abs(got - float(group_max)) > _EPS:
            errors.append(
                ScoreError(
                    "items",
                    f"nhóm “{group}” phải có tổng tối đa {num(float(group_max))} điểm, biểu ghi "
                    f"{num(got)}",
                )
            )


def _check_bonuses(
    sheet: ScoreSheet,
    rules: Mapping[str, Any],
    items: Mapping[str, Any],
    step: float,
    errors: list[ScoreError],
) -> None:
    bonus_max = rules.get("bonus_max_per_item")
    per_achievement: dict[str, float] = {}
    for i, bonus in enumerate(sheet.bonuses):
        where = f"bonuses[{i}]"
        if bonus.item not in items:
            errors.append(ScoreError(f"{where}.item", f"không có mục “{bonus.item}” trong biểu"))
        if rules.get("bonus_requires_achievement") and not bonus.achievement.strip():
            errors.append(
                ScoreError(f"{where}.achievement", "điểm cộng phải nêu rõ thành tích được cộng")
            )
        if bonus.points <= 0 or not _on_step(bonus.points, step):
            errors.append(
                ScoreError(
                    f"{where}.points",
                    f"điểm cộng tính theo bước {num(step)} điểm (tối thiểu {num(step)}), "
                    f"nhận được {num(bonus.points)}",
                )
            )
        key = f"{bonus.item}|{bonus.achievement.strip().lower()}"
        per_achievement[key] = per_achievement.get(key, 0.0) + bonus.points
        if bonus_max is not None and per_achievement[key] > float(bonus_max) + _EPS:
            errors.append(
                ScoreError(
                    f"{where}.points",
                    f"cộng tối đa {num(float(bonus_max))} điểm cho một nội dung, thành tích "
                    f"(“{bonus.achievement}”: {num(per_achievement[key])} điểm)",
                )
            )


def _check_deductions(
    sheet: ScoreSheet,
    rules: Mapping[str, Any],
    items: Mapping[str, Any],
    step: float,
    errors: list[ScoreError],
) -> None:
    required = set(rules.get("deduction_requires", ()))
    labels = {
        "criterion": "tiêu chí bị trừ điểm",
        "reason": "lý do trừ điểm",
        "responsible": "tập thể, cá nhân chịu trách nhiệm",
    }
    for i, deduction in enumerate(sheet.deductions):
        where = f"deductions[{i}]"
        if deduction.item not in items:
            errors.append(
                ScoreError(f"{where}.item", f"không có mục “{deduction.item}” trong biểu")
            )
        for name in sorted(required):
            if not str(getattr(deduction, name)).strip():
                errors.append(ScoreError(f"{where}.{name}", f"trừ điểm phải nêu rõ {labels[name]}"))
        if deduction.points <= 0 or not _on_step(deduction.points, step):
            errors.append(
                ScoreError(
                    f"{where}.points",
                    f"điểm trừ tính theo bước {num(step)} điểm (tối thiểu {num(step)}), "
                    f"nhận được {num(deduction.points)}",
                )
            )


def check(
    sheet: ScoreSheet, ruleset: RuleSet, *, standard: Mapping[str, float] | None = None
) -> ScoreResult:
    """Validate a sheet against the rule set (and the standard scale, when given) and
    return its total with every error, each naming its place in the sheet."""
    rules = rules_of(ruleset)
    errors: list[ScoreError] = []
    step = float(rules["step"])
    items = {item.id: item for item in sheet.items}
    if len(items) != len(sheet.items):
        errors.append(ScoreError("items", "có mục tiêu chí bị trùng mã"))

    _check_points(sheet, errors)
    _check_standard(sheet, rules, standard, items, errors)
    _check_bonuses(sheet, rules, items, step, errors)
    _check_deductions(sheet, rules, items, step, errors)
    max_total = rules.get("max_total")
    value = total(sheet)
    if max_total is not None and value > float(max_total) + sum(b.points for b in sheet.bonuses):
        errors.append(ScoreError("items", "tổng điểm vượt thang điểm"))
    return ScoreResult(total=value, errors=tuple(errors))
