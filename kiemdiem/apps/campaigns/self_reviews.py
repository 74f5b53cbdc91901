"""The member's self-review (Mẫu 02): saving, submitting, and the engine's preview of the
highest rating the facts allow while the member writes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.utils import timezone

from kiemdiem.apps.audit.services import audit_record, snapshot
from kiemdiem.apps.core.errors import PermissionDenied, ServiceError
from kiemdiem.apps.members.models import Member
from kiemdiem.apps.organizations.scenario import member_scenario_entry
from kiemdiem.rules import Result, evaluate, load, parse
from kiemdiem.rules.messages import d

from .models import Campaign, RemedyStatus, SelfReview

Actor = User | AnonymousUser
PERCENTAGES = ("tasks_on_time_pct", "tasks_exceeded_pct", "targets_completed_pct", "tasks_late_pct")
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
    proposed: str = ""
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
    if data.proposed and data.proposed not in SelfReview.Rating.values:
        raise ServiceError("proposed", "Mức tự xếp loại không hợp lệ")
    for field, top in (("general_points", 30), ("results_points", 70)):
        value = getattr(data, field)
        if value is not None and not (0 <= value <= top):
            raise ServiceError(field, f"Điểm phải từ 0 đến {top}")
        if value is not None and (value * 2) % 1:
            raise ServiceError(field, "Điểm chấm theo bước 0,5 điểm")
    for field in PERCENTAGES:
        value = getattr(data, field)
        if value is not None and not (0 <= value <= 100):
            raise ServiceError(field, "Tỷ lệ phải từ 0 đến 100 %")
    for i, (text, status) in enumerate(data.remedy_items, start=1):
        if status not in RemedyStatus.values and (status or submit):
            raise ServiceError(f"remedy_{i}", f"Hạn chế thứ {i}: chọn mức độ khắc phục")
        if not text.strip():
            raise ServiceError(f"remedy_{i}", f"Hạn chế thứ {i}: nội dung trống")
    if not submit:
        return
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
    if not data.proposed:
        raise ServiceError("proposed", "Cần tự xếp loại trước khi nộp")


@transaction.atomic
def self_review_save(
    *, actor: Actor, campaign: Campaign, member: Member, data: SelfReviewInput, submit: bool = False
) -> SelfReview:
    if not isinstance(actor, User) or member.user_id != actor.pk:
        raise PermissionDenied("Chỉ đảng viên tự viết bản tự kiểm điểm của mình")
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
    _check(campaign, data, submit=submit)
    review, created = SelfReview.objects.select_for_update().get_or_create(
        campaign=campaign, member=member
    )
    before = None if created else snapshot(review)
    for field, value in asdict(data).items():
        if field == "remedy_items":
            value = [{"text": t.strip(), "status": st} for t, st in data.remedy_items]
        setattr(review, field, value.strip() if isinstance(value, str) else value)
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
        subject=f"member/M{member.pk}",
    )
    return review


def self_review_facts(data: Any) -> dict[str, Any]:
    """The facts a self-review gives the engine: the task figures and the share of last
    year's shortcomings fixed (from the remedy items)."""
    facts: dict[str, Any] = {
        name: getattr(data, name) for name in PERCENTAGES if getattr(data, name) is not None
    }
    items = data.remedy_items
    if items:
        fixed = sum(1 for item in items if _status(item) == RemedyStatus.FIXED)
        if any(not _status(item) for item in items):
            return facts  # not every shortcoming marked yet: no share to judge by
        facts["shortcomings_fixed_pct"] = round(100 * fixed / len(items), 1)
    return facts


def _status(item: Any) -> str:
    return str(item["status"] if isinstance(item, dict) else item[1])


def remedy_prefill(*, campaign: Campaign, member: Member) -> list[dict[str, str]]:
    """Last year's shortcomings — those the member wrote and those the meeting pointed out
    to them — one item per line or sentence, to be marked this year."""
    from kiemdiem.apps.cells.models import AgendaItem  # cells builds on campaigns

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


def self_review_preview(*, campaign: Campaign, member: Member, data: Any) -> Result:
    """The engine on this member alone: their record plus what the form says."""
    entry = member_scenario_entry(
        member, year=campaign.year, as_of=campaign.meeting_on, organization="C"
    )
    entry["id"] = "M"  # the preview's only member; the view reads it back by this id
    entry.setdefault("facts", {})
    if data.key_level and data.other_level:
        entry["levels"] = {"key": data.key_level, "other": data.other_level}
    if data.general_points is not None and data.results_points is not None:
        entry["score"] = float(data.general_points + data.results_points)
    entry["facts"].update(self_review_facts(data))
    if data.proposed:
        entry["proposed"] = data.proposed
    scenario = {
        "version": 1,
        "ruleset": campaign.ruleset,
        "year": campaign.year,
        "as_of": campaign.meeting_on.isoformat(),
        "organizations": [
            {"id": "C", "name": member.organization.name, "kind": "cell", "parent": None}
        ],
        "members": [entry],
    }
    return evaluate(parse(scenario, source="preview"))
