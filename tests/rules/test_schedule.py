"""Working days and the campaign's milestones, from the rule sets' process data."""

from __future__ import annotations

from datetime import date

import pytest

from kiemdiem.rules import available, load
from kiemdiem.rules.calendar import holiday_name, is_working_day, shift, working_days_between
from kiemdiem.rules.schedule import schedule, specs, violations


def test_weekends_and_vietnamese_holidays_are_not_working_days() -> None:
    assert not is_working_day(date(2020, 11, 21))  # Saturday
    assert not is_working_day(date(2020, 9, 2))  # Quốc khánh
    assert holiday_name(date(2020, 1, 25)) == "Tết Nguyên Đán"
    assert not is_working_day(date(2026, 2, 18))  # Mùng hai Tết 2026 (a Wednesday)
    assert is_working_day(date(2020, 11, 20))


def test_shifting_by_working_days_skips_weekends_and_tet() -> None:
    assert shift(date(2020, 11, 20), -3, working=True) == date(2020, 11, 17)
    assert shift(date(2020, 11, 23), -3, working=True) == date(2020, 11, 18)  # over a weekend
    # 3 working days before Tuesday 24/02/2026: Mon 23, then back over Tết (16–20/02).
    assert shift(date(2026, 2, 24), -3, working=True) == date(2026, 2, 12)
    assert shift(date(2020, 11, 20), -3, working=False) == date(2020, 11, 17)
    assert working_days_between(date(2020, 11, 17), date(2020, 11, 20)) == 3


@pytest.mark.parametrize("ruleset_id", available())
def test_every_rule_set_schedules_its_campaign(ruleset_id: str) -> None:
    rs = load(ruleset_id)
    meeting = date(2020, 11, 20)
    items = schedule(rs, year=2020, meeting_on=meeting)
    assert [m.order for m in items] == list(range(1, len(items) + 1))
    assert [m.due_on for m in items] == sorted(m.due_on for m in items)
    by_code = {m.code: m for m in items}
    assert by_code["cell_meeting"].due_on == meeting
    assert all(m.cite and m.title for m in items)
    assert violations(rs, {m.code: m.due_on for m in items}) == []
    assert len(specs(rs)) == len(items)


def test_seed_000_milestones() -> None:
    items = {
        m.code: m.due_on
        for m in schedule(load("so-noi-vu-2020"), year=2020, meeting_on=date(2020, 11, 20))
    }
    assert items["report_circulated"] == date(2020, 11, 17)  # 3 working days, 000 §A.4.1
    assert items["cells_report"] == date(2020, 11, 30)  # 000 §C.2.2
    assert items["dossiers_to_upper"] == date(2020, 12, 10)  # 000 §C.1.2


def test_qd366_dossier_list_goes_to_the_next_year() -> None:
    items = {
        m.code: m.due_on
        for m in schedule(load("qd366-2025"), year=2025, meeting_on=date(2025, 12, 8))
    }
    assert items["dossier_list_to_central"] == date(2026, 2, 1)
    assert items["ratings_done"] == date(2025, 12, 31)


def test_a_late_report_breaks_the_advance_days_rule_in_vietnamese() -> None:
    rs = load("hd21-2019")
    dates = {m.code: m.due_on for m in schedule(rs, year=2020, meeting_on=date(2020, 11, 20))}
    dates["report_circulated"] = date(2020, 11, 18)
    [(code, message)] = violations(rs, dates)
    assert code == "report_circulated"
    assert "2 ngày làm việc" in message and "3 ngày làm việc" in message
    assert message.endswith("000 §A.4.1")
