"""The audit record every service writes, inside the service's transaction."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import models, transaction

from kiemdiem.apps.core import clock
from kiemdiem.apps.core.jsonsafe import without_nul
from kiemdiem.apps.organizations.models import PartyOrganization

from .models import AuditEntry


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """A JSON-safe picture of a model's concrete fields."""
    out: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        value = getattr(obj, field.attname)
        if isinstance(value, (date, datetime, time)):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = str(value)  # points stay exact in the record
        out[field.name] = value
    return out


# How a record reaches its campaign: itself, its meeting, its item's meeting, its decision,
# its review, its complaint (the records of a campaign all hang from one of these).
_PATHS = (
    ("campaign_id",),
    ("meeting", "campaign_id"),
    ("item", "meeting", "campaign_id"),
    ("decision", "campaign_id"),
    ("review", "campaign_id"),
    ("report", "campaign_id"),
    ("complaint", "campaign_id"),
)


def _campaign_of(obj: models.Model) -> int | None:
    for path in _PATHS:
        value: Any = obj
        for name in path:
            value = getattr(value, name, None)
            if value is None:
                break
        if isinstance(value, int):
            return value
    return None


def audit_record(
    *,
    actor: User | AnonymousUser | None,
    action: str,
    obj: models.Model,
    organization: PartyOrganization | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    subject: str = "",
    campaign_id: int | None = None,
) -> AuditEntry:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the write's transaction")
    entry = _entry(actor, action, obj, organization, before, after, reason, subject)
    if campaign_id is not None:
        entry.campaign_id = campaign_id
    entry.save()
    return entry


def _entry(
    actor: User | AnonymousUser | None,
    action: str,
    obj: models.Model,
    organization: PartyOrganization | None,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    reason: str,
    subject: str,
) -> AuditEntry:
    """One unsaved audit row, as audit_record and audit_records write it."""
    return AuditEntry(
        campaign_id=_campaign_of(obj),
        at=clock.now(),
        actor=actor if isinstance(actor, User) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        organization=organization,
        before=without_nul(before),
        after=without_nul(after),
        reason=reason.replace("\x00", ""),
        subject=subject,
    )


def audit_records(
    *,
    actor: User | AnonymousUser | None,
    action: str,
    rows: list[tuple[models.Model, dict[str, Any] | None, dict[str, Any] | None, str]],
    organization: PartyOrganization | None,
    reason: str = "",
) -> int:
    """audit_record for many writes of one step at once — (obj, before, after, subject)
    each — in the same transaction (accepting a province's 195,000 proposals is one step,
    not 195,000 round trips)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_records must run inside the write's transaction")
    entries = [
        _entry(actor, action, obj, organization, before, after, reason, subject)
        for obj, before, after, subject in rows
    ]
    at = clock.now()
    for entry in entries:  # one step, one moment
        entry.at = at
    AuditEntry.objects.bulk_create(entries, batch_size=2000)
    return len(entries)
