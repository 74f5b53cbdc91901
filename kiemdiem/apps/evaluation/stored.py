"""Results computed once and kept (models.StoredResult): how a page gets a campaign's
result without running the engine, and how the result is brought up to date.

A *variant* is one way of evaluating a campaign (what the cells recorded; what is proposed
and decided), registered by the app that knows how to build it, with the audit actions
that cannot change it (a decision does not change what the cells recorded). A stored
result is out of date when an audit entry newer than the one it was computed from
concerns the campaign's subtree — every write is audited in its own transaction, so
nothing escapes. An out-of-date result is recomputed by a job (`tasks.results_compute`);
pages meanwhile show the stored one and say a recomputation is pending. A write that must
rely on today's data (a ceiling) asks for `fresh=True`."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

import kiemdiem.rules as rules_package
from kiemdiem.apps.audit.models import AuditEntry
from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.core import jobs
from kiemdiem.apps.members.models import Member
from kiemdiem.apps.organizations.models import LeadershipCollective, PartyOrganization
from kiemdiem.rules import Check, Quota, Reason, Result, SubjectKey, SubjectResult
from kiemdiem.rules.result import Summary
from kiemdiem.rules.scenario import ScenarioError

from .keys import collective_pk, member_pk
from .models import StoredCheck, StoredResult, StoredSubject

# Audit actions that never change any result: papers, files, complaints, accounts.
OUTSIDE = (
    "paper.",
    "dossier.",
    "complaint.",
    "commendation.",
    "suggestion.",
    "supervisor.",
    "api_token.",
    "user.",
    "document_template.",
    "opinion.",
    "report.comment",
    "milestone.",
    "import.queue",
    "import.fail",
)
TAIL = 1000  # audit ids below the version re-counted to see late commits
BATCH = 2000


@dataclass(frozen=True)
class Variant:
    name: str
    # compute(campaign) → the whole result; compute(campaign, within=unit) → one grassroots
    # unit's subtree evaluated alone (results_refresh_part).
    compute: Callable[..., Result]
    ignore: tuple[str, ...] = ()  # audit action prefixes that cannot change this result


_VARIANTS: dict[str, Variant] = {}


def register_variant(variant: Variant) -> None:
    _VARIANTS[variant.name] = variant


def variant_of(name: str) -> Variant:
    return _VARIANTS[name]


# --- reading -------------------------------------------------------------------------


@dataclass
class Stored:
    """A stored result as a page reads it: the row, whether a recomputation is pending,
    and the subjects as a queryset (paged, filtered, counted in the database)."""

    row: StoredResult
    pending: bool

    @property
    def computation(self) -> tuple[int, float]:
        """Which computation this is (the row and when it was computed): part of the key of
        a value kept from it (core.kept)."""
        computed = self.row.computed_at
        return self.row.pk, computed.timestamp() if computed else 0.0

    @property
    def progress(self) -> dict[str, Any] | None:
        """For the progress bar while pending: the step, and how far by the time the
        last recomputation took (never shown as done before it is)."""
        row = self.row
        if not self.pending:
            return None
        if not row.step or row.started_at is None:
            return {"waiting": True}
        elapsed = (timezone.now() - row.started_at).total_seconds()
        percent = min(round(100 * elapsed / row.seconds), 95) if row.seconds else None
        return {
            "waiting": False,
            "step": row.step,
            "steps": len(STEPS) - 1,
            "label": STEPS[row.step],
            "started_at": row.started_at,
            "percent": percent,
            "previous": round(row.seconds),
        }

    @property
    def rows(self) -> QuerySet[StoredSubject]:
        return StoredSubject.objects.filter(result=self.row)

    @property
    def checks(self) -> list[Check]:
        return self.checks_where()

    def checks_where(
        self, *, code: str | None = None, subjects: Any = None, limit: int | None = None
    ) -> list[Check]:
        """The checks of one code, or about the given subjects ("member/M12"), in the
        engine's order (the first `limit`) — read from their rows, not the whole list."""
        rows = StoredCheck.objects.filter(result=self.row)
        if code is not None:
            rows = rows.filter(code=code)
        if subjects is not None:
            rows = rows.filter(subject__in=list(subjects))
        found = rows.order_by("order").values_list("data", flat=True)
        return [Check(**data) for data in (found[:limit] if limit is not None else found)]

    def check_count(self) -> int:
        return StoredCheck.objects.filter(result=self.row).count()

    @property
    def quotas(self) -> list[Quota]:
        return [Quota(**q) for q in self.row.quotas]

    @property
    def summary(self) -> dict[str, Summary]:
        scales = {t: tuple(s) for t, s in self.row.summary.get("scales", {}).items()}
        return {
            org: Summary(scales, {t: list(v) for t, v in counts.items()})
            for org, counts in self.row.summary.get("counts", {}).items()
        }

    def subject(self, key: str) -> SubjectResult | None:
        found = self.rows.filter(key=key).values_list(*_FIELDS).first()
        return _subject(found) if found else None

    def subjects(self, keys: Any = None) -> list[SubjectResult]:
        rows = self.rows if keys is None else self.rows.filter(key__in=list(keys))
        return [_subject(r) for r in rows.values_list(*_FIELDS).iterator(chunk_size=BATCH)]

    def result(self) -> Result:
        """The whole result, as the engine gave it (for the few readers that need every
        subject at once: the decision's checks, the statistics of a subtree)."""
        return Result(
            ruleset=self.row.ruleset,
            subjects=self.subjects(),
            checks=self.checks,
            quotas=self.quotas,
            summary=self.summary,
            parameters=self.row.parameters,
        )


