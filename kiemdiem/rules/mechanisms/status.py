"""Who is not rated, or not yet: exemptions, new members and units, absences."""

from __future__ import annotations

from typing import Any

from ..messages import d
from ..ruleset import Clause, RuleSet
from .base import NOT_RATED, PENDING, Ev, Rule, mechanism, on_fact, on_param_fact

_FLAG_TEXT = {
    "suspended": "Đảng viên đang bị đình chỉ sinh hoạt đảng",
    "exempted": "Đảng viên được miễn công tác và sinh hoạt đảng",
}


@mechanism(
    "exempt_flag",
    phase="status",
    subjects={"member"},
    params={"fact": str, "code": str},
    required={"fact", "code"},
    triggers=on_param_fact,
)
def exempt_flag(clause: Clause, ruleset: RuleSet) -> Rule:
    fact = clause.params["fact"]
    code = clause.params["code"]
    text = _FLAG_TEXT[fact] + ": không đánh giá, xếp loại chất lượng"

    def rule(subject: Any, facts: Any, ctx: Any, ev: Ev) -> None:
        if getattr(facts, fact):
            ev.set_status(NOT_RATED, code, clause.cite, text)

    return rule


@mechanism(
    "new_member",
    phase="status",
    subjects={"member"},
    params={"months": int, "reviewed": bool},
    required={"months", "reviewed"},
    reads=lambda c: ((), ()),
)
def new_member(clause: Clause, ruleset: RuleSet) -> Rule:
    months = clause.params["months"]
    tail = "vẫn kiểm điểm tính từ ngày kết nạp" if clause.params["reviewed"] else "không kiểm điểm"

    seen: list[Any] = [None, None]  # (ctx, cutoff): the cutoff is fixed per evaluation

    def rule(subject: Any, facts: Any, ctx: Any, ev: Ev) -> None:
        admitted = subject.admitted_on
        if admitted is None:
            return
        if seen[0] is not ctx:
            seen[0], seen[1] = ctx, ctx.months_before(months)
        if admitted > seen[1]:
            ev.set_status(
                NOT_RATED,
                "new_member",
                clause.cite,
                f"Kết nạp ngày {d(admitted)}, chưa đủ {months:02d} tháng đến ngày "
                f"{d(ctx.as_of)}: {tail}, không đánh giá, xếp loại chất lượng",
            )

    return rule


@mechanism(
    "new_subject",
    phase="status",
    subjects={"organization", "collective"},
    params={"months": int, "code": str},
    required={"months", "code"},
)
def new_subject(clause: Clause, ruleset: RuleSet) -> Rule:
    months = clause.params["months"]
    code = clause.params["code"]

    def rule(subject: Any, facts: Any, ctx: Any, ev: Ev) -> None:
        founded = subject.founded_on
        if founded is not None and founded > ctx.months_before(months):
            ev.set_status(
                NOT_RATED,
                code,
                clause.cite,
                f"Thành lập ngày {d(founded)}, chưa đủ {months:02d} tháng đến ngày "
                f"{d(ctx.as_of)}: không đánh giá, xếp loại chất lượng",
            )

    return rule


@mechanism(
    "not_reviewed",
    phase="status",
    subjects={"member", "organization", "collective", "leader"},
    params={},
    triggers=on_fact("reviewed"),
)
def not_reviewed(clause: Clause, ruleset: RuleSet) -> Rule:
    def rule(subject: Any, facts: Any, ctx: Any, ev: Ev) -> None:
        if not facts.reviewed:
            ev.set_status(
                PENDING,
                "not_reviewed",
                clause.cite,
                "Chưa hoàn thành kiểm điểm (vắng mặt): đánh giá, xếp loại tại cuộc họp "
                "gần nhất, trong thời gian sớm nhất",
            )

    return rule


@mechanism(
    "small_collective",
    phase="status",
    subjects={"collective"},
    params={"min_size": int, "text": str},
    required={"min_size"},
)
def small_collective(clause: Clause, ruleset: RuleSet) -> Rule:
    min_size = clause.params["min_size"]
    text = clause.params.get("text", "không kiểm điểm, không đánh giá, xếp loại chất lượng")

    def rule(subject: Any, facts: Any, ctx: Any, ev: Ev) -> None:
        size = len(subject.members)
        if size < min_size:
            ev.set_status(
                NOT_RATED,
                "small_collective",
                clause.cite,
                f"Tập thể có {size} thành viên (dưới {min_size:02d}): {text}",
            )

    return rule


@mechanism(
    "not_classified",
    phase="status",
    subjects={"organization", "collective", "leader"},
    params={"kinds": list, "text": str},
    required={"text"},
)
def not_classified(clause: Clause, ruleset: RuleSet) -> Rule:
    kinds = frozenset(clause.params.get("kinds", ()))
    text = clause.params["text"]

    def rule(subject: Any, facts: Any, ctx: Any, ev: Ev) -> None:
        if not kinds or getattr(subject, "kind", None) in kinds:
            ev.set_status(NOT_RATED, "not_classified", clause.cite, text)

    return rule
