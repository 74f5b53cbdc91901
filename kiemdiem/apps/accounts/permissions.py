"""Who may do what where: a role reaches its organization's subtree and nothing else.

- managing roles (office, standing committee, upper board, system administrator) write
  anything in their subtree;
- the cell committee (secretary, deputy) runs its cell's part of a campaign: the
  collective report, the meeting, the tallies, the proposals;
- a member writes their own self-review and comments on what is circulated to them.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User

from kiemdiem.apps.core.errors import PermissionDenied
from kiemdiem.apps.organizations.models import PartyOrganization

from .models import OrganizationRole

MANAGING_ROLES = ("office", "standing_committee", "upper_board", "system_admin")
CELL_ROLES = ("cell_committee",)


def _roots(user: User | AnonymousUser, roles: tuple[str, ...]) -> list[PartyOrganization]:
    if not isinstance(user, User):
        return []
    return [
        role.organization
        for role in OrganizationRole.objects.filter(user=user, role__in=roles).select_related(
            "organization"
        )
    ]


def managed_roots(user: User | AnonymousUser) -> list[PartyOrganization]:
    return _roots(user, MANAGING_ROLES)


def run_roots(user: User | AnonymousUser) -> list[PartyOrganization]:
    """Where the user runs cells' work: managed subtrees and cell committees."""
    return _roots(user, MANAGING_ROLES + CELL_ROLES)


def _reaches(roots: list[PartyOrganization], organization: PartyOrganization) -> bool:
    return any(organization.path.startswith(root.path) for root in roots)


def can_manage(user: User | AnonymousUser, organization: PartyOrganization) -> bool:
    if not user.is_authenticated:
        return False
    if getattr(user, "is_superuser", False):
        return True
    return _reaches(managed_roots(user), organization)


def can_run(user: User | AnonymousUser, organization: PartyOrganization) -> bool:
    """May the user run this cell's campaign work (report, meeting, tallies, proposals)?"""
    if not user.is_authenticated:
        return False
    if getattr(user, "is_superuser", False):
        return True
    return _reaches(run_roots(user), organization)


def ensure_can_manage(user: User | AnonymousUser, organization: PartyOrganization) -> None:
    if not can_manage(user, organization):
        raise PermissionDenied(
            f"Tài khoản không có quyền ghi dữ liệu của “{organization.name}” "
            "(ngoài phạm vi tổ chức được giao)"
        )


def ensure_can_run(user: User | AnonymousUser, organization: PartyOrganization) -> None:
    if not can_run(user, organization):
        raise PermissionDenied(
            f"Tài khoản không có quyền thực hiện công việc của “{organization.name}” "
            "(chỉ chi ủy của chi bộ hoặc văn phòng cấp ủy cấp trên)"
        )
