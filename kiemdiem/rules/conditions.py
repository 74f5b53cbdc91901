"""A small language for the conditions a rule set attaches to a level.

"tasks_on_time_pct>=100"        a percentage fact; unknown -> reported, not assumed
"unit.tasks_exceeded_pct>=30"   the same fact of the unit a leader heads
"committee_united"              a boolean fact that must hold
"!committee_leader_disciplined" a boolean fact that must not hold
"all_subordinates_completed"    every member (cell) or cell (committee) at least COMPLETED
"mass_orgs_at_least:GOOD"       every mass organization at that level or above
"no_member_disciplined"         no member of the unit disciplined in the year
"no_subordinate_disciplined"    no subordinate organization disciplined in the year
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .context import DISC_ANY, N_RANK
from .messages import FACT_LABEL, pct, r
from .ratings import RANK

PCT_FACTS = frozenset(
    {
        "targets_completed_pct",
        "tasks_on_time_pct",
        "tasks_exceeded_pct",
        "tasks_late_pct",
        "shortcomings_fixed_pct",
        "low_confidence_pct",
        "overseen_units_not_completed_pct",
    }
)
FLAG_FACTS = frozenset(
    {
        "committee_united",
        "committee_excellent",
        "meetings_proper",
        "remedy_plan_done",
        "committee_leader_disciplined",
        "force_majeure",
        "outstanding_unit",
    }
)
_OPS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
}
_OP_TEXT = {">=": "từ", "<=": "không quá", ">": "trên", "<": "dưới"}
_PATTERN = re.compile(r"^(unit\.)?([a-z_]+)(>=|<=|>|<)([0-9]+(?:\.[0-9]+)?)$")

# (ok, label, missing fact): ok is None when the fact is unknown.
Outcome = tuple[bool | None, str, str | None]


@dataclass(frozen=True, slots=True)
class Condition:
    text: str
    test: Callable[[Any, Any, Any], Outcome]


class ConditionError(ValueError):
    pass


def parse(text: str) -> Condition:
    match = _PATTERN.match(text)
    if match:
        unit, fact, op, raw = match.groups()
        if fact not in PCT_FACTS:
            raise ConditionError(f"unknown percentage fact in condition {text!r}")
        limit = float(raw)
        compare = _OPS[op]
        label = f"{FACT_LABEL[fact]} {_OP_TEXT[op]} {pct(limit)}"
        if unit:
            label += " (đơn vị do mình đứng đầu)"

        def test_pct(subject: Any, facts: Any, ctx: Any) -> Outcome:
            source = ctx.unit_facts(subject.collective) if unit else facts
            value = getattr(source, fact)
            if value is None:
                return None, label, fact
            if compare(value, limit):
                return True, label, None  # the label is only read when a condition fails
            return False, f"{label} (thực tế {pct(value)})", None

        return Condition(text, test_pct)

    negate = text.startswith("!")
    name = text.lstrip("!")
    if name in FLAG_FACTS:
        label = ("không " if negate else "") + FACT_LABEL.get(name, name)

        def test_flag(subject: Any, facts: Any, ctx: Any) -> Outcome:
            value = bool(getattr(facts, name))
            return (not value if negate else value), label, None

        return Condition(text, test_flag)

    if name == "all_subordinates_completed":

        def test_all(subject: Any, facts: Any, ctx: Any) -> Outcome:
            if ctx.is_committee(subject.id):
                subs = [ctx.org_rank.get(c) for c in ctx.subordinate_orgs(subject.id)]
                ok = all(rank is not None and rank >= 2 for rank in subs if rank is not None)
                return ok, "100 % tổ chức đảng trực thuộc Hoàn thành nhiệm vụ trở lên", None
            counts = ctx.counts(subject.id)
            ok = counts[N_RANK + 1] == 0
            return ok, "100 % đảng viên Hoàn thành nhiệm vụ trở lên", None

        return Condition(text, test_all)

    if name.startswith("mass_orgs_at_least:"):
        code = name.split(":", 1)[1]
        if code not in RANK:
            raise ConditionError(f"unknown rating in condition {text!r}")
        floor = RANK[code]
        label = f"các tổ chức chính trị - xã hội cùng cấp đạt {r(code)} trở lên"

        def test_mass(subject: Any, facts: Any, ctx: Any) -> Outcome:
            return all(RANK[m] >= floor for m in facts.mass_organizations), label, None

        return Condition(text, test_mass)

    if name == "no_member_disciplined":

        def test_members(subject: Any, facts: Any, ctx: Any) -> Outcome:
            label = "không có đảng viên bị kỷ luật trong năm"
            if hasattr(subject, "members") and hasattr(subject, "head"):  # a collective
                bad = any(
                    ctx.disciplines(ctx.members[m].facts)
                    for m in subject.members
                    if m in ctx.members
                )
                return not bad, "không có thành viên bị kỷ luật trong năm", None
            return ctx.counts(subject.id)[DISC_ANY] == 0, label, None

        return Condition(text, test_members)

    if name == "no_subordinate_disciplined":

        def test_subs(subject: Any, facts: Any, ctx: Any) -> Outcome:
            org_id = subject.organization if hasattr(subject, "head") else subject.id
            subs = ctx.subordinate_orgs(org_id)
            bad = any(ctx.disciplines(ctx.orgs[s].facts) for s in subs)
            return not bad, "không có tổ chức trực thuộc bị kỷ luật trong năm", None

        return Condition(text, test_subs)

    raise ConditionError(f"unknown condition {text!r}")
