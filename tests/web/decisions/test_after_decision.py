"""After the decision: complaints answered in writing, reservations kept with the result,
re-rating that keeps the old result, commendation candidates, closing the campaign."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kiemdiem.apps.audit.models import AuditEntry
from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.complaints import services as complaints
from kiemdiem.apps.complaints.models import Complaint, ComplaintStep
from kiemdiem.apps.core.errors import PermissionDenied, ServiceError
from kiemdiem.apps.decisions.closing import campaign_close, campaign_reopen, closing_blockers
from kiemdiem.apps.decisions.commendations import (
    commendation_candidates,
    commendation_select,
    past_rating_record,
)
from kiemdiem.apps.decisions.models import (
    ClassificationDecision,
    DecidedRating,
    Notification,
    Rerating,
)
from kiemdiem.apps.decisions.rerating import rerating_cancel, rerating_issue
from kiemdiem.apps.decisions.services import decided_set
from kiemdiem.apps.ledger.services import ledger_verify
from kiemdiem.apps.members.models import Member
from kiemdiem.apps.members.records import discipline_record
from kiemdiem.apps.reviews.meetings import proposal_set
from kiemdiem.apps.reviews.models import Meeting
from tests.web.flows import decide_and_issue, submit_cell, submit_other_cells


def mine(user: User) -> str:
    return f"member/M{Member.objects.get(user=user).pk}"


def campaign() -> Campaign:
    return Campaign.objects.get(year=2026, organization__code="DBSNV")


# --- complaints --------------------------------------------------------------------


def test_a_member_complains_with_attachments_and_the_office_answers_in_writing(
    issued: ClassificationDecision, alice: User, member_a: User
) -> None:
    pdf = SimpleUploadedFile("don-khieu-nai.pdf", b"%PDF-1.4 don", "application/pdf")
    complaint = complaints.complaint_file(
        actor=member_a,
        campaign=campaign(),
        subject=mine(member_a),
        content="Đề nghị xem xét lại: tôi đã hoàn thành vượt chỉ tiêu",
        attachments=[pdf],
    )
    assert complaint.filed_on == timezone.localdate()
    assert [a.name for a in complaint.attachments.all()] == ["don-khieu-nai.pdf"]
    assert Notification.objects.filter(user=alice, url__contains=str(complaint.pk)).exists()
    with pytest.raises(ServiceError) as err:  # no conclusion before someone reviews it
        complaints.complaint_conclude(
            actor=alice,
            complaint=complaint,
            outcome="rejected",
            conclusion="x",
            concluded_on=date.today(),
        )
    assert "Giao người xem xét" in err.value.message
    complaints.complaint_assign(actor=alice, complaint=complaint, assignee=alice)
    complaints.complaint_note(actor=alice, complaint=complaint, text="Đã làm việc với chi ủy")
    with pytest.raises(ServiceError) as err:
        complaints.complaint_answer(
            actor=alice, complaint=complaint, answer="x", number="1", answered_on=date.today()
        )
    assert "kết luận trước" in err.value.message
    complaints.complaint_conclude(
        actor=alice,
        complaint=complaint,
        outcome="rejected",
        conclusion="Mức xếp loại đúng quy định",
        concluded_on=timezone.localdate(),
    )
    complaints.complaint_answer(
        actor=alice,
        complaint=complaint,
        answer="Giữ nguyên kết quả xếp loại",
        number="25-CV/ĐU",
        answered_on=timezone.localdate(),
    )
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.ANSWERED
    assert [s.kind for s in complaint.steps.all()] == [
        ComplaintStep.Kind.FILED,
        ComplaintStep.Kind.ASSIGNED,
        ComplaintStep.Kind.NOTE,
        ComplaintStep.Kind.CONCLUDED,
        ComplaintStep.Kind.ANSWERED,
    ]
    told = Notification.objects.filter(user=member_a, text__contains="25-CV/ĐU")
    assert told.exists()
    actions = set(
        AuditEntry.objects.filter(subject=mine(member_a)).values_list("action", flat=True)
    )
    assert {
        "complaint.file",
        "complaint.assign",
        "complaint.conclude",
        "complaint.answer",
    } <= actions


def test_only_the_subject_or_the_office_complains_and_only_within_the_period(
    issued: ClassificationDecision, alice: User, member_a: User, secretary_b: User, charlie: User
) -> None:
    subject = mine(member_a)
    for outsider in (secretary_b, charlie):
        with pytest.raises(PermissionDenied):
            complaints.complaint_file(
                actor=outsider, campaign=campaign(), subject=subject, content="Không đồng ý"
            )
    with pytest.raises(ServiceError) as err:
        complaints.complaint_file(actor=member_a, campaign=campaign(), subject=subject, content=" ")
    assert err.value.field == "content"
    bad = SimpleUploadedFile("virus.exe", b"MZ", "application/octet-stream")
    with pytest.raises(ServiceError) as err:
        complaints.complaint_file(
            actor=member_a, campaign=campaign(), subject=subject, content="x", attachments=[bad]
        )
    assert err.value.field == "attachments" and "virus.exe" in err.value.message
    assert not Complaint.objects.exists()  # nothing half-written
    # The decision was issued today; 31 days on the period (30 days) is over.
    ClassificationDecision.objects.filter(pk=issued.pk).update(
        issued_on=timezone.localdate() - timedelta(days=31)
    )
    with pytest.raises(ServiceError) as err:
        complaints.complaint_file(actor=member_a, campaign=campaign(), subject=subject, content="x")
    assert err.value.field == "filed_on" and "hết thời hạn khiếu nại" in err.value.message
    # A paper complaint received in time is registered by the office with its date.
    received = timezone.localdate() - timedelta(days=2)
    paper = complaints.complaint_file(
        actor=alice,
        campaign=campaign(),
        subject=subject,
        content="Đơn gửi qua đường văn thư",
        filed_on=received,
        complainant="Lê Thị Hoa (đơn giấy)",
    )
    assert paper.filed_on == received and paper.complainant == "Lê Thị Hoa (đơn giấy)"


def test_a_reservation_is_kept_with_the_result_which_stands(
    issued: ClassificationDecision, member_a: User, secretary_a: User
) -> None:
    subject = mine(member_a)
    before = DecidedRating.objects.get(decision=issued, subject=subject).rating
    row = complaints.reservation_record(
        actor=member_a, campaign=campaign(), subject=subject, content="Tôi bảo lưu ý kiến"
    )
    assert row.author == Member.objects.get(user=member_a).full_name
    assert DecidedRating.objects.get(decision=issued, subject=subject).rating == before
    with pytest.raises(PermissionDenied):  # one speaks for oneself
        complaints.reservation_record(
            actor=secretary_a, campaign=campaign(), subject=subject, content="Thay mặt"
        )


# --- re-rating ---------------------------------------------------------------------


def test_a_discipline_found_later_cancels_the_result_and_rerating_keeps_the_history(
    issued: ClassificationDecision, alice: User, member_a: User
) -> None:
    subject = mine(member_a)
    member = Member.objects.get(user=member_a)
    old = DecidedRating.objects.get(decision=issued, subject=subject).rating
    assert old in ("EXCELLENT", "GOOD")
    discipline_record(
        actor=alice,
        member=member,
        form="reprimand",
        decided_on=date(2026, 6, 1),
        violation="Vi phạm quy định phòng, chống tham nhũng phát hiện sau kiểm tra",
    )
    rerating = rerating_cancel(
        actor=alice,
        campaign=campaign(),
        subject=subject,
        cause="violation",
        reason="Phát hiện bị kỷ luật khiển trách trong năm",
    )
    with pytest.raises(ServiceError) as err:  # the new data caps it
        rerating_issue(
            actor=alice,
            rerating=rerating,
            rating="COMPLETED",
            number="30-QĐ/ĐU",
            issued_on=timezone.localdate(),
        )
    assert err.value.field == "rating" and "Không hoàn thành nhiệm vụ" in err.value.message
    rerating_issue(
        actor=alice,
        rerating=rerating,
        rating="NOT_COMPLETED",
        number="30-QĐ/ĐU",
        issued_on=timezone.localdate(),
    )
    rerating.refresh_from_db()
    assert (rerating.previous_rating, rerating.rating) == (old, "NOT_COMPLETED")
    assert DecidedRating.objects.get(decision=issued, subject=subject).rating == "NOT_COMPLETED"
    rerate = AuditEntry.objects.get(subject=subject, action="decision.rerate")
    assert rerate.before["rating"] == old and rerate.after["rating"] == "NOT_COMPLETED"
    assert Notification.objects.filter(user=member_a, text__contains="30-QĐ/ĐU").exists()
    assert ledger_verify().ok


def test_a_cancelled_result_is_reissued_once_and_with_its_number(
    issued: ClassificationDecision, alice: User, member_a: User, secretary_a: User
) -> None:
    subject = mine(member_a)
    with pytest.raises(ServiceError) as err:
        rerating_cancel(
            actor=alice, campaign=campaign(), subject=subject, cause="violation", reason=""
        )
    assert err.value.field == "reason"
    with pytest.raises(PermissionDenied):
        rerating_cancel(
            actor=secretary_a, campaign=campaign(), subject=subject, cause="violation", reason="x"
        )
    rerating_cancel(
        actor=alice, campaign=campaign(), subject=subject, cause="against_rules", reason="Sai"
    )
    with pytest.raises(ServiceError) as err:
        rerating_cancel(
            actor=alice, campaign=campaign(), subject=subject, cause="violation", reason="Lần 2"
        )
    assert "đang chờ xếp loại lại" in err.value.message
    rerating = Rerating.objects.get(subject=subject)
    with pytest.raises(ServiceError) as err:
        rerating_issue(
            actor=alice,
            rerating=rerating,
            rating="GOOD",
            number=" ",
            issued_on=timezone.localdate(),
        )
    assert err.value.field == "number"
    with pytest.raises(ServiceError):  # the committee's decision itself stays issued
        decided_set(actor=alice, campaign=campaign(), subject=subject, rating="COMPLETED")


# --- commendation ------------------------------------------------------------------


def test_commendation_candidates_count_consecutive_years_from_past_ratings(
    issued: ClassificationDecision, alice: User, secretary_a: User
) -> None:
    top = DecidedRating.objects.filter(
        decision=issued, rating="EXCELLENT", subject__startswith="member/"
    )
    subject = top.first().subject  # type: ignore[union-attr]
    dbsnv = campaign().organization
    for year in (2022, 2023, 2024, 2025):
        past_rating_record(
            actor=alice,
            organization=dbsnv,
            subject=subject,
            year=year,
            rating="EXCELLENT",
            source="Quyết định lưu trữ",
        )
    found, _ = commendation_candidates(campaign())
    titles = {(c.subject, c.title) for c in found}
    assert (subject, "member_year") in titles and (subject, "member_years") in titles
    # A gap breaks the run.
    past_rating_record(
        actor=alice, organization=dbsnv, subject=subject, year=2023, rating="GOOD", source="Sửa"
    )
    found, _ = commendation_candidates(campaign())
    assert (subject, "member_years") not in {(c.subject, c.title) for c in found}
    assert (subject, "member_year") in {(c.subject, c.title) for c in found}
    commendation_select(
        actor=alice, campaign=campaign(), subject=subject, title="member_year", selected=True
    )
    with pytest.raises(ServiceError):  # not a candidate
        commendation_select(
            actor=alice, campaign=campaign(), subject=subject, title="member_years", selected=True
        )
    with pytest.raises(PermissionDenied):
        commendation_select(
            actor=secretary_a,
            campaign=campaign(),
            subject=subject,
            title="member_year",
            selected=False,
        )


# --- closing -----------------------------------------------------------------------


def test_the_campaign_closes_only_when_everything_is_decided_and_answered(
    demo: object, alice: User, secretary_a: User, member_a: User
) -> None:
    submit_cell(secretary_a, ballots={3: "EXCELLENT"}, quota_note="Lý do")
    blockers = closing_blockers(campaign())
    assert "Chưa ban hành quyết định xếp loại" in blockers
    assert any(b.startswith("Chưa báo cáo kết quả kiểm điểm") for b in blockers)
    submit_other_cells(alice)
    decide_and_issue(alice)
    complaint = complaints.complaint_file(
        actor=member_a, campaign=campaign(), subject=mine(member_a), content="Xem xét lại"
    )
    with pytest.raises(ServiceError) as err:
        campaign_close(actor=alice, campaign=campaign())
    assert "1 khiếu nại chưa trả lời" in err.value.message
    complaints.complaint_assign(actor=alice, complaint=complaint, assignee=alice)
    complaints.complaint_conclude(
        actor=alice,
        complaint=complaint,
        outcome="rejected",
        conclusion="Đúng quy định",
        concluded_on=timezone.localdate(),
    )
    complaints.complaint_answer(
        actor=alice,
        complaint=complaint,
        answer="Giữ nguyên",
        number="26-CV/ĐU",
        answered_on=timezone.localdate(),
    )
    closed = campaign_close(actor=alice, campaign=campaign())
    assert closed.status == Campaign.Status.CLOSED and closed.closed_by == alice
    # Read-only: nothing more is written into it.
    with pytest.raises(ServiceError) as err:
        complaints.reservation_record(
            actor=member_a, campaign=campaign(), subject=mine(member_a), content="Bảo lưu"
        )
    assert "Kế hoạch đã kết thúc" in err.value.message
    with pytest.raises(ServiceError):
        rerating_cancel(
            actor=alice, campaign=campaign(), subject=mine(member_a), cause="violation", reason="x"
        )
    meeting = Meeting.objects.get(campaign=campaign(), organization__code="CB-TT")
    item = meeting.items.get(order=1)
    with pytest.raises(ServiceError):
        proposal_set(actor=secretary_a, item=item, proposed_rating="GOOD")
    with pytest.raises(ServiceError) as err:
        campaign_reopen(actor=alice, campaign=campaign(), reason="")
    assert err.value.field == "reason"
    reopened = campaign_reopen(
        actor=alice, campaign=campaign(), reason="Phát hiện vi phạm sau khi kết thúc"
    )
    assert reopened.status == Campaign.Status.OPEN
    assert ledger_verify().ok


# --- several places (000 §B.6) -----------------------------------------------------


def test_a_leader_reviewed_in_two_places_with_different_results_gets_one_decided_level(
    demo: object, alice: User, secretary_a: User
) -> None:
    from kiemdiem.apps.appraisals.services import appraisal_record
    from kiemdiem.apps.organizations.models import LeadershipCollective
    from kiemdiem.apps.organizations.services import collective_create, collective_member_add

    chi_uy = LeadershipCollective.objects.get(pk=2)  # a cell's committee and its head
    head = chi_uy.memberships.get(role="head", ended_on__isnull=True).member
    second = collective_create(
        actor=alice,
        organization=chi_uy.organization,
        kind="agency_leadership",
        name="Tập thể lãnh đạo phòng",
        founded_on=date(2020, 1, 1),
    )
    collective_member_add(
        actor=alice, collective=second, member=head, role="head", started_on=date(2021, 1, 1)
    )
    submit_cell(secretary_a, ballots={3: "EXCELLENT"}, quota_note="Lý do")
    submit_other_cells(alice)
    here, there = f"leader/M{head.pk}@K{chi_uy.pk}", f"leader/M{head.pk}@K{second.pk}"
    from kiemdiem.apps.decisions.services import proposals

    assert here in proposals(campaign()) and there in proposals(campaign())
    # The two places end with different levels: the office proposed lower for one.
    appraisal_record(
        actor=alice,
        campaign=campaign(),
        subject=there,
        verdict="other",
        rating="COMPLETED",
        reason="Đơn vị chưa hoàn thành chỉ tiêu",
    )
    for collective in (f"collective/K{chi_uy.pk}", f"collective/K{second.pk}"):
        if collective not in proposals(campaign()):
            continue
        decided_set(
            actor=alice,
            campaign=campaign(),
            subject=collective,
            rating=proposals(campaign())[collective],
        )
    with pytest.raises(ServiceError) as err:
        decided_set(actor=alice, campaign=campaign(), subject=here, rating="COMPLETED")
    assert err.value.field == "reason" and "nhiều nơi" in err.value.message
    assert "000 §B.6" in err.value.message or "HD 43" in err.value.message
    decided_set(
        actor=alice,
        campaign=campaign(),
        subject=here,
        rating="COMPLETED",
        reason="Cấp ủy xem xét kết quả ở cả hai nơi",
    )
    both = dict(
        DecidedRating.objects.filter(subject__in=[here, there]).values_list("subject", "rating")
    )
    assert both == {here: "COMPLETED", there: "COMPLETED"}  # the other place sees it


def test_a_member_waits_for_the_collective_they_belong_to(
    demo: object, alice: User, secretary_a: User
) -> None:
    from kiemdiem.apps.decisions.services import proposals
    from kiemdiem.apps.organizations.models import LeadershipCollective

    submit_cell(secretary_a, ballots={3: "EXCELLENT"}, quota_note="Lý do")
    submit_other_cells(alice)
    chi_uy = LeadershipCollective.objects.get(pk=2)
    head = chi_uy.memberships.get(role="head", ended_on__isnull=True).member
    with pytest.raises(ServiceError) as err:
        decided_set(
            actor=alice,
            campaign=campaign(),
            subject=f"member/M{head.pk}",
            rating=proposals(campaign())[f"member/M{head.pk}"],
        )
    assert "tập thể trước, cá nhân sau" in err.value.message and chi_uy.name in err.value.message


# --- next year ---------------------------------------------------------------------


def test_next_years_review_starts_from_this_years_shortcomings(
    demo: object, alice: User, secretary_a: User, member_a: User
) -> None:
    from kiemdiem.apps.campaigns.self_reviews import remedy_prefill
    from kiemdiem.apps.campaigns.services import campaign_create
    from kiemdiem.apps.reviews.reports import report_prefill

    this_year = submit_cell(secretary_a, ballots={3: "EXCELLENT"}, quota_note="Lý do")
    me = Member.objects.get(user=member_a)
    item = this_year.items.get(member=me)
    # What the meeting said to her (recorded before the submission; set here directly).
    type(item).objects.filter(pk=item.pk).update(comments="Cần chủ động báo cáo tiến độ")
    next_year = campaign_create(
        actor=alice,
        organization=campaign().organization,
        year=2027,
        ruleset=campaign().ruleset,
        meeting_on=date(2027, 12, 10),
    )
    items = [i["text"] for i in remedy_prefill(campaign=next_year, member=me)]
    assert "Hội nghị góp ý: Cần chủ động báo cáo tiến độ." in items
    from kiemdiem.apps.campaigns.models import SelfReview

    written = SelfReview.objects.filter(member=me, campaign__year=2026).exclude(shortcomings="")
    for review in written:  # what she wrote herself comes first, line by line
        assert items[0].rstrip(".") in review.shortcomings
    prefill = report_prefill(campaign=next_year, organization=this_year.organization)
    assert prefill["remedy"].startswith("Hạn chế, khuyết điểm năm 2026 đã chỉ ra:")


# --- pages -------------------------------------------------------------------------


def test_the_results_page_records_a_reservation_and_the_history_page_shows_labels(
    issued: ClassificationDecision, member_a: User, alice: User
) -> None:
    from django.test import Client

    from kiemdiem.apps.complaints.models import Reservation

    client = Client()
    client.force_login(member_a)
    url = f"/ket-qua/{campaign().pk}/"
    empty = client.post(url, {"subject": mine(member_a), "content": "  "}, follow=True)
    assert "Cần ghi nội dung bảo lưu" in empty.content.decode()
    assert not Reservation.objects.exists()
    page = client.post(
        url, {"subject": mine(member_a), "content": "Tôi bảo lưu ý kiến"}, follow=True
    )
    assert "Bảo lưu ý kiến ngày" in page.content.decode()
    # Someone else's result cannot be reserved from this page.
    other = next(
        d.subject
        for d in DecidedRating.objects.filter(decision=issued)
        if d.subject != mine(member_a)
    )
    refused = client.post(url, {"subject": other, "content": "Thay người khác"}, follow=True)
    assert "bảo lưu ý kiến của mình" in refused.content.decode()
    office = Client()
    office.force_login(alice)
    history = office.get(f"/lich-su/{mine(member_a)}/").content.decode()
    assert "Cấp ủy quyết định mức xếp loại" in history and "Bảo lưu ý kiến" in history
    assert "alice" in history  # the office sees who did it; the member does not
    assert "alice" not in client.get(f"/lich-su/{mine(member_a)}/").content.decode()


def test_the_decision_page_closes_the_campaign_or_says_what_is_missing(
    demo: object, alice: User, secretary_a: User
) -> None:
    from django.test import Client

    submit_cell(secretary_a, ballots={3: "EXCELLENT"}, quota_note="Lý do")
    client = Client()
    client.force_login(alice)
    page = client.post(f"/ke-hoach/{campaign().pk}/ket-thuc/", follow=True).content.decode()
    assert "Chưa kết thúc được kế hoạch" in page and "Chưa ban hành quyết định" in page
    assert campaign().status == Campaign.Status.OPEN
    submit_other_cells(alice)
    decide_and_issue(alice)
    page = client.post(f"/ke-hoach/{campaign().pk}/ket-thuc/", follow=True).content.decode()
    assert "Đã kết thúc kế hoạch" in page and campaign().status == Campaign.Status.CLOSED
    assert "Mở lại kế hoạch" in page


def test_a_form_value_with_a_nul_character_is_refused_before_any_view(
    issued: ClassificationDecision, member_a: User
) -> None:
    from django.test import Client

    from kiemdiem.apps.complaints.models import Reservation

    client = Client()
    client.force_login(member_a)
    answer = client.post(
        f"/ket-qua/{campaign().pk}/", {"subject": mine(member_a), "content": "bảo\x00lưu"}
    )
    assert answer.status_code == 400 and "NUL" in answer.content.decode()
    assert not Reservation.objects.exists()
