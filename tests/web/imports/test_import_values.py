"""Cell values as offices type them (no database)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiemdiem.apps.imports.values import BadValue, choice, plain, text, to_bool, to_date, to_int

LEVELS = (("EXCELLENT", "Hoàn thành xuất sắc nhiệm vụ"), ("GOOD", "Hoàn thành tốt nhiệm vụ"))


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_every_usual_date_form_reads_the_same_day(day: date) -> None:
    forms = [
        day,
        datetime(day.year, day.month, day.day, 0, 0),
        day.strftime("%d/%m/%Y"),
        day.strftime(" %d-%m-%Y "),
        day.strftime("%d.%m.%Y"),
        day.isoformat(),
        f"{day.day}/{day.month}/{day.year}",
        float((day - date(1899, 12, 30)).days),  # Excel's serial number
    ]
    assert {to_date(f) for f in forms} == {day}


@pytest.mark.parametrize("bad", ["31/02/2010", "2010", "ngày 5", "13/13/2013", -3])
def test_a_wrong_date_is_refused_with_the_form_to_use(bad: object) -> None:
    with pytest.raises(BadValue, match="Ngày không hợp lệ"):
        to_date(bad)


def test_text_is_nfc_and_trimmed_and_choices_match_without_diacritics() -> None:
    decomposed = "Nguye\u0302\u0303n  Va\u0306n   A "  # NFD, as some keyboards type it
    assert text(decomposed) == "Nguyễn Văn A"
    assert text(52000901.0) == "52000901"
    assert plain("Đảng viên") == "dang vien"
    assert choice("hoàn thành tốt nhiệm vụ", LEVELS) == "GOOD"
    assert choice("Hoan thanh xuat sac nhiem vu", LEVELS) == "EXCELLENT"
    assert choice("excellent", LEVELS) == "EXCELLENT"
    assert choice("  ", LEVELS) is None
    with pytest.raises(BadValue, match="không có trong danh mục"):
        choice("Tốt", LEVELS)


def test_yes_no_and_numbers() -> None:
    assert [to_bool(v, default=False) for v in ("Có", "x", "1", "không", None, "")] == [
        True,
        True,
        True,
        False,
        False,
        False,
    ]
    assert to_bool(None, default=True) is True
    with pytest.raises(BadValue):
        to_bool("có lẽ", default=False)
    assert to_int("2026", low=1900, high=2100) == 2026
    assert to_int(2025.0, low=1900, high=2100) == 2025
    with pytest.raises(BadValue, match="Cần số nguyên"):
        to_int("2026,5", low=1900, high=2100)
