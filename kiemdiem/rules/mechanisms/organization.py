"""Ceilings of organizations and collectives that depend on the people and units below them."""

from __future__ import annotations

from typing import Any

from ..context import DEGRADED, DISC_ANY, DISC_DUTY, N_RANK
from ..messages import DISCIPLINE_LABEL, pct, r
from ..ratings import BOTTOM, RANK
from ..ruleset import Clause, RuleSet
from .base import Ev, Rule, mechanism

UNITS = {"organization", "collective"}


def _share(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 100.0


@mechanism(
    "member_distribution",
    phase="cap",
    subjects={"organization"},
    params={"levels": dict},
    required={"levels"},
)
def member_distribution(clause: Clause, ruleset: RuleSet) -> Rule:
    """000 §B.1.3.a–b: 100 % at least COMPLETED, and 80 % (50 %) at least GOOD.
    Shares count rated members only."""
    scale = ruleset.scale("organization")
    levels = []
    for code in scale:
        spec = clause.params["levels"].get(code)
        if spec is not None:
            levels.append((RANK[code], code, float(spec["completed"]), float(spec["good"])))
    levels.sort(reverse=True)

    def rule(subject: Any, facts: Any, ctx: Any, ev: Ev) -> None:
        counts = ctx.counts(subject.id)
        rated = sum(counts[N_RANK + k] for k in (1, 2, 3, 4))
        good = counts[N_RANK + 3] + counts[N_RANK + 4]
        completed = rated - counts[N_RANK + 1]
        committee = ctx.is_committee(subject.id)
        if committee:
            subs = [ctx.org_rank.get(c) for c in ctx.subordinate_orgs(subject.id)]
            subs_rated = [s for s in subs if s is not None]
            sub_share = _share(sum(1 for s in subs_rated if s >= 2), len(subs_rated))
            done_text = "tổ chức đảng trực thuộc"
        else:
            sub_share = _share(completed, rated)
            done_text = "đảng viên"
        good_share = _share(good, rated)
        failed: list[str] = []
        allowed = None
        for rank_, code, need_completed, need_good in levels:
            if sub_share >= need_completed and good_share >= need_good:
                allowed = rank_
                break
            failed.append(
                f"{r(code)} (cần {pct(need_completed)} HTNV trở lên và từ {pct(need_good)} "
                "HTTNV trở lên)"
            )
        if not failed:
            return
        cap = allowed if allowed is not None else levels[-1][0] - 1
        ev.cap(
            cap,
            "member_distribution",
            clause.cite,
            f"{pct(sub_share)} {done_text} Hoàn thành nhiệm vụ trở lên, {good}/{rated} đảng viên "
            f"({pct(good_share)}) Hoàn thành tốt nhiệm vụ trở lên: chưa đạt "
            f"{'; '.join(failed)}; mức cao nhất {r(scale[4 - cap])}",
        )

    return rule


@mechanism(
    "same_level_units",
    phase="cap",
    subjects={"organization"},
    params={"requirements": dict},
    required={"requirements"},
)
def same_level_units(clause: Clause, ruleset: RuleSet) -> Rule:
    """000 §B.1.3.a–b: the agency and mass organizations at the same level must be rated
    at least GOOD (for EXCELLENT) or COMPLETED (for GOOD)."""
    scale = ruleset.scale("organization")
    reqs = sorted(
        (
            (RANK[code], code, RANK[need], need)
            for code, need in clause.params["requirements"].items()
        ),
        reverse=True,
    )

    def rule(subject: Any, facts: Any, ctx: Any, ev: Ev) -> None:
        ratings = list(facts.mass_organizations)
        if facts.agency_rating is not None:
            ratings.append(facts.agency_rating)
        if not ratings:
            return
        lowest = min(ratings, key=lambda c: RANK[c])
        for rank_, code, need_rank, need in reqs:
            if RANK[lowest] >= need_rank:
                return
            below = scale[scale.index(code) + 1]
            ev.cap(
                rank_ - 1,
                "same_level_units",
                clause.cite,
                f"Chuyên môn hoặc tổ chức chính trị - xã hội cùng cấp xếp loại {r(lowest)} "
                f"(cần {r(need)} trở lên): chưa đạt {r(code)}, mức cao nhất {r(below)}",
            )

    return rule


@mechanism(
    "mass_orgs_failed",
    phase="cap",
    subjects={"organization"},
    params={"min_count": int, "at_most": str, "cap": str},
    required={"min_count", "at_most", "cap"},
)
def mass_orgs_failed(clause: Clause, ruleset: RuleSet) -> Rule:
    """000 §B.1.3.d, 004 §IV.2.1.d: two or more mass organizations at the lowest level."""
    minimum = clause.params["min_count"]
    ceiling = RANK[clause.params["at_most"]]
    cap_code = clause.params["cap"]

    def rule(subject: Any, facts: Any, ctx: Any, ev: Ev) -> None:
        failed = sum(1 for m in facts.mass_organizations if RANK[m] <= ceiling)
        if failed >= minimum:
            ev.cap(
                RANK[cap_code],
                "mass_orgs_failed",
                clause.cite,
                f"Có {failed} tổ chức chính trị - xã hội cùng cấp xếp loại mức thấp nhất: "
                f"xếp loại {r(cap_code)}",
            )

    return rule


@mechanism(
    "subordinate_share",
    phase="cap",
    subjects={"organization"},
    params={
        "applies_to": str,
        "over": str,
        "share": (int, float, list),
        "at_most": str,
        "cap": str,
    },
    required={"applies_to", "over", "share", "at_most", "cap"},
)
def subordinate_share(clause: Clause, ruleset: RuleSet) -> Rule:
    """000 §B.1.3.d: a cell with over 20 % of members NOT_COMPLETED, a committee with over
    20 % of subordinate committees NOT_COMPLETED; 004 §IV.2.1.d: 1/2 and 1/3 WEAK."""
    applies_to = clause.params["applies_to"]  # cell | committee
    over = clause.params["over"]  # members | child_orgs | child_committees
    # "trên 1/3" is exact: a share is a percentage or a [numerator, denominator] fraction.
    raw_share = clause.params["share"]
    num_, den_ = (raw_share[0], raw_share[1]) if isinstance(raw_share, list) else (raw_share, 100)
    limit_text = f"{num_}/{den_}" if isinstance(raw_share, list) else pct(float(raw_share))
    at_most = RANK[clause.params["at_most"]]
    cap_code = clause.params["cap"]
    what = {
        "members": "đảng viên",
        "child_orgs": "tổ chức đảng trực thuộc",
        "child_committees": "tập thể cấp ủy trực thuộc",
    }[over]

    def rule(subject: Any, facts: Any, ctx: Any, ev: Ev) -> None:
        if ctx.is_committee(subject.id) != (applies_to == "committee"):
            return
        if over == "members":
            counts = ctx.counts(subject.id)
            whole = sum(counts[N_RANK + k] for k in (1, 2, 3, 4))
            part = sum(counts[N_RANK + k] for k in range(1, at_most + 1))
        else:
            subs = ctx.subordinate_orgs(subject.id)
            if over == "child_orgs":
                ranks = [ctx.org_rank[s] for s in subs if s in ctx.org_rank]
            else:
                ranks = [
                    ctx.collective_rank[c]
                    for s in subs
                    for c in ctx.committees_of.get(s, ())
                    if c in ctx.collective_rank
                ]
            whole = len(ranks)
            part = sum(1 for x in ranks if x <= at_most)
        if whole and part * den_ > num_ * whole:
            ev.cap(
                RANK[cap_code],
                "subordinate_share",
                clause.cite,
                f"{part}/{whole} {what} ({pct(100.0 * part / whole)}) xếp loại mức thấp nhất, "
                f"trên {limit_text}: xếp loại {r(cap_code)}",
            )

    return rule


@mechanism(
    "failed_tasks",
    phase="cap",
    subjects={"organization"},
    params={"min": int, "cap": str},
    required={"min", "cap"},
)
def failed_tasks(clause: Clause, ruleset: RuleSet) -> Rule:
    """004 §IV.2.1.d: two or more assigned tasks not completed -> WEAK."""
    minimum = clause.params["min"]
    cap_code = clause.params["cap"]

    def rule(subject: Any, facts: Any, ctx: Any, ev: Ev) -> None:
        if facts.failed_tasks >= minimum:
            ev.cap(
                RANK[cap_code],
                "failed_tasks",
                clause.cite,
                f"Không hoàn thành {facts.failed_tasks} nhiệm vụ được giao: xếp loại {r(cap_code)}",
            )

    return rule


@mechanism(
    "rating_fact_at_most",
    phase="cap",
    subjects=UNITS,
    params={"fact": str, "at_most": str, "cap": str},
    required={"fact", "at_most", "cap"},
)
def rating_fact_at_most(clause: Clause, ruleset: RuleSet) -> Rule:
    """004 §IV.2.1.d: the agency at the lowest level -> WEAK."""
    fact = clause.params["fact"]
    at_most = RANK[clause.params["at_most"]]
    cap_code = clause.params["cap"]

    def rule(subject: Any, facts: Any, ctx: Any, ev: Ev) -> None:
        value = getattr(facts, fact)
        if value is not None and RANK[value] <= at_most:
            ev.cap(
                RANK[cap_code],
                "agency_lowest",
                clause.cite,
                f"Cơ quan, đơn vị xếp loại {r(value)} (mức thấp nhất): xếp loại {r(cap_code)}",
            )

    return rule


@mechanism(
    "members_disciplined",
    phase="cap",
    subjects=UNITS,
    params={
        "min_form": str,
        "duty_related_only": bool,
        "exclude_previous_unit": bool,
        "cap": str,
        "code": str,
    },
    required={"cap", "code"},
)
def members_disciplined(clause: Clause, ruleset: RuleSet) -> Rule:
    """000 §B.3.3.b–d: a member of the collective disciplined (at warning or above)."""
    min_form = clause.params.get("min_form", "reprimand")
    duty_only = clause.params.get("duty_related_only", False)
    exclude_prev = clause.params.get("exclude_previous_unit", False)
    cap_code = clause.params["cap"]
    code = clause.params["code"]
    form_text = "" if min_form == "reprimand" else f" từ {DISCIPLINE_LABEL[min_form]} trở lên"
    verdict = "xếp loại" if RANK[cap_code] == BOTTOM else "mức cao nhất"

    def rule(subject: Any, facts: Any, ctx: Any, ev: Ev) -> None:
        if hasattr(subject, "head"):  # a leadership collective: its own members
            names = []
            for member_id in subject.members:
                member = ctx.members.get(member_id)
                if member is not None and ctx.disciplines(
                    member.facts,
                    min_form=min_form,
                    duty_related_only=duty_only,
                    exclude_previous_unit=exclude_prev,
                ):
                    names.append(member.name)
            if names:
                ev.cap(
                    RANK[cap_code],
                    code,
                    clause.cite,
                    f"Thành viên bị kỷ luật{form_text} trong năm ({', '.join(names)}): "
                    f"{verdict} {r(cap_code)}",
                )
            return
        index = DISC_DUTY if (duty_only or exclude_prev) else DISC_ANY
        count = ctx.counts(subject.id)[index]
        if count:
            ev.cap(
                RANK[cap_code],
                code,
                clause.cite,
                f"Có {count} đảng viên bị kỷ luật{form_text} trong năm: {verdict} {r(cap_code)}",
            )

    return rule


@mechanism(
    "members_degradation",
    phase="cap",
    subjects=UNITS,
    params={"cap": str},
    required={"cap"},
)
def members_degradation(clause: Clause, ruleset: RuleSet) -> Rule:
    """000 §B.3.3.d: a member concluded degraded -> NOT_COMPLETED."""
    cap_code = clause.params["cap"]

    def rule(subject: Any, facts: Any, ctx: Any, ev: Ev) -> None:
        if hasattr(subject, "head"):
            names = [
                ctx.members[m].name
                for m in subject.members
                if m in ctx.members and ctx.members[m].facts.degradation
            ]
            count = len(names)
        else:
            count = ctx.counts(subject.id)[DEGRADED]
        if count:
            ev.cap(
                RANK[cap_code],
                "member_degradation",
                clause.cite,
                f"Có {count} thành viên bị kết luận suy thoái về tư tưởng chính trị, đạo đức, "
                f"lối sống: xếp loại {r(cap_code)}",
            )

    return rule
