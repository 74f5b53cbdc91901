"""Reports kept between requests: a province's report counts 200,000 stored rows (half a
second each, several on the dashboard), and a board reads the same figures many times
between two writes. A result is kept under what it was counted from — the last audit
entry (every write is audited) and the stored result's computation — so any change
counts it anew."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Max

from kiemdiem.apps.audit.models import AuditEntry

from .contract import Filters, Report, Result
from .data import stored

KEEP = 15 * 60  # seconds; the key changes with the data, this only frees memory


def report_result(report: Report, filters: Filters) -> Result:
    row = stored(filters).row
    version = AuditEntry.objects.aggregate(m=Max("pk"))["m"] or 0
    computed = row.computed_at.timestamp() if row.computed_at else 0
    key = (
        f"kd-report:{report.code}:{filters.kind}:{filters.campaign.pk}:"
        f"{filters.organization.pk}:{version}:{row.pk}:{computed}"
    )
    found = cache.get(key)
    if found is None:
        found = report.execute(filters)
        cache.set(key, found, KEEP)
    return found  # type: ignore[no-any-return]
