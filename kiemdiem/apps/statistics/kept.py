"""Reports kept between requests (core/kept.py): a province's report counts 200,000
stored rows, several of them on the dashboard. Besides the last write, a result is kept
under the stored result's computation it counted."""

from __future__ import annotations

from kiemdiem.apps.core.kept import kept

from .contract import Filters, Report, Result
from .data import stored


def report_result(report: Report, filters: Filters) -> Result:
    row = stored(filters).row
    computed = row.computed_at.timestamp() if row.computed_at else 0
    parts = (report.code, filters.kind, filters.campaign.pk, filters.organization.pk)
    return kept("report", (*parts, row.pk, computed), lambda: report.execute(filters))
