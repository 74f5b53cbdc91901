"""GET /suc-khoe/: what a load balancer or a monitor asks — can this server reach its
database, is background work moving, is there room on the disk. 200 when all hold, 503
with the failing check named otherwise. Says nothing about the data."""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_tasks_db.models import DBTaskResult

from kiemdiem.apps.imports.jobs import import_jobs_stalled
from kiemdiem.apps.imports.models import ImportJob
from kiemdiem.apps.mail.services import mails_waiting


def _database() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True, "vendor": connection.vendor}


def _jobs() -> dict[str, Any]:
    """A job waiting longer than the limit means no one is taking work off the queue; a
    running job whose heartbeat went quiet means its worker died."""
    limit = timedelta(minutes=settings.HEALTH_QUEUE_MINUTES)
    now = timezone.now()
    # Every kind of job (imports, PDFs, messages, mail) waits in the task queue; one due
    # and not taken for long means no worker is running.
    due = DBTaskResult.objects.filter(status="READY", run_after__lte=now)
    oldest = due.order_by("run_after").values_list("run_after", flat=True).first()
    age = (now - oldest) if oldest else timedelta(0)
    stalled = import_jobs_stalled()  # running, but its worker went quiet
    return {
        "ok": age <= limit and not stalled,
        "queued": due.count(),
        "running": ImportJob.objects.filter(status=ImportJob.Status.RUNNING).count(),
        "stalled": stalled,
        "oldest_queued_seconds": int(age.total_seconds()),
        # Reported, not failing the check: a refused address is not a broken server.
        "mail": mails_waiting(),
    }


def _disk(folder: Path) -> dict[str, Any]:
    free = shutil.disk_usage(folder).free
    try:
        fd, name = tempfile.mkstemp(dir=folder, prefix=".suc-khoe-")
        os.close(fd)
        os.unlink(name)
        writable = True
    except OSError:
        writable = False
    enough = free >= settings.HEALTH_MIN_FREE_MB * 1024 * 1024
    return {"ok": writable and enough, "free_mb": free // (1024 * 1024), "writable": writable}


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    database = _database()
    checks = {
        "database": database,
        "jobs": _jobs() if database["ok"] else {"ok": False, "error": "no database"},
        "data_disk": _disk(Path(settings.DATA_DIR)),
        "media_disk": _disk(Path(settings.MEDIA_ROOT)),
    }
    ok = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if ok else "error", "checks": checks}, status=200 if ok else 503
    )
