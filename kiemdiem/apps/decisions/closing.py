"""Closing a campaign: every subject decided or explained (pending, not rated), nothing
left open after the decision; a closed campaign is read-only. Reopening is an explicit,
reasoned act (a violation found after closing must still be re-rated, 000 §B.6)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.utils import timezone

from kiemdiem.apps.accounts.permissions import ensure_can_manage
from kiemdiem.apps.audit.services import audit_record, snapshot
from kiemdiem.apps.campaigns.board import CELL_KINDS
from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.campaigns.services import ensure_open
from kiemdiem.apps.complaints.models import Complaint
from kiemdiem.apps.core.errors import ServiceError
from kiemdiem.apps.evaluation.scenario import subject_names
from kiemdiem.apps.ledger.services import ledger_append
from kiemdiem.apps.organizations.models import PartyOrganization
from kiemdiem.apps.reviews.models import Meeting
from kiemdiem.rules import Result

from .models import ClassificationDecision, DecidedRating, Rerating
from .services import decision_stored

Actor = User | AnonymousUser
NAMED = 20  # subjects named in a message; the decision page lists the rest


def closing_blockers(campaign: Campaign, *, result: Result | None = None) -> list[str]:
    """What still stands between the campaign and its closing, in Vietnamese; empty when
    it may close. `result`: the decision's result when the caller has it already."""
    out: list[str] = []
    decision = ClassificationDecision.objects.filter(campaign=campaign).first()
    if decision is None or decision.status != ClassificationDecision.Status.ISSUED:
        out.append("Chưa ban hành quyết định xếp loại")
    cells = PartyOrganization.objects.filter(
        path__startswith=campaign.organization.path, kind__in=CELL_KINDS
    )
    submitted = set(
        Meeting.objects.filter(
            campaign=campaign, collective__isnull=True, status=Meeting.Status.SUBMITTED
        ).values_list("organization_id", flat=True)
    )
    waiting = [c.name for c in cells if c.pk not in submitted]
    if waiting:
        out.append(f"Chưa báo cáo kết quả kiểm điểm: {', '.join(waiting)}")
    if decision is not None and decision.status == ClassificationDecision.Status.ISSUED:
        if result is not None:
            decided = set(
                DecidedRating.objects.filter(decision=decision).values_list("subject", flat=True)
            )
            rated = [str(s.key) for s in result.subjects if s.status == "rated"]
            undecided = [k for k in rated if k not in decided]
        else:  # the stored result, joined in the database: no 200,000 keys read twice
            stored = decision_stored(campaign, fresh=True)
            undecided = list(
                stored.rows.filter(status="rated")
                .exclude(key__in=DecidedRating.objects.filter(decision=decision).values("subject"))
                .order_by("name")
                .values_list("key", flat=True)[: NAMED + 1]
            )
        if undecided and not waiting:
            names = subject_names(undecided[:NAMED])
            listed = ", ".join(sorted(names.get(k, k) for k in undecided[:NAMED]))
            more = " và những đối tượng khác" if len(undecided) > NAMED else ""
            out.append(f"Chưa có mức quyết định: {listed}{more}")
    open_complaints = Complaint.objects.filter(campaign=campaign).exclude(
        status=Complaint.Status.ANSWERED
    )
    if open_complaints.exists():
        out.append(f"Còn {open_complaints.count()} khiếu nại chưa trả lời bằng văn bản")
    open_reratings = Rerating.objects.filter(
        decision__campaign=campaign, status=Rerating.Status.CANCELLED
    )
    if open_reratings.exists():
        out.append(f"Còn {open_reratings.count()} kết quả đã hủy bỏ chưa xếp loại lại")
    return out


@transaction.atomic
def campaign_close(*, actor: Actor, campaign: Campaign) -> Campaign:
    ensure_can_manage(actor, campaign.organization)
    if not isinstance(actor, User):
        raise ServiceError("__all__", "Cần đăng nhập")
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    ensure_open(campaign)
    blockers = closing_blockers(campaign)
    if blockers:
        raise ServiceError("__all__", "Chưa kết thúc được kế hoạch: " + "; ".join(blockers))
    before = snapshot(campaign, ["status", "closed_at", "closed_by"])
    campaign.status = Campaign.Status.CLOSED
    campaign.closed_at, campaign.closed_by = timezone.now(), actor
    campaign.save(update_fields=["status", "closed_at", "closed_by"])
    audit_record(
        actor=actor,
        action="campaign.close",
        obj=campaign,
        organization=campaign.organization,
        before=before,
        after=snapshot(campaign, ["status", "closed_at", "closed_by"]),
    )
    ledger_append(
        actor=actor, action="campaign.close", obj=campaign, payload={"year": campaign.year}
    )
    return campaign


@transaction.atomic
def campaign_reopen(*, actor: Actor, campaign: Campaign, reason: str) -> Campaign:
    ensure_can_manage(actor, campaign.organization)
    if not isinstance(actor, User):
        raise ServiceError("__all__", "Cần đăng nhập")
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status != Campaign.Status.CLOSED:
        raise ServiceError("__all__", "Kế hoạch đang thực hiện")
    if not reason.strip():
        raise ServiceError("reason", "Cần ghi lý do mở lại kế hoạch")
    before = snapshot(campaign, ["status", "closed_at", "closed_by"])
    campaign.status = Campaign.Status.OPEN
    campaign.closed_at, campaign.closed_by = None, None
    campaign.save(update_fields=["status", "closed_at", "closed_by"])
    audit_record(
        actor=actor,
        action="campaign.reopen",
        obj=campaign,
        organization=campaign.organization,
        before=before,
        after=snapshot(campaign, ["status", "closed_at", "closed_by"]),
        reason=reason.strip(),
    )
    ledger_append(
        actor=actor, action="campaign.reopen", obj=campaign, payload={"reason": reason.strip()}
    )
    return campaign
