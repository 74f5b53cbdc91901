"""Dates as Vietnamese forms write them (dd/mm/yyyy), parsed with an error naming the field."""

from __future__ import annotations

from datetime import date, datetime

from .errors import ServiceError

FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d")


def parse_date(value: str, *, field: str, label: str) -> date:
    text = (value or "").strip()
    for fmt in FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ServiceError(field, f"{label} không hợp lệ: “{text}” (ghi theo dạng ngày/tháng/năm)")
