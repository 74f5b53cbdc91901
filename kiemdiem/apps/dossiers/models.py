"""A paper kept in a subject's dossier that the product does not make itself (the
party-building summary, an asset declaration, a signed scan)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class DossierFile(models.Model):
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        on_delete=models.PROTECT,
        related_name="dossier_files",
        verbose_name="kế hoạch",
    )
    subject = models.CharField("đối tượng", max_length=64)  # "member/M12", "organization/CB-TT"
    item = models.CharField("mục hồ sơ", max_length=40)  # the rule set's item code
    file = models.FileField("tệp", upload_to="ho-so/%Y/")
    name = models.CharField("tên tệp", max_length=255)
    size = models.PositiveIntegerField("dung lượng (byte)")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="người tải",
    )
    uploaded_at = models.DateTimeField("thời điểm", auto_now_add=True)

    class Meta:
        verbose_name = "tệp hồ sơ"
        verbose_name_plural = "tệp hồ sơ"
        indexes = [models.Index(fields=["campaign", "subject"], name="dossier_campaign_subject")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(subject=""), name="dossier_file_has_subject"
            ),
            models.CheckConstraint(condition=~models.Q(item=""), name="dossier_file_has_item"),
        ]

    def __str__(self) -> str:
        return self.name
