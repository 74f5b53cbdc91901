"""Thẩm định: the office appraises each submitted proposal against the engine's ceilings
and the checks over the whole organization."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from kiemdiem.apps.appraisals.models import Appraisal
from kiemdiem.apps.appraisals.selectors import appraisal_board
from kiemdiem.apps.appraisals.services import appraisal_record
from kiemdiem.apps.audit.models import AuditEntry
from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.core.errors import PermissionDenied, ServiceError
from kiemdiem.apps.members.models import Member
from kiemdiem.apps.reviews.models import Meeting
from tests.web.flows import submit_cell


@pytest.fixture
def submitted(demo: object, secretary_a: User) -> Meeting:
    # Two EXCELLENT ballots in a six-member cell: over QĐ 366's quota, submitted with a reason.
    return submit_cell(secretary_a, ballots={3: "EXCELLENT", 5: "EXCELLENT"}, quota_note="Lý do")


@pytest.fixture
def campaign(submitted: Meeting) -> Campaign:
    return submitted.campaign


def member_key(submitted: Meeting, order: int) -> str:
    item = submitted.items.get(order=order)
    return f"member/M{item.member_id}"


def test_the_board_shows_the_cells_proposals_and_the_quota_over_the_dang_bo(
    campaign: Campaign, submitted: Meeting
) -> None:
    board = appraisal_board(campaign=campaign)
    (cell,) = board["cells"]
    assert cell["meeting"] == submitted and len(cell["rows"]) == 7  # the cell and six members
    quota = [
        q
        for q in board["quotas"]
        if q["subject_type"] == "member" and q["label"] == "Hoàn thành xuất sắc nhiệm vụ"
    ]
    assert quota and quota[0]["actual"] == 2
    assert any(c.code == "quota_exceeded" for c in board["checks"])


def test_agree_or_propose_another_rating_with_a_reason(
    campaign: Campaign, submitted: Meeting, alice: User
) -> None:
    key = member_key(submitted, 3)
    appraisal_record(actor=alice, campaign=campaign, subject=key, verdict="agree")
    with pytest.raises(ServiceError) as err:
        appraisal_record(
            actor=alice, campaign=campaign, subject=key, verdict="other", rating="GOOD"
        )
    assert err.value.field == "reason"
    row = appraisal_record(
        actor=alice,
        campaign=campaign,
        subject=key,
        verdict="other",
        rating="GOOD",
        reason="Vượt tỷ lệ của đảng bộ; ít phiếu hơn đồng chí còn lại",
    )
    assert row.verdict == "other" and Appraisal.objects.count() == 1
    entry = AuditEntry.objects.filter(action="appraisal.record").latest("id")
    assert entry.before["verdict"] == "agree" and entry.after["rating"] == "GOOD"
    # With the office's rating in place the quota is met again.
    board = appraisal_board(campaign=campaign)
    excellent = [
        q["actual"]
        for q in board["quotas"]
        if q["subject_type"] == "member" and q["label"].startswith("Hoàn thành xuất")
    ]
    assert excellent == [1]


def test_no_rating_above_the_ceiling_and_only_submitted_subjects(
    campaign: Campaign, submitted: Meeting, alice: User
) -> None:
    # Ngô Mỹ Thảo's score allows COMPLETED at most.
    capped = Member.objects.get(full_name="Ngô Mỹ Thảo")
    with pytest.raises(ServiceError) as err:
        appraisal_record(
            actor=alice,
            campaign=campaign,
            subject=f"member/M{capped.pk}",
            verdict="other",
            rating="GOOD",
            reason="x",
        )
    assert err.value.field == "rating" and "cao hơn mức cao nhất" in err.value.message
    other_cell = Member.objects.filter(organization__code="CB-XDCQ").first()
    assert other_cell is not None
    with pytest.raises(ServiceError) as err:
        appraisal_record(
            actor=alice, campaign=campaign, subject=f"member/M{other_cell.pk}", verdict="agree"
        )
    assert err.value.field == "subject"


def test_only_the_office_and_above_appraise(
    campaign: Campaign, submitted: Meeting, secretary_a: User, upper: User
) -> None:
    key = member_key(submitted, 2)
    with pytest.raises(PermissionDenied):
        appraisal_record(actor=secretary_a, campaign=campaign, subject=key, verdict="agree")
    appraisal_record(actor=upper, campaign=campaign, subject=key, verdict="agree")


def test_the_page_records_in_place(campaign: Campaign, submitted: Meeting, alice: User) -> None:
    client = Client()
    client.force_login(alice)
    url = f"/ke-hoach/{campaign.pk}/tham-dinh/"
    page = client.get(url)
    assert page.status_code == 200 and "Thẩm định Chi bộ Thanh tra Sở" in page.content.decode()
    key = member_key(submitted, 5)
    bad = client.post(url, {"subject": key, "verdict": "other"}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 422 and "Chọn mức đề nghị" in bad.content.decode()
    ok = client.post(url, {"subject": key, "verdict": "agree"}, HTTP_HX_REQUEST="true")
    assert ok.status_code == 200 and "Nhất trí với đề xuất" in ok.content.decode()


def test_the_civil_service_rating_comes_before_the_party_rating(
    campaign: Campaign, submitted: Meeting, alice: User
) -> None:
    from kiemdiem.apps.members.models import CivilServiceRating

    item = submitted.items.filter(kind="member", member__is_civil_servant=True).first()
    assert item is not None
    CivilServiceRating.objects.filter(member_id=item.member_id, year=2026).delete()
    with pytest.raises(ServiceError) as err:
        appraisal_record(
            actor=alice, campaign=campaign, subject=f"member/M{item.member_id}", verdict="agree"
        )
    assert err.value.field == "subject" and "xếp loại công chức trước" in err.value.message
    assert "HD 43 (trình tự kiểm điểm)" in err.value.message


def test_opinions_of_participating_bodies_are_requested_then_recorded(
    campaign: Campaign, submitted: Meeting, alice: User, secretary_a: User
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from kiemdiem.apps.appraisals.services import opinion_record, opinion_request

    today = timezone.localdate()
    cell = submitted.organization
    with pytest.raises(ServiceError) as err:
        opinion_request(
            actor=alice, campaign=campaign, organization=cell, body="upper_board", on=today
        )
    assert err.value.field == "body"  # the upper board speaks on the đảng bộ, not a cell
    with pytest.raises(PermissionDenied):
        opinion_request(
            actor=secretary_a, campaign=campaign, organization=cell, body="union", on=today
        )
    union = opinion_request(
        actor=alice, campaign=campaign, organization=cell, body="union", on=today
    )
    with pytest.raises(ServiceError) as err:
        opinion_record(
            actor=alice, opinion=union, content="Đồng ý", received_on=today - timedelta(days=1)
        )
    assert err.value.field == "received_on"
    opinion_record(
        actor=alice, opinion=union, content="Nhất trí đề xuất của chi bộ", received_on=today
    )
    upper = opinion_request(
        actor=alice,
        campaign=campaign,
        organization=campaign.organization,
        body="upper_board",
        on=today,
    )
    assert upper.received_on is None
    page = Client()
    page.force_login(alice)
    body = page.get(f"/ke-hoach/{campaign.pk}/tham-dinh/").content.decode()
    assert "Nhất trí đề xuất của chi bộ" in body and "Ban Tổ chức cấp ủy cấp trên" in body


def test_the_page_requests_and_records_opinions(
    campaign: Campaign, submitted: Meeting, alice: User
) -> None:
    from kiemdiem.apps.appraisals.models import Opinion

    client = Client()
    client.force_login(alice)
    url = f"/ke-hoach/{campaign.pk}/tham-dinh/"
    cell = submitted.organization
    client.post(url, {"opinion": "request", "organization": cell.pk, "body": "youth_union"})
    opinion = Opinion.objects.get(organization=cell, body="youth_union")
    bad = client.post(
        url,
        {"opinion": "record", "pk": opinion.pk, "content": "Nhất trí", "received_on": "31/02"},
        HTTP_HX_REQUEST="true",
    )
    assert bad.status_code == 422 and "Ngày nhận không hợp lệ" in bad.content.decode()
    client.post(
        url,
        {
            "opinion": "record",
            "pk": opinion.pk,
            "content": "Nhất trí",
            "received_on": submitted.held_on.strftime("%d/%m/%Y"),  # type: ignore[union-attr]
        },
    )
    assert Opinion.objects.get(pk=opinion.pk).content == "Nhất trí"


def test_a_page_holds_fewer_cells_where_cells_are_large(
    campaign: Campaign, alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """About ROWS_A_PAGE subjects a page: twenty 100-member cells were 2,000 forms."""
    from kiemdiem.apps.appraisals import selectors
    from tests.web.flows import submit_other_cells

    submit_other_cells(alice)
    cells = Meeting.objects.filter(campaign=campaign, status=Meeting.Status.SUBMITTED).count()
    assert cells > 2
    whole = appraisal_board(campaign=campaign)
    assert len(whole["cells"]) == cells  # a đảng bộ's few small cells: one page
    monkeypatch.setattr(selectors, "ROWS_A_PAGE", 16)  # two cells' worth of subjects
    first = appraisal_board(campaign=campaign)
    assert 1 <= len(first["cells"]) < cells
    shown = sum(len(c["rows"]) for c in first["cells"])
    assert shown < sum(len(c["rows"]) for c in whole["cells"])
    pages = [appraisal_board(campaign=campaign, page=n) for n in range(1, cells + 1)]
    seen = [c["meeting"].pk for board in pages for c in board["cells"]]
    assert sorted(set(seen)) == sorted(c["meeting"].pk for c in whole["cells"])
