"""Who must be reviewed in a campaign, and where; who is exempt, and why.

The roll is exported as a scenario and the rule set decides each status (the same
engine and clauses as `kiemdiem evaluate`): a member is reviewed at their cell and again
before every collective they sit on (000 §A.2.b); a new member, a suspended member, a new
or too small collective carry the rule set's reason. The evaluation is stored (the `roll`
variant, stored.py): the campaign page counts, filters and pages it in the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, overload

from django.db.models import Q, QuerySet

from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.evaluation.roster import scenario_for
from kiemdiem.apps.organizations.models import CollectiveMembership, PartyOrganization
from kiemdiem.rules import Result, evaluate, load, parse

from .keys import member_pk
from .models import StoredSubject
from .stored import Stored, stored_result

REVIEWED = "reviewed"  # kiểm điểm và xếp loại
REVIEWED_NOT_RATED = "reviewed_not_rated"  # kiểm điểm, không xếp loại
NOT_REVIEWED = "not_reviewed"  # không kiểm điểm

STATUS_LABEL = {
    REVIEWED: "Kiểm điểm và xếp loại",
    REVIEWED_NOT_RATED: "Kiểm điểm, không xếp loại",
    NOT_REVIEWED: "Không kiểm điểm",
}
ROLL = "roll"  # the stored variant: the roll alone, before anything is recorded
# Reasons a collective is reviewed though not rated.
COLLECTIVE_REVIEWED = ("new_collective", "not_classified")


def roll_result(campaign: Campaign, *, within: PartyOrganization | None = None) -> Result:
    data = scenario_for(
        root=within or campaign.organization,
        year=campaign.year,
        as_of=campaign.meeting_on,
        ruleset=campaign.ruleset,
    )
    return evaluate(parse(data, source=campaign.title, schema=False))


@dataclass
class SubjectRow:
    kind: str  # member | collective
    name: str
    where: str  # the cell, or the organization a collective leads
    places: list[str] = field(default_factory=list)
    status: str = REVIEWED
    why: str = ""
    pk: int | None = None  # the collective's, for links to its report

    @property
    def status_label(self) -> str:
        return STATUS_LABEL[self.status]


@dataclass
class Roll:
    """The stored roll of a campaign, as the campaign page reads it."""

    campaign: Campaign
    stored: Stored
    _all_seats: dict[int, list[str]] | None = None

    @property
    def reviewed_new(self) -> bool:
        rules = load(self.campaign.ruleset)
        return any(c.params.get("reviewed") for c in rules.by_mechanism("new_member"))

    def _members(self) -> QuerySet[StoredSubject]:
        return self.stored.rows.filter(type="member")

    def _not_rated_but_reviewed(self) -> Q:
        if not self.reviewed_new:
            return Q(pk__in=[])
        return Q(status="not_rated", reason="new_member")

    def members(self, *, query: str = "", status: str = "") -> QuerySet[StoredSubject]:
        """Filtered in the database, in the order of the tree's cells, then names."""
        rows = self._members()
        if query:
            rows = rows.filter(Q(name__icontains=query) | Q(organization__name__icontains=query))
        reviewed_new = self._not_rated_but_reviewed()
        if status == REVIEWED:
            rows = rows.exclude(status="not_rated")
        elif status == REVIEWED_NOT_RATED:
            rows = rows.filter(reviewed_new)
        elif status == NOT_REVIEWED:
            rows = rows.filter(status="not_rated").exclude(reviewed_new)
        return rows.order_by("organization__name", "name", "key")

    def counts(self) -> dict[str, int]:
        rows = self._members()
        members = rows.count()
        reviewed_not_rated = rows.filter(self._not_rated_but_reviewed()).count()
        not_reviewed_keys = set(
            rows.filter(status="not_rated")
            .exclude(self._not_rated_but_reviewed())
            .values_list("key", flat=True)
        )
        seats = _seats(self.campaign)
        places = members - len(not_reviewed_keys)
        places += sum(
            len(names) for pk, names in seats.items() if f"member/M{pk}" not in not_reviewed_keys
        )
        return {
            "members": members,
            "reviewed_not_rated": reviewed_not_rated,
            "not_reviewed": len(not_reviewed_keys),
            "places": places,
        }

    def member_rows(self, rows: Any) -> list[SubjectRow]:
        """The page's rows as people read them (`rows`: stored subjects of members)."""
        rows = list(rows)
        pks = [pk for pk in (member_pk(r.key) for r in rows) if pk is not None]
        if len(pks) <= 500:  # a page: its members' seats only
            seats = _seats(self.campaign, pks)
        else:  # a list or an export: every seat, read once
            if self._all_seats is None:
                self._all_seats = _seats(self.campaign)
            seats = self._all_seats
        reviewed_new = self.reviewed_new
        out = []
        for r in rows:
            where = r.organization.name if r.organization else ""
            row = SubjectRow("member", r.name, where)
            row.places = [where, *seats.get(member_pk(r.key) or 0, [])]
            if r.status == "not_rated":
                row.why = r.reasons[0]["message"] if r.reasons else ""
                new_and_reviewed = r.reason == "new_member" and reviewed_new
                row.status = REVIEWED_NOT_RATED if new_and_reviewed else NOT_REVIEWED
                if row.status == NOT_REVIEWED:
                    row.places = []
            out.append(row)
        return out

    def collectives(self) -> list[SubjectRow]:
        out = []
        for r in (
            self.stored.rows.filter(type="collective")
            .select_related("organization")
            .order_by("organization__path", "name")
        ):
            where = r.organization.name if r.organization else ""
            row = SubjectRow("collective", r.name, where, pk=int(r.key.partition("/K")[2]))
            if r.status == "not_rated":
                row.status, row.why = NOT_REVIEWED, r.reasons[0]["message"] if r.reasons else ""
                if r.reason in COLLECTIVE_REVIEWED:
                    row.status = REVIEWED_NOT_RATED
            out.append(row)
        return out


