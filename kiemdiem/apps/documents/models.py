"""A document template adjusted by the people who use it: a DOCX uploaded for one rule set
and one kind of document, used instead of the shipped file while it is active."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class DocumentTemplate(models.Model):
    ruleset = models.CharField("bộ quy tắc", max_length=64)
    kind = models.CharField("loại văn bản", max_length=32)
    file = models.FileField("tệp mẫu (DOCX)", upload_to="mau-van-ban/")
    name = models.CharField("tên tệp", max_length=255)
    active = models.BooleanField("đang dùng", default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="người tải",
    )
    uploaded_at = models.DateTimeField("thời điểm", auto_now_add=True)

    class Meta:
        verbose_name = "mẫu văn bản điều chỉnh"
        verbose_name_plural = "mẫu văn bản điều chỉnh"
        constraints = [
            models.UniqueConstraint(
                fields=["ruleset", "kind"],
                condition=Q(active=True),
                name="one_active_template_per_ruleset_and_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.ruleset}): {self.name}"
