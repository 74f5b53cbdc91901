"""Opening a campaign and moving its milestones: one transaction, one audit row each."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction

from kiemdiem.apps.accounts.permissions import ensure_can_manage
from kiemdiem.apps.audit.services import audit_record, snapshot
from kiemdiem.apps.core.errors import ServiceError
from kiemdiem.apps.organizations.models import PartyOrganization
from kiemdiem.rules import RuleSetError, load
from kiemdiem.rules.schedule import schedule, violations

from .models import Campaign, Milestone

Actor = User | AnonymousUser
# A campaign is opened by the office of an organization that has cells to review.
CAMPAIGN_KINDS = ("upper_committee", "grassroots_committee", "grassroots_cell", "sub_committee")


@transaction.atomic
def campaign_create(
    *,
    actor: Actor,
    organization: PartyOrganization,
    year: int,
    ruleset: str,
    meeting_on: date,
    title: str = "",
) -> Campaign:
    ensure_can_manage(actor, organization)
    if not isinstance(actor, User):
        raise ServiceError("__all__", "Cần đăng nhập để lập kế hoạch")
    if organization.kind not in CAMPAIGN_KINDS:
        raise ServiceError(
            "organization", f"“{organization.name}” không lập kế hoạch kiểm điểm riêng"
        )
    if not 1990 <= year <= 2100:
        raise ServiceError("year", f"Năm không hợp lệ: {year}")
    try:
        rules = load(ruleset)
    except RuleSetError as exc:
        raise ServiceError("ruleset", f"Bộ quy tắc không tồn tại: “{ruleset}”") from exc
    if meeting_on.year not in (year, year + 1):
        raise ServiceError(
            "meeting_on", f"Ngày họp {meeting_on:%d/%m/%Y} không thuộc kỳ kiểm điểm năm {year}"
        )
    if Campaign.objects.filter(organization=organization, year=year).exists():
        raise ServiceError("year", f"{organization.name} đã có kế hoạch kiểm điểm năm {year}")
    campaign = Campaign.objects.create(
        organization=organization,
        year=year,
        title=title.strip() or f"Kế hoạch kiểm điểm, đánh giá, xếp loại chất lượng năm {year}",
        ruleset=rules.ref,
        meeting_on=meeting_on,
        created_by=actor,
    )
    Milestone.objects.bulk_create(
        Milestone(
            campaign=campaign,
            code=m.code,
            title=m.title,
            cite=m.cite,
            rule=m.rule,
            due_on=m.due_on,
            order=m.order,
        )
        for m in schedule(rules, year=year, meeting_on=meeting_on)
    )
    audit_record(
        actor=actor,
        action="campaign.create",
        obj=campaign,
        organization=organization,
        after={
            **snapshot(campaign),
            "milestones": {m.code: m.due_on.isoformat() for m in campaign.milestones.all()},
        },
    )
    return campaign


@transaction.atomic
def milestone_reschedule(
    *, actor: Actor, milestone: Milestone, due_on: date, reason: str
) -> Milestone:
    """Move a milestone; refused when it would break a rule of the rule set (e.g. the draft
    report must reach participants 3 working days before the meeting, 000 §A.4.1)."""
    campaign = milestone.campaign
    ensure_can_manage(actor, campaign.organization)
    if campaign.status == Campaign.Status.CLOSED:
        raise ServiceError("__all__", "Kế hoạch đã kết thúc: không sửa được mốc thời gian")
    if not reason.strip():
        raise ServiceError("reason", "Cần ghi lý do điều chỉnh mốc thời gian")
    dates = {m.code: m.due_on for m in campaign.milestones.select_for_update()}
    dates[milestone.code] = due_on
    broken = violations(load(campaign.ruleset), dates)
    if broken:
        raise ServiceError("due_on", "; ".join(message for _, message in broken))
    before = snapshot(milestone, ["due_on"])
    milestone.due_on = due_on
    milestone.save(update_fields=["due_on"])
    if milestone.code == "cell_meeting":
        campaign.meeting_on = due_on
        campaign.save(update_fields=["meeting_on"])
    audit_record(
        actor=actor,
        action="milestone.reschedule",
        obj=milestone,
        organization=campaign.organization,
        before=before,
        after=snapshot(milestone, ["due_on"]),
        reason=reason.strip(),
    )
    return milestone


def ensure_open(campaign: Campaign) -> None:
    """A closed campaign is read-only: every write into it stops here."""
    if campaign.status != Campaign.Status.OPEN:
        raise ServiceError("__all__", "Kế hoạch đã kết thúc: chỉ xem, không sửa được")
