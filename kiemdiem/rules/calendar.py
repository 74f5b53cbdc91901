"""Working days in Vietnam: weekends and public holidays (Tết and substituted days off
included, from the `holidays` package) are not working days."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import holidays


@cache
def _year(year: int) -> dict[date, str]:
    return dict(holidays.country_holidays("VN", years=year, language="vi"))


def holiday_name(day: date) -> str | None:
    return _year(day.year).get(day)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _year(day.year)


def shift(day: date, days: int, *, working: bool) -> date:
    """`days` days after `day` (before it when negative); working days skip weekends and
    public holidays."""
    if not working:
        return day + timedelta(days=days)
    step = 1 if days >= 0 else -1
    left = abs(days)
    current = day
    while left:
        current += timedelta(days=step)
        if is_working_day(current):
            left -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if is_working_day(current):
            count += 1
    return count
