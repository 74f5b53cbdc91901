"""Quyết định xếp loại: the committee's rating of each subject, within the ceiling and the
quota, issued with a number and a date."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

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


class DecidedRating(models.Model):
    decision = models.ForeignKey(
        ClassificationDecision,
        on_delete=models.CASCADE,
        related_name="ratings",
        verbose_name="quyết định",
    )
    subject = models.CharField("đối tượng", max_length=64)
    rating = models.CharField("mức xếp loại", max_length=16, choices=RatingChoice.choices)
    reason = models.TextField("lý do (khi thấp hơn đề xuất)", blank=True)
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
