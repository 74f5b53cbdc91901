"""Applying a checked plan, all or nothing: organizations created under their parents,
members created or updated by card number, records added where new and changed where
different — so importing the same file again changes nothing.

It writes in batches, each its own short transaction with its audit rows and its entry in
the undo journal (`journal`), so other people's writes go on during a province's import
(SQLite has one writer; one long transaction held them all for a minute). If anything
fails, or the worker dies, the batches already written are undone from the journal: the
import is still all or nothing. Between batches a reader may see part of it. Bulk writes
keep a province's file (200,000 members) near a minute (`make bench`)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar
from uuid import uuid4

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import models, transaction
from django.utils import timezone

from kiemdiem.apps.accounts.permissions import ensure_can_manage
from kiemdiem.apps.audit.services import audit_record, snapshot
from kiemdiem.apps.core.errors import ServiceError
from kiemdiem.apps.decisions.models import PastRating
from kiemdiem.apps.evaluation.keys import member_key, organization_key
from kiemdiem.apps.members.models import (
    CivilServiceRating,
    Discipline,
    Leave,
    MeetingAbsence,
    Member,
    OrganizationMembership,
    Post,
    ResidenceComment,
)
from kiemdiem.apps.organizations.models import PartyOrganization

from .bulk import Change, audit_rows, insert_rows, plain
from .journal import journal_clear, journal_undo, journal_write
from .plan import NATURAL_KEYS, Plan

Actor = User | AnonymousUser
Progress = Callable[[int, int], None]
# Rows per statement of Django's bulk_update (the batch itself: IMPORT_BATCH_ROWS).
BATCH = 2000
T = TypeVar("T")
MEMBER_FIELDS = (
    "full_name",
    "date_of_birth",
    "admitted_on",
    "full_member_on",
    "organization_id",
    "is_civil_servant",
    "email",
)


@dataclass
class Outcome:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(self.created.values()) or any(self.updated.values())


def _chunks(rows: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


@dataclass
class Writer:
    """One import's batches: who writes, the journal they go to, the progress bar."""

    actor: User
    run: str
    total: int
    progress: Progress
    batch: int
    done: int = 0
    # The audit rows of a new organization's records sit with its nearest ancestor that
    # existed before the import (an audit row keeps its organization for ever, and an
    # undone import must be able to remove the organizations it created).
    home: dict[int, int] = field(default_factory=dict)

    def org(self, pk: int | None) -> int | None:
        return self.home.get(pk, pk) if pk is not None else None

    def advance(self, rows: int) -> None:
        self.done += rows
        self.progress(min(self.done, self.total), self.total)

    def written(self, rows: int) -> None:
        """After a batch's commit: the pause lets a waiting writer in before the next."""
        self.advance(rows)
        if settings.IMPORT_BATCH_PAUSE:
            time.sleep(settings.IMPORT_BATCH_PAUSE)


