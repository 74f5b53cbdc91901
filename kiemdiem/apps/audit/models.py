from django.conf import settings
from django.db import models

from kiemdiem.apps.core import textlimits


class AuditEntry(models.Model):
    """One write: who, when, what, before and after. Written in the write's own transaction."""

    at = models.DateTimeField("thời điểm", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name="người thực hiện",
    )
    action = models.CharField("thao tác", max_length=64)
    object_type = models.CharField("loại đối tượng", max_length=64)
    object_id = models.CharField("mã đối tượng", max_length=64)
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name="thuộc tổ chức",
    )
    before = models.JSONField("trước", null=True)
    after = models.JSONField("sau", null=True)
    reason = models.TextField("lý do", max_length=textlimits.LONG, blank=True)
    # The reviewed subject a write concerns ("member/M12", "organization/CB-TT"), so a
    # subject's whole history is one indexed query across years and kinds of record.
    subject = models.CharField("đối tượng", max_length=64, blank=True, db_index=True)
    # The campaign (year) a write belongs to, where it belongs to one: a history reads per
    # year and campaign, not as one stream.
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="kế hoạch",
    )

    class Meta:
        verbose_name = "bản ghi nhật ký"
        verbose_name_plural = "nhật ký thay đổi"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.action} {self.object_type}#{self.object_id}"
