"""Appending to the chain (inside the write's transaction) and verifying it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.auth.models import AnonymousUser, User
from django.core.files.storage import default_storage
from django.db import models, transaction

from kiemdiem.apps.core import clock
from kiemdiem.apps.core.jsonsafe import without_nul

from . import signing
from .covers import COVERS, NAMES, current_digests, record_digest
from .models import LedgerEntry, LedgerHead

GENESIS = "0" * 64


def _digest(prev_hash: str, fields: dict[str, Any]) -> str:
    # Canonical JSON: sorted keys, no spaces, UTF-8 — the same bytes on every machine.
    body = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


def _fields(entry: LedgerEntry) -> dict[str, Any]:
    fields = {
        "seq": entry.seq,
        "at": entry.at.isoformat(),
        "actor": entry.actor_id,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "payload": entry.payload,
    }
    if entry.record_hash:  # entries from before records were covered hash as they did
        fields["record_hash"] = entry.record_hash
    return fields


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
        record_hash=record_digest(obj),
    )
    entry.hash = _digest(head.hash, _fields(entry))
    entry.save()
    head.seq, head.hash = entry.seq, entry.hash
    head.signature = signing.sign(head.seq, head.hash)
    head.save(update_fields=["seq", "hash", "signature"])
    return entry


@dataclass(frozen=True)
class Verdict:
    entries: int
    broken_at: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None and not self.reason


def ledger_verify(*, heads: Iterable[dict[str, Any]] = ()) -> Verdict:
    """Walk the chain from the start: every link must follow its predecessor, hash to
    what it says, and the head must point at the last one, signed with our key; every
    covered record must still hold what its latest entry hashed, every chained file its
    bytes; and every head exported earlier (`heads`) must still be a link of the chain."""
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
    if count and (head is None or not signing.valid(head.seq, head.hash, head.signature)):
        return Verdict(
            count, None, "Chữ ký đầu chuỗi không đúng: chuỗi đã bị viết lại hoặc sai khóa ký"
        )
    for check in (_verify_exported(count, heads), _verify_records(count), _verify_files(count)):
        if not check.ok:
            return check
    return Verdict(count)


def _verify_exported(count: int, heads: Iterable[dict[str, Any]]) -> Verdict:
    """A head exported before must be a link of today's chain, hash for hash."""
    for head in heads:
        seq, hash_ = head["seq"], head["hash"]
        if not signing.valid(seq, hash_, head.get("signature", "")):
            return Verdict(count, None, f"Tệp đầu chuỗi số {seq} không có chữ ký hợp lệ")
        entry = LedgerEntry.objects.filter(seq=seq).only("hash").first()
        if entry is None:
            return Verdict(count, seq, f"Chuỗi không còn bản ghi số {seq} đã xuất cho cấp trên")
        if entry.hash != hash_:
            return Verdict(
                count, seq, f"Chuỗi đã bị viết lại: bản ghi số {seq} khác với bản đã xuất"
            )
    return Verdict(count)


def _verify_records(count: int) -> Verdict:
    """Each covered record, as stored now, against the latest entry that chained it."""
    latest: dict[tuple[str, str], tuple[int, str]] = {}
    for seq, label, pk, digest in (
        LedgerEntry.objects.exclude(record_hash="")
        .order_by("seq")
        .values_list("seq", "object_type", "object_id", "record_hash")
        .iterator(chunk_size=5000)
    ):
        latest[(label, pk)] = (seq, digest)
    by_label: dict[str, list[str]] = {}
    for label, pk in latest:
        if label in COVERS:
            by_label.setdefault(label, []).append(pk)
    for label, pks in by_label.items():
        now = current_digests(label, pks)
        for pk in pks:
            seq, digest = latest[(label, pk)]
            name = NAMES.get(label, label)
            if pk not in now:
                return Verdict(count, seq, f"Bản ghi số {seq}: {name} #{pk} đã bị xóa")
            if now[pk] != digest:
                return Verdict(
                    count, seq, f"Bản ghi số {seq}: {name} #{pk} đã bị sửa trong cơ sở dữ liệu"
                )
    return Verdict(count)


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
