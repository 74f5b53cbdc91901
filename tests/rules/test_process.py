"""The process checks (kiemdiem.rules.process): circulation in advance, meeting length,
chair, order, ballot counts — each read from the rule set's [process] data."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from kiemdiem.rules import load
from kiemdiem.rules.process import AgendaEntry, chair, circulation, duration, order, tally

HD21 = load("hd21-2019")
QD366 = load("qd366-2025")
LAM_DONG = load("lam-dong-2019")  # "trước 03 ngày": calendar days (003 §I.1)
SCALE = QD366.scale("member")


def test_three_working_days_skip_the_weekend() -> None:
    # Meeting Friday 20/11/2020 (seed 000): Tuesday 17/11 is 3 working days ahead.
    meeting = date(2020, 11, 20)
    assert circulation(HD21, circulated_on=date(2020, 11, 17), meeting_on=meeting) == []
    late = circulation(HD21, circulated_on=date(2020, 11, 18), meeting_on=meeting)
    assert late[0].code == "late_circulation" and late[0].message.endswith("— 000 §A.4.1")
    # A Monday meeting: the Wednesday before is exactly three working days ahead.
    assert circulation(HD21, circulated_on=date(2020, 11, 18), meeting_on=date(2020, 11, 23)) == []


def test_working_days_skip_tet() -> None:
    # Tết 2026: 16–20/02 are holidays; a meeting on Monday 23/02 needs the draft by 11/02.
    assert circulation(QD366, circulated_on=date(2026, 2, 11), meeting_on=date(2026, 2, 23)) == []
    assert circulation(QD366, circulated_on=date(2026, 2, 13), meeting_on=date(2026, 2, 23))


def test_calendar_days_where_the_plan_says_days() -> None:
    assert (
        circulation(LAM_DONG, circulated_on=date(2019, 11, 8), meeting_on=date(2019, 11, 11)) == []
    )
    late = circulation(LAM_DONG, circulated_on=date(2019, 11, 9), meeting_on=date(2019, 11, 11))
    assert "2 ngày" in late[0].message and "ngày làm việc" not in late[0].message


def test_meeting_length_per_level_and_plan() -> None:
    assert duration(HD21, level="cell", minutes=240) == []
    assert duration(HD21, level="cell", minutes=239)[0].field == "ended_at"
    assert duration(HD21, level="committee", minutes=479)
    assert duration(QD366, level="cell", minutes=479)[0].message.endswith(
        "— QĐ 366 (hội nghị kiểm điểm)"
    )
    # Lâm Đồng extends HD 21 and keeps its minimum; the 2014 plan sets none.
    assert duration(LAM_DONG, level="cell", minutes=239)
    assert duration(load("thanh-tra-hcm-2014"), level="cell", minutes=10) == []


def test_a_deputy_chairs_the_heads_review() -> None:
    assert chair(HD21, head="A", chair="A", head_chair="B") == []
    assert chair(HD21, head="A", chair="B", head_chair=None) == []
    assert chair(HD21, head="A", chair="A", head_chair=None)[0].code == "head_chairs_own_review"
    assert chair(HD21, head="A", chair="A", head_chair="A")
    assert chair(HD21, head=None, chair=None, head_chair=None)[0].field == "chair"


def test_where_a_deputy_exists_the_deputy_chairs_the_heads_review() -> None:
    """000 §A.4.2: "khi kiểm điểm người đứng đầu thì phân công một đồng chí cấp phó chủ trì";
    another comrade only where there is no deputy."""
    deputies = {"B"}
    assert chair(HD21, head="A", chair="A", head_chair="B", deputies=deputies) == []
    refused = chair(HD21, head="A", chair="A", head_chair="C", deputies=deputies)
    assert [i.code for i in refused] == ["head_review_not_chaired_by_deputy"]
    assert refused[0].field == "head_chair" and "cấp phó chủ trì" in refused[0].message
    # A meeting chaired by a committee member throughout: still the deputy for the head.
    assert chair(HD21, head="A", chair="C", head_chair=None, deputies=deputies)
    assert chair(HD21, head="A", chair="B", head_chair=None, deputies=deputies) == []
    assert chair(HD21, head="A", chair="A", head_chair="C", deputies=()) == []


def test_collectives_first_and_leaders_before_members() -> None:
    cell = AgendaEntry("organization", "Chi bộ")
    secretary = AgendaEntry("member", "Bí thư", leader=True)
    member = AgendaEntry("member", "Đảng viên")
    assert order(HD21, [cell, secretary, member]) == []
    assert order(HD21, [secretary, cell])[0].code == "collective_after_individual"
    assert order(HD21, [cell, member, secretary])[0].code == "leader_after_member"
    # QĐ 366's order names no "leaders before members".
    assert order(QD366, [cell, member, secretary]) == []


counts = st.dictionaries(st.sampled_from(SCALE), st.integers(0, 60), max_size=4)


@given(
    eligible=st.integers(0, 60),
    present=st.integers(0, 60),
    issued=st.integers(0, 60),
    valid=st.integers(0, 60),
    counts=counts,
)
def test_a_tally_passes_exactly_when_the_counts_nest(
    eligible: int, present: int, issued: int, valid: int, counts: dict[str, int]
) -> None:
    issues = tally(
        QD366,
        eligible=eligible,
        present=present,
        issued=issued,
        valid=valid,
        counts=counts,
        scale=SCALE,
    )
    nested = sum(counts.values()) <= valid <= issued <= present <= eligible
    assert (issues == []) == nested
    assert all(issue.message for issue in issues)


def test_a_code_off_the_scale_is_named() -> None:
    issues = tally(QD366, eligible=5, present=5, issued=5, valid=5, counts={"WEAK": 1}, scale=SCALE)
    assert issues[0].field == "WEAK" and "không có trong thang" in issues[0].message