class RollListing(Sequence[SubjectRow]):
    """Collectives, then members, as one list whose slices are read from the database on
    demand (an API page of a province's roll builds 100 rows, not 200,000)."""

    def __init__(self, roll: Roll) -> None:
        self.roll = roll
        self.collectives = roll.collectives()
        self.members = roll.members().select_related("organization")
        self._count: int | None = None

    def __len__(self) -> int:
        if self._count is None:
            self._count = len(self.collectives) + self.members.count()
        return self._count

    @overload
    def __getitem__(self, index: int) -> SubjectRow: ...
    @overload
    def __getitem__(self, index: slice) -> list[SubjectRow]: ...
    def __getitem__(self, index: int | slice) -> SubjectRow | list[SubjectRow]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        start, stop, _ = index.indices(len(self))
        head = self.collectives[start:stop]
        first = max(start - len(self.collectives), 0)
        last = max(stop - len(self.collectives), 0)
        return head + self.roll.member_rows(self.members[first:last]) if last > first else head


def _seats(campaign: Campaign, members: list[int] | None = None) -> dict[int, list[str]]:
    """The collectives each member sits on at the meeting date (where else they are
    reviewed), as the roll counts them."""
    as_of = campaign.meeting_on
    seats = CollectiveMembership.objects.filter(
        collective__organization__path__startswith=campaign.organization.path,
        started_on__lte=as_of,
    ).exclude(ended_on__lt=as_of)
    if members is not None:
        seats = seats.filter(member_id__in=members)
    out: dict[int, list[str]] = {}
    for member, name in seats.order_by("collective_id").values_list(
        "member_id", "collective__name"
    ):
        out.setdefault(member, []).append(name)
    return out


def campaign_roll(*, campaign: Campaign) -> Roll:
    return Roll(campaign, stored_result(campaign, ROLL))


def campaign_listing(*, campaign: Campaign) -> RollListing:
    return RollListing(campaign_roll(campaign=campaign))


def campaign_subjects(*, campaign: Campaign) -> tuple[list[SubjectRow], list[SubjectRow]]:
    """(collectives, members), in the order of the tree: every one (the API's list)."""
    roll = campaign_roll(campaign=campaign)
    rows = roll.members().select_related("organization").iterator(chunk_size=2000)
    return roll.collectives(), roll.member_rows(rows)
