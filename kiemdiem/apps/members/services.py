"""Writes to members: admission into the roll, transfers, posts."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction

from kiemdiem.apps.accounts.permissions import ensure_can_manage
from kiemdiem.apps.audit.services import audit_record, snapshot
from kiemdiem.apps.core.choices import PostTitle
from kiemdiem.apps.core.errors import ServiceError
from kiemdiem.apps.organizations.models import PartyOrganization

from .models import Member, OrganizationMembership, Post

Actor = User | AnonymousUser
CELL_KINDS = ("cell", "grassroots_cell", "party_group")


@transaction.atomic
def member_create(
    *,
    actor: Actor,
    organization: PartyOrganization,
    full_name: str,
    admitted_on: date,
    full_member_on: date | None = None,
    date_of_birth: date | None = None,
    party_card_number: str | None = None,
    is_civil_servant: bool = False,
    email: str = "",
) -> Member:
    ensure_can_manage(actor, organization)
    if organization.kind not in CELL_KINDS:
        raise ServiceError(
            "organization",
            f"Đảng viên sinh hoạt ở chi bộ hoặc tổ đảng, không ở “{organization.name}”",
        )
    if not full_name.strip():
        raise ServiceError("full_name", "Họ và tên không được để trống")
    if full_member_on is not None and full_member_on < admitted_on:
        raise ServiceError("full_member_on", "Ngày chính thức không được trước ngày vào Đảng")
    if date_of_birth is not None and date_of_birth >= admitted_on:
        raise ServiceError("date_of_birth", "Ngày sinh phải trước ngày vào Đảng")
    card = (party_card_number or "").strip() or None
    if card and Member.objects.filter(party_card_number=card).exists():
        raise ServiceError("party_card_number", f"Số thẻ đảng viên “{card}” đã có người dùng")
    member = Member.objects.create(
        full_name=full_name.strip(),
        organization=organization,
        admitted_on=admitted_on,
        full_member_on=full_member_on,
        date_of_birth=date_of_birth,
        party_card_number=card,
        is_civil_servant=is_civil_servant,
        email=email,
    )
    OrganizationMembership.objects.create(
        member=member, organization=organization, started_on=admitted_on
    )
    audit_record(
        actor=actor,
        action="member.create",
        obj=member,
        organization=organization,
        after=snapshot(member),
    )
    return member


@transaction.atomic
def member_transfer(
    *, actor: Actor, member: Member, to_organization: PartyOrganization, on: date
) -> Member:
    """Chuyển sinh hoạt: the receiving cell rates the member (000 §B.6)."""
    ensure_can_manage(actor, member.organization)
    ensure_can_manage(actor, to_organization)
    if to_organization.kind not in CELL_KINDS:
        raise ServiceError("to_organization", "Chỉ chuyển sinh hoạt đến chi bộ hoặc tổ đảng")
    if to_organization.pk == member.organization_id:
        raise ServiceError("to_organization", "Đảng viên đang sinh hoạt ở chi bộ này")
    current = OrganizationMembership.objects.select_for_update().get(
        member=member, ended_on__isnull=True
    )
    if on <= current.started_on:
        raise ServiceError("on", "Ngày chuyển phải sau ngày bắt đầu sinh hoạt ở chi bộ hiện tại")
    before = snapshot(member, ["organization"])
    current.ended_on = on - timedelta(days=1)
    current.save(update_fields=["ended_on"])
    OrganizationMembership.objects.create(
        member=member, organization=to_organization, started_on=on
    )
    member.organization = to_organization
    member.save(update_fields=["organization"])
    audit_record(
        actor=actor,
        action="member.transfer",
        obj=member,
        organization=to_organization,
        before=before,
        after=snapshot(member, ["organization"]),
    )
    return member


@transaction.atomic
def post_assign(
    *,
    actor: Actor,
    member: Member,
    title: str,
    started_on: date,
    organization: PartyOrganization | None = None,
    unit_name: str = "",
    main_job: bool = True,
) -> Post:
    ensure_can_manage(actor, organization or member.organization)
    if title not in PostTitle.values:
        raise ServiceError("title", f"Chức vụ không hợp lệ: “{title}”")
    if organization is None and not unit_name.strip():
        raise ServiceError("unit_name", "Cần ghi tổ chức đảng hoặc cơ quan, đơn vị của chức vụ")
    post = Post.objects.create(
        member=member,
        title=title,
        organization=organization,
        unit_name=unit_name.strip(),
        started_on=started_on,
        main_job=main_job,
    )
    audit_record(
        actor=actor,
        action="post.assign",
        obj=post,
        organization=member.organization,
        after=snapshot(post),
    )
    return post
