"""A campaign's engine result, kept: computed once by a job, read by every page.

One `StoredResult` per campaign and variant (what the cells recorded; what is proposed and
decided) holds the quotas and summaries; one `StoredCheck` row per check; one
`StoredSubject` row per subject holds its status, ceiling, rating and reasons, so pages
page, filter and count in the database.
`facts_version` is the last audit entry the computation saw: every write is audited in
its own transaction (the house rule), so a newer audit entry in the campaign's subtree is
what makes a stored result out of date."""

from __future__ import annotations

from django.db import models


class StoredResult(models.Model):
    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="+", verbose_name="kế hoạch"
    )
    variant = models.CharField("loại kết quả", max_length=16)
    facts_version = models.BigIntegerField("theo dữ liệu đến bản ghi nhật ký", default=0)
    # How many audit entries were visible just below facts_version when it was read: one
    # committed later with a smaller id (PostgreSQL hands ids out before commit) changes it.
    tail_count = models.IntegerField(default=0)
    computed_at = models.DateTimeField("tính lúc", null=True)
    # The engine that computed it (stored.engine_fingerprint): a release that changes the
    # rules or how scenarios are built makes every stored result out of date.
    engine = models.CharField("phiên bản bộ máy đánh giá", max_length=32, blank=True)
    seconds = models.FloatField("thời gian tính (giây)", default=0)
    requested_at = models.DateTimeField("yêu cầu tính lại lúc", null=True)
    # While the worker recomputes it: since when, and which step (STEPS in stored.py) —
    # the pages' progress bar. Written outside the recomputation's transaction.
    started_at = models.DateTimeField("bắt đầu tính lúc", null=True)
    step = models.PositiveSmallIntegerField("bước đang tính", default=0)
    ruleset = models.JSONField(default=dict)
    parameters = models.JSONField(default=dict)
    # The checks are rows (StoredCheck): a province has one per member lacking an input,
    # 70 MB as one JSON value, decoded by every page that wanted the few quota checks.
    checks_digest = models.CharField(max_length=32, blank=True)
    quotas = models.JSONField(default=list)
    # {"scales": {type: [rating, …]}, "counts": {organization code: {type: [n, …]}}}
    summary = models.JSONField(default=dict)

    class Meta:
        verbose_name = "kết quả đánh giá đã tính"
        verbose_name_plural = "kết quả đánh giá đã tính"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "variant"], name="stored_result_once")
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.variant} @ {self.facts_version}"


class StoredSubject(models.Model):
    result = models.ForeignKey(StoredResult, on_delete=models.CASCADE, related_name="rows")
    key = models.CharField("đối tượng", max_length=64)  # "member/M12", as the engine names it
    type = models.CharField("loại đối tượng", max_length=16)
    name = models.CharField("tên", max_length=400)  # as people read it, for lists and search
    # Where the subject belongs (a member's cell, the organization itself, a collective's
    # organization): pages scope and count by subtree through it.
    organization = models.ForeignKey(
        "organizations.PartyOrganization",
        on_delete=models.DO_NOTHING,
        db_constraint=False,  # a result row never holds up deleting the tree it describes
        null=True,
        related_name="+",
    )
    status = models.CharField(max_length=16)
    ceiling = models.CharField(max_length=16, blank=True)
    rating = models.CharField(max_length=16, blank=True)
    reasons = models.JSONField(default=list)
    reason = models.CharField(max_length=32, blank=True)  # the first reason's code, to filter
    # A hash of the fields above: a recomputation compares 200,000 short strings, not
    # 200,000 decoded lists of reasons, to find the few rows that changed.
    digest = models.CharField(max_length=32, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["result", "key"], name="stored_subject_once")
        ]
        indexes = [
            models.Index(fields=["result", "organization"], name="stored_subject_where"),
            models.Index(fields=["result", "type", "rating"], name="stored_subject_rating"),
            # Lists ordered by name, a page at a time: read in the index's order
            # and stopped at the page's end, not 200,000 rows sorted per request.
            models.Index(fields=["result", "name", "key"], name="stored_subject_name"),
        ]

    def __str__(self) -> str:
        return self.key


class StoredCheck(models.Model):
    """One check of a stored result (Check.to_json in `data`), in the engine's order."""

    result = models.ForeignKey(StoredResult, on_delete=models.CASCADE, related_name="check_rows")
    order = models.IntegerField()
    code = models.CharField(max_length=32)
    subject = models.CharField(max_length=64, blank=True)  # "member/M12", or "" for none
    data = models.JSONField()

    class Meta:
        indexes = [
            models.Index(fields=["result", "code"], name="stored_check_code"),
            models.Index(fields=["result", "subject"], name="stored_check_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.subject}"