def import_apply(
    *,
    actor: Actor,
    plan: Plan,
    file_name: str,
    digest: str,
    progress: Progress | None = None,
    run: str = "",
    batch: int | None = None,
) -> Outcome:
    """`run` names the journal (a job's, so that its reaper can undo it); one is made up
    for a run from the command line."""
    root = plan.root
    ensure_can_manage(actor, root)
    if not isinstance(actor, User):
        raise ServiceError("__all__", "Cần đăng nhập")
    out = Outcome()
    total = (
        len(plan.organizations)
        + len(plan.members)
        + sum(len(getattr(plan, s)) for s, *_ in RECORDS)
    )
    w = Writer(
        actor,
        run or f"lenh:{uuid4().hex}",
        max(total, 1),
        progress or (lambda d, t: None),
        batch or settings.IMPORT_BATCH_ROWS,
    )
    try:
        _organizations(w, plan, out)
        org_ids = dict(
            PartyOrganization.objects.filter(path__startswith=root.path).values_list("code", "id")
        )
        _members(w, plan, org_ids, out)
        member_ids = {
            str(card): pk
            for card, pk in Member.objects.filter(organization__path__startswith=root.path)
            .exclude(party_card_number=None)
            .values_list("party_card_number", "id")
        }
        member_orgs = dict(
            Member.objects.filter(organization__path__startswith=root.path).values_list(
                "id", "organization_id"
            )
        )
        for sheet, model, fields in RECORDS:
            _records(w, plan, sheet, model, fields, member_ids, member_orgs, org_ids, out)
        with transaction.atomic():
            audit_record(
                actor=actor,
                action="import.apply",
                obj=root,
                organization=root,
                after={
                    "file": file_name,
                    "sha256": digest,
                    "created": out.created,
                    "updated": out.updated,
                    "unchanged": out.unchanged,
                },
                reason=f"Nhập tệp “{file_name}”",
            )
            journal_clear(run=w.run)
    except BaseException:
        journal_undo(
            run=w.run,
            actor=actor,
            organization=root.pk,
            reason=f"Hoàn tác lần nhập không thành công tệp “{file_name}”",
        )
        raise
    return out


def _organizations(w: Writer, plan: Plan, out: Outcome) -> None:
    """New organizations placed in the materialized-path tree in bulk: each gets the next
    path under its parent (treebeard's own path arithmetic), parents before children, and
    the parents' child counts are kept right — thousands of cells in one go, where
    `add_child` costs several queries each. One batch: a province has a few thousand."""
    if not plan.organizations:
        out.created["organizations"] = 0
        return
    tree: Any = PartyOrganization  # treebeard's path helpers are untyped
    nodes: dict[str, dict[str, Any]] = {
        code: {
            "pk": pk,
            "path": path,
            "depth": depth,
            "numchild": numchild,
            "was": numchild,
            "last": None,
            "new": False,
        }
        for pk, code, path, depth, numchild in PartyOrganization.objects.filter(
            path__startswith=plan.root.path
        ).values_list("id", "code", "path", "depth", "numchild")
    }
    rows: dict[str, dict[str, Any]] = {}
    todo = list(plan.organizations)
    while todo:
        ready = [o for o in todo if o.parent in nodes]
        if not ready:  # a parent only in a row that failed, or a cycle
            raise ServiceError(
                "organizations", f"Không xác định được tổ chức cấp trên của “{todo[0].code}”"
            )
        for new in ready:
            parent = nodes[new.parent]
            if parent["last"] is None:
                last = (
                    PartyOrganization.objects.filter(
                        path__startswith=parent["path"], depth=parent["depth"] + 1
                    )
                    .order_by("-path")
                    .values_list("path", flat=True)
                    .first()
                )
                parent["last"] = tree._str2int(last[-tree.steplen :]) if last else 0
            parent["last"] += 1
            parent["numchild"] += 1
            parent["changed"] = True
            path = tree._get_path(parent["path"], parent["depth"] + 1, parent["last"])
            nodes[new.code] = {
                "parent": new.parent,
                "path": path,
                "depth": parent["depth"] + 1,
                "numchild": 0,
                "last": 0,
                "new": True,
            }
            rows[new.code] = {
                "path": path,
                "depth": parent["depth"] + 1,
                "numchild": 0,
                "code": new.code,
                "name": new.name,
                "kind": new.kind,
                "founded_on": new.founded_on,
                "dissolved_on": None,
                "agency_name": "",
                "place": "",  # taken from an ancestor on documents until someone sets it
            }
            todo.remove(new)
    replaced: dict[int, dict[str, Any]] = {}
    with transaction.atomic():
        for code, node in nodes.items():
            if node["new"]:
                rows[code]["numchild"] = node["numchild"]
            elif node.get("changed"):
                PartyOrganization.objects.filter(pk=node["pk"]).update(numchild=node["numchild"])
                replaced[node["pk"]] = {"numchild": node["was"]}
        insert_rows(PartyOrganization, list(rows.values()))
        made = list(PartyOrganization.objects.filter(code__in=list(rows)))
        for o in made:
            anchor = nodes[o.code]
            while anchor["new"]:
                anchor = nodes[anchor["parent"]]
            w.home[o.pk] = anchor["pk"]
        audit_rows(
            w.actor,
            "organization.create",
            "organizations.partyorganization",
            [Change(o.pk, w.org(o.pk), organization_key(o.code), snapshot(o)) for o in made],
        )
        journal_write(
            run=w.run, model=PartyOrganization, created=[o.pk for o in made], replaced=replaced
        )
    out.created["organizations"] = len(made)
    w.written(len(plan.organizations))


