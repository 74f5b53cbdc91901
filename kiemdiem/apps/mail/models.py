"""E-mail waiting to leave: written in the transaction of the write it tells about (a
decision), sent by the worker, so a slow or absent mail server never holds a page and a
mail is never lost with a restart."""

from __future__ import annotations

from django.db import models


class OutgoingMail(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Chờ gửi"
        SENT = "sent", "Đã gửi"
        FAILED = "failed", "Không gửi được"

    to = models.EmailField("gửi đến")
    subject = models.CharField("tiêu đề", max_length=200)
    body = models.TextField("nội dung", max_length=5000)
    status = models.CharField(
        "trạng thái", max_length=16, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField("số lần thử", default=0)
    error = models.CharField("lỗi lần thử cuối", max_length=500, blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    # A mail that failed waits until then before the next try.
    next_try_at = models.DateTimeField("thử lại lúc", auto_now_add=True)
    sent_at = models.DateTimeField("gửi lúc", null=True, blank=True)

    class Meta:
        verbose_name = "thư chờ gửi"
        verbose_name_plural = "thư chờ gửi"
        ordering = ["id"]
        indexes = [models.Index(fields=["status", "next_try_at"], name="mail_due")]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"
