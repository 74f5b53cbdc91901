"""Background work: the pieces every kind of job shares.

Jobs are queued with Django's tasks API (the django-tasks backport, stored in the
database by django-tasks-db, so a queued job survives any restart) and run by
`manage.py jobs_worker`. Each kind of job keeps its own record for people to follow
(e.g. `imports.ImportJob`); the app that owns it registers a *reaper* here, which marks
as failed the jobs whose worker died mid-run, so they can be retried."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from typing import Any

from django.conf import settings

_REAPERS: list[Callable[[], int]] = []


def register_reaper(reaper: Callable[[], int]) -> None:
    """`reaper()` fails the owner's jobs whose worker is gone and returns how many."""
    if reaper not in _REAPERS:
        _REAPERS.append(reaper)


def jobs_reap() -> int:
    return sum(reaper() for reaper in _REAPERS)


def inline() -> bool:
    """Jobs run in the request that queues them (the tests; a tiny installation)."""
    return bool(getattr(settings, "JOBS_INLINE", False))


def enqueue_once(task: Any, *args: Any) -> None:
    """Queue `task(*args)` unless the same call is already waiting to run: a task that
    works through whatever is pending (the PDFs of a campaign's stored papers) needs one
    waiting copy, not one per paper stored in a transaction."""
    from django_tasks_db.models import DBTaskResult  # the configured backend's queue

    waiting = DBTaskResult.objects.filter(
        status="READY",
        task_path=task.module_path,
        args_kwargs={"args": list(args), "kwargs": {}},
    )
    if not waiting.exists():
        task.enqueue(*args)


def this_worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


DIED = (
    "Tiến trình xử lý đã dừng giữa chừng (máy chủ khởi động lại hoặc hết bộ nhớ). "
    "Dữ liệu đã ghi dở đều được hoàn tác: bấm “Chạy lại” để làm lại."
)
