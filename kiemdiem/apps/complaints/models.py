"""After the decision: written complaints the authority must conclude and answer in
writing, and reservations of opinion recorded with the result (003 §I.6)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from kiemdiem.apps.core import textlimits


class Complaint(models.Model):
    class Status(models.TextChoices):
        FILED = "filed", "Đã tiếp nhận"
        ASSIGNED = "assigned", "Đang xem xét"
        CONCLUDED = "concluded", "Đã kết luận"
        ANSWERED = "answered", "Đã trả lời bằng văn bản"

    class Outcome(models.TextChoices):
        UPHELD = "upheld", "Khiếu nại đúng"
        PARTLY = "partly", "Khiếu nại đúng một phần"
        REJECTED = "rejected", "Khiếu nại không đúng"

    campaign = models.ForeignKey(
        "campaigns.Campaign",
        on_delete=models.PROTECT,
        related_name="complaints",
        verbose_name="kế hoạch",
    )
    # The result complained about, as the engine names it ("member/M12").
    subject = models.CharField("kết quả bị khiếu nại", max_length=64)
    complainant = models.CharField("người, tập thể khiếu nại", max_length=255)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="complaints_filed",
        verbose_name="người nộp",
    )
    content = models.TextField("nội dung khiếu nại", max_length=textlimits.LONG)
    filed_on = models.DateField("ngày nhận đơn")
    status = models.CharField(
        "trạng thái", max_length=12, choices=Status.choices, default=Status.FILED
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints_assigned",
        verbose_name="người được giao xem xét",
    )
    outcome = models.CharField("kết luận", max_length=12, choices=Outcome.choices, blank=True)
    conclusion = models.TextField("nội dung kết luận", max_length=textlimits.LONG, blank=True)
    concluded_on = models.DateField("ngày kết luận", null=True, blank=True)
    answer = models.TextField("văn bản trả lời", max_length=textlimits.LONG, blank=True)
    answer_number = models.CharField("số văn bản trả lời", max_length=40, blank=True)
    answered_on = models.DateField("ngày trả lời", null=True, blank=True)

    class Meta:
        verbose_name = "khiếu nại"
        verbose_name_plural = "khiếu nại"
        ordering = ["-filed_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(content=""), name="complaint_has_content"),
            models.CheckConstraint(
                condition=Q(status="filed") | Q(assignee__isnull=False),
                name="complaint_assigned_has_assignee",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["filed", "assigned"])
                | (~Q(outcome="") & ~Q(conclusion="") & Q(concluded_on__isnull=False)),
                name="complaint_concluded_complete",
            ),
            models.CheckConstraint(
                condition=~Q(status="answered")
                | (~Q(answer="") & ~Q(answer_number="") & Q(answered_on__isnull=False)),
                name="complaint_answered_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"Khiếu nại của {self.complainant} ({self.filed_on:%d/%m/%Y})"

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.ANSWERED


class ComplaintStep(models.Model):
    """Each step of handling, dated and shown to the complainant."""

    class Kind(models.TextChoices):
        FILED = "filed", "Tiếp nhận đơn"
        ASSIGNED = "assigned", "Giao xem xét"
        NOTE = "note", "Xem xét, xác minh"
        CONCLUDED = "concluded", "Kết luận"
        ANSWERED = "answered", "Trả lời bằng văn bản"

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="steps", verbose_name="khiếu nại"
    )
    kind = models.CharField("bước", max_length=12, choices=Kind.choices)
    at = models.DateTimeField("thời điểm")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="người thực hiện",
    )
    text = models.TextField("nội dung", max_length=textlimits.LONG, blank=True)

    class Meta:
        verbose_name = "bước giải quyết khiếu nại"
        verbose_name_plural = "các bước giải quyết khiếu nại"
        ordering = ["complaint", "at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%d/%m/%Y}"


class ComplaintAttachment(models.Model):
    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="attachments", verbose_name="khiếu nại"
    )
    file = models.FileField("tệp", upload_to="khieu-nai/%Y/")
    name = models.CharField("tên tệp", max_length=255)
    size = models.PositiveIntegerField("dung lượng (byte)")
    uploaded_at = models.DateTimeField("thời điểm", auto_now_add=True)

    class Meta:
        verbose_name = "tệp đính kèm"
        verbose_name_plural = "tệp đính kèm"

    def __str__(self) -> str:
        return self.name


class Reservation(models.Model):
    """Bảo lưu ý kiến: kept with the result; the subject still complies (003 §I.6)."""

    campaign = models.ForeignKey(
        "campaigns.Campaign",
        on_delete=models.PROTECT,
        related_name="reservations",
        verbose_name="kế hoạch",
    )
    subject = models.CharField("kết quả", max_length=64)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="người bảo lưu",
    )
    author = models.CharField("người, tập thể bảo lưu", max_length=255)
    content = models.TextField("nội dung bảo lưu", max_length=textlimits.SECTION)
    recorded_at = models.DateTimeField("thời điểm", auto_now_add=True)

    class Meta:
        verbose_name = "bảo lưu ý kiến"
        verbose_name_plural = "bảo lưu ý kiến"
        ordering = ["recorded_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(content=""), name="reservation_has_content")
        ]

    def __str__(self) -> str:
        return f"Bảo lưu ý kiến của {self.author}"
