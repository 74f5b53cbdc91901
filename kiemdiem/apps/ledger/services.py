"""Appending to the chain (inside the write's transaction) and verifying it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.auth.models import AnonymousUser, User
from django.core.files.storage import default_storage
from django.db import models, transaction

from kiemdiem.apps.core import clock
from kiemdiem.apps.core.jsonsafe import without_nul

from .models import LedgerEntry, LedgerHead

GENESIS = "0" * 64


def _digest(prev_hash: str, fields: dict[str, Any]) -> str:
    # Canonical JSON: sorted keys, no spaces, UTF-8 — the same bytes on every machine.
    body = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


def _fields(entry: LedgerEntry) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "at": entry.at.isoformat(),
        "actor": entry.actor_id,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "payload": entry.payload,
    }


def ledger_append(
    *,
    actor: User | AnonymousUser | None,
    action: str,
    obj: models.Model,
    payload: dict[str, Any],
) -> LedgerEntry:
    """Chain one record to the last; must run inside the write's transaction, so the
    record and the write commit or roll back together."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("ledger_append must run inside the write's transaction")
    LedgerHead.objects.get_or_create(id=1)
    head = LedgerHead.objects.select_for_update().get(id=1)
    entry = LedgerEntry(
        seq=head.seq + 1,
        at=clock.now(),
        actor=actor if isinstance(actor, User) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        # What the database keeps (and the same on SQLite and PostgreSQL).
        payload=without_nul(json.loads(json.dumps(payload, default=str))),
        prev_hash=head.hash,
    )
    entry.hash = _digest(head.hash, _fields(entry))
    entry.save()
    head.seq, head.hash = entry.seq, entry.hash
    head.save(update_fields=["seq", "hash"])
    return entry


@dataclass(frozen=True)
class Verdict:
    entries: int
    broken_at: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None and not self.reason


def ledger_verify() -> Verdict:
    """Walk the chain from the start: every link must follow its predecessor, hash to
    what it says, and the head must point at the last one."""
    prev, expected_seq, count = GENESIS, 1, 0
    for entry in LedgerEntry.objects.order_by("seq").iterator(chunk_size=2000):
        count += 1
        if entry.seq != expected_seq:
            return Verdict(count, expected_seq, f"Thiếu bản ghi số {expected_seq}")
        if entry.prev_hash != prev:
            return Verdict(count, entry.seq, f"Bản ghi số {entry.seq} không nối với bản trước")
        if _digest(prev, _fields(entry)) != entry.hash:
            return Verdict(count, entry.seq, f"Bản ghi số {entry.seq} đã bị sửa đổi")
        prev, expected_seq = entry.hash, expected_seq + 1
    head = LedgerHead.objects.filter(id=1).first()
    if head is not None and (head.seq, head.hash) != (count, prev):
        return Verdict(count, count + 1, "Bản ghi cuối của chuỗi đã bị xóa")
    return _verify_files(count)


def _verify_files(count: int) -> Verdict:
    """Every file the chain names (an issued paper, its PDF) is still there, byte for byte:
    its SHA-256 is the one chained when it was stored."""
    chained: set[tuple[str, str]] = set()
    for entry in (
        LedgerEntry.objects.filter(payload__has_key="file").order_by("seq").iterator(chunk_size=500)
    ):
        name, expected = entry.payload.get("file"), entry.payload.get("sha256")
        if not isinstance(name, str) or not isinstance(expected, str):
            continue
        try:
            with default_storage.open(name, "rb") as f:
                sha = hashlib.sha256()
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    sha.update(chunk)
        except OSError:
            return Verdict(count, entry.seq, f"Bản ghi số {entry.seq}: mất tệp lưu trữ “{name}”")
        if sha.hexdigest() != expected:
            return Verdict(
                count, entry.seq, f"Bản ghi số {entry.seq}: tệp lưu trữ “{name}” đã bị sửa đổi"
            )
        chained.add((name, expected))
    # And every stored paper is served from a file the chain names, with that hash: a row
    # pointed at another file (or given another hash) is caught here.
    paper = apps.get_model("documents", "IssuedPaper")
    for title, *files in paper.objects.values_list(
        "title", "docx", "sha256", "pdf", "pdf_sha256"
    ).iterator(chunk_size=2000):
        for name, sha in ((files[0], files[1]), (files[2], files[3])):
            if name and (name, sha) not in chained:
                return Verdict(count, None, f"Văn bản “{title}” không khớp với chuỗi bản ghi")
    return Verdict(count)
