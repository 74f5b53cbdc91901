"""A real worker killed with SIGKILL in the middle of writing a 20,000-member import: the
batches it had written stay until its heartbeat goes quiet; then the job is failed with a
Vietnamese message, those batches are undone (nothing of the import is left, the undo is
audited) and running it again imports everything.

Runs on its own SQLite file in a temporary folder (the worker is another process and
cannot see the test database)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.web.installation import installation_env, installation_python

ROOT = Path(__file__).resolve().parents[3]
MEMBERS = 20_000

SETUP = f"""
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from kiemdiem.apps.accounts.models import OrganizationRole
from kiemdiem.apps.imports.bench import write_workbook
from kiemdiem.apps.imports.jobs import import_job_create
from kiemdiem.apps.organizations.models import PartyOrganization
from pathlib import Path
call_command("migrate", verbosity=0)
root = PartyOrganization.objects.add_root(
    create_kwargs={{"code": "TINH", "name": "Đảng bộ Tỉnh", "kind": "upper_committee"}}
)
office = User.objects.create_user("bantochuc-tinh")
OrganizationRole.objects.create(user=office, organization=root, role="upper_board")
path = Path(settings.DATA_DIR) / "tinh.xlsx"
write_workbook(path, {MEMBERS})
job = import_job_create(
    actor=office, root=root, upload=SimpleUploadedFile("tinh.xlsx", path.read_bytes()),
    check_only=False,
)
print(job.pk)
"""

STATE = """
from kiemdiem.apps.audit.models import AuditEntry
from kiemdiem.apps.imports.models import ImportJob, ImportJournal
from kiemdiem.apps.members.models import Member, OrganizationMembership
from kiemdiem.apps.organizations.models import PartyOrganization
job = ImportJob.objects.get()
print(
    job.status, job.attempts, Member.objects.count(), OrganizationMembership.objects.count(),
    PartyOrganization.objects.count(), ImportJournal.objects.count(),
    AuditEntry.objects.filter(action="member.undo", actor=None).count(), "|", job.error,
)
"""

RETRY = """
from kiemdiem.apps.imports.jobs import import_job_retry
from kiemdiem.apps.imports.models import ImportJob
from django.contrib.auth.models import User
import_job_retry(actor=User.objects.get(username="bantochuc-tinh"), job=ImportJob.objects.get())
"""


def _env(data: Path) -> dict[str, str]:
    return installation_env(data, KIEMDIEM_JOBS_STALE_SECONDS="3", KIEMDIEM_LOG_FORMAT="text")


def _python(env: dict[str, str], code: str) -> str:
    lines = installation_python(env, code).splitlines()
    return lines[-1] if lines else ""


def _worker(env: dict[str, str], *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "manage.py", "jobs_worker", "--interval", "0.2", *extra],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def test_a_worker_killed_mid_import_leaves_nothing_and_the_job_runs_again(
    tmp_path: Path,
) -> None:
    env = _env(tmp_path)
    job_id = int(_python(env, SETUP))
    progress = tmp_path / "media" / "nhap-du-lieu" / "tien-do" / f"{job_id}.json"

    worker = _worker(env)
    deadline = time.monotonic() + 300
    stage = ""
    while time.monotonic() < deadline and worker.poll() is None:
        try:
            stage = json.loads(progress.read_text())["stage"]
        except (FileNotFoundError, ValueError):
            stage = ""
        if stage == "writing":
            break
        time.sleep(0.05)
    assert stage == "writing", f"the worker never reached the writing stage ({stage!r})"
    time.sleep(0.5)  # well inside the write: 20,000 members take seconds
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=30)

    status, attempts, members, _, orgs, journal, _ = _python(env, STATE).split(" ", 6)
    assert (status, attempts) == ("running", "1")  # dead, not yet known
    assert int(members) > 0 and int(orgs) > 1 and int(journal) > 0  # batches committed

    time.sleep(4)  # the heartbeat goes quiet past KIEMDIEM_JOBS_STALE_SECONDS
    restarted = _worker(env, "--batch")
    _, err = restarted.communicate(timeout=120)
    assert restarted.returncode == 0, err.decode()[-2000:]
    assert "Đã đánh dấu 1 việc bị bỏ dở" in err.decode()
    line = _python(env, STATE)
    # undone: no member, period, new organization or journal left; each member's undo audited
    assert line.startswith(f"failed 1 0 0 1 0 {members} |") and "dừng giữa chừng" in line

    _python(env, RETRY)
    again = _worker(env, "--batch")
    _, err = again.communicate(timeout=600)
    assert again.returncode == 0, err.decode()[-2000:]
    done = _python(env, STATE).split(" ")
    assert done[:4] == ["done", "2", str(MEMBERS), str(MEMBERS)] and done[5] == "0"
