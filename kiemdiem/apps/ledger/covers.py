"""What a chained record must still hold, as stored: for each kind of record the ledger
covers, the columns its latest entry hashed. A row changed in the database afterwards —
a tally's counts, a decision's number, a stored paper's file — no longer hashes to what
the chain says (`ledger_verify`)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from django.apps import apps
from django.db import models

COVERS: dict[str, tuple[str, ...]] = {
    "cells.tallyrecord": ("item_id", "eligible", "present", "issued", "valid", "counts"),
    "cells.meeting": ("status", "submitted_at", "quota_note", "submitted_result"),
    "decisions.classificationdecision": ("status", "number", "issued_on", "issued_by_id"),
    "decisions.rerating": (
        "subject",
        "previous_rating",
        "cause",
        "status",
        "cancelled_at",
        "rating",
        "number",
        "issued_on",
    ),
    "documents.issuedpaper": ("kind", "ref", "title", "docx", "sha256", "pdf", "pdf_sha256"),
}

# What people read when a record no longer matches.
NAMES = {
    "cells.tallyrecord": "kết quả kiểm phiếu",
    "cells.meeting": "đề xuất của hội nghị",
    "decisions.classificationdecision": "quyết định xếp loại",
    "decisions.rerating": "quyết định xếp loại lại",
    "documents.issuedpaper": "văn bản lưu trữ",
}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return value


def digest_of(values: dict[str, Any]) -> str:
    body = json.dumps(
        {k: _plain(v) for k, v in values.items()},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(body.encode()).hexdigest()


def _model(label: str) -> type[models.Model]:
    app_label, model_name = label.split(".")
    return apps.get_model(app_label, model_name)


def record_digest(obj: models.Model) -> str:
    """The covered columns of `obj` as the database holds them now ("" when its kind is
    not covered). Read back from the database, so the append and the check see the same
    values (a date, a JSON, a file name)."""
    label = obj._meta.label_lower
    fields = COVERS.get(label)
    if not fields:
        return ""
    values = type(obj)._default_manager.filter(pk=obj.pk).values(*fields).get()
    return digest_of(values)


def current_digests(label: str, pks: Iterable[str]) -> dict[str, str]:
    """The covered columns' digest of each row, read in batches; a deleted row is absent."""
    model, fields = _model(label), COVERS[label]
    out: dict[str, str] = {}
    batch: list[str] = []

    def read() -> None:
        for row in model._default_manager.filter(pk__in=batch).values("pk", *fields):
            pk = str(row.pop("pk"))
            out[pk] = digest_of(row)
        batch.clear()

    for pk in pks:
        batch.append(pk)
        if len(batch) >= 2000:
            read()
    if batch:
        read()
    return out