_FIELDS = ("type", "key", "status", "ceiling", "rating", "reasons")


def _subject(values: tuple[Any, ...]) -> SubjectResult:
    type_, key, status, ceiling, rating, reasons = values
    return SubjectResult(
        type=type_,
        id=key.partition("/")[2],
        status=status,
        ceiling=ceiling or None,
        rating=rating or None,
        reasons=tuple(Reason(r["code"], r["clause"], r["message"]) for r in reasons),
    )


def stored_result(campaign: Campaign, variant: str, *, fresh: bool = False) -> Stored:
    """The campaign's stored result. Out of date: recomputed now when `fresh` (or jobs run
    inline, or there is none yet), else a recomputation is queued and the stored one is
    returned marked pending."""
    spec = variant_of(variant)
    row = StoredResult.objects.filter(campaign=campaign, variant=variant).first()
    if row is not None and row.computed_at is not None and not out_of_date(row, spec, campaign):
        return Stored(row, pending=False)
    if row is None or row.computed_at is None or fresh or jobs.inline():
        return Stored(results_refresh(campaign=campaign, variant=variant), pending=False)
    results_request(campaign=campaign, variant=variant, row=row)
    return Stored(row, pending=True)


def out_of_date(row: StoredResult, spec: Variant, campaign: Campaign) -> bool:
    return _unsure(row) or _newer(row, spec, campaign).exists()


def _unsure(row: StoredResult) -> bool:
    """Whatever the audit entries say: computed by another engine, or an entry committed
    since with an id below the version (the tail counted anew differs)."""
    return row.engine != engine_fingerprint() or _tail(row.facts_version) != row.tail_count


@cache
def engine_fingerprint() -> str:
    """A digest of the code a result depends on besides the data: the rules engine with
    its rule sets, and this app, which builds the scenarios. A release changing either
    makes the stored results out of date (recomputed once, in the background)."""
    digest = hashlib.blake2b(digest_size=16)
    for package in (Path(rules_package.__file__).parent, Path(__file__).parent):
        for path in sorted(package.rglob("*")):
            if path.suffix in (".py", ".toml", ".json") and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(package.parent)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _newer(row: StoredResult, spec: Variant, campaign: Campaign) -> QuerySet[AuditEntry]:
    """The audit entries since the row was computed that may change it."""
    newer = AuditEntry.objects.filter(pk__gt=row.facts_version).filter(
        Q(campaign=campaign) | Q(organization__path__startswith=campaign.organization.path)
    )
    for prefix in OUTSIDE + spec.ignore:
        newer = newer.exclude(action__startswith=prefix)
    return newer


def _tail(version: int) -> int:
    return AuditEntry.objects.filter(pk__gt=version - TAIL, pk__lte=version).count()


# --- computing -----------------------------------------------------------------------


def results_request(*, campaign: Campaign, variant: str, row: StoredResult | None = None) -> None:
    """Queue one recomputation (not one per page view)."""
    from .tasks import results_compute  # the task module imports this one

    if row is not None and row.requested_at is None:
        row.requested_at = timezone.now()
        StoredResult.objects.filter(pk=row.pk).update(requested_at=row.requested_at)
    jobs.enqueue_once(results_compute, campaign.pk, variant)


def results_refresh(*, campaign: Campaign, variant: str) -> StoredResult:
    """Evaluate the campaign now and store what changed. Not a user's write (nothing
    recorded changes: this is derived data), so it is not audited."""
    spec = variant_of(variant)
    started = time.perf_counter()
    version = AuditEntry.objects.aggregate(m=Max("pk"))["m"] or 0
    tail = _tail(version)
    _step(campaign, variant, 1, started_at=timezone.now())
    result = spec.compute(campaign)
    _step(campaign, variant, 2)
    where = _Places(campaign.organization)
    with transaction.atomic():
        row, _ = StoredResult.objects.select_for_update().get_or_create(
            campaign=campaign, variant=variant
        )
        _write_subjects(row, result, where)
        scales = next(iter(result.summary.values())).scales if result.summary else {}
        row.ruleset, row.parameters = dict(result.ruleset), result.parameters
        _write_checks(row, result)
        row.quotas = [q.to_json() for q in result.quotas]
        row.summary = {
            "scales": {t: list(s) for t, s in scales.items()},
            "counts": {org: s.counts for org, s in result.summary.items()},
        }
        row.facts_version, row.tail_count = version, tail
        row.engine = engine_fingerprint()
        row.computed_at, row.requested_at = timezone.now(), None
        row.started_at, row.step = None, 0
        row.seconds = round(time.perf_counter() - started, 3)
        row.save()
    return row


