from django.conf import settings
from django.db import models

from kiemdiem.apps.core.choices import RoleKind


class OrganizationRole(models.Model):
    """A role held at an organization; it reaches that organization's subtree only."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="org_roles",
        verbose_name="tài khoản",
    )
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        on_delete=models.CASCADE,
        related_name="roles",
        verbose_name="tổ chức đảng",
    )
    role = models.CharField("vai trò", max_length=32, choices=RoleKind.choices)
    granted_at = models.DateTimeField("ngày giao", auto_now_add=True)

    class Meta:
        verbose_name = "vai trò tại tổ chức"
        verbose_name_plural = "vai trò tại tổ chức"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"], name="role_once_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organization}"
