"""The import as a queued task: what `manage.py jobs_worker` runs."""

from __future__ import annotations

from django_tasks import task

from .jobs import run


@task()
def import_run(job_id: int) -> None:
    run(job_id)
