"""How complete each dossier of a campaign is: for every cell (and the đảng bộ itself) and
every member, the rule set's checklist against what the product holds — records, documents
it makes, files uploaded — in a fixed number of queries whatever the size."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any, NamedTuple, overload

from django.db.models import Q

from kiemdiem.apps.campaigns.board import CELL_KINDS
from kiemdiem.apps.campaigns.models import Campaign, ReviewSuggestion, SelfReview
from kiemdiem.apps.complaints.models import Complaint
from kiemdiem.apps.decisions.selectors import issued_decision
from kiemdiem.apps.evaluation.keys import (
    collective_key,
    key_prefix,
    kind_of,
    member_key,
    member_pk,
    organization_key,
)
from kiemdiem.apps.members.models import CivilServiceRating, Member, Post, ResidenceComment
from kiemdiem.apps.organizations.models import LeadershipCollective, PartyOrganization
from kiemdiem.apps.reviews.models import AgendaItem, CollectiveReport, Meeting, TallyRecord
from kiemdiem.rules import load
from kiemdiem.rules.dossier import (
    Completeness,
    DossierItem,
    checklist,
    completeness,
    due_milestone,
)

from .models import DossierFile

# Where a present item comes from, as the page says it.
MADE = "Hệ thống lập"
RECORDED = "Có trong hệ thống"
UPLOADED = "Đã tải lên"
MISSING = "Thiếu"
NONE = "Không có"

# Items the product makes as a document: the kind to download.
DOCUMENT_OF = {
    "self_review": "self_review",
    "collective_report": "collective_report",
    "score_sheet": "score_sheet",
    "minutes": "minutes",
    "tally_record": "tally_record",
    "decision": "decision",
}


@dataclass
class ItemState:
    item: DossierItem
    state: str
    document: str = ""  # a document kind to download, when the product makes it
    files: list[DossierFile] = field(default_factory=list)

    @property
    def present(self) -> bool:
        return self.state in (MADE, RECORDED, UPLOADED)


class _Person(NamedTuple):
    pk: int
    full_name: str
    is_civil_servant: bool
    path: str  # of the member's organization


@dataclass
class Dossier:
    subject: str
    name: str
    kind: str  # organization | collective | member
    cell: PartyOrganization
    states: list[ItemState] | Callable[[], list[ItemState]]
    status: Completeness
    ref: str = ""  # what the documents' views take: a cell code, "K<pk>", a member's pk

    @property
    def items(self) -> list[ItemState]:
        """The checklist's states, built when read: a province's page counts 200,000
        dossiers but shows fifty."""
        if callable(self.states):
            self.states = self.states()
        return self.states


class DossierRef(NamedTuple):
    kind: str  # "o" an organization, "k" a collective, "m" a member
    pk: int
    cell: int  # the organization whose dossiers it follows
    complete: bool


class Dossiers(Sequence[Dossier]):
    """A campaign's dossiers in order, each built when read: a province's page counts
    200,000 completenesses (computed once per checklist and holdings, not per member)
    and builds the fifty it shows."""

    def __init__(
        self, entries: list[tuple[Completeness, Callable[[], Dossier], DossierRef]]
    ) -> None:
        self._entries = entries

    def __len__(self) -> int:
        return len(self._entries)

    @overload
    def __getitem__(self, index: int) -> Dossier: ...
    @overload
    def __getitem__(self, index: slice) -> list[Dossier]: ...
    def __getitem__(self, index: int | slice) -> Dossier | list[Dossier]:
        if isinstance(index, slice):
            return [make() for _, make, _ in self._entries[index]]
        return self._entries[index][1]()

    def refs(self) -> DossierIndex:
        """What names each dossier and whether it is complete, in order: small enough to
        keep between requests (a province's 202,000)."""
        return DossierIndex.of([ref for _, _, ref in self._entries])


@dataclass(frozen=True)
class DossierIndex(Sequence[DossierRef]):
    """DossierRefs as four flat arrays: kept and read back in milliseconds, where 202,000
    tuples took 0.7 s to unpickle."""

    kinds: bytes
    pks: array[int]
    cells: array[int]
    complete: bytes  # 1 complete, 0 not

    @classmethod
    def of(cls, refs: list[DossierRef]) -> DossierIndex:
        return cls(
            "".join(r.kind for r in refs).encode(),
            array("q", (r.pk for r in refs)),
            array("q", (r.cell for r in refs)),
            bytes(r.complete for r in refs),
        )

    def __len__(self) -> int:
        return len(self.kinds)

    @overload
    def __getitem__(self, index: int) -> DossierRef: ...
    @overload
    def __getitem__(self, index: slice) -> list[DossierRef]: ...
    def __getitem__(self, index: int | slice) -> DossierRef | list[DossierRef]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return DossierRef(
            chr(self.kinds[index]), self.pks[index], self.cells[index], bool(self.complete[index])
        )

    def complete_count(self) -> int:
        return self.complete.count(1)

    def positions(self, *, missing_only: bool) -> Sequence[int]:
        """Where the dossiers shown are: all, or those lacking an item."""
        if not missing_only:
            return range(len(self))
        return [i for i, done in enumerate(self.complete) if not done]


def _held_orgs(campaign: Campaign) -> tuple[set[int], set[int]]:
    held = set(
        Meeting.objects.filter(campaign=campaign, held_on__isnull=False).values_list(
            "organization_id", flat=True
        )
    )
    tallied = set(  # distinct in the database: a province has 200,000 ballots' records
        TallyRecord.objects.filter(item__meeting__campaign=campaign)
        .values_list("item__meeting__organization_id", flat=True)
        .distinct()
    )
    return held, tallied


@dataclass
class _Held:
    """What the product holds for a campaign's subjects, gathered in a fixed number of
    queries: ids of organizations, collectives and members with each record."""

    decided: bool
    reports: set[int]
    held: set[int]
    tallied: set[int]
    reviewed: set[int]
    residence: set[int]
    civil: set[int]
    items_done: set[int]
    ballots: set[int]
    leaders: set[int]
    coll_reports: set[int]
    coll_held: set[int]
    suggested: set[str]
    answered: set[str]
    files: dict[tuple[str, str], list[DossierFile]]
    # A checklist and what of it is held → its completeness, computed once per kind.
    seen: dict[Any, Completeness] = field(default_factory=dict)


def _member_records(
    campaign: Campaign, scope: PartyOrganization, only: list[int] | None = None
) -> dict[str, set[int]]:
    """Ids of the scope's members with each record, read by tree path (a province's
    200,000 ids in an IN list made each query build for seconds) — or of the `only`
    members a page shows."""
    year_end = date(campaign.year, 12, 31)
    members = Q(member__organization__path__startswith=scope.path)
    items = Q(item__member__organization__path__startswith=scope.path)
    if only is not None:
        members, items = Q(member_id__in=only), Q(item__member_id__in=only)

    return {
        "leaders": set(
            Post.objects.filter(members, started_on__lte=year_end)
            .exclude(ended_on__lt=year_end)
            .values_list("member_id", flat=True)
        ),
        "reviewed": set(
            SelfReview.objects.filter(
                members, campaign=campaign, status=SelfReview.Status.SUBMITTED
            ).values_list("member_id", flat=True)
        ),
        "residence": set(
            ResidenceComment.objects.filter(members, year=campaign.year).values_list(
                "member_id", flat=True
            )
        ),
        "civil": set(
            CivilServiceRating.objects.filter(members, year=campaign.year).values_list(
                "member_id", flat=True
            )
        ),
        "items_done": set(
            AgendaItem.objects.filter(members, meeting__campaign=campaign, pending=False)
            .filter(meeting__held_on__isnull=False)
            .values_list("member_id", flat=True)
        ),
        "ballots": set(
            TallyRecord.objects.filter(items, item__meeting__campaign=campaign).values_list(
                "item__member_id", flat=True
            )
        ),
    }


def _held(
    campaign: Campaign,
    orgs: list[PartyOrganization],
    scope: PartyOrganization,
    members: list[int] | None = None,
) -> _Held:
    """What is held for the scope's subjects (or for `members` and `orgs` only: a page)."""
    held, tallied = _held_orgs(campaign)
    suggested: set[str] = set()
    whose = (
        Q(member__organization__path__startswith=scope.path)
        if members is None
        else Q(member_id__in=members)
    )
    for member_id, org_code in (
        ReviewSuggestion.objects.filter(campaign=campaign)
        .filter(Q(organization__in=orgs) | whose)
        .values_list("member_id", "organization__code")
    ):
        suggested.add(member_key(member_id) if member_id else organization_key(org_code))
    for k_id in ReviewSuggestion.objects.filter(
        campaign=campaign, collective__isnull=False
    ).values_list("collective_id", flat=True):
        suggested.add(collective_key(k_id))
    records = _member_records(campaign, scope, members)
    files: dict[tuple[str, str], list[DossierFile]] = {}
    uploads = DossierFile.objects.filter(campaign=campaign)
    if members is not None:  # a page's: its members' and its organizations' files
        uploads = uploads.filter(
            Q(subject__in=[member_key(pk) for pk in members])
            | ~Q(subject__startswith=key_prefix("member"))
        )
    for f in uploads.order_by("uploaded_at"):
        files.setdefault((f.subject, f.item), []).append(f)
    return _Held(
        decided=issued_decision(campaign) is not None,
        reports=set(
            CollectiveReport.objects.filter(campaign=campaign, organization__in=orgs).values_list(
                "organization_id", flat=True
            )
        ),
        held=held,
        tallied=tallied,
        coll_reports=set(
            CollectiveReport.objects.filter(
                campaign=campaign, collective__isnull=False
            ).values_list("collective_id", flat=True)
        ),
        coll_held=set(
            Meeting.objects.filter(
                campaign=campaign, collective__isnull=False, held_on__isnull=False
            ).values_list("collective_id", flat=True)
        ),
        suggested=suggested,
        answered=set(
            Complaint.objects.filter(campaign=campaign)
            .exclude(answer="")
            .values_list("subject", flat=True)
        ),
        files=files,
        leaders=records["leaders"],
        reviewed=records["reviewed"],
        residence=records["residence"],
        civil=records["civil"],
        items_done=records["items_done"],
        ballots=records["ballots"],
    )


def _dossier(
    held: _Held,
    subject: str,
    name: str,
    kind: str,
    home: PartyOrganization,
    ref: str,
    items: tuple[DossierItem, ...],
    sources: dict[str, tuple[bool, str]],
) -> Dossier:
    """The checklist's items against `sources` (an item's source → (held, how)); a source
    the product does not keep is held only by an upload. The completeness of the same
    checklist with the same sources held is computed once (`held.seen`)."""
    present = tuple(
        sources.get(item.source, (False, MADE))[0] or bool(held.files.get((subject, item.code)))
        for item in items
    )
    signature = (items, present)
    status = held.seen.get(signature)
    if status is None:
        status = held.seen[signature] = completeness(
            items, {item.code: p for item, p in zip(items, present, strict=True)}
        )

    def states() -> list[ItemState]:
        out = []
        for item in items:
            have, how = sources.get(item.source, (False, MADE))
            uploaded = held.files.get((subject, item.code), [])
            if have:
                found = how
            elif uploaded:
                found = UPLOADED
            else:
                found = MISSING if item.required else NONE
            document = DOCUMENT_OF.get(item.source, "") if found == MADE else ""
            out.append(ItemState(item, found, document, uploaded))
        return out

    return Dossier(subject, name, kind, home, states, status, ref)


def _organization_dossiers(
    rules: Any, held: _Held, org: PartyOrganization, collectives: list[LeadershipCollective]
) -> list[Dossier]:
    """An organization's dossier, then its leadership collectives' (the Đảng ủy, each
    chi ủy, an agency's leadership: their own report, meeting and decision, 003
    §III.1.a)."""
    subject = organization_key(org.code)
    sources = {
        "collective_report": (org.pk in held.reports, MADE),
        "score_sheet": (org.pk in held.reports, MADE),
        "minutes": (org.pk in held.held, MADE),
        "tally_record": (org.pk in held.tallied, MADE),
        "decision": (held.decided, MADE),
        "statistics": (held.decided, RECORDED),
        "suggestion": (subject in held.suggested, RECORDED),
        "complaint": (subject in held.answered, RECORDED),
    }
    items = checklist(rules, "organization")
    out = [_dossier(held, subject, org.name, "organization", org, org.code, items, sources)]
    for k in collectives:
        key = collective_key(k.pk)
        k_sources = {
            "collective_report": (k.pk in held.coll_reports, MADE),
            "minutes": (k.pk in held.coll_held, MADE),
            "decision": (held.decided, MADE),
            "suggestion": (key in held.suggested, RECORDED),
            "complaint": (key in held.answered, RECORDED),
        }
        items = checklist(rules, "collective")
        out.append(_dossier(held, key, k.name, "collective", org, f"K{k.pk}", items, k_sources))
    return out


def _member_dossier(
    rules: Any,
    held: _Held,
    m: _Person,
    cell: PartyOrganization,
    lists: dict[tuple[bool, bool], tuple[DossierItem, ...]],
) -> Dossier:
    subject = member_key(m.pk)
    sources = {
        "self_review": (m.pk in held.reviewed, MADE),
        "residence_comment": (m.pk in held.residence, RECORDED),
        "civil_service_rating": (m.pk in held.civil, RECORDED),
        "minutes": (m.pk in held.items_done, MADE),
        "tally_record": (m.pk in held.ballots, MADE),
        "suggestion": (subject in held.suggested, RECORDED),
        "complaint": (subject in held.answered, RECORDED),
    }
    # Four checklists at most (leader or not, civil servant or not): built once each.
    kind = (m.pk in held.leaders, m.is_civil_servant)
    if kind not in lists:
        lists[kind] = checklist(rules, "member", leader=kind[0], civil_servant=kind[1])
    return _dossier(held, subject, m.full_name, "member", cell, str(m.pk), lists[kind], sources)


def _member_status(
    rules: Any,
    held: _Held,
    m: _Person,
    lists: dict[tuple[bool, bool], tuple[DossierItem, ...]],
    plain: dict[Any, Completeness],
    quick: _Quick,
) -> Completeness | None:
    """A member's completeness from what is held of them (seven set lookups), the same
    for all members holding the same — None when files were uploaded for them (then
    their dossier says, item by item)."""
    if m.pk in quick.with_files:
        return None
    kind = (m.pk in held.leaders, m.is_civil_servant)
    signature = (
        kind,
        m.pk in held.reviewed,
        m.pk in held.residence,
        m.pk in held.civil,
        m.pk in held.items_done,
        m.pk in held.ballots,
        m.pk in quick.suggested,
        m.pk in quick.answered,
    )
    status = plain.get(signature)
    if status is None:
        status = plain[signature] = _member_dossier(rules, held, m, _NO_CELL, lists).status
    return status


@dataclass(frozen=True)
class _Quick:
    """The held keys about members as member ids (no key string built per member)."""

    suggested: set[int]
    answered: set[int]
    with_files: set[int]

    @classmethod
    def of(cls, held: _Held) -> _Quick:
        def pks(keys: Any) -> set[int]:
            return {pk for k in keys if kind_of(k) == "member" and (pk := member_pk(k)) is not None}

        return cls(
            pks(held.suggested), pks(held.answered), pks(subject for subject, _ in held.files)
        )


_NO_CELL = PartyOrganization()  # for a completeness only: no dossier of it is shown


def campaign_dossiers(campaign: Campaign, *, cell: PartyOrganization | None = None) -> Dossiers:
    """Every dossier of the campaign (or of one cell), cells first, each followed by its
    members."""
    rules = load(campaign.ruleset)
    root = campaign.organization
    scope = cell or root
    cells = list(
        PartyOrganization.objects.filter(path__startswith=scope.path, kind__in=CELL_KINDS).order_by(
            "name"
        )
    )
    orgs = ([root] if cell is None and root.kind not in CELL_KINDS else []) + cells
    # Four values a member, not two model instances (with the organization): a province.
    members = [
        _Person(*row)
        for row in Member.objects.filter(organization__path__startswith=scope.path)
        .order_by("full_name")
        .values_list("pk", "full_name", "is_civil_servant", "organization__path")
        .iterator(chunk_size=5000)
    ]
    held = _held(campaign, orgs, scope)
    quick = _Quick.of(held)
    collectives: dict[int, list[LeadershipCollective]] = {}
    for k in LeadershipCollective.objects.filter(organization__in=orgs).order_by("name"):
        collectives.setdefault(k.organization_id, []).append(k)
    by_cell: dict[int, list[_Person]] = {}
    home = _nearest_cells(cells, root)
    for m in members:
        by_cell.setdefault(home(m.path).pk, []).append(m)
    entries: list[tuple[Completeness, Callable[[], Dossier], DossierRef]] = []
    lists: dict[tuple[bool, bool], tuple[DossierItem, ...]] = {}
    plain: dict[Any, Completeness] = {}
    cell_ids = {c.pk for c in cells}
    for org in orgs:
        bodies = collectives.get(org.pk, [])
        found = _organization_dossiers(rules, held, org, bodies)
        refs = [("o", org.pk), *(("k", k.pk) for k in bodies)]
        for d, (kind, pk) in zip(found, refs, strict=True):
            ref = DossierRef(kind, pk, org.pk, d.status.complete)
            entries.append((d.status, partial(_same, d), ref))
        for m in by_cell.get(org.pk, []) if org.pk in cell_ids else []:
            make = partial(_member_dossier, rules, held, m, org, lists)
            status = _member_status(rules, held, m, lists, plain, quick)
            if status is None:
                status = make().status
            entries.append((status, make, DossierRef("m", m.pk, org.pk, status.complete)))
    return Dossiers(entries)


def dossiers_of(
    campaign: Campaign, refs: Sequence[DossierRef], *, cell: PartyOrganization | None = None
) -> list[Dossier]:
    """The dossiers a page shows, from their refs (`Dossiers.refs`), reading what is held
    for those subjects only."""
    rules = load(campaign.ruleset)
    scope = cell or campaign.organization
    orgs = PartyOrganization.objects.in_bulk({r.cell for r in refs})
    people = {
        row[0]: _Person(*row)
        for row in Member.objects.filter(pk__in=[r.pk for r in refs if r.kind == "m"]).values_list(
            "pk", "full_name", "is_civil_servant", "organization__path"
        )
    }
    bodies = LeadershipCollective.objects.in_bulk([r.pk for r in refs if r.kind == "k"])
    held = _held(campaign, list(orgs.values()), scope, members=list(people))
    lists: dict[tuple[bool, bool], tuple[DossierItem, ...]] = {}
    out = []
    for r in refs:
        org = orgs[r.cell]
        if r.kind == "m" and r.pk in people:
            out.append(_member_dossier(rules, held, people[r.pk], org, lists))
        elif r.kind == "o":
            out.append(_organization_dossiers(rules, held, org, [])[0])
        elif r.kind == "k" and r.pk in bodies:
            out.append(_organization_dossiers(rules, held, org, [bodies[r.pk]])[1])
    return out


def _same(d: Dossier) -> Dossier:
    return d


def _nearest_cells(
    cells: list[PartyOrganization], root: PartyOrganization
) -> Callable[[str], PartyOrganization]:
    """The cell a path lies in: its ancestors looked up by path (a tree's depth of
    lookups), not every member compared with every cell (a province: 200 million)."""
    by_path = {c.path: c for c in cells}
    step = PartyOrganization.steplen
    known: dict[str, PartyOrganization] = {}

    def home(path: str) -> PartyOrganization:
        if path not in known:
            prefixes = (path[:n] for n in range(len(path), 0, -step))
            known[path] = next((by_path[p] for p in prefixes if p in by_path), root)
        return known[path]

    return home


def dossier_deadline(campaign: Campaign, level: str) -> tuple[str, date] | None:
    """(title, day) of the campaign's milestone by which a level's dossiers go up."""
    code = due_milestone(load(campaign.ruleset), level)
    milestone = campaign.milestones.filter(code=code).first() if code else None
    return (milestone.title, milestone.due_on) if milestone else None
