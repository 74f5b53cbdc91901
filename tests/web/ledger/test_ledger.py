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
