"""A cell's part of a campaign: the collective report (Mẫu 01) and its circulation, the
review meeting with its agenda, the secret-ballot tallies, and the proposals the cell
submits to the đảng ủy."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from kiemdiem.apps.core import textlimits
from kiemdiem.apps.core.choices import RatingChoice
from kiemdiem.apps.core.scores import ReviewPaper, section


class CollectiveReport(ReviewPaper):
    """Báo cáo kiểm điểm tập thể (Mẫu 01) of a cell or of a leadership collective."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Dự thảo"
        CIRCULATED = "circulated", "Đã gửi lấy ý kiến"
        ADOPTED = "adopted", "Đã thông qua tại hội nghị"

    campaign = models.ForeignKey(
        "campaigns.Campaign",
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name="kế hoạch",
    )
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name="tổ chức đảng",
    )
    collective = models.ForeignKey(
        "organizations.LeadershipCollective",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name="tập thể lãnh đạo (nếu báo cáo của tập thể)",
    )
    results = section("kết quả thực hiện nhiệm vụ, ưu điểm")
    remedy = section("kết quả khắc phục hạn chế, khuyết điểm đã được cấp có thẩm quyền kết luận")
    self_rating = models.CharField(
        "tự đánh giá, xếp loại", max_length=16, choices=RatingChoice.choices, blank=True
    )
    status = models.CharField(
        "trạng thái", max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    circulated_on = models.DateField("ngày gửi dự thảo", null=True, blank=True)
    updated_at = models.DateTimeField("cập nhật", auto_now=True)

    class Meta:
        verbose_name = "báo cáo kiểm điểm tập thể"
        verbose_name_plural = "báo cáo kiểm điểm tập thể"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organization"],
                condition=Q(collective__isnull=True),
                name="report_once_per_organization",
            ),
            models.UniqueConstraint(
                fields=["campaign", "collective"],
                condition=Q(collective__isnull=False),
                name="report_once_per_collective",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(circulated_on__isnull=False),
                name="report_circulated_has_a_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Báo cáo kiểm điểm — {self.collective or self.organization}"


class ReportComment(models.Model):
    """Ý kiến góp ý of a participant on a circulated draft."""

    report = models.ForeignKey(
        CollectiveReport,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name="báo cáo",
    )
    author = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="+", verbose_name="người góp ý"
    )
    body = models.TextField("nội dung góp ý", max_length=textlimits.NOTE)
    created_at = models.DateTimeField("thời gian", auto_now_add=True)

    class Meta:
        verbose_name = "ý kiến góp ý báo cáo"
        verbose_name_plural = "ý kiến góp ý báo cáo"
        ordering = ["report", "created_at", "id"]

    def __str__(self) -> str:
        return f"Góp ý của {self.author}"


class Meeting(models.Model):
    """Hội nghị kiểm điểm of a cell, or of a leadership collective (the Đảng ủy, its
    standing committee, an agency's leadership), with its minutes."""

    class Status(models.TextChoices):
        PREPARING = "preparing", "Chuẩn bị"
        HELD = "held", "Đã họp"
        SUBMITTED = "submitted", "Đã báo cáo đảng ủy"

    campaign = models.ForeignKey(
        "campaigns.Campaign",
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name="kế hoạch",
    )
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name="chi bộ",
    )
    collective = models.ForeignKey(
        "organizations.LeadershipCollective",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name="tập thể lãnh đạo (hội nghị của tập thể)",
    )
    held_on = models.DateField("ngày họp", null=True, blank=True)
    started_at = models.TimeField("bắt đầu", null=True, blank=True)
    ended_at = models.TimeField("kết thúc", null=True, blank=True)
    chair = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="chủ trì",
    )
    head_chair = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="chủ trì khi kiểm điểm người đứng đầu",
    )
    # The member who took the minutes: they sign them with the chair.
    secretary = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="thư ký hội nghị",
    )
    # A secretary who is not on the roll (a guest of the office), by name.
    minutes_taker = models.CharField(
        "thư ký hội nghị (ngoài danh sách)", max_length=120, blank=True
    )
    guests = models.TextField(
        "đại biểu dự (cấp ủy cấp trên, đảng ủy viên phụ trách)",
        max_length=textlimits.NOTE,
        blank=True,
    )
    counting_committee = models.CharField(
        "ban kiểm phiếu (họ tên, chức danh)", max_length=500, blank=True
    )
    attendees = models.ManyToManyField(
        "members.Member", related_name="meetings_attended", blank=True, verbose_name="có mặt"
    )
    conclusion = models.TextField("kết luận của chủ trì", max_length=textlimits.LONG, blank=True)
    status = models.CharField(
        "trạng thái", max_length=16, choices=Status.choices, default=Status.PREPARING
    )
    submitted_at = models.DateTimeField("ngày báo cáo đảng ủy", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người gửi",
    )
    # Why the cell proposes over a quota, for the đảng ủy to weigh (empty when within).
    quota_note = models.TextField(
        "lý do đề nghị vượt tỷ lệ", max_length=textlimits.NOTE, blank=True
    )
    # The engine's result on what was submitted: what the đảng ủy appraises next.
    submitted_result = models.JSONField("kết quả đề xuất đã gửi", null=True, blank=True)

    class Meta:
        verbose_name = "hội nghị kiểm điểm"
        verbose_name_plural = "hội nghị kiểm điểm"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organization"],
                condition=Q(collective__isnull=True),
                name="meeting_once_per_cell",
            ),
            models.UniqueConstraint(
                fields=["campaign", "collective"],
                condition=Q(collective__isnull=False),
                name="meeting_once_per_collective",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True)
                | Q(started_at__isnull=True)
                | Q(ended_at__gt=F("started_at")),
                name="meeting_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=~Q(status="submitted") | Q(submitted_at__isnull=False),
                name="meeting_submitted_has_a_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Hội nghị kiểm điểm {self.collective or self.organization}"


