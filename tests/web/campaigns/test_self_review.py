"""The member's self-review (Mẫu 02): own record only, the rule set's fields, the engine's
preview, the deadline, the audit."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from kiemdiem.apps.audit.models import AuditEntry
from kiemdiem.apps.campaigns.models import Campaign, Milestone, SelfReview
from kiemdiem.apps.campaigns.self_reviews import (
    SelfReviewInput,
    self_review_save,
)
from kiemdiem.apps.core.errors import PermissionDenied, ServiceError
from kiemdiem.apps.evaluation.preview import self_review_preview
from kiemdiem.apps.members.models import Member
from kiemdiem.apps.organizations.models import PartyOrganization

FULL = SelfReviewInput(
    strengths="Hoàn thành đúng hạn các hồ sơ thanh tra được giao.",
    shortcomings="Có lúc chậm báo cáo tiến độ; nguyên nhân: khối lượng việc lớn.",
    direction="Lập kế hoạch tuần, báo cáo đúng hạn.",
    commitment="Giữ gìn phẩm chất, hoàn thành tốt nhiệm vụ.",
    general_points=Decimal("27"),
    results_points=Decimal("58.5"),
    tasks_on_time_pct=100,
    tasks_exceeded_pct=20,
    self_rating="GOOD",
)


@pytest.fixture
def campaign(demo: PartyOrganization) -> Campaign:
    """The demo's campaign in progress, its meeting 20 days from today whenever tests run."""
    current = Campaign.objects.get(organization=demo, year=2026)
    Milestone.objects.filter(campaign=current, code="cell_meeting").update(
        due_on=timezone.localdate() + timedelta(days=20)
    )
    return current


@pytest.fixture
def member(demo: PartyOrganization) -> Member:
    return Member.objects.get(user__username="dangvien")


def test_a_member_saves_then_submits_and_each_step_is_audited(
    campaign: Campaign, member: Member
) -> None:
    user = member.user
    assert user is not None
    draft = self_review_save(
        actor=user, campaign=campaign, member=member, data=SelfReviewInput(strengths="Nháp")
    )
    assert draft.status == SelfReview.Status.DRAFT
    review = self_review_save(actor=user, campaign=campaign, member=member, data=FULL, submit=True)
    assert review.status == SelfReview.Status.SUBMITTED and review.submitted_at is not None
    assert review.general_points + review.results_points == Decimal("85.5")
    actions = list(AuditEntry.objects.order_by("-id").values_list("action", flat=True)[:2])
    assert actions == ["self_review.submit", "self_review.save"]


