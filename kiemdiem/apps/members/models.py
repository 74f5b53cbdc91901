"""Party members, where they are active over time, and the posts they hold."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from kiemdiem.apps.core.choices import PostTitle


class Member(models.Model):
    full_name = models.CharField("họ và tên", max_length=120)
    date_of_birth = models.DateField("ngày sinh", null=True, blank=True)
    party_card_number = models.CharField(
        "số thẻ đảng viên", max_length=20, unique=True, null=True, blank=True
    )
    admitted_on = models.DateField("ngày vào Đảng")
    full_member_on = models.DateField("ngày chính thức", null=True, blank=True)
    # The cell (or party group) where the member is active now; the history is below.
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name="chi bộ sinh hoạt",
    )
    is_civil_servant = models.BooleanField("cán bộ, công chức, viên chức", default=False)
    email = models.EmailField("thư điện tử", blank=True)
    user = models.OneToOneField(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member",
        verbose_name="tài khoản",
    )

    class Meta:
        verbose_name = "đảng viên"
        verbose_name_plural = "đảng viên"
        ordering = ["full_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(full_member_on__isnull=True) | Q(full_member_on__gte=F("admitted_on")),
                name="member_full_after_admitted",
            )
        ]
        indexes = [models.Index(fields=["organization", "full_name"], name="member_org_name")]

    def __str__(self) -> str:
        return self.full_name


class OrganizationMembership(models.Model):
    """Where a member was active and when: transfers keep the history (000 §B.6)."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="memberships", verbose_name="đảng viên"
    )
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        on_delete=models.PROTECT,
        related_name="membership_history",
        verbose_name="chi bộ",
    )
    started_on = models.DateField("từ ngày")
    ended_on = models.DateField("đến ngày", null=True, blank=True)

    class Meta:
        verbose_name = "quá trình sinh hoạt đảng"
        verbose_name_plural = "quá trình sinh hoạt đảng"
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(ended_on__isnull=True),
                name="membership_one_current",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="membership_dates",
            ),
        ]

    def __str__(self) -> str:
        until = f" đến {self.ended_on:%d/%m/%Y}" if self.ended_on else ""
        return f"{self.organization} từ {self.started_on:%d/%m/%Y}{until}"


class Post(models.Model):
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="posts", verbose_name="đảng viên"
    )
    title = models.CharField("chức vụ", max_length=32, choices=PostTitle.choices)
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name="tổ chức đảng (chức vụ đảng)",
    )
    unit_name = models.CharField(
        "cơ quan, đơn vị (chức vụ chính quyền)", max_length=255, blank=True
    )
    started_on = models.DateField("từ ngày")
    ended_on = models.DateField("đến ngày", null=True, blank=True)
    main_job = models.BooleanField("là nhiệm vụ chính", default=True)

    class Meta:
        verbose_name = "chức vụ"
        verbose_name_plural = "chức vụ"
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="post_dates",
            ),
            models.CheckConstraint(
                condition=~Q(organization__isnull=True, unit_name=""),
                name="post_has_a_place",
            ),
        ]

    def __str__(self) -> str:
        where = self.organization.name if self.organization else self.unit_name
        return f"{self.get_title_display()} — {where}"
