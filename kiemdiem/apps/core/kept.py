"""Values kept between requests until a write: a province's counts and reports cost a
scan of 200,000 rows, and people read the same ones many times between two writes.
A value is kept under its name, the caller's parts (what else it was computed from) and
the last audit entry — every write is audited, so any write computes it anew."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db.models import Max

from kiemdiem.apps.audit.models import AuditEntry

T = TypeVar("T")
KEEP = 15 * 60  # seconds; the key changes with the data, this only frees memory


def kept(name: str, parts: tuple[object, ...], compute: Callable[[], T]) -> T:
    version = AuditEntry.objects.aggregate(m=Max("pk"))["m"] or 0
    key = ":".join(["kd", name, *(str(p) for p in parts), str(version)])
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, KEEP)
    return found  # type: ignore[no-any-return]