def test_only_the_member_writes_their_own(campaign: Campaign, member: Member, alice: User) -> None:
    with pytest.raises(PermissionDenied):
        self_review_save(actor=alice, campaign=campaign, member=member, data=FULL)
    assert not SelfReview.objects.filter(member=member).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"general_points": Decimal("31")}, "general_points"),
        ({"results_points": Decimal("60.3")}, "results_points"),
        ({"tasks_on_time_pct": 120}, "tasks_on_time_pct"),
        ({"self_rating": "XUAT_SAC"}, "self_rating"),
        ({"strengths": " "}, "strengths"),
        ({"general_points": None}, "general_points"),
        ({"self_rating": ""}, "self_rating"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(
    campaign: Campaign,
    member: Member,
    change: dict,
    field: str,  # type: ignore[type-arg]
) -> None:
    data = SelfReviewInput(**{**FULL.__dict__, **change})
    with pytest.raises(ServiceError) as err:
        self_review_save(
            actor=member.user, campaign=campaign, member=member, data=data, submit=True
        )  # type: ignore[arg-type]
    assert err.value.field == field
    assert not SelfReview.objects.filter(member=member).exists()


def test_no_edits_after_the_meeting(campaign: Campaign, member: Member) -> None:
    Milestone.objects.filter(campaign=campaign, code="cell_meeting").update(
        due_on=timezone.localdate() - timedelta(days=1)
    )
    with pytest.raises(ServiceError, match="Đã qua ngày chi bộ họp"):
        self_review_save(actor=member.user, campaign=campaign, member=member, data=FULL)  # type: ignore[arg-type]


def test_the_preview_is_the_engine_under_the_campaigns_rule_set(
    campaign: Campaign, member: Member
) -> None:
    subject = self_review_preview(campaign=campaign, member=member, data=FULL).subject(
        "member", "M"
    )
    assert (subject.ceiling, subject.rating) == ("GOOD", "GOOD")  # 85.5 points: 70–90 band
    excellent = SelfReviewInput(
        **{
            **FULL.__dict__,
            "results_points": Decimal("66"),
            "tasks_exceeded_pct": 10,
            "self_rating": "EXCELLENT",
        }
    )
    subject = self_review_preview(campaign=campaign, member=member, data=excellent).subject(
        "member", "M"
    )
    assert subject.ceiling == "GOOD"  # 93 points but under 30 % of tasks exceeded
    assert any(
        "vượt yêu cầu" in r.message and r.clause.startswith("QĐ 366") for r in subject.reasons
    )


def test_the_page_saves_shows_the_ceiling_and_refuses_others(
    campaign: Campaign, member: Member, client: Client, alice: User
) -> None:
    assert member.user is not None
    client.force_login(member.user)
    url = f"/tu-kiem-diem/{campaign.pk}/"
    page = client.get("/tu-kiem-diem/").content.decode()
    assert url in page
    bad = client.post(url, {"general_points": "45", "save": "1"}).content.decode()
    assert "Điểm phải từ 0 đến 30" in bad
    response = client.post(
        url, {**{k: v for k, v in FULL.__dict__.items() if v is not None}, "submit": "1"}
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Đã nộp bản tự kiểm điểm." in page
    assert "mức cao nhất có thể tự xếp: Hoàn thành tốt nhiệm vụ" in page
    # Once submitted, the form is final: a change is refused with why.
    late = client.post(url, {"strengths": "Thêm sau khi nộp", "save": "1"}).content.decode()
    assert "Bản tự kiểm điểm đã nộp" in late
    client.force_login(alice)  # an office account, not a member
    assert client.get(url).status_code == 403


# -- submitted means final --------------------------------------------------------------------


def _submitted(campaign: Campaign, member: Member) -> SelfReview:
    assert member.user is not None
    return self_review_save(
        actor=member.user, campaign=campaign, member=member, data=FULL, submit=True
    )


def test_a_submitted_review_is_refused_an_edit_and_stays_as_submitted(
    campaign: Campaign, member: Member
) -> None:
    review = _submitted(campaign, member)
    assert member.user is not None
    for submit in (False, True):
        with pytest.raises(ServiceError, match="đã nộp"):
            self_review_save(
                actor=member.user,
                campaign=campaign,
                member=member,
                data=SelfReviewInput(strengths="Viết thêm sau khi nộp"),
                submit=submit,
            )
    review.refresh_from_db()
    assert review.status == SelfReview.Status.SUBMITTED and review.strengths == FULL.strengths


def test_the_member_withdraws_before_the_meeting_and_both_versions_are_kept(
    campaign: Campaign, member: Member, client: Client
) -> None:
    review = _submitted(campaign, member)
    assert member.user is not None
    client.force_login(member.user)
    page = client.get(f"/tu-kiem-diem/{campaign.pk}/").content.decode()
    assert "Chỉ xem, không sửa được" in page and 'name="withdraw"' in page
    assert 'name="strengths"' in page and "disabled" in page
    client.post(f"/tu-kiem-diem/{campaign.pk}/", {"withdraw": "1"})
    review.refresh_from_db()
    assert review.status == SelfReview.Status.DRAFT and review.submitted_at is None
    self_review_save(
        actor=member.user,
        campaign=campaign,
        member=member,
        data=SelfReviewInput(**{**FULL.__dict__, "strengths": "Bản sửa lại"}),
        submit=True,
    )
    version = review.versions.get()
    assert version.content["strengths"] == FULL.strengths and version.ended == "withdrawn"
    assert AuditEntry.objects.filter(action="self_review.withdraw").exists()
    page = client.get(f"/tu-kiem-diem/{campaign.pk}/").content.decode()
    assert "Các bản đã nộp trước" in page and FULL.strengths in page


def test_the_secretary_returns_a_review_with_a_reason_and_the_member_is_told(
    campaign: Campaign, member: Member, secretary_a: User, member_a: User, client: Client
) -> None:
    from kiemdiem.apps.campaigns.self_reviews import self_review_return
    from kiemdiem.apps.decisions.models import Notification

    review = _submitted(campaign, member)
    with pytest.raises(ServiceError, match="lý do"):
        self_review_return(actor=secretary_a, review=review, reason=" ")
    with pytest.raises(PermissionDenied):
        self_review_return(actor=member_a, review=review, reason="Tự trả lại")
    client.force_login(secretary_a)
    response = client.post(
        f"/chi-bo/{campaign.pk}/CB-TT/",
        {"return_review": review.pk, "reason": "Phần hạn chế chưa nêu nguyên nhân"},
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == SelfReview.Status.DRAFT
    assert review.versions.get().reason == "Phần hạn chế chưa nêu nguyên nhân"
    assert Notification.objects.filter(user=member_a, text__contains="trả lại").exists()
    client.force_login(member_a)
    page = client.get(f"/tu-kiem-diem/{campaign.pk}/").content.decode()
    assert "Chi bộ trả lại bản tự kiểm điểm" in page and "chưa nêu nguyên nhân" in page


def test_after_the_meeting_day_the_form_says_so_before_anyone_types(
    campaign: Campaign, member: Member, client: Client
) -> None:
    Milestone.objects.filter(campaign=campaign, code="cell_meeting").update(
        due_on=timezone.localdate() - timedelta(days=1)
    )
    assert member.user is not None
    client.force_login(member.user)
    page = client.get(f"/tu-kiem-diem/{campaign.pk}/").content.decode()
    assert "Chỉ xem, không sửa được" in page and "Đã qua ngày chi bộ họp" in page
    assert "Nộp bản tự kiểm điểm</button>" not in page


def test_a_self_rating_above_the_ceiling_needs_the_confirmed_warning_and_is_flagged(
    campaign: Campaign, member: Member, secretary_a: User, client: Client
) -> None:
    assert member.user is not None
    # 27 + 58.5 = 85.5 points: HTTNV at most under QĐ 366 (HTXSNV from 90).
    late = SelfReviewInput(**{**FULL.__dict__, "self_rating": "EXCELLENT"})
    with pytest.raises(ServiceError) as err:
        self_review_save(
            actor=member.user, campaign=campaign, member=member, data=late, submit=True
        )
    assert err.value.field == "self_rating" and "cao hơn mức tối đa" in err.value.message
    assert not SelfReview.objects.filter(member=member, status="submitted").exists()
    # The warning is on the page in plain sight, with the box to confirm.
    client.force_login(member.user)
    preview = client.post(
        f"/tu-kiem-diem/{campaign.pk}/xem-truoc/",
        {**{k: v for k, v in late.__dict__.items() if v is not None and k != "remedy_items"}},
    ).content.decode()
    assert "cao hơn mức cao nhất" in preview and 'name="confirm_above_ceiling"' in preview
    assert "<details" not in preview.split("vuot-muc")[0]
    review = self_review_save(
        actor=member.user,
        campaign=campaign,
        member=member,
        data=late,
        submit=True,
        confirm_above_ceiling=True,
    )
    assert review.above_ceiling == "GOOD"
    client.force_login(secretary_a)
    page = client.get(f"/chi-bo/{campaign.pk}/CB-TT/").content.decode()
    assert "Cao hơn mức tối đa theo dữ liệu (Hoàn thành tốt nhiệm vụ)" in page
