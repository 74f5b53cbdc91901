"""The year's campaign (kế hoạch kiểm điểm) of one organization, under one pinned rule set."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Campaign(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Đang thực hiện"
        CLOSED = "closed", "Đã kết thúc"

    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        on_delete=models.PROTECT,
        related_name="campaigns",
        verbose_name="tổ chức đảng",
    )
    year = models.PositiveSmallIntegerField("năm")
    title = models.CharField("tên kế hoạch", max_length=255)
    # "id@version": a campaign runs under exactly one version of one rule set.
    ruleset = models.CharField("bộ quy tắc", max_length=64)
    meeting_on = models.DateField("ngày chi bộ họp (dự kiến)")
    status = models.CharField(
        "trạng thái", max_length=16, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField("ngày tạo", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="người tạo",
    )

    class Meta:
        verbose_name = "kế hoạch kiểm điểm"
        verbose_name_plural = "kế hoạch kiểm điểm"
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="campaign_once_a_year"),
            models.CheckConstraint(
                condition=Q(year__gte=1990, year__lte=2100), name="campaign_year"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="milestones", verbose_name="kế hoạch"
    )
    code = models.CharField("mã mốc", max_length=40)
    title = models.CharField("mốc thời gian", max_length=255)
    cite = models.CharField("căn cứ", max_length=120)
    rule = models.CharField("cách tính", max_length=255)
    due_on = models.DateField("hạn")
    order = models.PositiveSmallIntegerField("thứ tự")

    class Meta:
        verbose_name = "mốc thời gian"
        verbose_name_plural = "mốc thời gian"
        ordering = ["campaign", "order"]
        constraints = [models.UniqueConstraint(fields=["campaign", "code"], name="milestone_once")]

    def __str__(self) -> str:
        return f"{self.title} — {self.due_on:%d/%m/%Y}"
