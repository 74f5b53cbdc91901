"""Consistency across subjects: a collective not above its unit, a head not above the
collective, and the formalism check (000 §I.3)."""

from __future__ import annotations

from typing import Any

from ..context import N_RANK
from ..facts import PARTY_COLLECTIVE_KINDS
from ..messages import d, r
from ..ratings import RANK, TOP
from ..result import Check
from ..ruleset import Clause, RuleSet
from .base import Ev, Rule, mechanism


@mechanism(
    "not_above_organization",
    phase="cap",
    subjects={"collective"},
    params={"use_agency_rating": bool},
)
def not_above_organization(clause: Clause, ruleset: RuleSet) -> Rule:
    """000 §B.3.3.a: a leadership collective is never rated above the unit it leads."""
    use_agency = clause.params.get("use_agency_rating", True)
    scale = ruleset.scale("collective")

    def rule(subject: Any, facts: Any, ctx: Any, ev: Ev) -> None:
        org_id = subject.organization
        limits: list[tuple[int, str]] = []
        if org_id in ctx.org_rank:
            limits.append((ctx.org_rank[org_id], f"{ctx.orgs[org_id].name}"))
        if use_agency and facts.agency_rating is not None:
            limits.append((RANK[facts.agency_rating], "cơ quan, đơn vị do tập thể lãnh đạo"))
        for rank_, what in limits:
            if rank_ < TOP:
                ev.cap(
                    rank_,
                    "not_above_organization",
                    clause.cite,
                    f"{what} xếp loại {r(scale[TOP - rank_])}: tập thể lãnh đạo, quản lý không "
                    f"được xếp loại cao hơn",
                    check="collective_above_organization",
                )

    return rule


@mechanism(
    "head_not_above",
    phase="cap",
    subjects={"leader"},
    params={"exceptions": list, "new_in_post_months": int},
)
def head_not_above(clause: Clause, ruleset: RuleSet) -> Rule:
    """000 §B.4: the head is not rated above the collective; 002 §1(5) adds exceptions."""
    exceptions = frozenset(clause.params.get("exceptions", ()))
    months = clause.params.get("new_in_post_months", 3)
    scale = ruleset.scale("leader")

    def rule(subject: Any, facts: Any, ctx: Any, ev: Ev) -> None:
        collective = ctx.collectives[subject.collective]
        if collective.head != subject.member:
            return
        if (
            "party_post_not_main_job" in exceptions
            and not subject.main_job
            and collective.kind in PARTY_COLLECTIVE_KINDS
        ):
            ev.note(
                "head_exception_not_main_job",
                clause.cite,
                "Bí thư cấp ủy, chi bộ mà đây không phải nhiệm vụ chính: không áp dụng quy định "
                "không cao hơn mức xếp loại của tổ chức đảng",
            )
            return
        since = subject.in_post_since
        if (
            "new_in_post" in exceptions
            and since is not None
            and ctx.add_months(since, months) > ctx.as_of
        ):
            ev.note(
                "head_exception_new_in_post",
                clause.cite,
                f"Người đứng đầu mới nhận nhiệm vụ từ {d(since)} (dưới {months:02d} tháng): "
                "không áp dụng quy định không cao hơn mức xếp loại của tập thể",
            )
            return
        rank_ = ctx.collective_rank.get(collective.id)
        if rank_ is None or rank_ >= TOP:
            return
        ev.cap(
            rank_,
            "head_not_above_collective",
            clause.cite,
            f"{collective.name} xếp loại {r(scale[TOP - rank_])}: người đứng đầu không được "
            "xếp loại cao hơn tập thể",
            check="head_above_collective",
        )

    return rule


@mechanism(
    "formalism",
    phase="cross",
    subjects={"organization"},
    params={"at_most": str, "min_members": int},
    required={"at_most"},
)
def formalism(clause: Clause, ruleset: RuleSet) -> Any:
    """000 §I.3: every member GOOD or above while the organization is COMPLETED or below."""
    at_most = RANK[clause.params["at_most"]]
    minimum = clause.params.get("min_members", 1)

    def check(ctx: Any) -> list[Check]:
        out = []
        for org_id, rank_ in ctx.org_rank.items():
            if rank_ > at_most:
                continue
            counts = ctx.counts(org_id)
            rated = sum(counts[N_RANK + k] for k in (1, 2, 3, 4))
            good = counts[N_RANK + 3] + counts[N_RANK + 4]
            if rated >= minimum and good == rated:
                org = ctx.orgs[org_id]
                out.append(
                    Check(
                        code="formalism",
                        clause=clause.cite,
                        scope=org_id,
                        subject_type="member",
                        message=(
                            f"{org.name} xếp loại {r(ctx.org_rating[org_id])} nhưng 100 % "
                            f"({rated}/{rated}) đảng viên được xếp loại Hoàn thành tốt nhiệm vụ "
                            f"trở lên: cần xem lại tính thực chất — {clause.cite}"
                        ),
                    )
                )
        return out

    return check
