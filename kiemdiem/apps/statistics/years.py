"""This year against past years: per year, the ratings of the subjects now in the scope —
from the earlier campaigns' issued decisions and, for years before the product, the
ratings typed in from the archive (PastRating)."""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.decisions.models import PastRating
from kiemdiem.apps.decisions.selectors import issued_decision
from kiemdiem.rules import load
from kiemdiem.rules.ratings import RATING_LABEL

from .contract import Chart, Column, Filters, Result, Series, share
from .data import in_force_expr, level_counts, ratings_counted, stored


def execute(filters: Filters) -> Result:
    campaign, scope, kind = filters.campaign, filters.organization, filters.kind
    scale = load(campaign.ruleset).scale(kind)
    # Each year's ratings in force, as an SQL expression of a subject's key: the campaign's
    # (its issued decision; this year's proposals too), else the archive's.
    sources: dict[int, list[Any]] = {}
    by_campaign: dict[int, int] = {}  # year → the campaign whose ratings it counts
    for past in Campaign.objects.filter(
        organization=campaign.organization, year__lte=campaign.year
    ).order_by("year", "pk"):
        if past.pk == campaign.pk or issued_decision(past) is not None:
            sources[past.year] = [in_force_expr(past)]  # a later campaign of a year wins
            by_campaign[past.year] = past.pk
    for year in (
        PastRating.objects.filter(year__lte=campaign.year).values_list("year", flat=True).distinct()
    ):
        archived = PastRating.objects.filter(year=year, subject=OuterRef("key"))
        sources.setdefault(year, []).append(Subquery(archived.values("rating")[:1]))
    # The subjects now in the scope: this campaign's, counted where they are now.
    subjects = stored(filters).rows.filter(type=kind)
    by_year: dict[int, dict[str, int]] = {}
    for year, exprs in sources.items():
        if by_campaign.get(year) == campaign.pk and len(exprs) == 1:  # as the ratings count
            counted = ratings_counted(filters)
        else:
            level = exprs[0] if len(exprs) == 1 else Coalesce(*exprs, output_field=CharField())
            counted = level_counts(subjects, level, scope)
        for levels in counted.values():
            for code, n in levels.items():
                by_year.setdefault(year, {})[code] = by_year.get(year, {}).get(code, 0) + n
    columns = [Column("name", "Năm", "text"), Column("total", "Số được xếp loại")]
    for code in scale:
        columns += [
            Column(code, "Số", "int", RATING_LABEL[code]),
            Column(f"{code}_pct", "Tỷ lệ", "pct", RATING_LABEL[code]),
        ]
    rows: list[dict[str, Any]] = []
    for year in sorted(by_year):
        counts = {code: by_year[year].get(code, 0) for code in scale}
        total = sum(counts.values())
        if not total:
            continue
        row: dict[str, Any] = {"name": str(year), "total": total}
        for code in scale:
            row[code], row[f"{code}_pct"] = counts[code], share(counts[code], total)
        rows.append(row)
    # Counts, not shares: a year known only from a few archived ratings must not look
    # like a whole year's distribution.
    chart = Chart(
        "stacked",
        "Số được xếp loại từng mức qua các năm",
        [r["name"] for r in rows],
        [Series(RATING_LABEL[code], [r[code] for r in rows]) for code in scale],
    )
    return Result(columns, rows, chart)
