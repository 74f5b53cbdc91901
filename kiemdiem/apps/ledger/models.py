"""A tamper-evident record of tallies, submissions and decisions: each entry carries the
hash of the one before it, so changing, removing or reordering any entry breaks the chain
from there on (`manage.py ledger_verify`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class LedgerHead(models.Model):
    """The chain's last link, one row: locking it serializes appends on every database."""

    seq = models.PositiveBigIntegerField("số thứ tự cuối", default=0)
    hash = models.CharField("mã băm cuối", max_length=64, default="0" * 64)
    # HMAC of (seq, hash) under a key the database does not hold (ledger.signing).
    signature = models.CharField("chữ ký đầu chuỗi", max_length=64, blank=True)

    class Meta:
        verbose_name = "đầu chuỗi"
        verbose_name_plural = "đầu chuỗi"
        constraints = [models.CheckConstraint(condition=Q(id=1), name="ledger_head_single")]

    def __str__(self) -> str:
        return f"#{self.seq}"


class LedgerEntry(models.Model):
    seq = models.PositiveBigIntegerField("số thứ tự", unique=True)
    at = models.DateTimeField("thời gian")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người ghi",
    )
    action = models.CharField("thao tác", max_length=64)
    object_type = models.CharField("loại đối tượng", max_length=64)
    object_id = models.CharField("mã đối tượng", max_length=64)
    payload = models.JSONField("nội dung")
    # The covered columns of the record as stored when chained (ledger.covers); "" for a
    # kind of record not covered, and in entries written before records were covered.
    record_hash = models.CharField("mã băm bản ghi", max_length=64, blank=True, default="")
    prev_hash = models.CharField("mã băm trước", max_length=64)
    hash = models.CharField("mã băm", max_length=64, unique=True)

    class Meta:
        verbose_name = "bản ghi chống sửa đổi"
        verbose_name_plural = "bản ghi chống sửa đổi"
        ordering = ["seq"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="ledger_object")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"
