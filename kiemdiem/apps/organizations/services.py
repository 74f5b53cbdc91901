"""Writes to the party tree and its collectives. Each is one transaction with its audit row,
and is allowed only within the actor's part of the tree."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction

from kiemdiem.apps.accounts.permissions import ensure_can_manage
from kiemdiem.apps.audit.services import audit_record, snapshot
from kiemdiem.apps.core.choices import (
    ALLOWED_PARENTS,
    CollectiveKind,
    CollectiveRole,
    OrganizationKind,
)
from kiemdiem.apps.core.errors import PermissionDenied, ServiceError
from kiemdiem.apps.members.models import Member

from .models import (
    CollectiveMembership,
    LeadershipCollective,
    OrganizationEvent,
    PartyOrganization,
)

Actor = User | AnonymousUser


@transaction.atomic
def organization_create(
    *,
    actor: Actor,
    parent: PartyOrganization | None,
    code: str,
    name: str,
    kind: str,
    founded_on: date | None = None,
    agency_name: str = "",
    place: str = "",
) -> PartyOrganization:
    if parent is None:
        if not getattr(actor, "is_superuser", False):
            raise PermissionDenied("Chỉ quản trị hệ thống được tạo tổ chức gốc của cây")
    else:
        ensure_can_manage(actor, parent)
    code, name = code.strip(), name.strip()
    if not code:
        raise ServiceError("code", "Mã tổ chức không được để trống")
    if not name:
        raise ServiceError("name", "Tên tổ chức đảng không được để trống")
    if kind not in OrganizationKind.values:
        raise ServiceError("kind", f"Loại hình tổ chức không hợp lệ: “{kind}”")
    parent_kind = parent.kind if parent is not None else None
    if parent_kind not in ALLOWED_PARENTS[kind]:
        where = parent.name if parent is not None else "gốc của cây"
        raise ServiceError(
            "parent",
            f"{OrganizationKind(kind).label} không thể trực thuộc {where}",
        )
    if PartyOrganization.objects.filter(code=code).exists():
        raise ServiceError("code", f"Mã tổ chức “{code}” đã tồn tại")
    fields = {
        "code": code,
        "name": name,
        "kind": kind,
        "founded_on": founded_on,
        "agency_name": agency_name,
        "place": place.strip(),
    }
    manager = PartyOrganization.objects
    node = (
        manager.add_root(create_kwargs=fields)
        if parent is None
        else manager.add_child(parent, create_kwargs=fields)
    )
    audit_record(
        actor=actor,
        action="organization.create",
        obj=node,
        organization=node,
        after=snapshot(node),
    )
    return node


@transaction.atomic
def collective_create(
    *,
    actor: Actor,
    organization: PartyOrganization,
    kind: str,
    name: str,
    founded_on: date | None = None,
) -> LeadershipCollective:
    ensure_can_manage(actor, organization)
    if kind not in CollectiveKind.values:
        raise ServiceError("kind", f"Loại tập thể không hợp lệ: “{kind}”")
    if not name.strip():
        raise ServiceError("name", "Tên tập thể không được để trống")
    if LeadershipCollective.objects.filter(organization=organization, name=name.strip()).exists():
        raise ServiceError("name", f"Tập thể “{name}” đã có ở {organization.name}")
    collective = LeadershipCollective.objects.create(
        organization=organization, kind=kind, name=name.strip(), founded_on=founded_on
    )
    audit_record(
        actor=actor,
        action="collective.create",
        obj=collective,
        organization=organization,
        after=snapshot(collective),
    )
    return collective


@transaction.atomic
def collective_member_add(
    *,
    actor: Actor,
    collective: LeadershipCollective,
    member: Member,
    role: str,
    started_on: date,
) -> CollectiveMembership:
    ensure_can_manage(actor, collective.organization)
    if role not in CollectiveRole.values:
        raise ServiceError("role", f"Vai trò không hợp lệ: “{role}”")
    current = CollectiveMembership.objects.filter(collective=collective, ended_on__isnull=True)
    if current.filter(member=member).exists():
        raise ServiceError("member", f"{member.full_name} đã là thành viên của {collective.name}")
    if role == CollectiveRole.HEAD and current.filter(role=CollectiveRole.HEAD).exists():
        raise ServiceError("role", f"{collective.name} đã có người đứng đầu")
    membership = CollectiveMembership.objects.create(
        collective=collective, member=member, role=role, started_on=started_on
    )
    audit_record(
        actor=actor,
        action="collective.member_add",
        obj=membership,
        organization=collective.organization,
        after=snapshot(membership),
    )
    return membership


@transaction.atomic
def organization_event_record(
    *,
    actor: Actor,
    organization: PartyOrganization,
    kind: str,
    happened_on: date,
    other: PartyOrganization | None = None,
    decision: str = "",
) -> OrganizationEvent:
    """Thành lập, sáp nhập, chia tách, giải thể. Founding dates the organization
    (`founded_on`: a unit founded in the year is reviewed but not rated); dissolving ends
    it. A merger or split does not make a unit new: results before and after are combined
    (003 §I.6), so it is recorded, not redated."""
    ensure_can_manage(actor, organization)
    if kind not in OrganizationEvent.Kind.values:
        raise ServiceError("kind", f"Loại sự kiện không hợp lệ: “{kind}”")
    if kind in ("merged", "split") and other is None:
        raise ServiceError("other", "Cần ghi tổ chức sáp nhập từ / chia tách thành")
    if other is not None:
        ensure_can_manage(actor, other)
        if other.pk == organization.pk:
            raise ServiceError("other", "Tổ chức liên quan phải khác tổ chức này")
    if organization.founded_on and happened_on < organization.founded_on and kind != "founded":
        raise ServiceError("happened_on", "Ngày sự kiện trước ngày thành lập")
    event = OrganizationEvent.objects.create(
        organization=organization,
        kind=kind,
        happened_on=happened_on,
        other=other,
        decision=decision.strip(),
    )
    before = snapshot(organization, ["founded_on", "dissolved_on"])
    if kind == "founded":
        organization.founded_on = happened_on
    elif kind == "dissolved":
        organization.dissolved_on = happened_on
    organization.save(update_fields=["founded_on", "dissolved_on"])
    audit_record(
        actor=actor,
        action="organization.event",
        obj=event,
        organization=organization,
        before=before,
        after={**snapshot(event), **snapshot(organization, ["founded_on", "dissolved_on"])},
    )
    return event
