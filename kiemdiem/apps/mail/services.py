"""Queueing mail (inside the caller's transaction) and sending what is due (the worker)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from kiemdiem.apps.core import jobs

from .models import OutgoingMail

logger = logging.getLogger(__name__)
BATCH = 200  # mails per connection to the server
MAX_ATTEMPTS = 5


def mails_queue(*, messages: Iterable[tuple[str, str, str]]) -> int:
    """(address, subject, body) each: kept with the caller's write and sent after it
    commits — by the worker, or at once when jobs run inline."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("mails_queue must run inside the write's transaction")
    rows = [
        OutgoingMail(to=to, subject=subject[:200], body=body[:5000])
        for to, subject, body in messages
    ]
    if not rows:
        return 0
    OutgoingMail.objects.bulk_create(rows, batch_size=2000)
    if jobs.inline():
        transaction.on_commit(mails_send_due)
    else:
        from .tasks import mails_send  # the task module imports this one

        mails_send.enqueue()  # not once: one waiting for a refused mail may be hours away
    return len(rows)


def mails_send_due() -> int:
    """Sends the due mails, BATCH at a time over one connection; a mail the server
    refuses waits longer each time and is given up after MAX_ATTEMPTS. Returns how many
    left."""
    sent = 0
    while True:
        due = list(
            OutgoingMail.objects.filter(
                status=OutgoingMail.Status.PENDING, next_try_at__lte=timezone.now()
            ).order_by("id")[:BATCH]
        )
        if not due:
            return sent
        sent += _send(due)


def _send(due: list[OutgoingMail]) -> int:
    sent = 0
    try:
        connection = get_connection(timeout=settings.EMAIL_TIMEOUT)
        connection.open()
    except OSError as exc:  # the server is down: every mail of the batch waits
        for mail in due:
            _failed(mail, exc)
        return 0
    try:
        for mail in due:
            try:
                EmailMessage(mail.subject, mail.body, None, [mail.to], connection=connection).send()
            except Exception as exc:  # one refused address must not stop the others
                _failed(mail, exc)
                continue
            OutgoingMail.objects.filter(pk=mail.pk).update(
                status=OutgoingMail.Status.SENT, sent_at=timezone.now(), attempts=mail.attempts + 1
            )
            sent += 1
    finally:
        connection.close()
    return sent


def _failed(mail: OutgoingMail, exc: Exception) -> None:
    attempts = mail.attempts + 1
    gave_up = attempts >= MAX_ATTEMPTS
    OutgoingMail.objects.filter(pk=mail.pk).update(
        attempts=attempts,
        error=f"{type(exc).__name__}: {exc}"[:500],
        status=OutgoingMail.Status.FAILED if gave_up else OutgoingMail.Status.PENDING,
        next_try_at=timezone.now() + timedelta(minutes=5 * 2**attempts),
    )
    logger.warning("mail %s to %s failed (attempt %s): %s", mail.pk, mail.to, attempts, exc)


def mails_waiting() -> dict[str, int]:
    """For the health check: mails waiting, and those given up."""
    return {
        "pending": OutgoingMail.objects.filter(status=OutgoingMail.Status.PENDING).count(),
        "failed": OutgoingMail.objects.filter(status=OutgoingMail.Status.FAILED).count(),
    }
