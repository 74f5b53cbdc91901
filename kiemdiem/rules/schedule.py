"""A campaign's milestones, computed from the rule set's process data.

Each rule set lists `[[process.milestones]]`: one anchored on the cell meeting, the others
a number of (working) days before another milestone, or a fixed day of the campaign's
year (`"11-30"`, or `"+1:02-01"` for the next year). The office may move a milestone;
`violations` then says which rule a new date breaks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .calendar import shift, working_days_between
from .messages import d
from .ruleset import RuleSet, RuleSetError

ANCHOR = "cell_meeting"


@dataclass(frozen=True, slots=True)
class MilestoneSpec:
    code: str
    title: str
    cite: str
    certainty: str
    before: str | None = None
    days: int = 0
    working: bool = False
    on: str | None = None


@dataclass(frozen=True, slots=True)
class Milestone:
    code: str
    title: str
    cite: str
    due_on: date
    order: int
    rule: str


def specs(ruleset: RuleSet) -> list[MilestoneSpec]:
    raw: list[dict[str, Any]] = list(ruleset.process.get("milestones", []))
    out = []
    codes = {item.get("code") for item in raw}
    for item in raw:
        unknown = set(item) - {
            "code",
            "title",
            "cite",
            "certainty",
            "before",
            "days",
            "working",
            "on",
        }
        if unknown or not item.get("code") or not item.get("title") or not item.get("cite"):
            raise RuleSetError(f"rule set {ruleset.id}: bad milestone {item}")
        if item.get("before") is not None and item["before"] not in codes:
            raise RuleSetError(f"rule set {ruleset.id}: milestone before unknown {item['before']}")
        out.append(
            MilestoneSpec(
                code=item["code"],
                title=item["title"],
                cite=item["cite"],
                certainty=item.get("certainty", "seed"),
                before=item.get("before"),
                days=int(item.get("days", 0)),
                working=bool(item.get("working", False)),
                on=item.get("on"),
            )
        )
    if sum(1 for s in out if s.code == ANCHOR) != 1:
        raise RuleSetError(f"rule set {ruleset.id}: milestones need exactly one '{ANCHOR}'")
    return out


def _fixed(on: str, year: int) -> date:
    if on.startswith("+1:"):
        year, on = year + 1, on[3:]
    if len(on) == 10:
        return date.fromisoformat(on)
    month, day = on.split("-")
    return date(year, int(month), int(day))


def _rule_text(spec: MilestoneSpec) -> str:
    if spec.code == ANCHOR:
        return "ngày chi bộ họp (do văn phòng định)"
    if spec.on is not None:
        return "ngày cố định theo kế hoạch"
    unit = "ngày làm việc" if spec.working else "ngày"
    return f"trước ít nhất {spec.days} {unit}"


def schedule(ruleset: RuleSet, *, year: int, meeting_on: date) -> list[Milestone]:
    items = specs(ruleset)
    by_code = {s.code: s for s in items}
    due: dict[str, date] = {ANCHOR: meeting_on}

    def resolve(code: str, seen: tuple[str, ...] = ()) -> date:
        if code in due:
            return due[code]
        if code in seen:
            raise RuleSetError(f"rule set {ruleset.id}: milestone cycle at {code}")
        spec = by_code[code]
        if spec.on is not None:
            value = _fixed(spec.on, year)
        elif spec.before is not None:
            value = shift(resolve(spec.before, (*seen, code)), -spec.days, working=spec.working)
        else:
            raise RuleSetError(f"rule set {ruleset.id}: milestone {code} has no date rule")
        due[code] = value
        return value

    out = []
    for spec in items:
        when = resolve(spec.code)
        rule = _rule_text(spec)
        if spec.before is not None:
            rule += f" so với mốc “{by_code[spec.before].title}”"
        out.append(Milestone(spec.code, spec.title, spec.cite, when, 0, rule))
    ordered = sorted(out, key=lambda m: (m.due_on, [s.code for s in items].index(m.code)))
    return [
        Milestone(m.code, m.title, m.cite, m.due_on, i + 1, m.rule) for i, m in enumerate(ordered)
    ]


def violations(ruleset: RuleSet, dates: dict[str, date]) -> list[tuple[str, str]]:
    """(milestone code, Vietnamese message) for every "N days before" a set of dates breaks."""
    out = []
    by_code = {s.code: s for s in specs(ruleset)}
    for spec in by_code.values():
        if spec.before is None or spec.code not in dates or spec.before not in dates:
            continue
        mine, theirs = dates[spec.code], dates[spec.before]
        gap = working_days_between(mine, theirs) if spec.working else (theirs - mine).days
        if gap < spec.days:
            unit = "ngày làm việc" if spec.working else "ngày"
            out.append(
                (
                    spec.code,
                    f"{spec.title} ngày {d(mine)} chỉ trước “{by_code[spec.before].title}” "
                    f"({d(theirs)}) {max(gap, 0)} {unit}: cần trước ít nhất {spec.days} {unit} "
                    f"— {spec.cite}",
                )
            )
    return out