def _members(w: Writer, plan: Plan, org_ids: dict[str, int], out: Outcome) -> None:
    existing = {
        row[1]: row
        for row in Member.objects.filter(party_card_number__isnull=False)
        .filter(organization__path__startswith=plan.root.path)
        .values_list("id", "party_card_number", *MEMBER_FIELDS)
    }
    new: list[dict[str, Any]] = []
    changed: list[Member] = []
    before: dict[int, dict[str, Any]] = {}
    moved: set[int] = set()
    for row in plan.members:
        values = (
            row.full_name,
            row.date_of_birth,
            row.admitted_on,
            row.full_member_on,
            org_ids[row.organization],
            row.civil_servant,
            row.email,
        )
        found = existing.get(row.card)
        if found is None:
            new.append(
                {"party_card_number": row.card} | dict(zip(MEMBER_FIELDS, values, strict=True))
            )
            continue
        if found[2:] == values:
            continue
        member = Member(
            id=found[0],
            party_card_number=row.card,
            **dict(zip(MEMBER_FIELDS, found[2:], strict=True)),
        )
        before[member.pk] = snapshot(member)
        if member.organization_id != values[4]:
            moved.add(member.pk)
        for f, v in zip(MEMBER_FIELDS, values, strict=True):
            setattr(member, f, v)
        changed.append(member)
    for chunk in _chunks(new, w.batch):
        _members_create(w, chunk)
        w.written(len(chunk))
    for part in _chunks(changed, w.batch):
        _members_update(w, part, before, moved)
        w.written(len(part))
    w.advance(len(plan.members) - len(new) - len(changed))
    out.created["members"] = len(new)
    out.updated["members"] = len(changed)
    out.unchanged["members"] = len(plan.members) - len(new) - len(changed)


@transaction.atomic
def _members_create(w: Writer, new: Sequence[dict[str, Any]]) -> None:
    insert_rows(
        Member,
        [
            {"organization" if k == "organization_id" else k: v for k, v in m.items()}
            | {"user": None}
            for m in new
        ],
    )
    ids = dict(
        Member.objects.filter(
            party_card_number__in=[m["party_card_number"] for m in new]
        ).values_list("party_card_number", "id")
    )
    insert_rows(
        OrganizationMembership,
        [
            {
                "member": ids[m["party_card_number"]],
                "organization": m["organization_id"],
                "started_on": m["admitted_on"],
                "ended_on": None,
            }
            for m in new
        ],
    )
    periods = OrganizationMembership.objects.filter(member_id__in=list(ids.values()))
    journal_write(run=w.run, model=Member, created=ids.values())
    journal_write(
        run=w.run, model=OrganizationMembership, created=periods.values_list("id", flat=True)
    )
    audit_rows(
        w.actor,
        "member.create",
        "members.member",
        [
            Change(
                pk := ids[m["party_card_number"]],
                w.org(m["organization_id"]),
                member_key(pk),
                plain(m) | {"id": pk},
            )
            for m in new
        ],
    )


