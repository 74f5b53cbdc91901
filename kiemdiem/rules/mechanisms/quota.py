"""Quotas for EXCELLENT, counted where each rule set counts them.

Reported, never enforced: a breach names the excess and lists the holders,
best-supported first (votes, then score); the authority chooses (RULES §6).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..context import TOTAL
from ..messages import SUBJECT_LABEL, pct, r
from ..ratings import RANK
from ..result import Check, Quota
from ..ruleset import Clause, RuleSet
from .base import mechanism

BASES = {"good_only": ("GOOD",), "good_or_above": ("GOOD", "EXCELLENT", "CLEAN_STRONG")}
BASE_TEXT = {
    "good_only": "xếp loại Hoàn thành tốt nhiệm vụ",
    "good_or_above": "xếp loại Hoàn thành tốt nhiệm vụ trở lên",
}
SCOPES = ("grassroots", "cell", "collective", "root")


def rounded(value: float, how: str) -> int:
    # A small epsilon keeps 0.2 * 15 = 3.0000000000000004 from flooring wrongly.
    if how == "floor":
        return math.floor(value + 1e-9)
    if how == "ceil":
        return math.ceil(value - 1e-9)
    return math.floor(value + 0.5 + 1e-9)


def allowed_for(
    *,
    base_count: int,
    share: float,
    rounding: str,
    unit_size: int | None = None,
    small_unit_size: int | None = None,
    small_unit_allowed: int | None = None,
) -> int:
    """The rule-set formula: a share of the base, or a fixed number for a small unit."""
    if (
        small_unit_size is not None
        and unit_size is not None
        and unit_size < small_unit_size
        and small_unit_allowed is not None
    ):
        return small_unit_allowed
    return rounded(share * base_count, rounding)


@dataclass(slots=True)
class _Scope:
    base: int = 0
    holders: list[Any] = field(default_factory=list)


def support(subject: Any) -> float:
    """How well a holder is supported: the share of ballots for EXCELLENT."""
    votes = getattr(subject, "votes", None)
    if not votes:
        return 0.0
    total = sum(votes.values())
    return float(votes.get("EXCELLENT", 0)) / total if total else 0.0


def best_supported(holders: list[Any]) -> list[str]:
    """Votes first, then score, then id: the order the authority reads them in."""
    ranked = sorted(
        holders,
        key=lambda s: (-support(s), -(s.score if s.score is not None else 0.0), s.id),
    )
    return [s.id for s in ranked]


@dataclass(frozen=True, slots=True)
class QuotaRule:
    clause: Clause
    subject: str
    rating: str
    share: float
    share_outstanding: float | None
    base: str
    rounding: str
    scope: str
    shares_by_rating: dict[str, float] | None
    small_unit_size: int | None
    small_unit_allowed: int | None
    small_units_only: bool

    def share_for(self, ctx: Any, scope_id: str) -> float:
        if self.shares_by_rating is not None:
            if self.scope == "collective":
                # 002 §1(4): the collective's rating, or the unit's when the collective has none.
                rating = ctx.collective_rating.get(scope_id) or ctx.org_rating.get(
                    ctx.collectives[scope_id].organization
                )
            else:
                rating = ctx.org_rating.get(scope_id)
            return float(self.shares_by_rating.get(rating or "", 0.0))
        org = ctx.orgs.get(scope_id)
        if self.share_outstanding is not None and org is not None and org.facts.outstanding_unit:
            return self.share_outstanding
        return self.share

    def scope_of(self, ctx: Any, subject: Any) -> str | None:
        kind = self.subject
        if kind == "member":
            org_id = subject.organization
        elif kind == "organization":
            if self.scope == "grassroots":
                above: str | None = ctx.grassroots_above(subject.id)
                return above
            return str(ctx.root[subject.id])
        elif kind == "collective":
            org_id = subject.organization
        else:
            if self.scope == "collective":
                return str(subject.collective)
            org_id = ctx.collectives[subject.collective].organization
        if self.scope == "cell":
            return str(ctx.cell[org_id])
        if self.scope == "grassroots":
            return str(ctx.grassroots[org_id] or ctx.root[org_id])
        return str(ctx.root[org_id])

    def scope_table(self, ctx: Any) -> dict[str, str | None] | None:
        """For members and collectives the scope depends only on the organization: one
        lookup per subject instead of a walk up the tree."""
        if self.subject in ("member", "collective"):
            table: dict[str, str | None] = {}
            for org_id in ctx.orgs:
                if self.scope == "cell":
                    table[org_id] = ctx.cell[org_id]
                elif self.scope == "grassroots":
                    table[org_id] = ctx.grassroots[org_id] or ctx.root[org_id]
                else:
                    table[org_id] = ctx.root[org_id]
            return table
        return None

    def run(
        self, ctx: Any, subjects: Iterable[Any], results: Iterable[Any]
    ) -> tuple[list[Quota], list[Check]]:
        """Count, per scope, the subjects at the base ratings and those at the quota's rating.
        `subjects` and `results` run in parallel."""
        base_codes = BASES[self.base]
        wanted = self.rating
        table = self.scope_table(ctx)
        scopes: dict[str, _Scope] = {}
        for subject, res in zip(subjects, results, strict=True):
            rating = res.rating
            if rating is None:
                continue
            is_base = rating in base_codes
            if not is_base and rating != wanted:
                continue
            key = table[subject.organization] if table is not None else self.scope_of(ctx, subject)
            if key is None:
                continue
            acc = scopes.get(key)
            if acc is None:
                acc = scopes[key] = _Scope()
            if is_base:
                acc.base += 1
            if rating == wanted:
                acc.holders.append(subject)
        quotas: list[Quota] = []
        checks: list[Check] = []
        clause = self.clause
        for key in sorted(scopes):
            acc = scopes[key]
            # A unit's size is everyone on its roll: a cell with its party groups, a
            # committee with its whole subtree.
            unit_size = (
                ctx.counts(key)[TOTAL]
                if self.small_unit_size is not None and key in ctx.orgs
                else None
            )
            small = (
                unit_size is not None
                and self.small_unit_size is not None
                and unit_size < self.small_unit_size
            )
            if self.small_units_only and not small:
                continue
            share = self.share_for(ctx, key)
            allowed = allowed_for(
                base_count=acc.base,
                share=share,
                rounding=self.rounding,
                unit_size=unit_size,
                small_unit_size=self.small_unit_size,
                small_unit_allowed=self.small_unit_allowed,
            )
            actual = len(acc.holders)
            quotas.append(
                Quota(
                    clause_id=clause.id,
                    clause=clause.cite,
                    scope=key,
                    subject_type=self.subject,
                    rating=self.rating,
                    base=self.base,
                    base_count=acc.base,
                    share=share,
                    allowed=allowed,
                    actual=actual,
                )
            )
            if actual <= allowed:
                continue
            name = (
                ctx.orgs[key].name
                if key in ctx.orgs
                else ctx.collectives[key].name
                if key in ctx.collectives
                else key
            )
            if small:
                formula = f"chi bộ dưới {self.small_unit_size} đảng viên: tối đa {allowed}"
            else:
                formula = (
                    f"{pct(share * 100)} của {acc.base} {SUBJECT_LABEL[self.subject].lower()} "
                    f"{BASE_TEXT[self.base]}"
                )
            checks.append(
                Check(
                    code="quota_exceeded",
                    clause=clause.cite,
                    scope=key,
                    subject_type=self.subject,
                    rating=self.rating,
                    allowed=allowed,
                    actual=actual,
                    subjects=best_supported(acc.holders),
                    message=(
                        f"{name}: {actual} {SUBJECT_LABEL[self.subject].lower()} xếp loại "
                        f"{r(self.rating)}, vượt mức tối đa {allowed} ({formula}): bớt "
                        f"{actual - allowed} — {clause.cite}"
                    ),
                )
            )
        return quotas, checks


@mechanism(
    "quota",
    phase="cross",
    subjects={"member", "organization", "collective", "leader"},
    params={
        "rating": str,
        "share": (int, float),
        "share_outstanding": (int, float),
        "base": str,
        "rounding": str,
        "scope": str,
        "shares_by_rating": dict,
        "small_unit_size": int,
        "small_unit_allowed": int,
        "small_units_only": bool,
    },
    required={"rating", "share", "base", "rounding", "scope"},
)
def quota(clause: Clause, ruleset: RuleSet) -> QuotaRule:
    p = clause.params
    if p["base"] not in BASES or p["scope"] not in SCOPES:
        raise ValueError(f"quota {clause.id}: bad base or scope")
    if p["rounding"] not in ("floor", "round", "ceil") or p["rating"] not in RANK:
        raise ValueError(f"quota {clause.id}: bad rounding or rating")
    return QuotaRule(
        clause=clause,
        subject=clause.subject,
        rating=p["rating"],
        share=float(p["share"]),
        share_outstanding=float(p["share_outstanding"]) if "share_outstanding" in p else None,
        base=p["base"],
        rounding=p["rounding"],
        scope=p["scope"],
        shares_by_rating=dict(p["shares_by_rating"]) if "shares_by_rating" in p else None,
        small_unit_size=p.get("small_unit_size"),
        small_unit_allowed=p.get("small_unit_allowed"),
        small_units_only=bool(p.get("small_units_only", False)),
    )
