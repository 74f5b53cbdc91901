"""The 100-point score (QĐ 366: 30 points for the general criteria, 70 for the results of
tasks), one shape for the forms that carry it: a member's self-review and a collective's
report. The abstract model adds no table; the migrations of each app hold the columns."""

from __future__ import annotations

from decimal import Decimal

from django.db import models

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