# --- one grassroots unit at a time --------------------------------------------------
#
# A subject's rating depends only on its own subtree (its facts, its members' and lower
# organizations' results); what lies above a grassroots unit (the upper committees, the
# quotas over several units, the summaries) depends on every unit below. So a change in a
# cell is first reflected by evaluating its grassroots unit alone — a province's 2,000
# members instead of 200,000 — and the whole campaign is then recomputed to bring the rest
# up to date. Until then the stored result stays pending.

PART_UNITS = 10  # more units changed than this: straight to the whole campaign
PART_ENTRIES = 5000  # audit entries read to find them (an import is a whole recomputation)


def changed_units(row: StoredResult, spec: Variant, campaign: Campaign) -> list[PartyOrganization]:
    """The grassroots units of the campaign holding every change since the row was
    computed; empty when some change lies above them, concerns the whole campaign, or
    there are too many to be worth it."""
    from kiemdiem.rules.facts import GRASSROOTS_KINDS

    from .scenario import subject_organization

    if row.computed_at is None or _unsure(row):
        return []
    entries = list(
        _newer(row, spec, campaign).values_list("organization__path", "subject")[: PART_ENTRIES + 1]
    )
    if not entries or len(entries) > PART_ENTRIES:
        return []
    root = campaign.organization
    units = list(
        PartyOrganization.objects.filter(
            path__startswith=root.path, kind__in=GRASSROOTS_KINDS
        ).order_by("path")
    )
    found: dict[int, PartyOrganization] = {}
    homes: dict[str, str | None] = {}
    for at, subject in entries:
        path: str | None = at
        if subject:  # a decision is recorded at the committee; it changes its subject
            if subject not in homes:
                home = subject_organization(subject)
                homes[subject] = home.path if home is not None else None
            path = homes[subject]
        # The outermost unit holding the change (a grassroots cell may sit in a committee).
        unit = next((u for u in units if path and path.startswith(u.path)), None)
        if unit is None or unit.pk == root.pk:
            return []
        found[unit.pk] = unit
        if len(found) > PART_UNITS:
            return []
    return list(found.values())


def results_refresh_parts(*, campaign: Campaign) -> int:
    """Every stored variant of the campaign brought up to date in its changed units (a
    variant's whole recomputation must not keep another's units waiting behind it)."""
    changed = 0
    for row in StoredResult.objects.filter(campaign=campaign, computed_at__isnull=False):
        spec = _VARIANTS.get(row.variant)
        if spec is None:
            continue
        for unit in changed_units(row, spec, campaign):
            changed += results_refresh_part(campaign=campaign, variant=row.variant, unit=unit)
    return changed


def results_refresh_part(*, campaign: Campaign, variant: str, unit: PartyOrganization) -> int:
    """Evaluate one grassroots unit alone and store its subjects' new results (the rows
    above it, the checks, quotas and summaries wait for the whole recomputation, which
    must follow). Returns how many rows changed."""
    spec = variant_of(variant)
    try:
        result = spec.compute(campaign, within=unit)
    except ScenarioError:
        # Not whole on its own (a collective of the unit counts a member who has moved to
        # another): only the whole campaign can say.
        return 0
    where = _Places(unit)
    with transaction.atomic():
        row = StoredResult.objects.select_for_update().get(campaign=campaign, variant=variant)
        old = _stored_digests(row, [str(s.key) for s in result.subjects])
        return _replace(row, result.subjects, where, old, delete_rest=False)


# The steps of a whole recomputation, as the progress bar names them.
STEPS = ("", "Đọc dữ liệu và đánh giá", "Ghi kết quả")


def _step(campaign: Campaign, variant: str, step: int, **also: Any) -> None:
    """Say which step the recomputation is at, for the pages (one UPDATE, committed at
    once when not inside a transaction: the worker's case)."""
    StoredResult.objects.filter(campaign=campaign, variant=variant).update(step=step, **also)


