"""This year against past years: per year, the ratings of the subjects now in the scope —
from the earlier campaigns' issued decisions and, for years before the product, the
ratings typed in from the archive (PastRating)."""

from __future__ import annotations

from typing import Any

from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.decisions.models import PastRating
from kiemdiem.rules import load
from kiemdiem.rules.ratings import RATING_LABEL

from .contract import Chart, Column, Filters, Result, Series, share
from .data import paths, ratings_in_force, row_key


def execute(filters: Filters) -> Result:
    campaign, scope, kind = filters.campaign, filters.organization, filters.kind
    scale = load(campaign.ruleset).scale(kind)
    by_year: dict[int, dict[str, str]] = {}
    for past in Campaign.objects.filter(
        organization=campaign.organization, year__lte=campaign.year
    ).order_by("year"):
        in_force = ratings_in_force(past)
        if in_force.decided or past.pk == campaign.pk:
            by_year.setdefault(past.year, {}).update(in_force.by_subject)
    for subject, year, rating in PastRating.objects.filter(year__lte=campaign.year).values_list(
        "subject", "year", "rating"
    ):
        by_year.setdefault(year, {}).setdefault(subject, rating)
    wanted = {key for year in by_year.values() for key in year if key.startswith(kind + "/")}
    where = paths(wanted)
    inside = {k for k in wanted if row_key(where.get(k, ""), scope) is not None}
    columns = [Column("name", "Năm", "text"), Column("total", "Số được xếp loại")]
    for code in scale:
        columns += [
            Column(code, "Số", "int", RATING_LABEL[code]),
            Column(f"{code}_pct", "Tỷ lệ", "pct", RATING_LABEL[code]),
        ]
    rows: list[dict[str, Any]] = []
    for year in sorted(by_year):
        ratings = [r for k, r in by_year[year].items() if k in inside and r in scale]
        if not ratings:
            continue
        row: dict[str, Any] = {"name": str(year), "total": len(ratings)}
        for code in scale:
            n = sum(1 for r in ratings if r == code)
            row[code], row[f"{code}_pct"] = n, share(n, len(ratings))
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
