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


class ApiToken(models.Model):
    """A bearer token for the REST API. Only its SHA-256 is stored (the token is 32 random
    bytes, so a slow hash adds nothing); the token is shown once when issued."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name="tài khoản",
    )
    name = models.CharField("tên khóa (dùng cho)", max_length=100)
    key_hash = models.CharField("mã băm", max_length=64, unique=True)
    prefix = models.CharField("tiền tố nhận diện", max_length=12)
    created_at = models.DateTimeField("ngày cấp", auto_now_add=True)
    last_used_at = models.DateTimeField("lần dùng gần nhất", null=True, blank=True)
    revoked_at = models.DateTimeField("ngày thu hồi", null=True, blank=True)

    class Meta:
        verbose_name = "khóa truy cập API"
        verbose_name_plural = "khóa truy cập API"

    def __str__(self) -> str:
        return f"{self.prefix}… — {self.name}"
