"""Hủy bỏ kết quả và xếp loại lại (000 §B.6, 003 §III.2, 004 §IV.3; Mẫu 03 under HD 43):
the authority cancels an issued result with its reason, then issues a re-rating decision.
The cancelled result stays in the record and both steps are chained in the ledger."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from kiemdiem.apps.accounts.permissions import ensure_can_manage
from kiemdiem.apps.audit.services import audit_record, snapshot
from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.campaigns.services import ensure_open
from kiemdiem.apps.complaints.models import Complaint
from kiemdiem.apps.core.errors import ServiceError
from kiemdiem.apps.evaluation.keys import kind_of, member_pk_of
from kiemdiem.apps.evaluation.scenario import recorded_result, subject_names
from kiemdiem.apps.ledger.services import ledger_append
from kiemdiem.apps.members.models import Member
from kiemdiem.rules import load
from kiemdiem.rules.ratings import RATING_LABEL

from .models import DecidedRating, Notification, Rerating
from .selectors import issued_decision_or_refuse
from .services import archive_paper, decision_result, ensure_within_ceiling, proposals

Actor = User | AnonymousUser


@transaction.atomic
def rerating_cancel(
    *,
    actor: Actor,
    campaign: Campaign,
    subject: str,
    cause: str,
    reason: str,
    complaint: Complaint | None = None,
) -> Rerating:
    """Cancel the issued result of one subject, with the cause and a written reason."""
    ensure_can_manage(actor, campaign.organization)
    if not isinstance(actor, User):
        raise ServiceError("__all__", "Cần đăng nhập")
    ensure_open(campaign)
    decision = issued_decision_or_refuse(campaign)
    row = DecidedRating.objects.select_for_update().filter(decision=decision, subject=subject)
    decided = row.first()
    if decided is None:
        raise ServiceError("subject", "Đối tượng này không có trong quyết định xếp loại")
    if cause not in Rerating.Cause.values:
        raise ServiceError("cause", "Chọn căn cứ hủy bỏ kết quả")
    if not reason.strip():
        raise ServiceError("reason", "Cần ghi lý do hủy bỏ kết quả")
    if complaint is not None and (
        complaint.campaign_id != campaign.pk or complaint.subject != subject
    ):
        raise ServiceError("complaint", "Khiếu nại không thuộc kết quả này")
    if Rerating.objects.filter(
        decision=decision, subject=subject, status=Rerating.Status.CANCELLED
    ).exists():
        raise ServiceError("subject", "Kết quả của đối tượng này đã hủy bỏ, đang chờ xếp loại lại")
    rerating = Rerating.objects.create(
        decision=decision,
        subject=subject,
        previous_rating=decided.rating,
        cause=cause,
        reason=reason.strip(),
        complaint=complaint,
        cancelled_by=actor,
        cancelled_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="rerating.cancel",
        obj=rerating,
        organization=campaign.organization,
        after=snapshot(rerating),
        subject=subject,
        reason=rerating.reason,
    )
    ledger_append(
        actor=actor,
        action="rerating.cancel",
        obj=rerating,
        payload={"subject": subject, "previous": decided.rating, "cause": cause},
    )
    return rerating


@transaction.atomic
def rerating_issue(
    *, actor: Actor, rerating: Rerating, rating: str, number: str, issued_on: date
) -> Rerating:
    """Issue the re-rating decision (Mẫu 03): the new rating within today's ceiling and the
    quota; the decided rating changes and the old one stays in the rerating record."""
    decision = rerating.decision
    campaign = decision.campaign
    ensure_can_manage(actor, campaign.organization)
    if not isinstance(actor, User):
        raise ServiceError("__all__", "Cần đăng nhập")
    ensure_open(campaign)
    rerating = Rerating.objects.select_for_update().get(pk=rerating.pk)
    if rerating.status != Rerating.Status.CANCELLED:
        raise ServiceError("__all__", f"Đã ban hành quyết định xếp loại lại số {rerating.number}")
    kind = kind_of(rerating.subject)
    if rating not in load(campaign.ruleset).scale(kind):
        raise ServiceError("rating", "Chọn mức xếp loại trong thang của bộ quy tắc")
    if not number.strip():
        raise ServiceError("number", "Cần ghi số quyết định xếp loại lại")
    if decision.issued_on is not None and issued_on < decision.issued_on:
        raise ServiceError(
            "issued_on",
            f"Ngày ban hành trước ngày của quyết định xếp loại ({decision.issued_on:%d/%m/%Y})",
        )
    # Today's data: a discipline found later lowers the ceiling the engine computes now.
    now = recorded_result(campaign, fresh=True).subject(rerating.subject)
    ensure_within_ceiling(now, rating, verb="xếp loại lại")
    decided = DecidedRating.objects.select_for_update().get(
        decision=decision, subject=rerating.subject
    )
    before = snapshot(decided)
    decided.rating = rating
    decided.reason = f"Xếp loại lại theo quyết định số {number.strip()}: {rerating.reason}"
    decided.decided_by = actor
    decided.save()
    over = [
        c.message
        for c in decision_result(campaign, proposed=proposals(campaign)).checks
        if c.code == "quota_exceeded"
    ]
    if over:
        # Undo by raising: the transaction rolls back the changed rating with it.
        raise ServiceError("rating", over[0])
    audit_record(
        actor=actor,
        action="decision.rerate",
        obj=decided,
        organization=campaign.organization,
        before=before,
        after=snapshot(decided),
        subject=rerating.subject,
        reason=rerating.reason,
    )
    r_before = snapshot(rerating)
    rerating.status = Rerating.Status.ISSUED
    rerating.rating, rerating.number, rerating.issued_on = rating, number.strip(), issued_on
    rerating.issued_by = actor
    rerating.save()
    audit_record(
        actor=actor,
        action="rerating.issue",
        obj=rerating,
        organization=campaign.organization,
        before=r_before,
        after=snapshot(rerating),
        subject=rerating.subject,
    )
    ledger_append(
        actor=actor,
        action="rerating.issue",
        obj=rerating,
        payload={
            "subject": rerating.subject,
            "previous": rerating.previous_rating,
            "rating": rating,
            "number": rerating.number,
            "issued_on": issued_on.isoformat(),
        },
    )
    archive_paper(actor, campaign, "rerating", str(rerating.pk))
    _notify(campaign, rerating)
    return rerating


def _notify(campaign: Campaign, rerating: Rerating) -> None:
    if kind_of(rerating.subject) != "member":
        return
    member = Member.objects.filter(pk=member_pk_of(rerating.subject)).first()
    if member is None or member.user_id is None:
        return
    name = subject_names([rerating.subject]).get(rerating.subject, rerating.subject)
    Notification.objects.create(
        user_id=member.user_id,
        text=(
            f"Quyết định xếp loại lại số {rerating.number} ngày {rerating.issued_on:%d/%m/%Y}: "
            f"đồng chí {name} được xếp loại lại “{RATING_LABEL[rerating.rating]}” năm "
            f"{campaign.year} (trước đây: {RATING_LABEL[rerating.previous_rating]})."
        ),
        url=reverse("campaign-results", args=[campaign.pk]),
    )
