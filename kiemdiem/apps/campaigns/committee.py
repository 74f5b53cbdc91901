"""The committee's own writes to a campaign: who supervises each cell (004 §VI.2) and the
review suggestions the upper levels issue (gợi ý kiểm điểm, 001 §4; 002 §3.5)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction

from kiemdiem.apps.accounts.permissions import ensure_can_manage
from kiemdiem.apps.audit.services import audit_record, snapshot
from kiemdiem.apps.core.errors import ServiceError
from kiemdiem.apps.members.models import Member
from kiemdiem.apps.organizations.models import LeadershipCollective, PartyOrganization

from .models import Campaign, CellSupervisor, ReviewSuggestion

Actor = User | AnonymousUser
CELL_KINDS = ("cell", "grassroots_cell", "sub_committee")


@transaction.atomic
def supervisor_assign(
    *, actor: Actor, campaign: Campaign, cell: PartyOrganization, member: Member
) -> CellSupervisor:
    ensure_can_manage(actor, campaign.organization)
    if campaign.status != Campaign.Status.OPEN:
        raise ServiceError("__all__", "Kế hoạch đã kết thúc")
    if cell.kind not in CELL_KINDS or not cell.path.startswith(campaign.organization.path):
        raise ServiceError("cell", f"“{cell.name}” không phải chi bộ của kế hoạch này")
    sits_on_committee = member.collective_memberships.filter(
        collective__organization=campaign.organization,
        collective__kind="party_committee",
        ended_on__isnull=True,
    ).exists()
    if not sits_on_committee:
        raise ServiceError(
            "member", f"{member.full_name} không là cấp ủy viên của {campaign.organization.name}"
        )
    if CellSupervisor.objects.filter(campaign=campaign, cell=cell, member=member).exists():
        raise ServiceError("member", f"{member.full_name} đã được phân công phụ trách {cell.name}")
    row = CellSupervisor.objects.create(campaign=campaign, cell=cell, member=member)
    audit_record(
        actor=actor,
        action="supervisor.assign",
        obj=row,
        organization=cell,
        after=snapshot(row),
    )
    return row


@transaction.atomic
def suggestion_issue(
    *,
    actor: Actor,
    campaign: Campaign,
    issuer: PartyOrganization,
    content: str,
    issued_on: date,
    member: Member | None = None,
    collective: LeadershipCollective | None = None,
    organization: PartyOrganization | None = None,
) -> ReviewSuggestion:
    """An upper level names one member, collective or organization under it."""
    ensure_can_manage(actor, issuer)
    if not isinstance(actor, User):
        raise ServiceError("__all__", "Cần đăng nhập để gợi ý kiểm điểm")
    if campaign.status != Campaign.Status.OPEN:
        raise ServiceError("__all__", "Kế hoạch đã kết thúc")
    targets = [t for t in (member, collective, organization) if t is not None]
    if len(targets) != 1:
        raise ServiceError("target", "Gợi ý cho đúng một đảng viên, tập thể hoặc tổ chức đảng")
    if member is not None:
        where = member.organization
    elif collective is not None:
        where = collective.organization
    else:
        assert organization is not None
        where = organization
    if not where.path.startswith(issuer.path) or not where.path.startswith(
        campaign.organization.path
    ):
        raise ServiceError("target", f"Đối tượng được gợi ý không thuộc {issuer.name}")
    if organization is not None and organization.pk == issuer.pk:
        raise ServiceError("organization", "Cấp trên gợi ý cho cấp dưới, không tự gợi ý")
    if not content.strip():
        raise ServiceError("content", "Nội dung gợi ý kiểm điểm không được để trống")
    row = ReviewSuggestion.objects.create(
        campaign=campaign,
        issuer=issuer,
        member=member,
        collective=collective,
        organization=organization,
        content=content.strip(),
        issued_on=issued_on,
        issued_by=actor,
    )
    audit_record(
        actor=actor,
        action="suggestion.issue",
        obj=row,
        organization=where,
        after=snapshot(row),
    )
    return row
