"""The time a record is written at. Always now, except while the demo replays the events of
an earlier year (its 2020 campaign): those are recorded on the days they happened, so the
history reads as the year went, not as the day the demo was loaded."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime, time

from django.utils import timezone

_replayed: ContextVar[datetime | None] = ContextVar("replayed", default=None)


def now() -> datetime:
    return _replayed.get() or timezone.now()


def today() -> date:
    return timezone.localdate(now())


@contextmanager
def replay(on: date, at: time = time(9, 0)) -> Iterator[None]:
    """Record what runs inside as written on `on` (the demo's earlier events only)."""
    # In UTC, as the database gives it back: the ledger hashes the time it stores.
    local = timezone.make_aware(datetime.combine(on, at))
    token = _replayed.set(local.astimezone(UTC))
    try:
        yield
    finally:
        _replayed.reset(token)
