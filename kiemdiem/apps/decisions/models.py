"""Quyết định xếp loại: the committee's rating of each subject, within the ceiling and the
quota, issued with a number and a date."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from kiemdiem.apps.core import textlimits
from kiemdiem.apps.core.choices import RatingChoice


class ClassificationDecision(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Dự thảo"
        ISSUED = "issued", "Đã ban hành"

    campaign = models.OneToOneField(
        "campaigns.Campaign",
        on_delete=models.CASCADE,
        related_name="decision",
        verbose_name="kế hoạch",
    )
    status = models.CharField(
        "trạng thái", max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    number = models.CharField("số quyết định", max_length=40, blank=True)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người ban hành",
    )

    # When its messages were written (by the worker, after the issue): written once.
    notified_at = models.DateTimeField("đã gửi thông báo lúc", null=True, blank=True)

    class Meta:
        verbose_name = "quyết định xếp loại"
        verbose_name_plural = "quyết định xếp loại"
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | (~Q(number="") & Q(issued_on__isnull=False)),
                name="decision_issued_has_number_and_date",
            )
        ]

    def __str__(self) -> str:
        return f"Quyết định {self.number or '(dự thảo)'} — {self.campaign}"


class MissingReport(models.Model):
    """A cell of the decision's scope that has not reported, recorded with why before the
    decision is issued without it (the decision then says so). A decision is issued only
    when every cell has reported or is recorded here."""

    decision = models.ForeignKey(
        ClassificationDecision,
        on_delete=models.CASCADE,
        related_name="missing",
        verbose_name="quyết định",
    )
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="chi bộ chưa báo cáo",
    )
    reason = models.TextField("lý do", max_length=textlimits.NOTE)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="người ghi",
    )
    recorded_at = models.DateTimeField("thời điểm", auto_now_add=True)

    class Meta:
        verbose_name = "chi bộ chưa báo cáo (ngoại lệ)"
        verbose_name_plural = "chi bộ chưa báo cáo (ngoại lệ)"
        constraints = [
            models.UniqueConstraint(fields=["decision", "organization"], name="missing_once"),
            models.CheckConstraint(condition=~Q(reason=""), name="missing_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.organization}: {self.reason}"


class DecidedRating(models.Model):
    decision = models.ForeignKey(
        ClassificationDecision,
        on_delete=models.CASCADE,
        related_name="ratings",
        verbose_name="quyết định",
    )
    subject = models.CharField("đối tượng", max_length=64)
    rating = models.CharField("mức xếp loại", max_length=16, choices=RatingChoice.choices)
    reason = models.TextField(
        "lý do (khi thấp hơn đề xuất)", max_length=textlimits.NOTE, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="người ghi",
    )
    decided_at = models.DateTimeField("thời gian", auto_now=True)

    class Meta:
        verbose_name = "mức xếp loại quyết định"
        verbose_name_plural = "mức xếp loại quyết định"
        constraints = [models.UniqueConstraint(fields=["decision", "subject"], name="decided_once")]

    def __str__(self) -> str:
        return f"{self.subject}: {self.get_rating_display()}"


class Notification(models.Model):
    """A message in the application to one account (and by e-mail where one is known)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name="tài khoản",
    )
    text = models.CharField("nội dung", max_length=500)
    url = models.CharField("liên kết", max_length=200, blank=True)
    created_at = models.DateTimeField("thời gian", auto_now_add=True)
    read_at = models.DateTimeField("đã xem", null=True, blank=True)

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.text


