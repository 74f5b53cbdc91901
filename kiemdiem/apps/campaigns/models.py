"""The year's campaign (kế hoạch kiểm điểm) of one organization, under one pinned rule set."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from kiemdiem.apps.core import textlimits
from kiemdiem.apps.core.choices import LevelChoice, RatingChoice
from kiemdiem.apps.core.scores import ReviewPaper, section


class Campaign(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Đang thực hiện"
        CLOSED = "closed", "Đã kết thúc"

    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        on_delete=models.PROTECT,
        related_name="campaigns",
        verbose_name="tổ chức đảng",
    )
    year = models.PositiveSmallIntegerField("năm")
    title = models.CharField("tên kế hoạch", max_length=255)
    # "id@version": a campaign runs under exactly one version of one rule set.
    ruleset = models.CharField("bộ quy tắc", max_length=64)
    meeting_on = models.DateField("ngày chi bộ họp (dự kiến)")
    status = models.CharField(
        "trạng thái", max_length=16, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField("ngày tạo", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="người tạo",
    )
    closed_at = models.DateTimeField("thời điểm kết thúc", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người kết thúc",
    )

    class Meta:
        verbose_name = "kế hoạch kiểm điểm"
        verbose_name_plural = "kế hoạch kiểm điểm"
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="campaign_once_a_year"),
            models.CheckConstraint(
                condition=Q(year__gte=1990, year__lte=2100), name="campaign_year"
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(closed_at__isnull=False),
                name="campaign_closed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="milestones", verbose_name="kế hoạch"
    )
    code = models.CharField("mã mốc", max_length=40)
    title = models.CharField("mốc thời gian", max_length=255)
    cite = models.CharField("căn cứ", max_length=120)
    rule = models.CharField("cách tính", max_length=255)
    due_on = models.DateField("hạn")
    order = models.PositiveSmallIntegerField("thứ tự")

    class Meta:
        verbose_name = "mốc thời gian"
        verbose_name_plural = "mốc thời gian"
        ordering = ["campaign", "order"]
        constraints = [models.UniqueConstraint(fields=["campaign", "code"], name="milestone_once")]

    def __str__(self) -> str:
        return f"{self.title} — {self.due_on:%d/%m/%Y}"


class RemedyStatus(models.TextChoices):
    FIXED = "fixed", "Đã khắc phục"
    IN_PROGRESS = "in_progress", "Đang khắc phục"
    NOT_FIXED = "not_fixed", "Chưa khắc phục"


# The self-review's task figures, in percent (one set of names for the form, the checks
# and the engine's facts).
PERCENTAGES = ("tasks_on_time_pct", "tasks_exceeded_pct", "targets_completed_pct", "tasks_late_pct")


class SelfReview(ReviewPaper):
    """Bản tự kiểm điểm (Mẫu 02; 02A/02B under QĐ 366): written by the member."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Bản nháp"
        SUBMITTED = "submitted", "Đã nộp"

    Level = LevelChoice
    Rating = RatingChoice

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="self_reviews", verbose_name="kế hoạch"
    )
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        related_name="self_reviews",
        verbose_name="đảng viên",
    )
    strengths = section("ưu điểm")
    remedy = section("kết quả khắc phục hạn chế, khuyết điểm đã được chỉ ra")
    commitment = section("cam kết tu dưỡng, rèn luyện, phấn đấu")
    key_level = models.CharField(
        "tiêu chí chủ yếu (kết quả thực hiện nhiệm vụ)",
        max_length=16,
        choices=Level.choices,
        blank=True,
    )
    other_level = models.CharField(
        "các tiêu chí còn lại", max_length=16, choices=Level.choices, blank=True
    )
    tasks_on_time_pct = models.PositiveSmallIntegerField(
        "tỷ lệ nhiệm vụ hoàn thành đúng hạn (%)", null=True, blank=True
    )
    tasks_exceeded_pct = models.PositiveSmallIntegerField(
        "tỷ lệ nhiệm vụ vượt yêu cầu (%)", null=True, blank=True
    )
    targets_completed_pct = models.PositiveSmallIntegerField(
        "tỷ lệ chỉ tiêu, nhiệm vụ hoàn thành (%)", null=True, blank=True
    )
    tasks_late_pct = models.PositiveSmallIntegerField(
        "tỷ lệ nhiệm vụ chậm tiến độ (%)", null=True, blank=True
    )
    # Last year's shortcomings, each marked: [{"text": ..., "status": fixed|in_progress|
    # not_fixed}]; the share fixed is the engine's `shortcomings_fixed_pct`.
    remedy_items = models.JSONField("khắc phục từng hạn chế năm trước", default=list, blank=True)
    self_rating = models.CharField("tự xếp loại", max_length=16, choices=Rating.choices, blank=True)
    status = models.CharField(
        "trạng thái", max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    updated_at = models.DateTimeField("cập nhật", auto_now=True)
    submitted_at = models.DateTimeField("ngày nộp", null=True, blank=True)
    # The member submitted a self-rating above the highest level the data allow, after
    # the page warned them: the highest level then, for the cell to see it flagged.
    above_ceiling = models.CharField(
        "tự xếp loại cao hơn mức tối đa (mức tối đa khi nộp)",
        max_length=16,
        choices=Rating.choices,
        blank=True,
    )

    class Meta:
        verbose_name = "bản tự kiểm điểm"
        verbose_name_plural = "bản tự kiểm điểm"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "member"], name="self_review_once"),
            models.CheckConstraint(
                condition=Q(general_points__isnull=True)
                | Q(general_points__gte=0, general_points__lte=30),
                name="self_review_general_points",
            ),
            models.CheckConstraint(
                condition=Q(results_points__isnull=True)
                | Q(results_points__gte=0, results_points__lte=70),
                name="self_review_results_points",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.campaign}"


