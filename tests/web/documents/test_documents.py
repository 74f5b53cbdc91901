"""The official documents: each generated from the demo campaign, opened and read back;
the party's format checked; a few converted to PDF and rendered to PNG (test-artifacts/)."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from docx import Document
from docx.table import Table as DocxTable

from kiemdiem.apps.campaigns.models import Campaign, SelfReview
from kiemdiem.apps.complaints import services as complaints
from kiemdiem.apps.core import clock
from kiemdiem.apps.decisions.models import ClassificationDecision, DecidedRating
from kiemdiem.apps.decisions.rerating import rerating_cancel, rerating_issue
from kiemdiem.apps.documents import render
from kiemdiem.apps.documents.contexts import BUILDERS
from kiemdiem.apps.documents.layout import date_line
from kiemdiem.apps.members.models import Member
from kiemdiem.rules.ratings import RATING_LABEL

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def campaign() -> Campaign:
    return Campaign.objects.get(year=2026, organization__code="DBSNV")


def text_of(body: bytes) -> str:
    """Every paragraph of a DOCX, tables (and tables in tables) included, one per line."""
    doc = Document(io.BytesIO(body))
    lines: list[str] = []

    def walk(container: object) -> None:
        for block in container.iter_inner_content():  # type: ignore[attr-defined]
            if isinstance(block, DocxTable):
                for row in block.rows:
                    seen: set[int] = set()
                    for cell in row.cells:
                        if id(cell._tc) not in seen:
                            seen.add(id(cell._tc))
                            walk(cell)
            else:
                lines.append(block.text)

    walk(doc)
    return "\n".join(lines)


def download(client: Client, kind: str, ref: str = "", fmt: str = "docx") -> bytes:
    url = f"/van-ban/{campaign().pk}/{kind}.{fmt}" + (f"?doi-tuong={ref}" if ref else "")
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert "attachment" in response["Content-Disposition"]
    return response.content


def reviewed_member() -> Member:
    review = (
        SelfReview.objects.filter(campaign__year=2026, member__organization__code="CB-TT")
        .exclude(strengths="")
        .select_related("member")
        .order_by("member__full_name")
        .first()
    )
    assert review is not None
    return review.member


def test_the_party_format_head_and_signature(issued: ClassificationDecision, alice: User) -> None:
    client = Client()
    client.force_login(alice)
    text = text_of(download(client, "decision"))
    lines = text.splitlines()
    # Left: the superior and the issuer with the number; right: the party and the date.
    assert lines[:4] == [
        "ĐẢNG BỘ KHỐI CƠ QUAN VÀ DOANH NGHIỆP TỈNH",
        "ĐẢNG ỦY SỞ NỘI VỤ",
        "*",
        "Số 15-QĐ/ĐU",
    ]
    assert lines[4] == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert lines[5] == date_line("Lâm Đồng", timezone.localdate())
    assert "Nơi nhận:" in lines and "T/M ĐẢNG ỦY" in lines and "BÍ THƯ" in lines
    secretary = Member.objects.get(
        posts__title="secretary", posts__organization__code="DBSNV", posts__ended_on__isnull=True
    )
    assert secretary.full_name in lines
    assert "DỰ THẢO" not in text


def test_date_line_writes_the_format_s_zero_for_days_and_january_february() -> None:
    from datetime import date

    assert date_line("Lâm Đồng", date(2026, 2, 5)) == "Lâm Đồng, ngày 05 tháng 02 năm 2026"
    assert date_line("Lâm Đồng", date(2026, 12, 1)) == "Lâm Đồng, ngày 01 tháng 12 năm 2026"
    assert date_line("", None).startswith("ngày …")


def test_the_decision_lists_every_decided_rating_and_sums_them(
    issued: ClassificationDecision, alice: User
) -> None:
    client = Client()
    client.force_login(alice)
    text = text_of(download(client, "decision"))
    ratings = list(DecidedRating.objects.filter(decision=issued))
    assert f"đối với {len(ratings)} tổ chức, tập thể và cá nhân" in text
    members = Counter(r.rating for r in ratings if r.subject.startswith("member/"))
    summary = "; ".join(f"{RATING_LABEL[c]}: {members[c]}" for c in RATING_LABEL if members[c])
    assert f"- Đảng viên ({sum(members.values())}): {summary}" in text
    for r in ratings:
        if r.subject.startswith("member/"):
            name = Member.objects.get(pk=int(r.subject.split("/M")[1])).full_name
            assert name in text
    assert "DANH SÁCH" in text
    assert "kèm theo Quyết định số 15-QĐ/ĐU" in text


def test_a_draft_decision_is_marked_and_only_the_office_prints_it(
    demo: object, alice: User, member_a: User
) -> None:
    ClassificationDecision.objects.create(campaign=campaign())
    client = Client()
    client.force_login(alice)
    assert "(DỰ THẢO — chưa ban hành)" in text_of(download(client, "decision"))
    client.force_login(member_a)
    assert client.get(f"/van-ban/{campaign().pk}/decision.docx").status_code == 403


def test_the_self_review_is_filled_with_the_member_s_own_words(
    demo: object, secretary_a: User
) -> None:
    member = reviewed_member()
    review = SelfReview.objects.get(campaign__year=2026, member=member)
    client = Client()
    client.force_login(secretary_a)
    text = text_of(download(client, "self_review", str(member.pk)))
    assert "BẢN TỰ KIỂM ĐIỂM" in text
    assert f"Họ và tên: {member.full_name}" in text
    assert review.strengths.splitlines()[0].strip() in text
    assert f"Xếp loại chất lượng đảng viên: {RATING_LABEL[review.self_rating]}." in text
    assert ("Mẫu 02A" in text) == member.posts.filter(ended_on__isnull=True).exists()


def test_the_cell_s_minutes_tally_record_report_and_score_sheet(
    issued: ClassificationDecision, secretary_a: User
) -> None:
    client = Client()
    client.force_login(secretary_a)
    people = Member.objects.filter(organization__code="CB-TT").order_by("full_name")
    minutes = text_of(download(client, "minutes", "CB-TT"))
    assert "BIÊN BẢN" in minutes and "CHI BỘ THANH TRA SỞ" in minutes
    assert f"tổng số {people.count()}, có mặt {people.count()}, vắng 0" in minutes
    for m in people:
        assert f"Kiểm điểm đồng chí {m.full_name}" in minutes
    # The third on the agenda was voted HTXSNV by all six (flows.submit_cell).
    assert "biểu quyết: Hoàn thành xuất sắc nhiệm vụ 6 (trên 6 phiếu hợp lệ)" in minutes
    tally = text_of(download(client, "tally_record", "CB-TT"))
    assert "BIÊN BẢN KIỂM PHIẾU" in tally
    assert tally.count("đồng chí ") == people.count()
    report = text_of(download(client, "collective_report", "CB-TT"))
    assert "Kiểm điểm tập thể Chi bộ Thanh tra Sở năm 2026" in report
    assert "T/M CHI BỘ" in report
    sheet = text_of(download(client, "score_sheet", "CB-TT"))
    reviewed = SelfReview.objects.filter(campaign__year=2026, member__in=people)
    for r in reviewed:
        assert r.member.full_name in sheet


def test_rerating_notification_and_complaint_answer(
    issued: ClassificationDecision, alice: User, member_a: User
) -> None:
    me = Member.objects.get(user=member_a)
    subject = f"member/M{me.pk}"
    complaint = complaints.complaint_file(
        actor=member_a, campaign=campaign(), subject=subject, content="Đề nghị xem xét lại"
    )
    complaints.complaint_assign(actor=alice, complaint=complaint, assignee=alice)
    complaints.complaint_conclude(
        actor=alice,
        complaint=complaint,
        outcome="upheld",
        conclusion="Có căn cứ",
        concluded_on=timezone.localdate(),
    )
    complaints.complaint_answer(
        actor=alice,
        complaint=complaint,
        answer="Xếp loại lại theo kết luận",
        number="25-CV/ĐU",
        answered_on=timezone.localdate(),
    )
    before = DecidedRating.objects.get(decision=issued, subject=subject).rating
    rr = rerating_cancel(
        actor=alice, campaign=campaign(), subject=subject, cause="complaint", reason="Khiếu nại"
    )
    rerating_issue(
        actor=alice,
        rerating=rr,
        rating="COMPLETED",
        number="30-QĐ/ĐU",
        issued_on=timezone.localdate(),
    )
    client = Client()
    client.force_login(member_a)  # each is the member's own document
    answer = text_of(download(client, "complaint_answer", str(complaint.pk)))
    assert "Số 25-CV/ĐU" in answer and "Xếp loại lại theo kết luận" in answer
    mau03 = text_of(download(client, "rerating", str(rr.pk)))
    assert "Mẫu 03" in mau03 and "Số 30-QĐ/ĐU" in mau03
    assert f"(mức “{RATING_LABEL[before]}” theo Quyết định số 15-QĐ/ĐU" in mau03
    assert "“Hoàn thành nhiệm vụ”" in mau03
    letter = text_of(download(client, "notification", subject))
    assert f"Kính gửi: Đồng chí {me.full_name}" in letter
    # The letter says what decision 15 said; the re-rating is its own paper (Mẫu 03).
    assert f"được xếp loại “{RATING_LABEL[before]}”" in letter
    assert "30-QĐ/ĐU" not in letter


def test_who_may_print_what(
    issued: ClassificationDecision, member_a: User, secretary_b: User, charlie: User
) -> None:
    pk = campaign().pk
    other = reviewed_member()
    client = Client()
    client.force_login(member_a)
    assert client.get(f"/van-ban/{pk}/decision.docx").status_code == 200  # published
    assert client.get(f"/van-ban/{pk}/self_review.docx?doi-tuong={other.pk}").status_code == 403
    assert client.get(f"/van-ban/{pk}/minutes.docx?doi-tuong=CB-TT").status_code == 403
    notification = f"/van-ban/{pk}/notification.docx?doi-tuong=member/M{other.pk}"
    assert client.get(notification).status_code == 403
    client.force_login(secretary_b)  # another cell's secretary
    assert client.get(f"/van-ban/{pk}/minutes.docx?doi-tuong=CB-TT").status_code == 403
    client.force_login(charlie)
    assert client.get(f"/van-ban/{pk}/decision.docx").status_code == 403
    assert client.get(f"/van-ban/{pk}/unknown.docx").status_code == 404
    assert client.get(f"/van-ban/{pk}/decision.txt").status_code == 404
    client.logout()
    assert client.get(f"/van-ban/{pk}/decision.docx").status_code == 302


def test_a_rule_set_s_own_template_wins_over_the_common_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for folder in ("common", "hd21-2019"):
        (tmp_path / folder).mkdir()
        shutil.copy(render.FILES / "common" / "notification.docx", tmp_path / folder)
    monkeypatch.setattr(render, "FILES", tmp_path)
    # so-noi-vu-2020 extends hd21-2019: the parent's file before the common one.
    assert render.template_path("notification", "so-noi-vu-2020").parent.name == "hd21-2019"
    assert render.template_path("notification", "qd366-2025").parent.name == "common"
    with pytest.raises(FileNotFoundError):
        render.template_path("decision", "qd366-2025")


def test_every_shipped_template_renders_with_its_document(issued: ClassificationDecision) -> None:
    """No tag in a shipped template is left unfilled: each document reads back without a
    Jinja tag or a Python repr."""
    rr = rerating_cancel(
        actor=User.objects.get(username="vanphong"),
        campaign=campaign(),
        subject=DecidedRating.objects.filter(subject__startswith="member/").first().subject,  # type: ignore[union-attr]
        cause="violation",
        reason="Vi phạm phát hiện sau",
    )
    refs = {
        "self_review": str(reviewed_member().pk),
        "collective_report": "CB-TT",
        "score_sheet": "CB-TT",
        "minutes": "CB-TT",
        "tally_record": "CB-TT",
        "decision": "",
        "rerating": str(rr.pk),
        "notification": rr.subject,
    }
    for kind, ref in refs.items():
        prepared = BUILDERS[kind](campaign(), ref)
        text = text_of(render.docx_bytes(kind, "qd366-2025", prepared.context))
        assert "{{" not in text and "{%" not in text and "None" not in text, kind
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text, kind


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice: make test installs it")
def test_pdf_in_liberation_serif_and_pictures_to_look_at(
    issued: ClassificationDecision, alice: User
) -> None:
    """The PDF keeps the Vietnamese text and embeds the Times-compatible font; its pages are
    rendered to PNG in test-artifacts/ to be looked at."""
    client = Client()
    client.force_login(alice)
    ARTIFACTS.mkdir(exist_ok=True)
    for kind, ref in (("decision", ""), ("minutes", "CB-TT"), ("tally_record", "CB-TT")):
        pdf = download(client, kind, ref, fmt="pdf")
        assert pdf.startswith(b"%PDF")
        path = ARTIFACTS / f"60-{kind}.pdf"
        path.write_bytes(pdf)
        fonts = subprocess.run(
            ["pdffonts", str(path)], capture_output=True, text=True, check=True
        ).stdout
        assert "LiberationSerif" in fonts
        text = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
        subprocess.run(
            ["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "2", str(path), str(path)[:-4]],
            check=True,
        )
        pages = sorted(ARTIFACTS.glob(f"60-{kind}-*.png"))
        assert pages and pages[0].stat().st_size > 10_000


def test_the_campaign_s_documents_page_links_every_document(
    issued: ClassificationDecision, alice: User
) -> None:
    client = Client()
    client.force_login(alice)
    page = client.get(f"/ke-hoach/{campaign().pk}/van-ban/").content.decode()
    pk = campaign().pk
    assert f"/van-ban/{pk}/decision.docx" in page and f"/van-ban/{pk}/decision.pdf" in page
    decided = DecidedRating.objects.filter(decision=issued).count()
    assert page.count(f"/van-ban/{pk}/notification.docx?") == decided
    assert f"/van-ban/{pk}/minutes.docx?doi-tuong=CB-TT" in page
    # Every link on the page downloads.
    import re

    for url in sorted(set(re.findall(r'href="(/van-ban/[^"]+\.docx[^"]*)"', page)))[:12]:
        assert client.get(url.replace("&amp;", "&")).status_code == 200, url


def test_an_adjusted_template_is_checked_used_and_can_be_undone(
    issued: ClassificationDecision, superuser: User, alice: User
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from docxtpl import DocxTemplate

    from kiemdiem.apps.audit.models import AuditEntry
    from kiemdiem.apps.core.errors import PermissionDenied, ServiceError
    from kiemdiem.apps.documents.models import DocumentTemplate
    from kiemdiem.apps.documents.services import (
        document_template_restore,
        document_template_upload,
    )

    def edited(replace: str, by: str) -> SimpleUploadedFile:
        """The shipped notification with one run of text changed, as Word would save it."""
        doc = Document(str(render.template_path("notification", "qd366-2025")))
        for p in doc.paragraphs:
            for run in p.runs:
                if replace in run.text:
                    run.text = run.text.replace(replace, by)
        out = io.BytesIO()
        doc.save(out)
        return SimpleUploadedFile("thong-bao-sua.docx", out.getvalue())

    me = DecidedRating.objects.filter(decision=issued, subject__startswith="member/").first()
    assert me is not None
    prepared = BUILDERS["notification"](campaign(), me.subject)
    with pytest.raises(PermissionDenied):  # a template serves everyone: administrators only
        document_template_upload(
            actor=alice, ruleset="qd366-2025", kind="notification", upload=edited("x", "y")
        )
    for bad, message in (
        (edited("{{ rating }}", "{{ rating }"), "Thẻ mẫu chưa đóng"),
        (edited("{{ rating }}", "{{ luong }}"), "luong"),
        (SimpleUploadedFile("a.docx", b"not a docx"), "không mở được"),
    ):
        with pytest.raises(ServiceError) as err:
            document_template_upload(
                actor=superuser, ruleset="qd366-2025", kind="notification", upload=bad
            )
        assert message in err.value.message
    assert not DocumentTemplate.objects.exists()
    document_template_upload(
        actor=superuser,
        ruleset="qd366-2025",
        kind="notification",
        upload=edited("thông báo:", "trân trọng thông báo:"),
    )
    text = text_of(render.docx_bytes("notification", "qd366-2025", prepared.context))
    assert "trân trọng thông báo:" in text
    assert AuditEntry.objects.filter(action="document_template.upload").count() == 1
    document_template_restore(actor=superuser, ruleset="qd366-2025", kind="notification")
    text = text_of(render.docx_bytes("notification", "qd366-2025", prepared.context))
    assert "trân trọng" not in text
    client = Client()
    client.force_login(superuser)
    page = client.get("/mau-van-ban/?bo-quy-tac=qd366-2025")
    assert page.status_code == 200 and "Thông báo kết quả xếp loại" in page.content.decode()
    body = client.get("/mau-van-ban/qd366-2025/notification.docx").content
    assert "rating" in DocxTemplate(io.BytesIO(body)).get_undeclared_template_variables()
    client.force_login(alice)
    assert client.get("/mau-van-ban/").status_code == 403


def test_the_demo_s_2020_campaign_runs_to_its_end_and_prints_every_document(
    demo: object,
) -> None:
    """`make run` finishes seed 000's 2020 campaign (the plan's own rule set, which names
    no form numbers) so that every document can be printed from the demo."""
    from django.core.management import call_command

    from kiemdiem.apps.complaints.models import Complaint
    from kiemdiem.apps.decisions.models import Rerating

    call_command("demo_complete", stdout=io.StringIO())
    old = Campaign.objects.get(year=2020, organization__code="DBSNV")
    decision = ClassificationDecision.objects.get(campaign=old)
    assert decision.status == "issued" and decision.number == "45-QĐ/ĐU"
    complaint = Complaint.objects.get(campaign=old)
    rerating = Rerating.objects.get(decision=decision)
    assert complaint.status == Complaint.Status.ANSWERED
    assert rerating.status == Rerating.Status.ISSUED
    refs = {
        "collective_report": "CB-TT",
        "score_sheet": "CB-TT",
        "minutes": "CB-TT",
        "tally_record": "CB-TT",
        "decision": "",
        "rerating": str(rerating.pk),
        "notification": rerating.subject,
        "complaint_answer": str(complaint.pk),
        "dossier_list": "CB-TT",
    }
    for kind, ref in refs.items():
        prepared = BUILDERS[kind](old, ref)
        text = text_of(render.docx_bytes(kind, old.ruleset, prepared.context))
        assert "{{" not in text and "None" not in text, kind
        assert "ĐẢNG ỦY SỞ NỘI VỤ" in text or "CHI BỘ THANH TRA SỞ" in text, kind
        assert "Mẫu 0" not in text.split("ĐẢNG CỘNG SẢN VIỆT NAM")[0], kind
        assert "seed" not in text, kind
    call_command("demo_complete", stdout=io.StringIO())  # a second time: nothing more
    assert ClassificationDecision.objects.filter(campaign=old).count() == 1
    assert Complaint.objects.filter(campaign=old).count() == 1


def test_a_leadership_collective_s_report_and_minutes_print(demo: object, alice: User) -> None:
    from datetime import time

    from kiemdiem.apps.dossiers.selectors import MADE, campaign_dossiers
    from kiemdiem.apps.organizations.models import LeadershipCollective
    from kiemdiem.apps.reviews import meetings, reports
    from kiemdiem.rules.calendar import shift

    today = timezone.localdate()
    committee = LeadershipCollective.objects.get(
        organization=campaign().organization, kind="party_committee"
    )
    meeting = meetings.collective_meeting_prepare(
        actor=alice, campaign=campaign(), collective=committee
    )
    with clock.replay(shift(today, -5, working=True)):  # written before it went out
        report = reports.report_save(
            actor=alice,
            campaign=campaign(),
            organization=campaign().organization,
            collective=committee,
            data=reports.ReportInput(
                results="Lãnh đạo toàn diện", shortcomings="Hạn chế", direction="Khắc phục"
            ),
        )
    reports.report_circulate(actor=alice, report=report, on=shift(today, -5, working=True))
    people = [ms.member for ms in committee.memberships.all()]
    head = committee.memberships.get(role="head").member
    deputy = committee.memberships.filter(role="deputy").first()
    assert deputy is not None
    meetings.meeting_record(
        actor=alice,
        meeting=meeting,
        data=meetings.MinutesInput(
            held_on=today,
            started_at=time(7, 30),
            ended_at=time(16, 30),
            chair=head,
            head_chair=deputy.member,
            secretary=next(p for p in people if p not in (head, deputy.member)),
            attendees=people,
        ),
    )
    ref = f"K{committee.pk}"
    text = text_of(
        render.docx_bytes("minutes", "qd366-2025", BUILDERS["minutes"](campaign(), ref).context)
    )
    # The roll is the collective's members on the day, all present.
    assert f"tổng số {len(people)}, có mặt {len(people)}, vắng 0" in text
    assert f"Kiểm điểm đồng chí {head.full_name}" in text
    report_text = text_of(
        render.docx_bytes(
            "collective_report",
            "qd366-2025",
            BUILDERS["collective_report"](campaign(), ref).context,
        )
    )
    assert f"Kiểm điểm tập thể {committee.name} năm 2026" in report_text
    assert "Lãnh đạo toàn diện" in report_text
    dossier = next(d for d in campaign_dossiers(campaign()) if d.subject == f"collective/{ref}")
    states = {s.item.code: s.state for s in dossier.items}
    assert states["collective_report"] == MADE and states["minutes"] == MADE
