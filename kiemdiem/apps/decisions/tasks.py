"""The decision's messages, written by the worker once the decision is issued."""

from __future__ import annotations

from django_tasks import task

from .models import ClassificationDecision
from .services import decision_notify_all


@task()
def decision_notify(decision_id: int) -> None:
    decision_notify_all(decision=ClassificationDecision.objects.get(pk=decision_id))
