"""Importing from Excel: a messy but valid file imports, and again changes nothing; a file
with every kind of error lists each (sheet, row, column) and writes nothing."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from openpyxl import Workbook

from kiemdiem.apps.audit.models import AuditEntry
from kiemdiem.apps.core.errors import PermissionDenied
from kiemdiem.apps.imports.columns import BY_KEY, SHEETS
from kiemdiem.apps.imports.models import ImportJob
from kiemdiem.apps.imports.plan import build_plan
from kiemdiem.apps.imports.reader import ordered, read_workbook
from kiemdiem.apps.imports.services import import_apply
from kiemdiem.apps.imports.template import template_bytes
from kiemdiem.apps.members.models import CivilServiceRating, Discipline, Member, Post
from kiemdiem.apps.organizations.models import PartyOrganization


def workbook(path: Path, sheets: dict[str, list[list[Any]]], *, merge: str = "") -> str:
    """A workbook with the template's headers and these rows per sheet (by spec key), or
    a raw sheet (a name not in the specs) as given."""
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for name, rows in sheets.items():
        spec = BY_KEY.get(name)
        ws = wb.create_sheet(spec.name if spec else name)
        if spec:
            ws.append([c.header for c in spec.columns])
        for row in rows:
            ws.append(row)
        if merge and spec and spec.key == "members":
            ws.merge_cells(merge)
    wb.save(path)
    return str(path)


def run(path: str, root: PartyOrganization) -> tuple[Any, list[str]]:
    data, problems = read_workbook(path)
    plan, more = build_plan(data, root=root)
    return plan, [str(p) for p in ordered(problems + more)]


GOOD = {
    "organizations": [
        [
            "CB-MOI",
            "Chi bộ Phòng Kế hoạch - Tài chính",
            "Chi bộ trực thuộc",
            "Đảng bộ Sở Nội vụ",
            "01/02/2021",
        ],
    ],
    "members": [
        # messy: spaces, a text date, an Excel date, "x" for yes, a name matched without its code
        [
            "  52.000901 ",
            "  Trần   Văn  Mới ",
            "12/05/1985",
            datetime(2010, 3, 5),
            "05-03-2011",
            "Chi bộ Phòng Kế hoạch - Tài chính",
            "x",
            "moi@example.vn",
        ],
        ["52.000902", "Lê Thị Hai", None, "2015-06-01", None, "CB-MOI", "Không", None],
    ],
    "posts": [["52.000901", "Bí thư", "CB-MOI", None, "01/01/2021", None]],
    "disciplines": [
        ["52.000902", "khien trach", "10/06/2026", "Kỷ luật Đảng", "Vi phạm quy chế", "Không", "Có"]
    ],
    "civil_service": [["52.000901", 2026, "Hoàn thành xuất sắc nhiệm vụ"]],
    "past_ratings": [["52.000901", 2025, "Hoàn thành tốt nhiệm vụ", "QĐ 12-QĐ/ĐU"]],
    "residence": [["52.000901", 2026, "Chi bộ khu phố 3", "Gương mẫu nơi cư trú", None]],
    "absences": [["52.000902", "05/03/2026", "Có", "Đi công tác"]],
}


def test_the_template_has_instructions_and_every_sheet(demo: object) -> None:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_filelike(io.BytesIO(template_bytes()))
    assert wb.sheet_names == ["Hướng dẫn", *[s.name for s in SHEETS]]
    members = wb.get_sheet_by_name("Đảng viên").to_python()[0]
    assert members[:2] == ["Số thẻ đảng viên", "Họ và tên"]


def test_a_messy_valid_file_imports_and_again_changes_nothing(
    demo: PartyOrganization, alice: User, tmp_path: Path
) -> None:
    path = workbook(tmp_path / "dang-vien.xlsx", GOOD)
    plan, problems = run(path, demo)
    assert problems == []
    out = import_apply(actor=alice, plan=plan, file_name="dang-vien.xlsx", digest="x")
    assert out.created == {
        "organizations": 1,
        "members": 2,
        "posts": 1,
        "disciplines": 1,
        "civil_service": 1,
        "past_ratings": 1,
        "residence": 1,
        "absences": 1,
    }
    new = Member.objects.get(party_card_number="52.000901")
    assert new.full_name == "Trần Văn Mới" and new.organization.code == "CB-MOI"
    assert (new.admitted_on, new.full_member_on) == (date(2010, 3, 5), date(2011, 3, 5))
    assert new.is_civil_servant and new.memberships.get().started_on == date(2010, 3, 5)
    assert PartyOrganization.objects.get(code="CB-MOI").path[:-4] == demo.path
    tree: Any = PartyOrganization.objects  # treebeard's own check: paths, counts
    assert all(not found for found in tree.find_problems())
    demo.refresh_from_db()
    assert (
        demo.numchild
        == PartyOrganization.objects.filter(
            path__startswith=demo.path, depth=demo.depth + 1
        ).count()
    )
    assert Post.objects.get(member=new).title == "secretary"
    assert Discipline.objects.get(member__party_card_number="52.000902").form == "reprimand"
    assert CivilServiceRating.objects.get(member=new, year=2026).rating == "EXCELLENT"
    assert AuditEntry.objects.filter(subject=f"member/M{new.pk}").count() >= 4
    before = AuditEntry.objects.count()
    plan, problems = run(path, demo)
    again = import_apply(actor=alice, plan=plan, file_name="dang-vien.xlsx", digest="x")
    assert not again.changed and again.unchanged["members"] == 2
    assert AuditEntry.objects.count() == before + 1  # only the import's own row
    # A change in the file updates the member, no duplicate.
    GOOD_CHANGED = {
        **GOOD,
        "members": [
            GOOD["members"][0],
            ["52.000902", "Lê Thị Hai", None, "2015-06-01", "2016-06-01", "CB-MOI", "Không", None],
        ],
    }
    path2 = workbook(tmp_path / "sua.xlsx", GOOD_CHANGED)
    plan, problems = run(path2, demo)
    third = import_apply(actor=alice, plan=plan, file_name="sua.xlsx", digest="y")
    assert (
        third.updated["members"] == 1 and Member.objects.filter(full_name="Lê Thị Hai").count() == 1
    )


def test_every_kind_of_error_is_listed_with_its_place_and_nothing_is_written(
    demo: PartyOrganization, alice: User, tmp_path: Path
) -> None:
    existing = Member.objects.filter(organization__code="CB-TT").first()
    assert existing is not None
    path = workbook(
        tmp_path / "loi.xlsx",
        {
            "members": [
                ["52.100001", "Ngày Sai", None, "31/02/2010", None, "CB-TT", None, None],
                [
                    "52.100002",
                    "Tổ Chức Lạ",
                    None,
                    "01/01/2010",
                    None,
                    "Chi bộ Không Có",
                    None,
                    None,
                ],
                ["52.100003", "Trùng Một", None, "01/01/2010", None, "CB-TT", None, None],
                ["52.100003", "Trùng Hai", None, "01/01/2010", None, "CB-TT", None, None],
                ["52.100004", "", None, "01/01/2010", None, "CB-TT", "có lẽ", None],
            ],
            "disciplines": [["52.999999", "Khiển trách", "01/06/2026", None, None, None, None]],
            "civil_service": [[existing.party_card_number, 2026, "Xuất sắc lắm"]],
            "Bảng tính riêng": [["ghi chú"]],
        },
        merge="A8:B8",
    )
    wb = Workbook()
    # A sheet missing a required column: "Ngày vào Đảng" dropped from Đảng viên.
    ws = wb.active
    assert ws is not None
    ws.title = "Chức vụ"
    ws.append(["Số thẻ đảng viên", "Chức vụ", "Tổ chức (mã hoặc tên)"])
    wb.save(tmp_path / "thieu-cot.xlsx")
    counts = Member.objects.count()
    _, problems = run(path, demo)
    assert problems == [
        "Bảng tính riêng: Trang tính không có trong mẫu (xóa trang này hoặc đổi tên theo mẫu: "
        "Tổ chức đảng, Đảng viên, Chức vụ, Kỷ luật, Nghỉ dài ngày, Xếp loại CCVC, "
        "Nhận xét nơi cư trú, Vắng sinh hoạt, Xếp loại các năm)",
        "Đảng viên, dòng 2, cột Ngày vào Đảng (D): Ngày không hợp lệ: “31/02/2010” "
        "(ghi ngày/tháng/năm, ví dụ 05/03/2010)",
        "Đảng viên, dòng 3, cột Chi bộ sinh hoạt (mã hoặc tên) (F): Không tìm thấy tổ chức "
        "“Chi bộ Không Có” (theo mã hoặc tên)",
        "Đảng viên, dòng 5, cột Số thẻ đảng viên (A): Số thẻ “52.100003” trùng với dòng 4",
        "Đảng viên, dòng 6, cột Cán bộ, công chức, viên chức (G): Ghi “Có” hoặc “Không”: “có lẽ”",
        "Đảng viên, dòng 6, cột Họ và tên (B): Chưa ghi (bắt buộc)",
        "Đảng viên, dòng 8, cột A8:B8: Ô gộp: tách ô (Unmerge) và ghi giá trị vào từng ô",
        "Kỷ luật, dòng 2, cột Số thẻ đảng viên (A): Không có đảng viên số thẻ “52.999999” "
        "(trong tệp hoặc trong Đảng bộ Sở Nội vụ)",
        "Xếp loại CCVC, dòng 2, cột Mức xếp loại (C): “Xuất sắc lắm” không có trong danh mục "
        "(Hoàn thành xuất sắc nhiệm vụ; Hoàn thành tốt nhiệm vụ; Hoàn thành nhiệm vụ; "
        "Không hoàn thành nhiệm vụ)",
    ]
    _, missing = run(str(tmp_path / "thieu-cot.xlsx"), demo)
    assert missing == ["Chức vụ, dòng 1, cột Từ ngày: Thiếu cột bắt buộc"]
    assert Member.objects.count() == counts


def test_only_within_the_actors_tree(demo: PartyOrganization, bob: User, tmp_path: Path) -> None:
    path = workbook(tmp_path / "a.xlsx", {"members": GOOD["members"][1:2]})
    plan, problems = run(path, demo)
    assert problems == [
        "Đảng viên, dòng 2, cột Chi bộ sinh hoạt (mã hoặc tên) (F): "
        "Không tìm thấy tổ chức “CB-MOI” (theo mã hoặc tên)"
    ]
    with pytest.raises(PermissionDenied):
        import_apply(actor=bob, plan=plan, file_name="a.xlsx", digest="x")


def test_the_benchmarks_province_file_imports_at_small_size(
    demo: PartyOrganization, superuser: User, tmp_path: Path
) -> None:
    """The code path `make bench` times, on 600 members (timing nothing here)."""
    from kiemdiem.apps.imports.bench import write_workbook

    manager: Any = PartyOrganization.objects
    root = manager.add_root(
        create_kwargs={"code": "TINH", "name": "Đảng bộ Tỉnh", "kind": "upper_committee"}
    )
    path = tmp_path / "tinh.xlsx"
    write_workbook(path, 600)
    plan, problems = run(str(path), root)
    assert problems == []
    out = import_apply(actor=superuser, plan=plan, file_name="tinh.xlsx", digest="x")
    assert out.created["members"] == 600 and out.created["organizations"] == 21
    assert Member.objects.filter(organization__path__startswith=root.path).count() == 600


def test_the_import_page_checks_lists_problems_and_imports(
    demo: PartyOrganization, alice: User, member_a: User, tmp_path: Path
) -> None:
    from django.test import Client

    client = Client()
    client.force_login(alice)
    template = client.get("/nhap-du-lieu/mau.xlsx")
    assert template.status_code == 200 and template["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
    bad = workbook(tmp_path / "loi.xlsx", {"members": [["52.1", "A", None, "xx", None, "CB-TT"]]})
    with open(bad, "rb") as f:
        page = client.post("/nhap-du-lieu/", {"root": demo.pk, "file": f}, follow=True)
    # The file is queued and the job's page follows it (here it has run already).
    job = ImportJob.objects.get(file_name="loi.xlsx")
    assert page.redirect_chain == [(f"/nhap-du-lieu/{job.pk}/", 302)]
    assert page.status_code == 422 and job.problem_count > 0
    assert "Đảng viên" in page.content.decode() and "Ngày không hợp lệ" in page.content.decode()
    good = workbook(tmp_path / "dung.xlsx", GOOD)
    with open(good, "rb") as f:
        checked = client.post(
            "/nhap-du-lieu/", {"root": demo.pk, "file": f, "check_only": "1"}, follow=True
        )
    assert "Tệp hợp lệ: 1 tổ chức mới, 2 đảng viên" in checked.content.decode()
    assert not Member.objects.filter(party_card_number="52.000901").exists()
    with open(good, "rb") as f:
        done = client.post("/nhap-du-lieu/", {"root": demo.pk, "file": f}, follow=True)
    assert "Đã nhập “dung.xlsx”" in done.content.decode()
    assert Member.objects.filter(party_card_number="52.000901").exists()
    listed = client.get("/nhap-du-lieu/").content.decode()
    assert listed.count("/nhap-du-lieu/") >= 3 and "Tệp có lỗi, chưa ghi gì" in listed
    member = Client()
    member.force_login(member_a)
    assert member.get("/nhap-du-lieu/").status_code == 403
    assert member.get(f"/nhap-du-lieu/{job.pk}/").status_code == 403


@pytest.mark.django_db(transaction=True)
def test_a_queued_import_is_run_by_the_worker_and_reports_its_progress(
    demo: PartyOrganization,
    alice: User,
    tmp_path: Path,
    settings: object,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """In the server the page only queues the job (in the database, with the file); the
    worker takes it, writes the bar's stages as it goes, and the job's page shows the
    outcome."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from kiemdiem.apps.imports import jobs

    settings.JOBS_INLINE = False  # type: ignore[attr-defined]
    seen: list[tuple[str, int]] = []
    real = jobs.progress_write

    def spy(job_id: int, stage: str, fraction: float = 1.0) -> None:
        real(job_id, stage, fraction)
        seen.append((stage, jobs.progress_read(job_id)["percent"]))

    monkeypatch.setattr(jobs, "progress_write", spy)
    good = workbook(tmp_path / "nen.xlsx", GOOD)
    job = jobs.import_job_create(
        actor=alice,
        root=demo,
        upload=SimpleUploadedFile("nen.xlsx", Path(good).read_bytes()),
        check_only=False,
    )
    job.refresh_from_db()
    assert job.status == ImportJob.Status.QUEUED  # queued, not run by the request
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert not Member.objects.filter(party_card_number="52.000901").exists()
    call_command("jobs_worker", batch=True, verbosity=0)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.attempts == 1
    assert job.worker and job.started_at is not None
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    stages = [stage for stage, _ in seen]
    assert stages[0] == "queued" and stages[-1] == "finished"
    assert {"reading", "checking", "writing"} <= set(stages)
    percents = [p for _, p in seen]
    assert percents == sorted(percents) and percents[-1] == 100  # the bar only moves on
    assert Member.objects.filter(party_card_number="52.000901").exists()
    assert not (jobs._alive_path(job.pk)).exists()  # no heartbeat once finished


