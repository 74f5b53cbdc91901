"""Dossiers: the checklist each rule set requires (000 §C.1.1, 003 §III.1, HD 43) and how
complete a subject's dossier is."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiemdiem.rules import available, load
from kiemdiem.rules.dossier import checklist, completeness, due_milestone, items
from kiemdiem.rules.ruleset import RuleSetError
from kiemdiem.rules.schedule import schedule


def codes(found: tuple[object, ...]) -> list[str]:
    return [i.code for i in found]  # type: ignore[attr-defined]


def test_a_cell_keeps_its_report_score_summary_minutes_tally_and_decision() -> None:
    # 000 §C.1.1.1 (2)–(6), §C.2.1 ("như hồ sơ Đảng ủy Sở"); 003 §III.1.a.
    found = checklist(load("hd21-2019"), "organization")
    assert codes(found) == [
        "collective_report",
        "score_summary",
        "minutes",
        "tally_record",
        "party_building_report",
        "classification_decision",
        "statistics",
        "suggestions",
        "opinions",
        "complaints",
    ]
    assert [i.code for i in found if not i.required] == ["suggestions", "opinions", "complaints"]


def test_a_leadership_collective_keeps_its_report_minutes_and_decision() -> None:
    # 003 §III.1.a: the collective's report, the meeting's minutes, the decision; the
    # suggestions, opinions and complaint files where there are any.
    for ruleset_id in ("hd21-2019", "qd366-2025"):
        found = checklist(load(ruleset_id), "collective")
        assert [i.code for i in found if i.required] == [
            "collective_report",
            "minutes",
            "classification_decision",
        ]
        assert {i.code for i in found if not i.required} == {
            "suggestions",
            "opinions",
            "complaints",
        }


def test_a_member_s_dossier_grows_with_a_leading_post_and_civil_service() -> None:
    rules = load("hd21-2019")
    plain = codes(checklist(rules, "member"))
    assert plain == [
        "suggestions",
        "complaints",
        "self_review",
        "residence_comment",
        "party_record_form",
    ]
    servant = codes(checklist(rules, "member", civil_servant=True))
    assert servant == [*plain[:4], "civil_service_rating", "party_record_form"]
    # 000 §C.1.1.1, individuals (secretaries, deputies): comments summary, ballot, assets.
    leader = codes(checklist(rules, "member", leader=True))
    assert leader[-3:] == ["meeting_comments", "leader_ballot", "asset_declaration"]


def test_a_local_plan_keeps_its_parent_s_list_and_qd366_has_its_own() -> None:
    assert items(load("so-noi-vu-2020")) == items(load("hd21-2019"))
    qd = items(load("qd366-2025"))
    assert {i.cite for i in qd} == {"HD 43 (hồ sơ)"}
    assert "Mẫu 02A/02B/02C" in next(i.title for i in qd if i.code == "self_review")


def test_every_rule_set_s_dossier_deadline_is_one_of_its_milestones() -> None:
    for ruleset_id in available():
        rules = load(ruleset_id)
        if not items(rules):
            continue
        known = {m.code for m in schedule(rules, year=2026, meeting_on=date(2026, 12, 10))}
        for level in ("cell", "committee"):
            assert due_milestone(rules, level) in known, (ruleset_id, level)


def test_completeness_counts_required_items_only() -> None:
    found = checklist(load("hd21-2019"), "member")
    done = completeness(found, {"self_review": True, "residence_comment": True})
    assert (done.required, done.done) == (3, 2)
    assert codes(done.missing) == ["party_record_form"]
    assert not done.complete
    whole = completeness(found, {i.code: True for i in found if i.required})
    assert whole.complete and whole.done == whole.required


def test_an_unknown_subject_kind_in_a_list_is_refused() -> None:
    rules = load("hd21-2019")
    bad = dict(rules.process)
    bad["dossier"] = {"items": [{"code": "x", "of": ["cell"], "title": "x"}]}
    with pytest.raises(RuleSetError, match="dossier item x"):
        items(dataclasses.replace(rules, process=bad))


@given(st.dictionaries(st.sampled_from([i.code for i in items(load("qd366-2025"))]), st.booleans()))
def test_done_and_missing_always_add_up_to_what_is_required(present: dict[str, bool]) -> None:
    for kind, leader, servant in (("organization", False, False), ("member", True, True)):
        found = checklist(load("qd366-2025"), kind, leader=leader, civil_servant=servant)
        result = completeness(found, present)
        assert result.done + len(result.missing) == result.required
        assert result.complete == all(present.get(i.code, False) for i in found if i.required)
        assert all(i.required for i in result.missing)
