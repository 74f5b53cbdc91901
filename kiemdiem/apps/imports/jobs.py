"""Imports in the background: the page queues a job and follows its progress.

The progress lives in a small file beside the uploads (`MEDIA_ROOT/nhap-du-lieu/tien-do/`), not in
the database: the import writes everything in one transaction, which another request
cannot see into until it commits, and a file is read the same way by every server process.
A job runs in a thread of the process that received the file (`IMPORTS_IN_THREAD`; tests
run it inline)."""

from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path, PurePath
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.files.uploadedfile import UploadedFile
from django.db import close_old_connections, transaction
from django.utils import timezone

from kiemdiem.apps.accounts.permissions import ensure_can_manage
from kiemdiem.apps.audit.services import audit_record
from kiemdiem.apps.core.errors import ServiceError
from kiemdiem.apps.organizations.models import PartyOrganization
from kiemdiem.safefiles.names import safe_name

from .columns import BY_KEY
from .models import ImportJob
from .plan import NATURAL_KEYS, build_plan
from .reader import ordered, read_workbook
from .services import import_apply

Actor = User | AnonymousUser
MAX_PROBLEMS_KEPT = 2000

# The stages and the share of the bar each ends at (measured on the 200,000-member bench:
# reading ~12 %, checking ~15 %, writing the rest).
STAGES = {
    "queued": ("Đang chờ", 0),
    "reading": ("Đang đọc tệp", 12),
    "checking": ("Đang kiểm tra từng dòng", 27),
    "writing": ("Đang ghi dữ liệu", 100),
    "finished": ("Xong", 100),
}


def _progress_path(job_id: int) -> Path:
    folder = Path(settings.MEDIA_ROOT) / "nhap-du-lieu" / "tien-do"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{job_id}.json"


def progress_write(job_id: int, stage: str, fraction: float = 1.0) -> None:
    """Writes the bar's state atomically (a reader never sees half a file)."""
    label, end = STAGES[stage]
    order = list(STAGES)
    start = STAGES[order[order.index(stage) - 1]][1] if order.index(stage) else 0
    percent = round(start + (end - start) * max(0.0, min(fraction, 1.0)))
    path = _progress_path(job_id)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"stage": stage, "label": label, "percent": percent}))
    os.replace(tmp, path)


def progress_read(job_id: int) -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads(_progress_path(job_id).read_text())
        return data
    except (FileNotFoundError, json.JSONDecodeError):
        return {"stage": "queued", "label": STAGES["queued"][0], "percent": 0}


def import_job_create(
    *, actor: Actor, root: PartyOrganization, upload: UploadedFile, check_only: bool
) -> ImportJob:
    """Keeps the file and queues its import: in a thread once the job is committed, or
    here and now when imports do not run in threads."""
    with transaction.atomic():
        job = _queue(actor=actor, root=root, upload=upload, check_only=check_only)
        if getattr(settings, "IMPORTS_IN_THREAD", True):
            transaction.on_commit(lambda: start(job.pk))
    if not getattr(settings, "IMPORTS_IN_THREAD", True):
        run(job.pk)
        job.refresh_from_db()
    return job


def _queue(
    *, actor: Actor, root: PartyOrganization, upload: UploadedFile, check_only: bool
) -> ImportJob:
    ensure_can_manage(actor, root)
    if not isinstance(actor, User):
        raise ServiceError("__all__", "Cần đăng nhập")
    name = safe_name(PurePath(upload.name or "").name, limit=120, fallback="tep.xlsx")
    if not name.lower().endswith(".xlsx"):
        raise ServiceError("file", f"Tệp “{name}”: chỉ nhận tệp Excel .xlsx theo mẫu")
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    job = ImportJob.objects.create(
        root=root,
        user=actor,
        file=upload,
        file_name=name,
        digest=digest.hexdigest(),
        check_only=check_only,
    )
    audit_record(
        actor=actor,
        action="import.queue",
        obj=job,
        organization=root,
        after={"file": name, "sha256": job.digest, "check_only": check_only},
    )
    progress_write(job.pk, "queued")
    return job


def start(job_id: int) -> threading.Thread | None:
    if getattr(settings, "IMPORTS_IN_THREAD", True):
        thread = threading.Thread(target=_run_in_thread, args=(job_id,), daemon=True)
        thread.start()
        return thread
    run(job_id)
    return None


def _run_in_thread(job_id: int) -> None:
    try:
        run(job_id)
    finally:
        close_old_connections()


def run(job_id: int) -> None:
    """Reads, checks and (unless only checking) imports the job's file, all or nothing."""
    job = ImportJob.objects.select_related("root", "user").get(pk=job_id)
    ImportJob.objects.filter(pk=job_id).update(status=ImportJob.Status.RUNNING)
    try:
        progress_write(job_id, "reading", 0)
        with job.file.open("rb") as fh:
            data, problems = read_workbook(fh)
        progress_write(job_id, "checking", 0)
        plan, more = build_plan(data, root=job.root)
        problems = ordered(problems + more)
        if problems:
            _finish(
                job,
                ImportJob.Status.INVALID,
                problems=[
                    {"sheet": p.sheet, "row": p.row, "column": p.column, "message": p.message}
                    for p in problems[:MAX_PROBLEMS_KEPT]
                ],
                problem_count=len(problems),
            )
            return
        if job.check_only:
            checked: dict[str, Any] = {
                "organizations": len(plan.organizations),
                "members": len(plan.members),
                **{k: len(getattr(plan, k)) for k in NATURAL_KEYS},
            }
            _finish(job, ImportJob.Status.CHECKED, summary=checked)
            return
        progress_write(job_id, "writing", 0)
        outcome = import_apply(
            actor=job.user,
            plan=plan,
            file_name=job.file_name,
            digest=job.digest,
            progress=lambda done, total: progress_write(job_id, "writing", done / total),
        )
        summary: dict[str, Any] = {
            k: [
                BY_KEY[k].name,
                outcome.created.get(k, 0),
                outcome.updated.get(k, 0),
                outcome.unchanged.get(k, 0),
            ]
            for k in BY_KEY
            if k in outcome.created
        }
        _finish(job, ImportJob.Status.DONE, summary=summary)
    except ServiceError as exc:
        _finish(job, ImportJob.Status.FAILED, error=exc.message)
    except Exception as exc:  # the page must say the job ended, whatever ended it
        _finish(job, ImportJob.Status.FAILED, error=f"Lỗi khi xử lý tệp: {exc}")
        raise


def _finish(job: ImportJob, status: str, **fields: Any) -> None:
    ImportJob.objects.filter(pk=job.pk).update(status=status, finished_at=timezone.now(), **fields)
    progress_write(job.pk, "finished")
