"""An import of a workbook, run in the background so that a province's file shows its
progress instead of holding a page open for a minute."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ImportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Đang chờ"
        RUNNING = "running", "Đang xử lý"
        INVALID = "invalid", "Tệp có lỗi, chưa ghi gì"
        CHECKED = "checked", "Tệp hợp lệ (chỉ kiểm tra)"
        DONE = "done", "Đã nhập"
        FAILED = "failed", "Không nhập được"

    root = models.ForeignKey(
        "organizations.PartyOrganization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="tổ chức nhận dữ liệu",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="người nhập",
    )
    file = models.FileField("tệp", upload_to="nhap-du-lieu/%Y/")
    file_name = models.CharField("tên tệp", max_length=255)
    digest = models.CharField("SHA-256", max_length=64)
    check_only = models.BooleanField("chỉ kiểm tra", default=False)
    status = models.CharField(
        "trạng thái", max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    problems = models.JSONField("lỗi trong tệp", default=list, blank=True)
    problem_count = models.PositiveIntegerField("số lỗi", default=0)
    summary = models.JSONField("kết quả", default=dict, blank=True)
    error = models.TextField("lỗi", blank=True)
    created_at = models.DateTimeField("bắt đầu", auto_now_add=True)
    # Taken by a worker: when and which (host:pid), and how many times it was started.
    started_at = models.DateTimeField("bắt đầu xử lý", null=True, blank=True)
    worker = models.CharField("tiến trình xử lý", max_length=100, blank=True)
    attempts = models.PositiveSmallIntegerField("số lần chạy", default=0)
    finished_at = models.DateTimeField("kết thúc", null=True, blank=True)

    class Meta:
        verbose_name = "lần nhập dữ liệu"
        verbose_name_plural = "các lần nhập dữ liệu"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status not in (self.Status.QUEUED, self.Status.RUNNING)


class ImportJournal(models.Model):
    """What one batch of an import wrote, kept until the import ends: the rows it created
    and the values it replaced. An import writes in short transactions (one long one would
    hold every other writer on SQLite for a minute); a failed or interrupted import is
    undone from its journal, so it is still all or nothing."""

    run = models.CharField("lần ghi", max_length=64, db_index=True)
    table = models.CharField("bảng", max_length=100)  # the model's label
    created = models.JSONField("bản ghi đã tạo", default=list)  # ids
    replaced = models.JSONField("giá trị cũ", default=dict)  # id → {attname: value}

    class Meta:
        verbose_name = "nhật ký ghi của lần nhập"
        verbose_name_plural = "nhật ký ghi của các lần nhập"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.run}: {self.table}"