class Rerating(models.Model):
    """Hủy bỏ kết quả và xếp loại lại (000 §B.6, 003 §III.2; Mẫu 03 under HD 43): the old
    result is cancelled with a reason, then a new decision is issued; both stay on record."""

    class Status(models.TextChoices):
        CANCELLED = "cancelled", "Đã hủy bỏ kết quả, chờ xếp loại lại"
        ISSUED = "issued", "Đã ban hành quyết định xếp loại lại"

    class Cause(models.TextChoices):
        VIOLATION = "violation", "Phát hiện khuyết điểm, vi phạm sau khi xếp loại"
        AGAINST_RULES = "against_rules", "Xếp loại không đúng quy định"
        COMPLAINT = "complaint", "Kết luận giải quyết khiếu nại"

    decision = models.ForeignKey(
        ClassificationDecision,
        on_delete=models.PROTECT,
        related_name="reratings",
        verbose_name="quyết định xếp loại",
    )
    subject = models.CharField("đối tượng", max_length=64)
    previous_rating = models.CharField(
        "mức đã xếp loại", max_length=16, choices=RatingChoice.choices
    )
    cause = models.CharField("căn cứ hủy bỏ", max_length=16, choices=Cause.choices)
    reason = models.TextField("lý do hủy bỏ kết quả", max_length=textlimits.NOTE)
    complaint = models.ForeignKey(
        "complaints.Complaint",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reratings",
        verbose_name="khiếu nại",
    )
    status = models.CharField(
        "trạng thái", max_length=12, choices=Status.choices, default=Status.CANCELLED
    )
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="người hủy bỏ",
    )
    cancelled_at = models.DateTimeField("thời điểm hủy bỏ")
    rating = models.CharField(
        "mức xếp loại lại", max_length=16, choices=RatingChoice.choices, blank=True
    )
    number = models.CharField("số quyết định xếp loại lại", max_length=40, blank=True)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người ban hành",
    )

    class Meta:
        verbose_name = "xếp loại lại"
        verbose_name_plural = "xếp loại lại"
        ordering = ["-cancelled_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "subject"],
                condition=Q(status="cancelled"),
                name="rerating_one_open_per_subject",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="rerating_has_reason"),
            models.CheckConstraint(
                condition=Q(status="cancelled")
                | (~Q(rating="") & ~Q(number="") & Q(issued_on__isnull=False)),
                name="rerating_issued_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"Xếp loại lại {self.subject}: {self.get_status_display()}"


class PastRating(models.Model):
    """A rating of an earlier year kept outside this system (imported or typed from the
    archive), so consecutive years can be counted for commendation (000 §B.5)."""

    subject = models.CharField("đối tượng", max_length=64)
    year = models.PositiveSmallIntegerField("năm")
    rating = models.CharField("mức xếp loại", max_length=16, choices=RatingChoice.choices)
    source = models.CharField("nguồn", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="người ghi",
    )

    class Meta:
        verbose_name = "kết quả xếp loại các năm trước"
        verbose_name_plural = "kết quả xếp loại các năm trước"
        ordering = ["subject", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["subject", "year"], name="past_rating_once"),
            models.CheckConstraint(
                condition=Q(year__gte=1990, year__lte=2100), name="past_rating_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.year}: {self.get_rating_display()}"


class Commendation(models.Model):
    """A candidate the committee selected for commendation (000 §B.5, 004 §VI)."""

    class Title(models.TextChoices):
        CELL_YEAR = "cell_year", "Tổ chức đảng “Trong sạch, vững mạnh tiêu biểu” năm"
        CELL_YEARS = "cell_years", "Tổ chức đảng “Trong sạch, vững mạnh tiêu biểu” nhiều năm liền"
        MEMBER_YEAR = "member_year", "Đảng viên “Hoàn thành xuất sắc nhiệm vụ” tiêu biểu năm"
        MEMBER_YEARS = "member_years", "Đảng viên “Hoàn thành xuất sắc nhiệm vụ” nhiều năm liền"

    campaign = models.ForeignKey(
        "campaigns.Campaign",
        on_delete=models.CASCADE,
        related_name="commendations",
        verbose_name="kế hoạch",
    )
    subject = models.CharField("đối tượng", max_length=64)
    title = models.CharField("hình thức", max_length=16, choices=Title.choices)
    note = models.TextField("ghi chú", max_length=textlimits.NOTE, blank=True)
    selected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="người chọn",
    )
    selected_at = models.DateTimeField("thời gian", auto_now_add=True)

    class Meta:
        verbose_name = "đề nghị khen thưởng"
        verbose_name_plural = "đề nghị khen thưởng"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "subject", "title"], name="commendation_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject}: {self.get_title_display()}"