@transaction.atomic
def _members_update(
    w: Writer, changed: Sequence[Member], before: dict[int, dict[str, Any]], moved: set[int]
) -> None:
    Member.objects.bulk_update(changed, MEMBER_FIELDS, batch_size=BATCH)
    journal_write(
        run=w.run,
        model=Member,
        replaced={
            m.pk: {
                f: before[m.pk]["organization" if f == "organization_id" else f]
                for f in MEMBER_FIELDS
            }
            for m in changed
        },
    )
    # A member whose cell changed is transferred: the old period ends today.
    today = timezone.localdate()
    ended: dict[int, dict[str, Any]] = {}
    started: list[int] = []
    for member in changed:
        if member.pk not in moved:
            continue
        current = OrganizationMembership.objects.filter(member=member, ended_on__isnull=True)
        periods = list(current.values_list("id", "started_on"))
        # A period that began today ends today (never before it began).
        start = max(today, *(s for _, s in periods))
        ended |= {pk: {"ended_on": None} for pk, _ in periods}
        current.update(ended_on=start)
        started.append(
            OrganizationMembership.objects.create(
                member=member, organization_id=member.organization_id, started_on=start
            ).pk
        )
    journal_write(run=w.run, model=OrganizationMembership, created=started, replaced=ended)
    audit_rows(
        w.actor,
        "member.update",
        "members.member",
        [
            Change(m.pk, w.org(m.organization_id), member_key(m.pk), snapshot(m), before[m.pk])
            for m in changed
        ],
    )


# sheet → model and the fields a row sets (beyond the natural key's member/subject)
RECORDS: tuple[tuple[str, type[models.Model], tuple[str, ...]], ...] = (
    ("posts", Post, ("title", "organization_id", "unit_name", "started_on", "ended_on")),
    (
        "disciplines",
        Discipline,
        ("form", "decided_on", "authority", "violation", "self_detected", "duty_related"),
    ),
    ("leave", Leave, ("kind", "started_on", "ended_on")),
    ("civil_service", CivilServiceRating, ("year", "rating")),
    ("past_ratings", PastRating, ("subject", "year", "rating", "source")),
    ("residence", ResidenceComment, ("year", "residence", "comment", "satisfactory")),
    ("absences", MeetingAbsence, ("meeting_on", "excused", "note")),
)
DEFAULTS = {"authority": "party", "unit_name": "", "violation": "", "source": "", "note": ""}


