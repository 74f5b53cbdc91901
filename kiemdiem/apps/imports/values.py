"""Cell values as offices type them: dates in any of the usual forms (or Excel's own),
spaces around, Vietnamese in either Unicode form (NFC is what we keep), "Có"/"x"/"1" for
yes. Each parser returns the value or raises `BadValue` with a Vietnamese message."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from functools import lru_cache

DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y", "%Y/%m/%d")
EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0 (with its 1900 leap-year quirk)
YES = {"có", "co", "x", "1", "true", "yes", "đúng", "c"}
NO = {"không", "khong", "0", "false", "no", "", "k"}
_SPACES = re.compile(r"\s+")
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


class BadValue(ValueError):
    pass


def text(value: object) -> str:
    """NFC, trimmed, inner runs of spaces made one; numbers as typed (no ".0")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _SPACES.sub(" ", unicodedata.normalize("NFC", str(value))).strip()


def key(value: object) -> str:
    """For matching names and choices: text, case-folded."""
    return text(value).casefold()


def plain(value: object) -> str:
    """Without diacritics (đ → d), for matching what was typed without them."""
    decomposed = unicodedata.normalize("NFD", key(value).replace("đ", "d"))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def to_date(value: object) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 80000:  # an Excel serial day number
            return EXCEL_EPOCH + timedelta(days=int(value))
        raise BadValue(f"Ngày không hợp lệ: “{value}”")
    raw = text(value)
    fast = _DMY.fullmatch(raw)  # the common case, without strptime's cost
    if fast:
        try:
            return date(int(fast[3]), int(fast[2]), int(fast[1]))
        except ValueError:
            pass  # 31/02: the message below names the format
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise BadValue(f"Ngày không hợp lệ: “{raw}” (ghi ngày/tháng/năm, ví dụ 05/03/2010)")


def to_int(value: object, *, low: int, high: int) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = float(text(value).replace(",", "."))
    except ValueError as exc:
        raise BadValue(f"Không phải số: “{text(value)}”") from exc
    if not number.is_integer() or not low <= number <= high:
        raise BadValue(f"Cần số nguyên từ {low} đến {high}: “{text(value)}”")
    return int(number)


def to_bool(value: object, *, default: bool) -> bool:
    if value is None or text(value) == "":
        return default
    if isinstance(value, bool):
        return value
    k = key(value)
    if k in YES:
        return True
    if k in NO:
        return False
    raise BadValue(f"Ghi “Có” hoặc “Không”: “{text(value)}”")


def choice(value: object, options: tuple[tuple[str, str], ...]) -> str | None:
    """A code or its label, with or without diacritics, any case."""
    if value is None or text(value) == "":
        return None
    return _choice(text(value), options)


@lru_cache(maxsize=4096)  # a column repeats a handful of values over thousands of rows
def _choice(value: str, options: tuple[tuple[str, str], ...]) -> str:
    wanted, bare = key(value), plain(value)
    for code, label in options:
        if wanted in (code.casefold(), key(label)) or bare == plain(label):
            return code
    labels = "; ".join(label for _, label in options)
    raise BadValue(f"“{text(value)}” không có trong danh mục ({labels})")
