"""Bad input on every form: a Vietnamese error naming the field, and nothing saved."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from kiemdiem.apps.audit.models import AuditEntry
from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.organizations.models import PartyOrganization
from kiemdiem.apps.reviews.models import AgendaItem, Meeting


@pytest.fixture
def campaign(demo: PartyOrganization) -> Campaign:
    campaign = Campaign.objects.get(organization=demo, year=2026)
    campaign.milestones.filter(code="cell_meeting").update(
        due_on=timezone.localdate() + timezone.timedelta(days=20)
    )
    return campaign


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _cases(campaign: Campaign) -> list[tuple[str, str, dict[str, Any], str]]:
    c = campaign.pk
    item = AgendaItem.objects.filter(
        meeting__campaign=campaign, meeting__organization__code="CB-TT", kind="member"
    ).first()
    assert item is not None
    return [
        (
            "secretary_a",
            f"/chi-bo/{c}/CB-TT/bao-cao/",
            {"save": "1", "results": "x", "general_points": "31"},
            "Điểm phải từ 0 đến 30",
        ),
        (
            "secretary_a",
            f"/chi-bo/{c}/CB-TT/bao-cao/",
            {"circulate": "1", "circulated_on": "31/02/2026"},
            "Nhập một ngày hợp lệ",
        ),
        (
            "secretary_a",
            f"/chi-bo/{c}/CB-TT/hoi-nghi/",
            {
                "minutes": "1",
                "held_on": timezone.localdate().strftime("%d/%m/%Y"),
                "started_at": "14:00",
                "ended_at": "08:00",
                "chair": str(item.member_id),
                "secretary": str(item.member_id),
            },
            "Giờ kết thúc phải sau giờ bắt đầu",
        ),
        (
            "secretary_a",
            f"/chi-bo/{c}/CB-TT/de-xuat/",
            {"item": str(item.pk), "proposed_rating": "SIEU_XUAT_SAC"},
            "Mức đề xuất không hợp lệ",
        ),
        (
            "member_a",
            f"/tu-kiem-diem/{c}/",
            {"save": "1", "general_points": "28,3"},  # the decimal comma is understood
            "Điểm chấm theo bước 0,5 điểm",
        ),
        (
            "alice",
            f"/ke-hoach/{c}/goi-y/",
            {"target": "member", "card": "", "content": "Gợi ý"},
            "Không có đảng viên số thẻ",
        ),
        (
            "alice",
            f"/ke-hoach/{c}/goi-y/",
            {"target": "member", "card": "52.000032", "content": ""},
            "Trường này là bắt buộc",
        ),
    ]


@pytest.mark.parametrize("case", range(7))
def test_bad_input_is_named_in_vietnamese_and_nothing_is_saved(
    case: int, campaign: Campaign, request: pytest.FixtureRequest
) -> None:
    who, url, data, words = _cases(campaign)[case]
    client = _client(request.getfixturevalue(who))
    audit = AuditEntry.objects.count()
    meetings = list(Meeting.objects.values())
    response = client.post(url, data)
    assert response.status_code in (200, 422)
    assert words in response.content.decode()
    assert AuditEntry.objects.count() == audit
    assert list(Meeting.objects.values()) == meetings


def test_a_bad_tally_row_comes_back_in_place_with_its_error(
    campaign: Campaign, secretary_a: User
) -> None:
    meeting = Meeting.objects.get(campaign=campaign, organization__code="CB-TT")
    Meeting.objects.filter(pk=meeting.pk).update(status="held", held_on=timezone.localdate())
    item = meeting.items.filter(kind="member").first()
    assert item is not None
    response = _client(secretary_a).post(
        f"/chi-bo/{campaign.pk}/CB-TT/kiem-phieu/{item.pk}/",
        {
            f"t{item.pk}-eligible": "6",
            f"t{item.pk}-present": "7",
            f"t{item.pk}-issued": "6",
            f"t{item.pk}-valid": "6",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert f'id="phieu-{item.pk}"' in body and "lớn hơn số đảng viên chính thức" in body


def test_points_take_the_decimal_comma(campaign: Campaign, member_a: User) -> None:
    from decimal import Decimal

    from kiemdiem.apps.campaigns.models import SelfReview

    response = _client(member_a).post(
        f"/tu-kiem-diem/{campaign.pk}/", {"save": "1", "general_points": "28,5"}
    )
    assert response.status_code == 302
    review = SelfReview.objects.get(campaign=campaign, member__user=member_a)
    assert review.general_points == Decimal("28.5")


def test_the_cell_enters_residence_comments_and_the_office_civil_service_ratings(
    campaign: Campaign, secretary_a: User, alice: User
) -> None:
    from kiemdiem.apps.members.models import CivilServiceRating, Member, ResidenceComment

    member = Member.objects.filter(organization__code="CB-TT").order_by("full_name").first()
    assert member is not None
    url = f"/chi-bo/{campaign.pk}/CB-TT/nhan-xet/{member.pk}/"
    p = f"r{member.pk}"
    before = CivilServiceRating.objects.get(member=member, year=2026).rating
    bad = _client(secretary_a).post(
        url, {f"{p}-residence": "Tổ 5", f"{p}-comment": " "}, HTTP_HX_REQUEST="true"
    )
    assert bad.status_code == 422 and "Cần ghi nội dung nhận xét" in bad.content.decode()
    ok = _client(secretary_a).post(
        url,
        {
            f"{p}-residence": "Tổ dân phố 5, phường Phú Hội",
            f"{p}-comment": "Chưa tham gia sinh hoạt khu dân cư.",
            f"{p}-civil_service": "NOT_COMPLETED",  # not the secretary's to set: ignored
        },
        HTTP_HX_REQUEST="true",
    )
    assert ok.status_code == 200 and "Đã lưu." in ok.content.decode()
    comment = ResidenceComment.objects.get(member=member, year=2026)
    assert comment.comment == "Chưa tham gia sinh hoạt khu dân cư." and not comment.satisfactory
    assert CivilServiceRating.objects.get(member=member, year=2026).rating == before
    _client(alice).post(url, {f"{p}-civil_service": "COMPLETED"}, HTTP_HX_REQUEST="true")
    assert CivilServiceRating.objects.get(member=member, year=2026).rating == "COMPLETED"