class SelfReviewVersion(models.Model):
    """A submitted self-review as it was when it stopped being final: withdrawn by the
    member before the meeting, or returned by the cell's committee with a reason. The
    history keeps every submitted text; the review itself is a draft again."""

    class Ended(models.TextChoices):
        WITHDRAWN = "withdrawn", "Đảng viên rút lại để sửa"
        RETURNED = "returned", "Chi bộ trả lại để sửa"

    review = models.ForeignKey(
        SelfReview,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name="bản tự kiểm điểm",
    )
    number = models.PositiveSmallIntegerField("lần nộp")
    content = models.JSONField("nội dung đã nộp")
    submitted_at = models.DateTimeField("ngày nộp", null=True)
    ended = models.CharField("lý do mở lại", max_length=16, choices=Ended.choices)
    reason = models.TextField("lý do", max_length=textlimits.NOTE, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="người mở lại",
    )
    ended_at = models.DateTimeField("thời điểm")

    class Meta:
        verbose_name = "bản tự kiểm điểm đã nộp trước"
        verbose_name_plural = "bản tự kiểm điểm đã nộp trước"
        ordering = ["review", "number"]
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="self_review_version_once"),
            models.CheckConstraint(
                condition=~Q(ended="returned") | ~Q(reason=""),
                name="self_review_returned_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review} — lần nộp {self.number}"


class CellSupervisor(models.Model):
    """A committee member assigned to follow a cell's review (004 §VI.2)."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="supervisors", verbose_name="kế hoạch"
    )
    cell = models.ForeignKey(
        "organizations.PartyOrganization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="chi bộ",
    )
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="đảng ủy viên phụ trách",
    )

    class Meta:
        verbose_name = "đảng ủy viên phụ trách chi bộ"
        verbose_name_plural = "đảng ủy viên phụ trách chi bộ"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "cell", "member"], name="supervisor_once")
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.cell}"


class ReviewSuggestion(models.Model):
    """Gợi ý kiểm điểm from an upper level to a named member, collective or organization;
    the answer is a section of their review (Mẫu 01 / Mẫu 02)."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="suggestions", verbose_name="kế hoạch"
    )
    issuer = models.ForeignKey(
        "organizations.PartyOrganization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="cấp gợi ý",
    )
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="suggestions",
        verbose_name="đảng viên được gợi ý",
    )
    collective = models.ForeignKey(
        "organizations.LeadershipCollective",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="suggestions",
        verbose_name="tập thể được gợi ý",
    )
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="suggestions",
        verbose_name="tổ chức đảng được gợi ý",
    )
    content = models.TextField("nội dung gợi ý kiểm điểm", max_length=textlimits.SECTION)
    issued_on = models.DateField("ngày gợi ý")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="người ghi",
    )

    class Meta:
        verbose_name = "gợi ý kiểm điểm"
        verbose_name_plural = "gợi ý kiểm điểm"
        ordering = ["campaign", "issued_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    member__isnull=False, collective__isnull=True, organization__isnull=True
                )
                | Q(member__isnull=True, collective__isnull=False, organization__isnull=True)
                | Q(member__isnull=True, collective__isnull=True, organization__isnull=False),
                name="suggestion_one_target",
            )
        ]

    def __str__(self) -> str:
        return f"Gợi ý kiểm điểm — {self.member or self.collective or self.organization}"
