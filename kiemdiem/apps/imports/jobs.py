"""Imports in the background: the page queues a job and follows its progress.

The job is queued in the same transaction that keeps the file (`imports.tasks`), and a
worker (`manage.py jobs_worker`) runs it; with `JOBS_INLINE` it runs in the request (the
tests). The progress and the heartbeat live in small files beside the uploads
(`MEDIA_ROOT/nhap-du-lieu/tien-do/`), not in the database: the bar moves after every
batch and must not compete with the import's own writes for SQLite's one lock, and a
file is read the same way by every server. A job whose heartbeat went quiet lost its
worker: it is failed, the batches it had written are undone from its journal, and it
can be run again."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path, PurePath
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from kiemdiem.apps.accounts.permissions import ensure_can_manage
from kiemdiem.apps.audit.services import audit_record
from kiemdiem.apps.core import jobs as core_jobs
from kiemdiem.apps.core.errors import ServiceError
from kiemdiem.apps.core.heartbeat import heartbeat, quiet_for, stale_seconds
from kiemdiem.apps.organizations.models import PartyOrganization
from kiemdiem.safefiles.names import safe_name

from .columns import BY_KEY
from .journal import journal_undo
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


def _alive_path(job_id: int) -> Path:
    return _progress_path(job_id).with_suffix(".alive")


def progress_read(job_id: int) -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads(_progress_path(job_id).read_text())
        return data
    except (FileNotFoundError, json.JSONDecodeError):
        return {"stage": "queued", "label": STAGES["queued"][0], "percent": 0}


def import_job_create(
    *, actor: Actor, root: PartyOrganization, upload: UploadedFile, check_only: bool
) -> ImportJob:
    """Keeps the file and queues its import in one transaction (a queued job survives any
    restart); inline, runs it here and now."""
    with transaction.atomic():
        job = _queue(actor=actor, root=root, upload=upload, check_only=check_only)
        _enqueue(job)
    return _run_inline(job)


def journal_run(job: ImportJob) -> str:
    """The name of the job's undo journal."""
    return f"job:{job.pk}"


def _undo(job: ImportJob, actor: User | None) -> None:
    journal_undo(
        run=journal_run(job),
        actor=actor,
        organization=job.root_id,
        reason=f"Hoàn tác lần nhập không thành công tệp “{job.file_name}”",
    )


def _enqueue(job: ImportJob) -> None:
    if not core_jobs.inline():
        from .tasks import import_run  # the task module imports this one

        import_run.enqueue(job.pk)


def _run_inline(job: ImportJob) -> ImportJob:
    if core_jobs.inline():
        run(job.pk)
        job.refresh_from_db()
    return job


def import_job_retry(*, actor: Actor, job: ImportJob) -> ImportJob:
    """Runs a failed job again with the same file (kept, and hashed when it came)."""
    ensure_can_manage(actor, job.root)
    if job.status == ImportJob.Status.FAILED:  # what an interrupted undo left, first
        _undo(job, actor if isinstance(actor, User) else None)
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().select_related("root").get(pk=job.pk)
        if job.status != ImportJob.Status.FAILED:
            raise ServiceError("__all__", "Chỉ chạy lại được lần nhập không thành công")
        before = {"status": job.status, "error": job.error}
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.QUEUED, error="", finished_at=None, worker="", started_at=None
        )
        job.refresh_from_db()
        audit_record(
            actor=actor,
            action="import.retry",
            obj=job,
            organization=job.root,
            before=before,
            after={"status": job.status, "file": job.file_name},
        )
        progress_write(job.pk, "queued")
        _enqueue(job)
    return _run_inline(job)


def _stalled(job: ImportJob, now: float | None) -> bool:
    """Running, and its heartbeat quiet past the limit (or never heard)."""
    quiet = quiet_for(_alive_path(job.pk), now=now)
    started = job.started_at.timestamp() if job.started_at else 0.0
    since_start = (now if now is not None else timezone.now().timestamp()) - started
    return (quiet if quiet is not None else since_start) > stale_seconds()


def import_jobs_stalled(*, now: float | None = None) -> int:
    """How many running jobs lost their worker (read only: the health check asks)."""
    running = ImportJob.objects.filter(status=ImportJob.Status.RUNNING)
    return sum(1 for job in running if _stalled(job, now))


def import_jobs_reap(*, now: float | None = None) -> int:
    """Fails the running jobs whose worker went quiet (killed, out of memory, restarted)
    and undoes the batches they had written: the system's write, audited as such."""
    reaped = 0
    for job in ImportJob.objects.filter(status=ImportJob.Status.RUNNING).select_related("root"):
        if _stalled(job, now) and _fail_stalled(job):
            _undo(job, None)
            progress_write(job.pk, "finished")
            reaped += 1
    return reaped


@transaction.atomic
def _fail_stalled(job: ImportJob) -> bool:
    """The system's write (no one's action): audited as such, with the worker it lost."""
    done = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.RUNNING).update(
        status=ImportJob.Status.FAILED, error=core_jobs.DIED, finished_at=timezone.now()
    )
    if done:
        audit_record(
            actor=None,
            action="import.fail",
            obj=job,
            organization=job.root,
            before={"status": ImportJob.Status.RUNNING, "worker": job.worker},
            after={"status": ImportJob.Status.FAILED},
            reason=core_jobs.DIED,
        )
    return bool(done)


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


def run(job_id: int) -> None:
    """Reads, checks and (unless only checking) imports the job's file, all or nothing.
    A job already taken, finished or reaped is left alone."""
    taken = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING,
        started_at=timezone.now(),
        worker=core_jobs.this_worker(),
        attempts=F("attempts") + 1,
    )
    if not taken:
        return
    job = ImportJob.objects.select_related("root", "user").get(pk=job_id)
    with heartbeat(_alive_path(job_id)):
        _run(job)


def _run(job: ImportJob) -> None:
    job_id = job.pk
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
            run=journal_run(job),
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
