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


class IssuedPaper(models.Model):
    """An issued paper as it was issued: the DOCX rendered once, at the moment it became
    final, kept with its SHA-256 (chained in the ledger); every later download returns
    these bytes, whatever happens to the records after. The PDF is made once from that
    DOCX and kept the same way."""

    campaign = models.ForeignKey(
        "campaigns.Campaign",
        on_delete=models.PROTECT,
        related_name="papers",
        verbose_name="kế hoạch",
    )
    kind = models.CharField("loại văn bản", max_length=32)
    # Whose paper it is, kept with it (who may print it is decided from these, never by
    # building the paper again): the organization whose part of the tree it belongs to,
    # and the subjects it is the own paper of.
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="thuộc tổ chức",
    )
    subjects = models.JSONField("của đối tượng", default=list, blank=True)
    # What paper of its kind: "" for the decision, a re-rating's or a complaint's number,
    # a subject for a result letter, a cell's code for its minutes.
    ref = models.CharField("văn bản của", max_length=80, blank=True)
    title = models.CharField("tên văn bản", max_length=300)
    filename = models.CharField("tên tệp", max_length=160)
    docx = models.FileField("bản DOCX", upload_to="luu-tru/", max_length=255)
    sha256 = models.CharField("mã băm SHA-256 (DOCX)", max_length=64)
    size = models.PositiveIntegerField("dung lượng (byte)")
    pdf = models.FileField("bản PDF", upload_to="luu-tru/", max_length=255, blank=True)
    pdf_sha256 = models.CharField("mã băm SHA-256 (PDF)", max_length=64, blank=True)
    issued_at = models.DateTimeField("thời điểm lưu")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người ban hành",
    )

    class Meta:
        verbose_name = "văn bản đã ban hành (lưu trữ)"
        verbose_name_plural = "văn bản đã ban hành (lưu trữ)"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "kind", "ref"], name="paper_issued_once"),
            models.CheckConstraint(condition=~Q(sha256=""), name="paper_has_hash"),
        ]

    def __str__(self) -> str:
        return self.title
