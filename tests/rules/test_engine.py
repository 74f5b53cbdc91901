"""How the engine picks a rating and explains it."""

from __future__ import annotations

from kiemdiem.rules import evaluate, parse

from .builder import Sc


def test_decided_wins_over_proposed_and_votes_never_above_ceiling() -> None:
    sc = Sc("hd21-2019")
    sc.add_member("A", proposed="EXCELLENT", decided="COMPLETED")
    sc.add_member("B", proposed="EXCELLENT", facts={"civil_service_rating": "GOOD"})
    sc.add_member("C", votes={"GOOD": 5, "COMPLETED": 1})
    sc.add_member("D")
    res = sc.run()
    assert res.subject("member", "A").rating == "COMPLETED"
    b = res.subject("member", "B")
    assert (b.ceiling, b.rating) == ("GOOD", "GOOD")
    assert res.subject("member", "C").rating == "GOOD"  # non-binding votes: the proposal
    assert res.subject("member", "D").rating == "EXCELLENT"  # nothing chosen: the ceiling
    check = next(c for c in res.checks if c.subject == "B")
    assert check.code == "above_ceiling" and check.rating == "EXCELLENT"
    assert "Hoàn thành xuất sắc nhiệm vụ" in check.message and check.clause == "000 §B.2.3.a–d"


def test_the_issue_example_message() -> None:
    sc = Sc("hd21-2019")
    sc.add_member(
        "A", facts={"disciplines": [{"on": "2020-06-01", "form": "reprimand", "violation": "V1"}]}
    )
    reason = next(r for r in sc.run().subject("member", "A").reasons if r.code == "disciplined")
    assert reason.message == (
        "Bị kỷ luật khiển trách ngày 01/06/2020 (vi phạm V1) trong năm: xếp loại Không hoàn "
        "thành nhiệm vụ — 000 §B.2.3.d"
    )


def test_a_leader_carries_the_members_record() -> None:
    sc = Sc("hd21-2019")
    sc.add_collective("K", org="C", kind="cell_committee")
    sc.get("members", "K-m1")["facts"]["disciplines"] = [{"on": "2020-03-03", "form": "warning"}]
    sc.add_leader("K-m1", "K")
    leader = sc.run().subject("leader", "K-m1@K")
    assert leader.ceiling == "NOT_COMPLETED"
    assert any(r.code == "disciplined" for r in leader.reasons)


def test_summary_counts_the_subtree() -> None:
    sc = Sc("hd21-2019")
    sc.add_org("C2", kind="cell", parent="G")
    sc.add_member("A", decided="GOOD")
    sc.add_member("B", org="C2", facts={"reviewed": False})
    sc.add_member("N", org="C2", admitted_on="2020-10-01", full_member_on=None)
    res = sc.run()
    g = res.summary["G"].to_json()
    assert (
        g["member"]["GOOD"] == 1 and g["member"]["pending"] == 1 and g["member"]["not_rated"] == 1
    )
    assert res.summary["C"].to_json()["member"]["GOOD"] == 1
    assert g["organization"]["EXCELLENT"] == 3  # G, C and C2 are all at the top


def test_parse_keeps_yaml_on_key_and_dates_as_text() -> None:
    from kiemdiem.rules.scenario import parse_text

    data = parse_text("a:\n  on: 2020-06-01\n  yes: no\n", kind="yaml", source="t")
    assert data == {"a": {"on": "2020-06-01", "yes": "no"}}


def test_evaluate_accepts_a_ruleset_object() -> None:
    from kiemdiem.rules import load

    sc = Sc("hd21-2019")
    scenario = parse(sc.scenario_data(), source="t")
    assert evaluate(scenario, load("so-noi-vu-2020")).ruleset["id"] == "so-noi-vu-2020"
