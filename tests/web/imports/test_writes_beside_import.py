"""Other people's writes go on while a large import writes: a worker imports a
20,000-member file while another office records civil-service ratings in its own đảng
bộ, again and again, with the database's lock wait cut to 2 seconds and the import's
batches at 500 rows. Every one of those
writes succeeds, some of them commit between the import's batches, and the import still
ends whole. On the database of this run (SQLite, or PostgreSQL in the PostgreSQL leg)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.installation import installation_python, installations

ROOT = Path(__file__).resolve().parents[3]
MEMBERS = 20_000

SETUP = f"""
from datetime import date
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from kiemdiem.apps.accounts.models import OrganizationRole
from kiemdiem.apps.imports.bench import write_workbook
from kiemdiem.apps.imports.jobs import import_job_create
from kiemdiem.apps.members.models import Member
from kiemdiem.apps.organizations.models import PartyOrganization
from pathlib import Path
call_command("migrate", verbosity=0)
other = PartyOrganization.objects.add_root(
    create_kwargs={{"code": "KHOI", "name": "Đảng bộ Khối", "kind": "grassroots_committee"}}
)
root = PartyOrganization.objects.add_root(
    create_kwargs={{"code": "TINH", "name": "Đảng bộ Tỉnh", "kind": "upper_committee"}}
)
other.refresh_from_db()  # roots are kept in name order: paths may move
office = User.objects.create_user("bantochuc-tinh")
OrganizationRole.objects.create(user=office, organization=root, role="upper_board")
clerk = User.objects.create_user("vanphong-khoi")
OrganizationRole.objects.create(user=clerk, organization=other, role="office")
Member.objects.create(
    full_name="Trần Thị Bình", organization=other, admitted_on=date(2010, 5, 19),
    full_member_on=date(2011, 5, 19), is_civil_servant=True,
)
path = Path(settings.DATA_DIR) / "tinh.xlsx"
write_workbook(path, {MEMBERS})
job = import_job_create(
    actor=office, root=root, upload=SimpleUploadedFile("tinh.xlsx", path.read_bytes()),
    check_only=False,
)
print(job.pk)
"""

# The other office's writes, timed, until the import has finished.
WRITER = """
import json, sys, time
from pathlib import Path
from django.contrib.auth.models import User
from kiemdiem.apps.imports.models import ImportJob
from kiemdiem.apps.members.models import Member
from kiemdiem.apps.members.records import civil_service_rating_set
clerk = User.objects.get(username="vanphong-khoi")
member = Member.objects.get(full_name="Trần Thị Bình")
progress = Path(settings.MEDIA_ROOT) / "nhap-du-lieu" / "tien-do" / f"{JOB}.json"
writes, during, failures, longest = 0, 0, [], 0.0
deadline = time.monotonic() + 600
while time.monotonic() < deadline:
    try:
        stage = json.loads(progress.read_text())["stage"]
    except (FileNotFoundError, ValueError):
        stage = ""
    if ImportJob.objects.get(pk=JOB).finished:
        break
    start = time.monotonic()
    try:
        civil_service_rating_set(
            actor=clerk, member=member, year=2020 + writes % 5,
            rating=("EXCELLENT", "GOOD")[writes % 2],
        )
        writes += 1
        during += stage == "writing"
    except Exception as exc:
        failures.append(f"{type(exc).__name__}: {exc}")
    longest = max(longest, time.monotonic() - start)
    time.sleep(0.05)
print(json.dumps({"writes": writes, "during": during, "failures": failures[:5],
                  "longest": round(longest, 2)}))
"""

STATE = """
from django.db.models import Max, Min
from kiemdiem.apps.audit.models import AuditEntry
from kiemdiem.apps.imports.models import ImportJob, ImportJournal
from kiemdiem.apps.members.models import Member
job = ImportJob.objects.get(root__code="TINH")
span = AuditEntry.objects.filter(action="member.create").aggregate(a=Min("id"), b=Max("id"))
# The other office's writes committed between the import's first and last member.
inside = AuditEntry.objects.filter(
    action="civil_service_rating.set", id__gt=span["a"], id__lt=span["b"]
).count()
print(job.status, Member.objects.filter(organization__path__startswith=job.root.path).count(),
      ImportJournal.objects.count(), inside, job.error)
"""


@pytest.fixture
def env(tmp_path: Path) -> Iterator[dict[str, str]]:
    with installations(tmp_path, "a", KIEMDIEM_LOG_FORMAT="text") as envs:
        yield envs[0]


def test_another_offices_writes_succeed_while_a_large_import_writes(
    env: dict[str, str],
) -> None:
    job_id = int(installation_python(env, SETUP).splitlines()[-1])
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "jobs_worker", "--batch", "--interval", "0.2"],
        cwd=ROOT,
        env=env | {"KIEMDIEM_IMPORT_BATCH_ROWS": "500"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    # The other office waits at most 2 s for the database (the import holds it no longer).
    said = installation_python(
        env | {"KIEMDIEM_DB_TIMEOUT": "2"}, WRITER.replace("JOB", str(job_id))
    )
    _, err = worker.communicate(timeout=600)
    assert worker.returncode == 0, err.decode()[-2000:]

    writes = json.loads(said.splitlines()[-1])
    assert writes["failures"] == []
    assert writes["during"] >= 1, writes  # the writes really went on beside the import
    status, members, journal, inside, *_ = installation_python(env, STATE).split(" ")
    assert (status, int(members), int(journal)) == ("done", MEMBERS, 0)
    # Committed between the import's batches of members, not queued behind the import
    # (with one transaction per phase, as SQLite's one writer had before, this is 0).
    assert int(inside) >= 1
    print(f"beside the import: {writes}")