class _Places:
    """Where each subject belongs and its name, from three queries over the subtree."""

    def __init__(self, root: PartyOrganization) -> None:
        path = root.path
        self.orgs = {
            code: (pk, name)
            for code, pk, name in PartyOrganization.objects.filter(
                path__startswith=path
            ).values_list("code", "pk", "name")
        }
        self.members = {
            pk: (org, name)
            for pk, org, name in Member.objects.filter(
                organization__path__startswith=path
            ).values_list("pk", "organization_id", "full_name")
        }
        self.bodies = {
            pk: (org, name)
            for pk, org, name in LeadershipCollective.objects.filter(
                organization__path__startswith=path
            ).values_list("pk", "organization_id", "name")
        }

    def of(self, key: SubjectKey) -> tuple[int | None, str]:
        """(the organization's pk, the subject's name)."""
        if key.type == "organization":
            return self.orgs.get(key.id, (None, key.id))
        person, body = member_pk(key), collective_pk(key)
        if person is not None:
            home, name = self.members.get(person, (None, str(key)))
            if key.type == "leader" and body is not None:
                name = f"{name} (người đứng đầu {self.bodies.get(body, (None, key.id))[1]})"
            return home, name
        if body is not None:
            return self.bodies.get(body, (None, str(key)))
        return None, str(key)


def _write_subjects(row: StoredResult, result: Result, where: _Places) -> None:
    """Insert, update and delete only what differs from the stored rows: a change in one
    cell rewrites that cell's rows, not the province's."""
    _replace(row, result.subjects, where, _stored_digests(row), delete_rest=True)


def _stored_digests(row: StoredResult, keys: list[str] | None = None) -> dict[str, tuple[int, str]]:
    """{key: (row id, digest)} of the stored subjects — all, or those of `keys` (a batch
    of keys a query)."""
    rows = StoredSubject.objects.filter(result=row).values_list("key", "pk", "digest")
    if keys is None:
        return {key: (pk, digest) for key, pk, digest in rows.iterator(chunk_size=BATCH)}
    out: dict[str, tuple[int, str]] = {}
    for start in range(0, len(keys), BATCH):
        out.update(
            (key, (pk, digest))
            for key, pk, digest in rows.filter(key__in=keys[start : start + BATCH])
        )
    return out


def _replace(
    row: StoredResult,
    subjects: list[SubjectResult],
    where: _Places,
    old: dict[str, tuple[int, str]],
    *,
    delete_rest: bool,
) -> int:
    """Write the subjects whose stored row (in `old`) differs or is missing; with
    `delete_rest`, delete the rows of `old` no subject has any more."""
    new: list[StoredSubject] = []
    gone: list[int] = []
    for s in subjects:
        key = s.key
        text = str(key)
        home, name = where.of(key)
        values = (
            home,
            name[:400],
            s.status,
            s.ceiling or "",
            s.rating or "",
            [r.to_json() for r in s.reasons],
            s.reasons[0].code[:32] if s.reasons else "",
        )
        digest = _digest(values)
        pk, before = old.pop(text, (None, None))
        if pk is not None:
            if before == digest:
                continue
            # Replaced rather than updated: an UPDATE of thousands of rows by CASE is
            # quadratic on SQLite; nothing refers to a row's id.
            gone.append(pk)
        new.append(
            StoredSubject(result=row, key=text, type=s.type, digest=digest, **_named(values))
        )
    if delete_rest:
        gone.extend(pk for pk, _ in old.values())
    for chunk in _chunks(gone):
        StoredSubject.objects.filter(pk__in=chunk).delete()
    StoredSubject.objects.bulk_create(new, batch_size=BATCH)
    return len(new)


def _write_checks(row: StoredResult, result: Result) -> None:
    """The checks rewritten when they changed (a digest of them all says whether)."""
    checks = [c.to_json() for c in result.checks]
    digest = _digest(checks)
    if digest == row.checks_digest:
        return
    StoredCheck.objects.filter(result=row).delete()
    for start in range(0, len(checks), BATCH):  # a batch of rows at a time, not 200,000
        StoredCheck.objects.bulk_create(
            [
                StoredCheck(
                    result=row,
                    order=n,
                    code=c["code"][:32],
                    subject=_check_subject(c),
                    data=c,
                )
                for n, c in enumerate(checks[start : start + BATCH], start=start)
            ]
        )
    row.checks_digest = digest


def _digest(value: Any) -> str:
    """16 bytes that change when the stored value would."""
    return hashlib.blake2b(
        json.dumps(value, ensure_ascii=False).encode(), digest_size=16
    ).hexdigest()


def _check_subject(check: dict[str, Any]) -> str:
    if check.get("subject") and check.get("subject_type"):
        return f"{check['subject_type']}/{check['subject']}"[:64]
    return ""


_WRITTEN = ("organization_id", "name", "status", "ceiling", "rating", "reasons", "reason")


def _named(values: tuple[Any, ...]) -> dict[str, Any]:
    return dict(zip(_WRITTEN, values, strict=True))


def _chunks(items: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]