class AgendaItem(models.Model):
    """One subject reviewed at the meeting, in the order the rules require; its comments,
    and the cell's proposal."""

    class Kind(models.TextChoices):
        ORGANIZATION = "organization", "Tập thể chi bộ"
        COLLECTIVE = "collective", "Tập thể lãnh đạo"
        MEMBER = "member", "Đảng viên"

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="items", verbose_name="hội nghị"
    )
    order = models.PositiveSmallIntegerField("thứ tự")
    kind = models.CharField("đối tượng", max_length=16, choices=Kind.choices)
    collective = models.ForeignKey(
        "organizations.LeadershipCollective",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="tập thể",
    )
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name="đảng viên",
    )
    comments = models.TextField(
        "ý kiến góp ý tại hội nghị", max_length=textlimits.SECTION, blank=True
    )
    residence_read = models.BooleanField("đã đọc nhận xét nơi cư trú", default=False)
    proposed_rating = models.CharField(
        "chi bộ đề xuất", max_length=16, choices=RatingChoice.choices, blank=True
    )
    # An absent member stays pending and is reviewed at the next meeting (000 §B.6).
    pending = models.BooleanField("vắng, kiểm điểm sau", default=False)
    follow_up_on = models.DateField("ngày kiểm điểm bổ sung", null=True, blank=True)

    class Meta:
        verbose_name = "nội dung kiểm điểm"
        verbose_name_plural = "nội dung kiểm điểm"
        ordering = ["meeting", "order"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="agenda_order_once"),
            models.CheckConstraint(
                condition=Q(kind="organization", collective__isnull=True, member__isnull=True)
                | Q(kind="collective", collective__isnull=False, member__isnull=True)
                | Q(kind="member", collective__isnull=True, member__isnull=False),
                name="agenda_item_one_subject",
            ),
            models.CheckConstraint(
                condition=Q(pending=False) | Q(follow_up_on__isnull=False),
                name="agenda_pending_has_follow_up",
            ),
        ]

    def __str__(self) -> str:
        if self.member_id:
            return str(self.member)
        if self.collective_id:
            return str(self.collective)
        return self.get_kind_display()

    def subject_key(self, cell_code: str) -> tuple[str, str]:
        """(type, id) of this subject in the cell's scenario; the kinds are the engine's
        subject types, so `rules.scale(item.kind)` is the subject's scale."""
        return self.key_of(self.kind, self.member_id, self.collective_id, cell_code)

    @staticmethod
    def key_of(
        kind: str, member_id: int | None, collective_id: int | None, cell_code: str
    ) -> tuple[str, str]:
        """subject_key from an item's values (a province's items are read as values)."""
        if kind == AgendaItem.Kind.MEMBER:
            return "member", f"M{member_id}"
        if kind == AgendaItem.Kind.COLLECTIVE:
            return "collective", f"K{collective_id}"
        return "organization", cell_code


class TallyRecord(models.Model):
    """Biên bản kiểm phiếu for one subject: counts only, never who voted what."""

    item = models.OneToOneField(
        AgendaItem, on_delete=models.CASCADE, related_name="tally", verbose_name="nội dung"
    )
    eligible = models.PositiveSmallIntegerField("đảng viên chính thức có quyền biểu quyết")
    present = models.PositiveSmallIntegerField("có mặt")
    issued = models.PositiveSmallIntegerField("phiếu phát ra")
    valid = models.PositiveSmallIntegerField("phiếu hợp lệ")
    # {rating code: number of ballots}; the codes are the rule set's scale for the subject.
    counts = models.JSONField("số phiếu theo mức")
    recorded_at = models.DateTimeField("thời gian ghi", auto_now=True)

    class Meta:
        verbose_name = "biên bản kiểm phiếu"
        verbose_name_plural = "biên bản kiểm phiếu"
        constraints = [
            models.CheckConstraint(
                condition=Q(present__lte=F("eligible"))
                & Q(issued__lte=F("present"))
                & Q(valid__lte=F("issued")),
                name="tally_ballots_within_voters",
            )
        ]

    def __str__(self) -> str:
        return f"Biên bản kiểm phiếu — {self.item}"


class SubmittedProposal(models.Model):
    """One subject of a submitted meeting's result, as a row: what the cell proposes
    (blank when the subject is not rated). Written with the submission, never changed;
    the office reads a province's proposals and finds a subject's cell through it,
    without decoding every meeting's stored result."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="proposals")
    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="+")
    subject = models.CharField("đối tượng", max_length=64)  # "member/M12"
    rating = models.CharField("mức đề xuất", max_length=16, blank=True)

    class Meta:
        verbose_name = "đề xuất đã gửi"
        verbose_name_plural = "đề xuất đã gửi"
        indexes = [models.Index(fields=["campaign", "subject"], name="proposal_subject")]

    def __str__(self) -> str:
        return f"{self.subject}: {self.rating}"

    @staticmethod
    def rows_of(meeting: Meeting) -> list[SubmittedProposal]:
        """The rows of a meeting's submitted result (its subjects, each once)."""
        seen: dict[str, str] = {}
        for s in (meeting.submitted_result or {}).get("subjects", ()):
            rated = s.get("status") == "rated" and s.get("rating")
            seen[f"{s['type']}/{s['id']}"] = s["rating"] if rated else ""
        return [
            SubmittedProposal(
                meeting=meeting, campaign_id=meeting.campaign_id, subject=key, rating=rating
            )
            for key, rating in seen.items()
        ]