def _running_job(demo: PartyOrganization, alice: User, tmp_path: Path) -> ImportJob:
    """A job as a worker killed mid-import leaves it: running, its heartbeat gone quiet."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    good = workbook(tmp_path / "nen.xlsx", GOOD)
    job = ImportJob.objects.create(
        root=demo,
        user=alice,
        file=SimpleUploadedFile("nen.xlsx", Path(good).read_bytes()),
        file_name="nen.xlsx",
        digest="0" * 64,
        status=ImportJob.Status.RUNNING,
        started_at=timezone.now() - timezone.timedelta(minutes=5),
        worker="may-chu:4242",
        attempts=1,
    )
    return job


def test_a_job_whose_worker_died_is_failed_then_retried(
    demo: PartyOrganization, alice: User, tmp_path: Path, client: Any
) -> None:
    import time

    from kiemdiem.apps.imports import jobs

    job = _running_job(demo, alice, tmp_path)
    alive = jobs._alive_path(job.pk)
    alive.parent.mkdir(parents=True, exist_ok=True)
    alive.touch()
    assert jobs.import_jobs_reap() == 0  # beating: left alone
    assert jobs.import_jobs_reap(now=time.time() + 120) == 1  # two minutes quiet: dead
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and "dừng giữa chừng" in job.error
    failed = AuditEntry.objects.get(action="import.fail", object_id=str(job.pk))
    assert failed.actor is None and failed.before["worker"] == "may-chu:4242"
    client.force_login(alice)
    page = client.get(f"/nhap-du-lieu/{job.pk}/").content.decode()
    assert "Chạy lại" in page and "Dữ liệu đã ghi dở đều được hoàn tác" in page
    client.post(f"/nhap-du-lieu/{job.pk}/", {"retry": "1"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.attempts == 2
    assert Member.objects.filter(party_card_number="52.000901").exists()
    assert AuditEntry.objects.filter(action="import.retry", object_id=str(job.pk)).exists()


def test_the_health_check_reports_a_job_whose_worker_died(
    demo: PartyOrganization, alice: User, tmp_path: Path, client: Any
) -> None:
    job = _running_job(demo, alice, tmp_path)
    body = client.get("/suc-khoe/").json()
    assert body["status"] == "error"
    assert body["checks"]["jobs"]["stalled"] == 1 and body["checks"]["jobs"]["running"] == 1
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.FAILED)
    assert client.get("/suc-khoe/").json()["status"] == "ok"


def test_a_running_job_without_a_heartbeat_is_failed_when_its_page_is_read(
    demo: PartyOrganization, alice: User, tmp_path: Path, client: Any
) -> None:
    job = _running_job(demo, alice, tmp_path)  # started five minutes ago, never beat
    client.force_login(alice)
    page = client.get(f"/nhap-du-lieu/{job.pk}/").content.decode()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "Không nhập được" in page and "Chạy lại" in page


def test_only_a_failed_job_can_be_retried_and_only_by_its_office(
    demo: PartyOrganization, alice: User, tmp_path: Path
) -> None:
    from kiemdiem.apps.core.errors import ServiceError
    from kiemdiem.apps.imports.jobs import import_job_retry

    job = _running_job(demo, alice, tmp_path)
    with pytest.raises(ServiceError, match="không thành công"):
        import_job_retry(actor=alice, job=job)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.FAILED)
    member = User.objects.get(username="dangvien")
    with pytest.raises(PermissionDenied):
        import_job_retry(actor=member, job=job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED


def test_an_admission_after_today_is_refused_by_its_row(
    demo: PartyOrganization, tmp_path: Path
) -> None:
    """Found by the load test: a later admission made the membership period end before it
    began (the database refused it, the import crashed). Now the row is named."""
    from django.utils import timezone

    later = (timezone.localdate() + timedelta(days=30)).strftime("%d/%m/%Y")
    path = workbook(
        tmp_path / "sau.xlsx",
        {"members": [["52.200001", "Vào Sau", None, later, None, "CB-TT", None, None]]},
    )
    _, problems = run(path, demo)
    assert problems == [
        f"Đảng viên, dòng 2, cột Ngày vào Đảng (D): Ngày vào Đảng ({later}) sau ngày hôm nay"
    ]


def test_a_member_moved_on_the_day_they_joined_is_transferred_without_error(
    demo: PartyOrganization, alice: User, tmp_path: Path
) -> None:
    from django.utils import timezone

    from kiemdiem.apps.members.models import OrganizationMembership

    today = timezone.localdate().strftime("%d/%m/%Y")
    first = workbook(
        tmp_path / "a.xlsx",
        {"members": [["52.200002", "Mới Vào", None, today, None, "CB-TT", None, None]]},
    )
    for path in (
        first,
        workbook(
            tmp_path / "b.xlsx",
            {"members": [["52.200002", "Mới Vào", None, today, None, "CB-VP", None, None]]},
        ),
    ):
        plan, problems = run(path, demo)
        assert problems == []
        import_apply(actor=alice, plan=plan, file_name="t.xlsx", digest="0" * 64)
    periods = OrganizationMembership.objects.filter(member__party_card_number="52.200002").order_by(
        "pk"
    )
    assert [(p.organization.code, p.ended_on is None) for p in periods] == [
        ("CB-TT", False),
        ("CB-VP", True),
    ]
