"""Typed facts: what a scenario tells the engine about each subject.

Slotted dataclasses, because a national campaign holds millions of them.
Every fact is optional: a missing boolean or count means "no such thing
happened"; a missing percentage or rating means "unknown" (SCENARIO.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

SUBJECT_TYPES: tuple[str, ...] = ("organization", "collective", "member", "leader")

ORGANIZATION_KINDS: tuple[str, ...] = (
    "upper_committee",
    "grassroots_committee",
    "grassroots_cell",
    "sub_committee",
    "cell",
    "party_group",
)
GRASSROOTS_KINDS = frozenset({"grassroots_committee", "grassroots_cell"})
COMMITTEE_KINDS = frozenset({"upper_committee", "grassroots_committee", "sub_committee"})

COLLECTIVE_KINDS: tuple[str, ...] = (
    "party_committee",
    "standing_committee",
    "cell_committee",
    "agency_leadership",
    "inspection_committee",
)
PARTY_COLLECTIVE_KINDS = frozenset({"party_committee", "standing_committee", "cell_committee"})

DISCIPLINE_FORMS: tuple[str, ...] = ("reprimand", "warning", "dismissal", "expulsion")
DISCIPLINE_RANK = {form: i + 1 for i, form in enumerate(DISCIPLINE_FORMS)}
AUTHORITIES: tuple[str, ...] = ("party", "state", "mass")

POSTS: tuple[str, ...] = (
    "secretary",
    "deputy_secretary",
    "committee_member",
    "upper_committee_member",
    "department_head",
    "agency_head",
)


@dataclass(slots=True, frozen=True)
class Discipline:
    on: date
    form: str
    authority: str = "party"
    violation: str | None = None
    self_detected: bool = False
    duty_related: bool = True
    previous_unit: bool = False


@dataclass(slots=True)
class Facts:
    targets_completed_pct: float | None = None
    tasks_on_time_pct: float | None = None
    tasks_exceeded_pct: float | None = None
    tasks_late_pct: float | None = None
    shortcomings_fixed_pct: float | None = None
    force_majeure: bool = False
    disciplines: tuple[Discipline, ...] = ()
    degradation: bool = False
    prohibited_acts: bool = False
    civil_service_rating: str | None = None
    sick_leave_days: int = 0
    maternity_leave: bool = False
    transferred_on: date | None = None
    previous_cell_comment: bool = False
    temporary_activity: bool = False
    temporary_cell_comment: bool = False
    absences: int = 0
    reviewed: bool = True
    suspended: bool = False
    exempted: bool = False
    posts: tuple[str, ...] = ()
    eligible_voters: int | None = None
    voters_present: int | None = None
    mass_organizations: tuple[str, ...] = ()
    agency_rating: str | None = None
    disunity: bool = False
    committee_united: bool = False
    committee_excellent: bool = False
    meetings_proper: bool = False
    remedy_plan_done: bool = False
    failed_tasks: int = 0
    corruption_discipline: bool = False
    committee_leader_disciplined: bool = False
    outstanding_unit: bool = False
    low_confidence_pct: float | None = None
    # Extensions of the contract (documented in docs/SCENARIO-EXTENSIONS.md).
    emulation_nominee: bool = False
    merit_certificate: bool = False
    failed_assignment: bool = False
    caused_disunity: bool = False
    overseen_units_not_completed_pct: float | None = None


EMPTY_FACTS = Facts()


class Levels(NamedTuple):
    """The lowest level among the key criteria and among the others. A named tuple: it is
    part of the key under which equal members share a verdict, and hashes in C."""

    key: str
    other: str


@dataclass(slots=True)
class Organization:
    id: str
    name: str
    kind: str
    parent: str | None = None
    founded_on: date | None = None
    levels: Levels | None = None
    score: float | None = None
    facts: Facts = field(default_factory=Facts)
    proposed: str | None = None
    decided: str | None = None


@dataclass(slots=True)
class Member:
    id: str
    name: str
    organization: str
    admitted_on: date | None = None
    full_member_on: date | None = None
    levels: Levels | None = None
    score: float | None = None
    facts: Facts = field(default_factory=Facts)
    votes: dict[str, int] | None = None
    proposed: str | None = None
    decided: str | None = None


@dataclass(slots=True)
class Collective:
    id: str
    name: str
    kind: str
    organization: str
    founded_on: date | None = None
    members: tuple[str, ...] = ()
    head: str | None = None
    levels: Levels | None = None
    score: float | None = None
    facts: Facts = field(default_factory=Facts)
    proposed: str | None = None
    decided: str | None = None


@dataclass(slots=True)
class Leader:
    member: str
    collective: str
    in_post_since: date | None = None
    main_job: bool = True
    levels: Levels | None = None
    score: float | None = None
    facts: Facts = field(default_factory=Facts)
    proposed: str | None = None
    decided: str | None = None

    @property
    def id(self) -> str:
        return f"{self.member}@{self.collective}"


@dataclass(slots=True)
class Scenario:
    ruleset: str
    year: int
    as_of: date
    organizations: list[Organization] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    collectives: list[Collective] = field(default_factory=list)
    leaders: list[Leader] = field(default_factory=list)
    version: int = 1
