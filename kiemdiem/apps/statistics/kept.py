"""Reports kept between requests (core/kept.py): a province's report counts 200,000
stored rows, several of them on the dashboard. Besides the last write, a result is kept
under the stored result's computation it counted."""

from __future__ import annotations

from kiemdiem.apps.core.kept import kept

from .contract import Filters, Report, Result
from .data import stored


def report_result(report: Report, filters: Filters) -> Result:
    parts = (report.code, filters.kind, filters.campaign.pk, filters.organization.pk)
    computation = stored(filters).computation
    return kept("report", (*parts, *computation), lambda: report.execute(filters))
