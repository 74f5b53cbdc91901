"""Thẩm định: the office's appraisal of each proposal a cell submitted — agree, or propose
another rating with a reason — before the committee decides."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from kiemdiem.apps.core.choices import RatingChoice


class Appraisal(models.Model):
    class Verdict(models.TextChoices):
        AGREE = "agree", "Nhất trí với đề xuất"
        OTHER = "other", "Đề nghị mức khác"

    campaign = models.ForeignKey(
        "campaigns.Campaign",
        on_delete=models.CASCADE,
        related_name="appraisals",
        verbose_name="kế hoạch",
    )
    # The subject as the engine names it: "member/M12", "organization/CB-TT", "collective/K3".
    subject = models.CharField("đối tượng", max_length=64)
    cell = models.ForeignKey(
        "organizations.PartyOrganization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="chi bộ đề xuất",
    )
    verdict = models.CharField("ý kiến thẩm định", max_length=8, choices=Verdict.choices)
    rating = models.CharField(
        "mức đề nghị", max_length=16, choices=RatingChoice.choices, blank=True
    )
    reason = models.TextField("lý do", blank=True)
    appraised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="người thẩm định",
    )
    appraised_at = models.DateTimeField("thời gian", auto_now=True)

    class Meta:
        verbose_name = "thẩm định"
        verbose_name_plural = "thẩm định"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "subject"], name="appraisal_once"),
            models.CheckConstraint(
                condition=Q(verdict="agree", rating="")
                | (Q(verdict="other") & ~Q(rating="") & ~Q(reason="")),
                name="appraisal_other_has_rating_and_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject}: {self.get_verdict_display()}"
