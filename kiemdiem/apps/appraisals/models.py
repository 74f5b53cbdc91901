"""Thẩm định: the office's appraisal of each proposal a cell submitted — agree, or propose
another rating with a reason — before the committee decides."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from kiemdiem.apps.core import textlimits
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
    reason = models.TextField("lý do", max_length=textlimits.NOTE, blank=True)
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


class Opinion(models.Model):
    """Ý kiến của các chủ thể tham gia: for a cell the standing committee, the union and
    the youth union; for the đảng ủy the upper organization board; optionally the upper
    vertical agency (000 §B.1.5 bước 2; 003 §I.6). Requested, then recorded."""

    class Body(models.TextChoices):
        STANDING_COMMITTEE = "standing_committee", "Ban Thường vụ (cấp ủy)"
        UNION = "union", "Ban Chấp hành Công đoàn"
        YOUTH_UNION = "youth_union", "Ban Chấp hành Đoàn Thanh niên"
        UPPER_BOARD = "upper_board", "Ban Tổ chức cấp ủy cấp trên"
        VERTICAL_AGENCY = "vertical_agency", "Cơ quan chuyên môn cấp trên theo ngành dọc"

    campaign = models.ForeignKey(
        "campaigns.Campaign",
        on_delete=models.CASCADE,
        related_name="opinions",
        verbose_name="kế hoạch",
    )
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="tổ chức được góp ý",
    )
    body = models.CharField("chủ thể tham gia", max_length=24, choices=Body.choices)
    requested_on = models.DateField("ngày đề nghị")
    received_on = models.DateField("ngày nhận ý kiến", null=True, blank=True)
    content = models.TextField("nội dung ý kiến", max_length=textlimits.NOTE, blank=True)

    class Meta:
        verbose_name = "ý kiến chủ thể tham gia"
        verbose_name_plural = "ý kiến chủ thể tham gia"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organization", "body"], name="opinion_once"
            ),
            models.CheckConstraint(
                condition=Q(received_on__isnull=True) | ~Q(content=""),
                name="opinion_received_has_content",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_body_display()} — {self.organization}"
