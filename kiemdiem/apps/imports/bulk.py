"""Bulk writes for the import: rows inserted with one prepared statement, values in their
database form, and the audit rows of a batch written the same way."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db import connection, models
from django.utils import timezone

from kiemdiem.apps.audit.models import AuditEntry


def insert_rows(model: type[models.Model], rows: list[dict[str, Any]]) -> None:
    """INSERT with executemany: one prepared statement for all rows (Django's bulk_create
    splits SQLite inserts into 999-parameter statements, ~100 rows each)."""
    if not rows:
        return
    names = list(rows[0])
    fields: list[Any] = [model._meta.get_field(n) for n in names]
    qn = connection.ops.quote_name
    sql = (
        f"INSERT INTO {qn(model._meta.db_table)} "
        f"({', '.join(qn(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    convert = [(i, fn) for i, f in enumerate(fields) if (fn := _converter(f)) is not None]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 20000):
            batch = []
            for r in rows[start : start + 20000]:
                values = [r[n] for n in names]
                for i, fn in convert:
                    values[i] = fn(values[i])
                batch.append(values)
            cursor.executemany(sql, batch)


def _converter(field: Any) -> Callable[[Any], Any] | None:
    """The database form of a value, cheaply (`get_db_prep_save` is general and slow when
    called a few million times): SQLite stores dates as ISO text and JSON as text; psycopg
    adapts dates itself. None: the value goes as it is (text, numbers, booleans, ids)."""
    ops = connection.ops
    sqlite = connection.vendor == "sqlite"
    if isinstance(field, models.DateTimeField):
        seen: dict[Any, Any] = {}  # an import stamps every audit row with one time

        def when(v: Any) -> Any:
            if v not in seen:
                seen[v] = ops.adapt_datetimefield_value(v)
            return seen[v]

        return when
    if isinstance(field, models.DateField):
        return (lambda v: None if v is None else v.isoformat()) if sqlite else None
    if isinstance(field, models.JSONField):
        if sqlite:
            return lambda v: None if v is None else json.dumps(v, cls=field.encoder)
        return lambda v: None if v is None else ops.adapt_json_value(v, field.encoder)
    return None


def plain(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items()}


@dataclass(frozen=True, slots=True)
class Change:
    """One audited record of the import: plain values, no model instance (a province's
    file makes hundreds of thousands)."""

    pk: int
    organization: int | None
    subject: str
    after: dict[str, Any]
    before: dict[str, Any] | None = None


def audit_rows(
    actor: User | None,
    action: str,
    object_type: str,
    changes: list[Change],
    reason: str = "Nhập từ tệp Excel",
) -> None:
    now = timezone.now()
    insert_rows(
        AuditEntry,
        [
            {
                "at": now,
                "actor": actor.pk if actor is not None else None,
                "action": action,
                "object_type": object_type,
                "object_id": str(c.pk),
                "organization": c.organization,
                "before": c.before,
                "after": c.after,
                "subject": c.subject,
                "reason": reason,
            }
            for c in changes
        ],
    )
