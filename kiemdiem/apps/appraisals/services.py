"""Recording the office's appraisal of one subject's proposal (thẩm định)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction

from kiemdiem.apps.accounts.permissions import ensure_can_manage
from kiemdiem.apps.audit.services import audit_record, snapshot
from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.campaigns.services import ensure_open
from kiemdiem.apps.core.errors import ServiceError
from kiemdiem.apps.evaluation.keys import kind_of, member_pk_of
from kiemdiem.apps.evaluation.scenario import recorded_result
from kiemdiem.apps.members.models import CivilServiceRating, Member
from kiemdiem.apps.organizations.models import PartyOrganization
from kiemdiem.apps.reviews.models import Meeting, SubmittedProposal
from kiemdiem.rules import RuleSet, load
from kiemdiem.rules.ratings import RANK, RATING_LABEL

from .models import Appraisal, Opinion

Actor = User | AnonymousUser


def submitted_cell(campaign: Campaign, subject: str) -> Meeting | None:
    """The submitted cell meeting whose proposals include `subject` ("member/M12")."""
    found = (
        SubmittedProposal.objects.filter(
            campaign=campaign, subject=subject, meeting__collective__isnull=True
        )
        .select_related("meeting__organization")
        .order_by("pk")
        .first()
    )
    return found.meeting if found else None


def _order_cite(rules: RuleSet) -> str:
    cites = rules.process.get("cites", {})
    return str(cites.get("order", rules.ref))


@transaction.atomic
def appraisal_record(
    *,
    actor: Actor,
    campaign: Campaign,
    subject: str,
    verdict: str,
    rating: str = "",
    reason: str = "",
) -> Appraisal:
    ensure_can_manage(actor, campaign.organization)
    if not isinstance(actor, User):
        raise ServiceError("__all__", "Cần đăng nhập để thẩm định")
    if campaign.status != Campaign.Status.OPEN:
        raise ServiceError("__all__", "Kế hoạch đã kết thúc")
    meeting = submitted_cell(campaign, subject)
    if meeting is None:
        raise ServiceError("subject", "Chi bộ chưa báo cáo đề xuất của đối tượng này")
    if verdict not in Appraisal.Verdict.values:
        raise ServiceError("verdict", "Chọn nhất trí hoặc đề nghị mức khác")
    kind = kind_of(subject)
    rules = load(campaign.ruleset)
    if kind == "member" and "civil_service_before_party" in rules.process.get("order", ()):
        # The civil-service rating comes first and is the basis of the party rating.
        member = Member.objects.filter(pk=member_pk_of(subject)).first()
        if (
            member is not None
            and member.is_civil_servant
            and not CivilServiceRating.objects.filter(member=member, year=campaign.year).exists()
        ):
            raise ServiceError(
                "subject",
                f"{member.full_name}: chưa có xếp loại cán bộ, công chức, viên chức năm "
                f"{campaign.year} — xếp loại công chức trước, xếp loại đảng viên sau "
                f"({_order_cite(rules)})",
            )
    if verdict == Appraisal.Verdict.OTHER:
        if rating not in rules.scale(kind):
            raise ServiceError("rating", "Chọn mức đề nghị trong thang của bộ quy tắc")
        if not reason.strip():
            raise ServiceError("reason", "Đề nghị mức khác cần ghi lý do")
        today = recorded_result(campaign, fresh=True).subject(subject)
        ceiling = today.ceiling if today else None
        if ceiling is not None and RANK[rating] > RANK[ceiling]:
            raise ServiceError(
                "rating",
                f"Mức {RATING_LABEL[rating]} cao hơn mức cao nhất dữ liệu cho phép "
                f"({RATING_LABEL[ceiling]})",
            )
    else:
        rating, reason = "", reason.strip()
    row = Appraisal.objects.select_for_update().filter(campaign=campaign, subject=subject).first()
    before = snapshot(row) if row else None
    if row is None:
        row = Appraisal(campaign=campaign, subject=subject, cell=meeting.organization)
    row.verdict, row.rating, row.reason, row.appraised_by = verdict, rating, reason.strip(), actor
    row.save()
    audit_record(
        actor=actor,
        action="appraisal.record",
        obj=row,
        organization=meeting.organization,
        before=before,
        after=snapshot(row),
        subject=subject,
    )
    return row


# Who gives an opinion on whom (000 §B.1.5 step 2): the đảng bộ itself hears the upper
# board; its cells hear the standing committee and the mass organizations.
OPINION_BODIES_FOR_ROOT = ("upper_board", "vertical_agency")
OPINION_BODIES_FOR_CELL = ("standing_committee", "union", "youth_union", "vertical_agency")


@transaction.atomic
def opinion_request(
    *, actor: Actor, campaign: Campaign, organization: PartyOrganization, body: str, on: date
) -> Opinion:
    ensure_can_manage(actor, campaign.organization)
    ensure_open(campaign)
    if not organization.path.startswith(campaign.organization.path):
        raise ServiceError("organization", f"“{organization.name}” không thuộc kế hoạch này")
    allowed = (
        OPINION_BODIES_FOR_ROOT
        if organization.pk == campaign.organization_id
        else OPINION_BODIES_FOR_CELL
    )
    if body not in allowed:
        raise ServiceError("body", f"Không lấy ý kiến chủ thể này đối với {organization.name}")
    if Opinion.objects.filter(campaign=campaign, organization=organization, body=body).exists():
        raise ServiceError("body", "Đã đề nghị chủ thể này cho ý kiến")
    row = Opinion.objects.create(
        campaign=campaign, organization=organization, body=body, requested_on=on
    )
    audit_record(
        actor=actor,
        action="opinion.request",
        obj=row,
        organization=organization,
        after=snapshot(row),
    )
    return row


@transaction.atomic
def opinion_record(*, actor: Actor, opinion: Opinion, content: str, received_on: date) -> Opinion:
    ensure_can_manage(actor, opinion.campaign.organization)
    ensure_open(opinion.campaign)
    if not content.strip():
        raise ServiceError("content", "Cần ghi nội dung ý kiến")
    if received_on < opinion.requested_on:
        raise ServiceError("received_on", "Ngày nhận ý kiến trước ngày đề nghị")
    before = snapshot(opinion)
    opinion.content, opinion.received_on = content.strip(), received_on
    opinion.save()
    audit_record(
        actor=actor,
        action="opinion.record",
        obj=opinion,
        organization=opinion.organization,
        before=before,
        after=snapshot(opinion),
    )
    return opinion
