"""The tamper-evident chain of tallies and submissions: it verifies after real work, and
any change, removal or reordering is found and named."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiemdiem.apps.ledger.models import LedgerEntry, LedgerHead
from kiemdiem.apps.ledger.services import ledger_append, ledger_verify
from kiemdiem.apps.reviews.models import Meeting, TallyRecord
from tests.web.flows import submit_cell


@pytest.fixture
def tallied(demo: object, secretary_a: User) -> Meeting:
    return submit_cell(secretary_a)


def test_tallies_and_the_submission_are_chained_and_verify(tallied: Meeting) -> None:
    actions = list(LedgerEntry.objects.values_list("action", flat=True))
    # The minutes and the tally record are stored with the submission, their hashes chained.
    assert actions == ["tally.record"] * 6 + ["meeting.submit"] + ["paper.issue"] * 2
    entry = LedgerEntry.objects.get(action="meeting.submit")
    assert entry.payload["organization"] == "CB-TT" and entry.payload["ratings"]
    verdict = ledger_verify()
    assert verdict.ok and verdict.entries == 9
    out = io.StringIO()
    call_command("ledger_verify", stdout=out)
    assert "toàn vẹn: 9 bản ghi" in out.getvalue()


def test_a_changed_count_is_found(tallied: Meeting) -> None:
    entry = LedgerEntry.objects.filter(action="tally.record").order_by("seq")[2]
    payload = dict(entry.payload, counts={"EXCELLENT": 6})
    LedgerEntry.objects.filter(pk=entry.pk).update(payload=payload)  # behind the app's back
    verdict = ledger_verify()
    assert verdict.broken_at == entry.seq and "đã bị sửa đổi" in verdict.reason
    with pytest.raises(CommandError, match="Chuỗi bản ghi hỏng"):
        call_command("ledger_verify", stdout=io.StringIO())


def test_a_removed_record_is_found(tallied: Meeting) -> None:
    LedgerEntry.objects.filter(seq=3).delete()
    assert ledger_verify().reason == "Thiếu bản ghi số 3"


def test_removing_the_last_record_is_found(tallied: Meeting) -> None:
    LedgerEntry.objects.order_by("-seq").first().delete()  # type: ignore[union-attr]
    assert ledger_verify().reason == "Bản ghi cuối của chuỗi đã bị xóa"


def test_a_recomputed_record_still_breaks_the_next_link(tallied: Meeting) -> None:
    """Rewriting one record and its own hash is not enough: the next one points at the
    old hash."""
    from kiemdiem.apps.ledger.services import _digest, _fields

    entry = LedgerEntry.objects.get(seq=2)
    entry.payload = dict(entry.payload, valid=5)
    entry.hash = _digest(entry.prev_hash, _fields(entry))
    entry.save()
    verdict = ledger_verify()
    assert verdict.broken_at == 3 and "không nối với bản trước" in verdict.reason


def test_the_chain_rolls_back_with_the_write(tallied: Meeting) -> None:
    before = LedgerHead.objects.get().seq
    with transaction.atomic():
        ledger_append(actor=None, action="x", obj=tallied, payload={"a": 1})
        transaction.set_rollback(True)
    assert LedgerHead.objects.get().seq == before and ledger_verify().ok
    assert TallyRecord.objects.count() == 6


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    payloads=st.lists(st.dictionaries(st.text(max_size=5), st.integers(), max_size=3), max_size=8)
)
def test_any_sequence_of_appends_verifies(demo: object, payloads: list[dict[str, int]]) -> None:
    meeting = Meeting.objects.first()
    assert meeting is not None
    with transaction.atomic():
        for payload in payloads:
            ledger_append(actor=None, action="kiểm.thử", obj=meeting, payload=payload)
        assert ledger_verify().ok
        transaction.set_rollback(True)


def test_a_nul_character_is_dropped_the_same_way_on_every_database(demo: object) -> None:
    """PostgreSQL's jsonb refuses \u0000 (Hypothesis found it); the chain stores and
    hashes the payload without it on SQLite too, so a ledger moves between them."""
    meeting = Meeting.objects.first()
    assert meeting is not None
    with transaction.atomic():
        entry = ledger_append(
            actor=None, action="x", obj=meeting, payload={"a\x00b": "c\x00d", "l": ["\x00"]}
        )
        assert LedgerEntry.objects.get(pk=entry.pk).payload == {"ab": "cd", "l": [""]}
        assert ledger_verify().ok
        transaction.set_rollback(True)


@pytest.mark.django_db(transaction=True)
def test_the_chain_refuses_to_run_outside_a_transaction() -> None:
    from kiemdiem.apps.organizations.models import PartyOrganization

    root = PartyOrganization.objects.add_root(
        create_kwargs={"code": "R", "name": "Gốc", "kind": "upper_committee"}
    )
    with pytest.raises(RuntimeError):
        ledger_append(actor=None, action="x", obj=root, payload={})


def test_a_tally_changed_in_the_database_is_found(tallied: Meeting) -> None:
    """The chain also hashes the record as stored: a count changed behind the app's back,
    with the chain itself untouched, no longer matches."""
    tally = TallyRecord.objects.order_by("pk")[1]
    TallyRecord.objects.filter(pk=tally.pk).update(counts={**tally.counts, "EXCELLENT": 9})
    verdict = ledger_verify()
    assert not verdict.ok
    assert f"kết quả kiểm phiếu #{tally.pk} đã bị sửa trong cơ sở dữ liệu" in verdict.reason
    entry = LedgerEntry.objects.filter(object_id=str(tally.pk), action="tally.record").get()
    assert verdict.broken_at == entry.seq


def test_a_submission_or_a_deleted_record_is_found(tallied: Meeting) -> None:
    Meeting.objects.filter(pk=tallied.pk).update(quota_note="viết thêm sau khi gửi")
    assert "đề xuất của hội nghị" in ledger_verify().reason
    Meeting.objects.filter(pk=tallied.pk).update(quota_note=tallied.quota_note)
    assert ledger_verify().ok
    tally = TallyRecord.objects.order_by("pk").first()
    assert tally is not None
    TallyRecord.objects.filter(pk=tally.pk).delete()
    assert f"#{tally.pk} đã bị xóa" in ledger_verify().reason


def _rewrite(from_seq: int, change: dict[str, object]) -> None:
    """What someone with the database (and the code) can do: change an entry and rebuild
    every hash after it, head included — all consistent."""
    from kiemdiem.apps.ledger.services import _digest, _fields

    prev = LedgerEntry.objects.get(seq=from_seq - 1).hash if from_seq > 1 else "0" * 64
    for entry in LedgerEntry.objects.filter(seq__gte=from_seq).order_by("seq"):
        if entry.seq == from_seq:
            entry.payload = {**entry.payload, **change}
        entry.prev_hash = prev
        entry.hash = _digest(prev, _fields(entry))
        LedgerEntry.objects.filter(pk=entry.pk).update(
            payload=entry.payload, prev_hash=entry.prev_hash, hash=entry.hash
        )
        prev = entry.hash
    LedgerHead.objects.filter(id=1).update(hash=prev)


def test_a_rewritten_chain_fails_the_head_signature(tallied: Meeting) -> None:
    _rewrite(2, {"valid": 5})
    verdict = ledger_verify()
    assert not verdict.ok and "Chữ ký đầu chuỗi không đúng" in verdict.reason


def test_an_exported_head_catches_a_chain_rewritten_even_with_the_key(
    tallied: Meeting, tmp_path: object, secretary_a: User
) -> None:
    from pathlib import Path

    from kiemdiem.apps.ledger import signing

    kept = Path(str(tmp_path)) / "dau-chuoi.json"
    call_command("ledger_export_head", str(kept), stdout=io.StringIO())
    exported = signing.read_exported(kept.read_text())
    assert exported["seq"] == 9 and signing.valid(9, exported["hash"], exported["signature"])
    # Work goes on: the chain grows past the exported head, which it still passes through.
    with transaction.atomic():
        ledger_append(actor=secretary_a, action="kiểm.thử", obj=tallied, payload={"n": 1})
    out = io.StringIO()
    call_command("ledger_verify", "--head", str(kept), stdout=out)
    assert "khớp 1 đầu chuỗi đã xuất" in out.getvalue()
    # Rewritten from an early link and re-signed with the key: consistent, signed, and
    # still caught by the head the upper level kept.
    _rewrite(3, {"valid": 4})
    head = LedgerHead.objects.get()
    LedgerHead.objects.filter(id=1).update(signature=signing.sign(head.seq, head.hash))
    assert ledger_verify().ok  # without the exported head, nothing to compare with
    with pytest.raises(CommandError, match="bản ghi số 9 khác với bản đã xuất"):
        call_command("ledger_verify", "--head", str(kept), stdout=io.StringIO())


def test_an_exported_head_from_elsewhere_is_refused(tallied: Meeting, tmp_path: object) -> None:
    from pathlib import Path

    forged = Path(str(tmp_path)) / "gia.json"
    forged.write_text(
        '{"format": "kiemdiem-ledger-head/1", "seq": 9, "hash": "' + "a" * 64 + '", '
        '"signature": "' + "0" * 64 + '"}'
    )
    with pytest.raises(CommandError, match="không có chữ ký hợp lệ"):
        call_command("ledger_verify", "--head", str(forged), stdout=io.StringIO())
