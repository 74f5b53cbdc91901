"""The worker's side of mail: send what is due, and come back for what had to wait."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from kiemdiem.apps.core import jobs

from .models import OutgoingMail
from .services import mails_send_due


@task()
def mails_send() -> int:
    sent = mails_send_due()
    later = (
        OutgoingMail.objects.filter(status=OutgoingMail.Status.PENDING)
        .order_by("next_try_at")
        .values_list("next_try_at", flat=True)
        .first()
    )
    if later is not None:  # a mail the server refused: tried again when it is due
        jobs.enqueue_once(mails_send.using(run_after=max(later, timezone.now())))
    return sent
