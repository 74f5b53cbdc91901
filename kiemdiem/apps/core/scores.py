"""One shape for the review papers — a member's self-review (Mẫu 02) and a collective's
report (Mẫu 01): the sections both write, and the 100-point score (QĐ 366: 30 points for
the general criteria, 70 for the results of tasks). The abstract models add no table;
the migrations of each app hold the columns."""

from __future__ import annotations

from decimal import Decimal

from django.db import models

from . import textlimits
from .errors import ServiceError

GENERAL_MAX = 30
RESULTS_MAX = 70


def score_of(general: Decimal | None, results: Decimal | None) -> float | None:
    """The total the engine reads, or None until both parts are scored."""
    if general is None or results is None:
        return None
    return float(general + results)


def check_points(general: Decimal | None, results: Decimal | None) -> None:
    """Each part within its maximum, in steps of half a point; an error names the field."""
    for field, value, top in (
        ("general_points", general, GENERAL_MAX),
        ("results_points", results, RESULTS_MAX),
    ):
        if value is not None and not (0 <= value <= top):
            raise ServiceError(field, f"Điểm phải từ 0 đến {top}")
        if value is not None and (value * 2) % 1:
            raise ServiceError(field, "Điểm chấm theo bước 0,5 điểm")


def section(verbose_name: str) -> models.TextField:  # type: ignore[type-arg]
    """A free-text section of a review paper, bounded like every typed text."""
    return models.TextField(verbose_name, max_length=textlimits.SECTION, blank=True)


class ScoredForm(models.Model):
    general_points = models.DecimalField(
        "điểm nhóm tiêu chí chung (tối đa 30)",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
    )
    results_points = models.DecimalField(
        "điểm nhóm kết quả thực hiện nhiệm vụ (tối đa 70)",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
    )

    class Meta:
        abstract = True

    @property
    def score(self) -> float | None:
        return score_of(self.general_points, self.results_points)


class ReviewPaper(ScoredForm):
    """The sections both papers write in the same words; each model adds its own (the
    self-review's strengths, the report's results) and its wording of the remedy."""

    shortcomings = section("hạn chế, khuyết điểm và nguyên nhân")
    suggestions = section("giải trình những vấn đề được gợi ý kiểm điểm (nếu có)")
    direction = section("phương hướng, biện pháp khắc phục")

    class Meta:
        abstract = True
