"""The member's self-review (Mẫu 02): saving, submitting, and the engine's preview of the
highest rating the facts allow while the member writes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from kiemdiem.apps.accounts.permissions import ensure_can_run
from kiemdiem.apps.audit.services import audit_record, snapshot
from kiemdiem.apps.core.errors import PermissionDenied, ServiceError
from kiemdiem.apps.core.scores import check_points
from kiemdiem.apps.evaluation.keys import member_key
from kiemdiem.apps.evaluation.preview import self_review_preview
from kiemdiem.apps.members.models import Member
from kiemdiem.rules import load
from kiemdiem.rules.messages import d
from kiemdiem.rules.ratings import RANK, RATING_LABEL

from .models import PERCENTAGES, Campaign, RemedyStatus, SelfReview, SelfReviewVersion

Actor = User | AnonymousUser
TEXTS = ("strengths", "shortcomings", "remedy", "suggestions", "direction", "commitment")
REQUIRED_TO_SUBMIT = {
    "strengths": "Ưu điểm",
    "shortcomings": "Hạn chế, khuyết điểm và nguyên nhân",
    "direction": "Phương hướng, biện pháp khắc phục",
    "commitment": "Cam kết tu dưỡng, rèn luyện, phấn đấu",
}


@dataclass(frozen=True)
class SelfReviewInput:
    strengths: str = ""
    shortcomings: str = ""
    remedy: str = ""
    suggestions: str = ""
    direction: str = ""
    commitment: str = ""
    key_level: str = ""
    other_level: str = ""
    general_points: Decimal | None = None
    results_points: Decimal | None = None
    tasks_on_time_pct: int | None = None
    tasks_exceeded_pct: int | None = None
    targets_completed_pct: int | None = None
    tasks_late_pct: int | None = None
    self_rating: str = ""
    # Last year's shortcomings and how far each was remedied: ((text, status), ...).
    remedy_items: tuple[tuple[str, str], ...] = ()


def input_from(values: Mapping[str, Any]) -> SelfReviewInput:
    """The input from a form's or a saved review's values (None text becomes "")."""
    fields = SelfReviewInput.__dataclass_fields__
    kwargs: dict[str, Any] = {}
    for name, spec in fields.items():
        value = values.get(name)
        if spec.type == "str":
            kwargs[name] = value or ""
        elif name == "remedy_items":
            kwargs[name] = tuple(
                (item["text"], item["status"]) if isinstance(item, dict) else tuple(item)
                for item in value or ()
            )
        else:
            kwargs[name] = value
    return SelfReviewInput(**kwargs)


def asks_for(campaign: Campaign) -> str:
    """'points' when the rule set rates members on a score (QĐ 366), else 'criteria'."""
    rules = load(campaign.ruleset)
    return "points" if rules.by_mechanism("points_bands") else "criteria"


def _check(campaign: Campaign, data: SelfReviewInput, *, submit: bool) -> None:
    if data.key_level and data.key_level not in SelfReview.Level.values:
        raise ServiceError("key_level", "Cấp độ không hợp lệ")
    if data.other_level and data.other_level not in SelfReview.Level.values:
        raise ServiceError("other_level", "Cấp độ không hợp lệ")
    if data.self_rating and data.self_rating not in SelfReview.Rating.values:
        raise ServiceError("self_rating", "Mức tự xếp loại không hợp lệ")
    check_points(data.general_points, data.results_points)
    for field in PERCENTAGES:
        value = getattr(data, field)
        if value is not None and not (0 <= value <= 100):
            raise ServiceError(field, "Tỷ lệ phải từ 0 đến 100 %")
    for i, (text, status) in enumerate(data.remedy_items, start=1):
        if status not in RemedyStatus.values and (status or submit):
            raise ServiceError(f"remedy_{i}", f"Hạn chế thứ {i}: chọn mức độ khắc phục")
        if not text.strip():
            raise ServiceError(f"remedy_{i}", f"Hạn chế thứ {i}: nội dung trống")
    if submit:
        _check_complete(campaign, data)


def _check_complete(campaign: Campaign, data: SelfReviewInput) -> None:
    """What submitting needs besides valid values: every section, the self-assessment the
    rule set asks for (points or criteria levels) and the self-rating."""
    for field, label in REQUIRED_TO_SUBMIT.items():
        if not getattr(data, field).strip():
            raise ServiceError(field, f"Cần viết phần “{label}” trước khi nộp")
    if asks_for(campaign) == "points":
        for field in ("general_points", "results_points"):
            if getattr(data, field) is None:
                raise ServiceError(field, "Cần tự chấm điểm trước khi nộp")
    else:
        for field in ("key_level", "other_level"):
            if not getattr(data, field):
                raise ServiceError(field, "Cần tự đánh giá cấp độ tiêu chí trước khi nộp")
    if not data.self_rating:
        raise ServiceError("self_rating", "Cần tự xếp loại trước khi nộp")


def _window(campaign: Campaign, member: Member) -> None:
    """A self-review changes only while the campaign is open, before the meeting's day
    and before the cell has reviewed the member."""
    if campaign.status != Campaign.Status.OPEN:
        raise ServiceError("__all__", "Kế hoạch đã kết thúc")
    if not member.organization.path.startswith(campaign.organization.path):
        raise PermissionDenied("Đảng viên không thuộc tổ chức của kế hoạch này")
    meeting = campaign.milestones.get(code="cell_meeting").due_on
    if timezone.localdate() > meeting:
        raise ServiceError(
            "__all__", f"Đã qua ngày chi bộ họp ({d(meeting)}): không sửa được bản tự kiểm điểm"
        )
    held = member.agenda_items.filter(
        meeting__campaign=campaign, meeting__status__in=("held", "submitted"), pending=False
    ).exists()
    if held:
        raise ServiceError("__all__", "Chi bộ đã họp kiểm điểm: không sửa được bản tự kiểm điểm")


def window_reason(campaign: Campaign, member: Member) -> str:
    """Why no self-review of this member may change now ("" while it may)."""
    try:
        _window(campaign, member)
    except (ServiceError, PermissionDenied) as exc:
        return exc.message
    return ""


def readonly_reason(
    campaign: Campaign, member: Member, review: SelfReview | None, *, window: str | None = None
) -> str:
    """Why the form cannot change now ("" when it can): said at the top of the page,
    before anyone types. `window`: `window_reason` when the caller has it already."""
    window = window_reason(campaign, member) if window is None else window
    if window:
        return window
    if review is not None and review.status == SelfReview.Status.SUBMITTED:
        return (
            "Bản tự kiểm điểm đã nộp ngày "
            f"{timezone.localtime(review.submitted_at):%d/%m/%Y} nên không sửa trực tiếp được. "
            "Muốn sửa, đồng chí rút lại bản đã nộp (trước khi chi bộ họp), sửa rồi nộp lại."
            if review.submitted_at
            else "Bản tự kiểm điểm đã nộp nên không sửa trực tiếp được."
        )
    return ""


def above_ceiling(campaign: Campaign, member: Member, data: SelfReviewInput) -> str:
    """The highest level the data allow when the self-rating is above it ("" when not)."""
    if not data.self_rating:
        return ""
    result = self_review_preview(campaign=campaign, member=member, data=data)
    subject = next((s for s in result.subjects if s.type == "member"), None)
    if subject is None or subject.ceiling is None:
        return ""
    return subject.ceiling if RANK[data.self_rating] > RANK[subject.ceiling] else ""


@transaction.atomic
def self_review_save(
    *,
    actor: Actor,
    campaign: Campaign,
    member: Member,
    data: SelfReviewInput,
    submit: bool = False,
    confirm_above_ceiling: bool = False,
) -> SelfReview:
    """Save the member's draft, or submit it. A submitted review is final: it changes only
    after the member withdraws it or the cell returns it (both audited). A self-rating above
    what the data allow is submitted only once the member confirms the warning."""
    if not isinstance(actor, User) or member.user_id != actor.pk:
        raise PermissionDenied("Chỉ đảng viên tự viết bản tự kiểm điểm của mình")
    _window(campaign, member)
    review, created = SelfReview.objects.select_for_update().get_or_create(
        campaign=campaign, member=member
    )
    if review.status == SelfReview.Status.SUBMITTED:
        raise ServiceError(
            "__all__",
            "Bản tự kiểm điểm đã nộp: không sửa trực tiếp được. Rút lại bản đã nộp để sửa "
            "(trước khi chi bộ họp).",
        )
    _check(campaign, data, submit=submit)
    ceiling = above_ceiling(campaign, member, data) if submit else ""
    if ceiling and not confirm_above_ceiling:
        raise ServiceError(
            "self_rating",
            f"Mức tự xếp loại “{RATING_LABEL[data.self_rating]}” cao hơn mức tối đa theo dữ liệu "
            f"hiện có (“{RATING_LABEL[ceiling]}”). Đánh dấu xác nhận nếu đồng chí vẫn nộp: "
            "chi bộ sẽ thấy cảnh báo này.",
        )
    before = None if created else snapshot(review)
    for field, value in asdict(data).items():
        if field == "remedy_items":
            value = [{"text": t.strip(), "status": st} for t, st in data.remedy_items]
        setattr(review, field, value.strip() if isinstance(value, str) else value)
    review.above_ceiling = ceiling
    if submit:
        review.status = SelfReview.Status.SUBMITTED
        review.submitted_at = timezone.now()
    review.save()
    audit_record(
        actor=actor,
        action="self_review.submit" if submit else "self_review.save",
        obj=review,
        organization=member.organization,
        before=before,
        after=snapshot(review),
        subject=member_key(member.pk),
    )
    return review


def _reopen(*, actor: User, review: SelfReview, ended: str, reason: str, action: str) -> SelfReview:
    review = SelfReview.objects.select_for_update().get(pk=review.pk)
    if review.status != SelfReview.Status.SUBMITTED:
        raise ServiceError("__all__", "Bản tự kiểm điểm chưa nộp")
    _window(review.campaign, review.member)
    before = snapshot(review)
    SelfReviewVersion.objects.create(
        review=review,
        number=review.versions.count() + 1,
        content=before,
        submitted_at=review.submitted_at,
        ended=ended,
        reason=reason.strip(),
        ended_by=actor,
        ended_at=timezone.now(),
    )
    review.status = SelfReview.Status.DRAFT
    review.submitted_at = None
    review.above_ceiling = ""
    review.save()
    audit_record(
        actor=actor,
        action=action,
        obj=review,
        organization=review.member.organization,
        before=before,
        after=snapshot(review),
        reason=reason.strip(),
        subject=member_key(review.member_id),
    )
    return review


@transaction.atomic
def self_review_withdraw(*, actor: Actor, review: SelfReview) -> SelfReview:
    """The member takes their submitted review back to change it, before the meeting; the
    submitted text is kept as a version."""
    if not isinstance(actor, User) or review.member.user_id != actor.pk:
        raise PermissionDenied("Chỉ đảng viên rút lại bản tự kiểm điểm của mình")
    return _reopen(
        actor=actor,
        review=review,
        ended=SelfReviewVersion.Ended.WITHDRAWN,
        reason="",
        action="self_review.withdraw",
    )


@transaction.atomic
def self_review_return(*, actor: Actor, review: SelfReview, reason: str) -> SelfReview:
    """The cell's committee returns a submitted review to the member with a reason (a
    section too thin, a figure wrong), before the meeting; the member is told."""
    ensure_can_run(actor, review.member.organization)
    if not isinstance(actor, User):
        raise PermissionDenied("Cần đăng nhập")
    if not reason.strip():
        raise ServiceError("reason", "Cần ghi lý do trả lại bản tự kiểm điểm")
    review = _reopen(
        actor=actor,
        review=review,
        ended=SelfReviewVersion.Ended.RETURNED,
        reason=reason,
        action="self_review.return",
    )
    if review.member.user_id is not None:
        from kiemdiem.apps.decisions.models import Notification  # decisions builds on campaigns

        Notification.objects.create(
            user_id=review.member.user_id,
            text=f"Chi bộ trả lại bản tự kiểm điểm năm {review.campaign.year} để sửa: "
            f"{reason.strip()}"[:500],
            url=reverse("self-review", args=[review.campaign_id]),
        )
    return review


def remedy_prefill(*, campaign: Campaign, member: Member) -> list[dict[str, str]]:
    """Last year's shortcomings — those the member wrote and those the meeting pointed out
    to them — one item per line or sentence, to be marked this year."""
    from kiemdiem.apps.reviews.models import AgendaItem  # reviews builds on campaigns

    texts = list(
        SelfReview.objects.filter(member=member, campaign__year=campaign.year - 1)
        .exclude(shortcomings="")
        .values_list("shortcomings", flat=True)[:1]
    )
    said = (
        AgendaItem.objects.filter(member=member, meeting__campaign__year=campaign.year - 1)
        .exclude(comments="")
        .values_list("comments", flat=True)
    )
    out: list[dict[str, str]] = []
    for source, text in [("", t) for t in texts] + [("Hội nghị góp ý: ", t) for t in said]:
        text = text.replace("\r", "")
        parts = [p for p in (line.strip(" -•\t") for line in text.split("\n")) if p]
        if len(parts) == 1:
            parts = [p.strip() + "." for p in parts[0].rstrip(".").split(". ") if p.strip()]
        out += [{"text": source + p, "status": ""} for p in parts]
    return out
