"""Party members, where they are active over time, and the posts they hold."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from kiemdiem.apps.core import textlimits
from kiemdiem.apps.core.choices import (
    DisciplineAuthority,
    DisciplineForm,
    LeaveKind,
    PostTitle,
    RatingChoice,
)


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


class Discipline(models.Model):
    """Kỷ luật: the engine counts it once, in the year it is decided (000 §B.2.3.d)."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="disciplines", verbose_name="đảng viên"
    )
    form = models.CharField("hình thức", max_length=16, choices=DisciplineForm.choices)
    authority = models.CharField(
        "loại kỷ luật",
        max_length=8,
        choices=DisciplineAuthority.choices,
        default=DisciplineAuthority.PARTY,
    )
    decided_on = models.DateField("ngày quyết định")
    violation = models.CharField("vi phạm", max_length=255, blank=True)
    self_detected = models.BooleanField("tự phát hiện, tự sửa chữa", default=False)
    duty_related = models.BooleanField("liên quan đến thực hiện nhiệm vụ", default=True)

    class Meta:
        verbose_name = "kỷ luật"
        verbose_name_plural = "kỷ luật"
        ordering = ["member", "decided_on"]
        indexes = [models.Index(fields=["member", "decided_on"], name="discipline_member_on")]

    def __str__(self) -> str:
        return f"{self.get_form_display()} ngày {self.decided_on:%d/%m/%Y}"


class Leave(models.Model):
    """Nghỉ ốm, thai sản: the days in the year decide whether a member is rated."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="leaves", verbose_name="đảng viên"
    )
    kind = models.CharField("loại nghỉ", max_length=16, choices=LeaveKind.choices)
    started_on = models.DateField("từ ngày")
    ended_on = models.DateField("đến ngày")

    class Meta:
        verbose_name = "thời gian nghỉ"
        verbose_name_plural = "thời gian nghỉ"
        constraints = [
            models.CheckConstraint(condition=Q(ended_on__gte=F("started_on")), name="leave_dates")
        ]
        indexes = [models.Index(fields=["member", "started_on"], name="leave_member_on")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_on:%d/%m/%Y}–{self.ended_on:%d/%m/%Y}"


class CivilServiceRating(models.Model):
    """Xếp loại cán bộ, công chức, viên chức of a year (Nghị định 90/2020)."""

    member = models.ForeignKey(
        Member,
        on_delete=models.CASCADE,
        related_name="civil_service_ratings",
        verbose_name="đảng viên",
    )
    year = models.PositiveSmallIntegerField("năm")
    rating = models.CharField("mức xếp loại", max_length=16, choices=RatingChoice.choices)

    class Meta:
        verbose_name = "xếp loại công chức, viên chức"
        verbose_name_plural = "xếp loại công chức, viên chức"
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="civil_service_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.get_rating_display()}"


class ResidenceComment(models.Model):
    """Nhận xét của chi ủy nơi cư trú, read out at the cell meeting."""

    member = models.ForeignKey(
        Member,
        on_delete=models.CASCADE,
        related_name="residence_comments",
        verbose_name="đảng viên",
    )
    year = models.PositiveSmallIntegerField("năm")
    residence = models.CharField("nơi cư trú (chi bộ, tổ dân phố)", max_length=255)
    comment = models.TextField("nội dung nhận xét", max_length=textlimits.SECTION)
    satisfactory = models.BooleanField("thực hiện tốt nghĩa vụ nơi cư trú", default=True)

    class Meta:
        verbose_name = "nhận xét nơi cư trú"
        verbose_name_plural = "nhận xét nơi cư trú"
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="residence_comment_once")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.residence}"


class MeetingAbsence(models.Model):
    """A cell meeting the member missed; the year's count, excused or not, is the fact
    some plans cap (004 §IV.3: vắng 3 lần trong năm, kể cả có lý do)."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="absences", verbose_name="đảng viên"
    )
    meeting_on = models.DateField("ngày sinh hoạt")
    excused = models.BooleanField("có lý do", default=False)
    note = models.CharField("ghi chú", max_length=255, blank=True)

    class Meta:
        verbose_name = "vắng sinh hoạt chi bộ"
        verbose_name_plural = "vắng sinh hoạt chi bộ"
        constraints = [
            models.UniqueConstraint(fields=["member", "meeting_on"], name="absence_once")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_on:%d/%m/%Y}{'' if self.excused else ' (không lý do)'}"