def _values(
    sheet: str,
    row: dict[str, Any],
    fields: tuple[str, ...],
    org_ids: dict[str, int],
    member_ids: dict[str, int],
    org_codes: set[str],
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for f in fields:
        source = "organization" if f == "organization_id" else f
        value = row.get(source)
        if f == "organization_id":
            value = org_ids.get(value) if value else None
        if value is None and f in DEFAULTS:
            value = DEFAULTS[f]
        values[f] = value
    if sheet == "past_ratings":
        subject = row["subject"]
        values["subject"] = (
            organization_key(subject)
            if subject in org_codes and subject not in member_ids
            else member_key(member_ids[subject])
        )
    else:
        values["member_id"] = member_ids[row["card"]]
    return values


@dataclass
class _Sheet:
    """One records sheet being written: its model, natural key and the audit's wording."""

    plan: Plan
    sheet: str
    model: type[models.Model]
    fields: tuple[str, ...]
    natural: tuple[str, ...]
    member_orgs: dict[int, int]

    def org_of(self, w: Writer, values: dict[str, Any]) -> int | None:
        return w.org(self.member_orgs.get(values.get("member_id", 0)) or self.plan.root.pk)

    def subject_of(self, values: dict[str, Any]) -> str:
        return str(values.get("subject", "")) or member_key(values["member_id"])

    def audit(self, w: Writer, changes: list[Change]) -> None:
        label = self.model._meta.model_name
        audit_rows(w.actor, f"{label}.import", self.model._meta.label_lower, changes)


def _records(
    w: Writer,
    plan: Plan,
    sheet: str,
    model: type[models.Model],
    fields: tuple[str, ...],
    member_ids: dict[str, int],
    member_orgs: dict[int, int],
    org_ids: dict[str, int],
    out: Outcome,
) -> None:
    rows: list[dict[str, Any]] = getattr(plan, sheet)
    if not rows:
        return
    natural = tuple(("member_id" if k == "card" else k) for k in NATURAL_KEYS[sheet])
    if sheet == "past_ratings":
        natural = ("subject", "year")
        manager: Any = model._default_manager.all()
    else:
        manager = model._default_manager.filter(
            member__organization__path__startswith=plan.root.path
        )
    s = _Sheet(plan, sheet, model, fields, natural, member_orgs)
    columns = list(dict.fromkeys(("id", *natural, *fields)))
    existing = {tuple(r[k] for k in natural): r for r in manager.values(*columns)}
    org_codes = set(org_ids)
    defaults = [f for f in model._meta.concrete_fields if not f.primary_key and f.has_default()]
    new: list[dict[str, Any]] = []
    changed: list[models.Model] = []
    before: dict[int, dict[str, Any]] = {}
    replaced: dict[int, dict[str, Any]] = {}
    for row in rows:
        values = _values(sheet, row, fields, org_ids, member_ids, org_codes)
        found = existing.get(tuple(values[k] for k in natural))
        if found is None:
            if sheet == "past_ratings":
                values["recorded_by_id"] = w.actor.pk
            for d in defaults:  # what the model would fill in (main_job, …)
                values.setdefault(d.attname, d.get_default())
            new.append(values)
        elif any(found[k] != v for k, v in values.items()):
            obj = model(**{k: v for k, v in found.items()})
            before[obj.pk] = snapshot(obj)
            replaced[obj.pk] = plain({f: found[f] for f in fields if f not in natural})
            for k, v in values.items():
                setattr(obj, k, v)
            changed.append(obj)
    for chunk in _chunks(new, w.batch):
        _records_create(w, s, chunk)
        w.written(len(chunk))
    for part in _chunks(changed, w.batch):
        _records_update(w, s, part, before, replaced)
        w.written(len(part))
    w.advance(len(rows) - len(new) - len(changed))
    out.created[sheet] = len(new)
    out.updated[sheet] = len(changed)
    out.unchanged[sheet] = len(rows) - len(new) - len(changed)


@transaction.atomic
def _records_create(w: Writer, s: _Sheet, new: Sequence[dict[str, Any]]) -> None:
    insert_rows(s.model, [{k.removesuffix("_id"): v for k, v in n.items()} for n in new])
    # The new rows' ids, for their audit rows: those of this batch's members or subjects.
    by = s.natural[0]
    ids: dict[tuple[Any, ...], int] = {
        tuple(r[1:]): r[0]
        for r in s.model._default_manager.filter(
            **{f"{by}__in": list({n[by] for n in new})}
        ).values_list("id", *s.natural)
    }
    made = [ids[tuple(n[k] for k in s.natural)] for n in new]
    journal_write(run=w.run, model=s.model, created=made)
    s.audit(
        w,
        [
            Change(pk, s.org_of(w, n), s.subject_of(n), plain(n) | {"id": pk})
            for pk, n in zip(made, new, strict=True)
        ],
    )


@transaction.atomic
def _records_update(
    w: Writer,
    s: _Sheet,
    changed: Sequence[models.Model],
    before: dict[int, dict[str, Any]],
    replaced: dict[int, dict[str, Any]],
) -> None:
    s.model._default_manager.bulk_update(
        changed, [f for f in s.fields if f not in s.natural], batch_size=BATCH
    )
    journal_write(run=w.run, model=s.model, replaced={o.pk: replaced[o.pk] for o in changed})
    s.audit(
        w,
        [
            Change(
                o.pk, s.org_of(w, o.__dict__), s.subject_of(o.__dict__), snapshot(o), before[o.pk]
            )
            for o in changed
        ],
    )
