"""Mail leaves from the worker: an issued decision's messages and e-mails are written by
the worker after the issue (once, even if the job runs twice); a mail server that refuses
keeps the mail waiting, tried again later, given up after the last attempt — the
decision stands whatever the mail server does."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kiemdiem.apps.decisions.models import ClassificationDecision, Notification
from kiemdiem.apps.decisions.services import decision_issue, decision_notify_all
from kiemdiem.apps.mail import services as mail_services
from kiemdiem.apps.mail.models import OutgoingMail
from kiemdiem.apps.mail.services import MAX_ATTEMPTS, mails_queue, mails_send_due
from kiemdiem.apps.members.models import Member
from kiemdiem.apps.reviews.models import Meeting
from tests.web.decisions import test_decisions
from tests.web.decisions.test_decisions import decide_all, key

submitted = test_decisions.submitted  # the decisions' fixture: a cell's proposals sent up


@pytest.mark.django_db(transaction=True)  # the worker commits, and reconnects on PostgreSQL
def test_the_worker_writes_an_issued_decisions_messages_and_sends_its_mail(
    submitted: Meeting, alice: User, member_a: User, settings: Any
) -> None:
    settings.JOBS_INLINE = False
    Member.objects.filter(user=member_a).update(email="dangvien@example.vn")
    decide_all(submitted, alice, **{key(submitted, 3): "GOOD", key(submitted, 5): "GOOD"})
    decision = decision_issue(
        actor=alice, campaign=submitted.campaign, number="15-QĐ/ĐU", issued_on=date(2026, 12, 20)
    )
    # The request only issued: the messages are the worker's job, queued with the issue.
    assert decision.status == ClassificationDecision.Status.ISSUED
    assert not Notification.objects.filter(user=member_a).exists() and not mail.outbox
    assert DBTaskResult.objects.filter(
        status="READY", task_path__endswith="decision_notify"
    ).exists()

    call_command("jobs_worker", batch=True, verbosity=0)
    assert "được xếp loại" in Notification.objects.get(user=member_a).text
    assert [m.to for m in mail.outbox] == [["dangvien@example.vn"]]
    assert "15-QĐ/ĐU" in mail.outbox[0].body
    assert OutgoingMail.objects.get().status == OutgoingMail.Status.SENT
    decision.refresh_from_db()
    assert decision.notified_at is not None

    # The job run again (a worker lost after its commit): nothing written twice.
    notes = Notification.objects.count()
    decision_notify_all(decision=decision)
    call_command("jobs_worker", batch=True, verbosity=0)
    assert Notification.objects.count() == notes and len(mail.outbox) == 1


class Refusing:
    """A mail server that refuses every message (or only those to one address)."""

    def __init__(self, only: str = "", **kwargs: Any) -> None:
        self.only = only

    def open(self) -> None: ...

    def close(self) -> None: ...

    def send_messages(self, messages: list[Any]) -> int:
        for m in messages:
            if not self.only or self.only in m.to:
                raise OSError("550 hộp thư không tồn tại")
            mail.outbox.append(m)
        return len(messages)


def test_a_refused_mail_waits_is_tried_again_and_is_given_up_after_the_last_attempt(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        mail_services, "get_connection", lambda **kw: Refusing(only="sai@example.vn")
    )
    with transaction.atomic():
        mails_queue(
            messages=[
                ("dung@example.vn", "Kết quả", "Nội dung 1"),
                ("sai@example.vn", "Kết quả", "Nội dung 2"),
            ]
        )
    assert mails_send_due() == 1  # the good one left; the other did not stop it
    bad = OutgoingMail.objects.get(to="sai@example.vn")
    assert (bad.status, bad.attempts) == (OutgoingMail.Status.PENDING, 1)
    assert "550" in bad.error and bad.next_try_at > timezone.now()
    assert mails_send_due() == 0 and OutgoingMail.objects.get(pk=bad.pk).attempts == 1  # not due
    for attempt in range(2, MAX_ATTEMPTS + 1):
        OutgoingMail.objects.filter(pk=bad.pk).update(next_try_at=timezone.now() - timedelta(1))
        mails_send_due()
        assert OutgoingMail.objects.get(pk=bad.pk).attempts == attempt
    assert OutgoingMail.objects.get(pk=bad.pk).status == OutgoingMail.Status.FAILED
    assert [m.to for m in mail.outbox] == [["dung@example.vn"]]


def test_mail_is_only_queued_inside_the_write_it_tells_about(transactional_db: None) -> None:
    with pytest.raises(RuntimeError):
        mails_queue(messages=[("a@example.vn", "x", "y")])
    assert not OutgoingMail.objects.exists()
