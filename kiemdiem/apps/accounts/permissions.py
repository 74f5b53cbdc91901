"""Who may write where: a role reaches its organization's subtree and nothing else."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User

from kiemdiem.apps.core.errors import PermissionDenied
from kiemdiem.apps.organizations.models import PartyOrganization

from .models import OrganizationRole

MANAGING_ROLES = ("office", "standing_committee", "upper_board", "system_admin")


def managed_roots(user: User | AnonymousUser) -> list[PartyOrganization]:
    if not isinstance(user, User):
        return []
    roles = OrganizationRole.objects.filter(user=user, role__in=MANAGING_ROLES).select_related(
        "organization"
    )
    return [role.organization for role in roles]


def can_manage(user: User | AnonymousUser, organization: PartyOrganization) -> bool:
    if not user.is_authenticated:
        return False
    if getattr(user, "is_superuser", False):
        return True
    return any(organization.path.startswith(root.path) for root in managed_roots(user))


def ensure_can_manage(user: User | AnonymousUser, organization: PartyOrganization) -> None:
    if not can_manage(user, organization):
        raise PermissionDenied(
            f"Tài khoản không có quyền ghi dữ liệu của “{organization.name}” "
            "(ngoài phạm vi tổ chức được giao)"
        )
