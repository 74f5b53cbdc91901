"""The evaluation context: tree indexes and the counts rules read across subjects."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from .facts import (
    COMMITTEE_KINDS,
    DISCIPLINE_RANK,
    GRASSROOTS_KINDS,
    Collective,
    Discipline,
    Facts,
    Member,
    Organization,
    Scenario,
)
from .result import Check

if TYPE_CHECKING:
    from .ruleset import RuleSet

# Indexes of the per-organization count vectors.
N_RANK = 0  # 1..4: rated members by rank
DISC_ANY = 5  # members disciplined in the year
DISC_DUTY = 6  # ... for a duty-related violation at this unit
DEGRADED = 7  # members concluded degraded
NOT_RATED_I = 8
PENDING_I = 9
FULL = 10  # full members (voters in the 2014 model)
TOTAL = 11  # every member on the roll
VECTOR = 12


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


class Ctx:
    def __init__(self, scenario: Scenario, ruleset: RuleSet) -> None:
        self.scenario = scenario
        self.ruleset = ruleset
        self.as_of = scenario.as_of
        self.year = scenario.year
        self.year_start = date(scenario.year, 1, 1)
        self.year_end = date(scenario.year, 12, 31)
        self.twelve_months_ago = scenario.as_of - timedelta(days=365)
        self.checks: list[Check] = []

        self.orgs: dict[str, Organization] = {o.id: o for o in scenario.organizations}
        self.children: dict[str, list[str]] = {o.id: [] for o in scenario.organizations}
        for org in scenario.organizations:
            if org.parent is not None:
                self.children[org.parent].append(org.id)
        self.depth: dict[str, int] = {}
        self.root: dict[str, str] = {}
        self.grassroots: dict[str, str | None] = {}
        self.cell: dict[str, str] = {}
        self.ancestors: dict[str, tuple[str, ...]] = {}
        for org in scenario.organizations:
            self._index(org.id)

        self.collectives: dict[str, Collective] = {c.id: c for c in scenario.collectives}
        # The committees (cấp ủy) of each organization, for "subordinate committees" rules.
        self.committees_of: dict[str, list[str]] = {}
        for coll in scenario.collectives:
            if coll.kind in ("party_committee", "cell_committee"):
                self.committees_of.setdefault(coll.organization, []).append(coll.id)
        # Only members that collectives and leaders refer to are indexed by id:
        # a national scenario has millions and needs no such dict.
        wanted = {m for c in scenario.collectives for m in c.members}
        wanted.update(c.head for c in scenario.collectives if c.head)
        wanted.update(leader.member for leader in scenario.leaders)
        self.members: dict[str, Member] = {m.id: m for m in scenario.members if m.id in wanted}

        # Results, by rank (1..4), of subjects rated so far.
        self.org_rank: dict[str, int] = {}
        self.collective_rank: dict[str, int] = {}
        self.member_rank: dict[str, int] = {}
        self.org_rating: dict[str, str] = {}
        self.collective_rating: dict[str, str] = {}
        self._full_by_cell: dict[str, int] | None = None
        self._cutoffs: dict[int, date] = {}
        # Count vectors: each organization's own members, then rolled up.
        self.own: dict[str, list[int]] = {o.id: [0] * VECTOR for o in scenario.organizations}
        self.subtree: dict[str, list[int]] = {}
        self.cell_counts: dict[str, list[int]] = {}

    def _index(self, org_id: str) -> None:
        if org_id in self.depth:
            return
        org = self.orgs[org_id]
        if org.parent is None:
            self.depth[org_id] = 0
            self.root[org_id] = org_id
            self.ancestors[org_id] = ()
            parent_grassroots = None
        else:
            self._index(org.parent)
            self.depth[org_id] = self.depth[org.parent] + 1
            self.root[org_id] = self.root[org.parent]
            self.ancestors[org_id] = (org.parent, *self.ancestors[org.parent])
            parent_grassroots = self.grassroots[org.parent]
        self.grassroots[org_id] = org_id if org.kind in GRASSROOTS_KINDS else parent_grassroots
        if org.kind == "party_group" and org.parent is not None:
            self.cell[org_id] = self.cell.get(org.parent, org.parent)
        else:
            self.cell[org_id] = org_id

    # -- the tree ---------------------------------------------------------
    def is_committee(self, org_id: str) -> bool:
        return self.orgs[org_id].kind in COMMITTEE_KINDS

    def subordinate_orgs(self, org_id: str) -> list[str]:
        """Directly subordinate organizations that are rated (party groups are not)."""
        return [c for c in self.children[org_id] if self.orgs[c].kind != "party_group"]

    def grassroots_above(self, org_id: str) -> str | None:
        """The grassroots organization a unit counts in; for a grassroots unit, the one above."""
        org = self.orgs[org_id]
        if org.kind in GRASSROOTS_KINDS or org.kind == "upper_committee":
            for ancestor in self.ancestors[org_id]:
                if self.orgs[ancestor].kind == "upper_committee":
                    return ancestor
            return None
        return self.grassroots[org_id]

    def counts(self, org_id: str) -> list[int]:
        """Members an organization answers for: a cell its own (with its party groups),
        a committee its whole subtree."""
        if self.is_committee(org_id):
            return self.subtree[org_id]
        return self.cell_counts[self.cell[org_id]]

    # -- disciplines ------------------------------------------------------
    def in_window(self, discipline: Discipline, window: str) -> bool:
        if discipline.on > self.as_of:
            return False
        if window == "12_months":
            return discipline.on > self.twelve_months_ago
        return self.year_start <= discipline.on <= self.year_end

    def disciplines(
        self,
        facts: Facts,
        *,
        window: str = "year",
        min_form: str = "reprimand",
        duty_related_only: bool = False,
        exclude_previous_unit: bool = False,
        skip_self_detected: bool = False,
    ) -> list[Discipline]:
        """Disciplines that count, one per violation (a violation counts once, 000 §B.2.3.d)."""
        if not facts.disciplines:
            return []
        floor = DISCIPLINE_RANK[min_form]
        by_violation: dict[object, Discipline] = {}
        for item in facts.disciplines:
            if DISCIPLINE_RANK[item.form] < floor or not self.in_window(item, window):
                continue
            if duty_related_only and not item.duty_related:
                continue
            if exclude_previous_unit and item.previous_unit:
                continue
            if skip_self_detected and item.self_detected:
                continue
            key: object = item.violation if item.violation else (item.on, item.form)
            kept = by_violation.get(key)
            if kept is None or DISCIPLINE_RANK[item.form] > DISCIPLINE_RANK[kept.form]:
                by_violation[key] = item
        return sorted(by_violation.values(), key=lambda d: (d.on, d.form))

    def missing(
        self, subject_type: str, subject_id: str, fact: str, clause: str, message: str
    ) -> None:
        self.checks.append(
            Check(
                code="missing_input",
                clause=clause,
                message=f"{message} — {clause}",
                subject=subject_id,
                subject_type=subject_type,
                fact=fact,
            )
        )

    def roll_up(self) -> None:
        """Sum members' counts up the tree, deepest organizations first."""
        order = sorted(self.orgs, key=lambda o: -self.depth[o])
        subtree = {o: list(v) for o, v in self.own.items()}
        for org_id in order:
            parent = self.orgs[org_id].parent
            if parent is not None:
                target = subtree[parent]
                for i, value in enumerate(subtree[org_id]):
                    if value:
                        target[i] += value
        self.subtree = subtree
        cells: dict[str, list[int]] = {}
        for org_id, vector in self.own.items():
            cell = self.cell[org_id]
            acc = cells.setdefault(cell, [0] * VECTOR)
            for i, value in enumerate(vector):
                if value:
                    acc[i] += value
        self.cell_counts = cells

    def full_members_in_cell(self, org_id: str) -> int:
        """Full members of the member's cell (voters in the 2014 model), counted once."""
        if self._full_by_cell is None:
            counts: dict[str, int] = {}
            as_of = self.as_of
            for m in self.scenario.members:
                if m.full_member_on is not None and m.full_member_on <= as_of:
                    cell = self.cell[m.organization]
                    counts[cell] = counts.get(cell, 0) + 1
            self._full_by_cell = counts
        return self._full_by_cell.get(self.cell[org_id], 0)

    def move_member(self, org_id: str, old: int, new: int) -> None:
        """A late (post-phase) change of a member's rank, kept in every count vector."""
        for vector in (self.own[org_id], self.cell_counts[self.cell[org_id]]):
            vector[N_RANK + old] -= 1
            vector[N_RANK + new] += 1
        for org in (org_id, *self.ancestors[org_id]):
            self.subtree[org][N_RANK + old] -= 1
            self.subtree[org][N_RANK + new] += 1

    def unit_facts(self, leader_collective: str) -> Facts:
        return self.collectives[leader_collective].facts

    def add_months(self, day: date, months: int) -> date:
        return add_months(day, months)

    def months_before(self, months: int) -> date:
        """The day N months before as_of: "under N months" means after this day. Computed
        once per evaluation, not once per member."""
        cutoff = self._cutoffs.get(months)
        if cutoff is None:
            cutoff = self._cutoffs[months] = add_months(self.as_of, -months)
        return cutoff
