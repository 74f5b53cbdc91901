"""Invariants of the engine on generated campaigns (Hypothesis)."""

from __future__ import annotations

import copy
import json
import math
import random
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiemdiem.rules import available, evaluate, load, parse
from kiemdiem.rules.ratings import RANK

RULESETS = available()
LEVELS = ["OUTSTANDING", "GOOD", "AVERAGE", "POOR"]
STANDARD = ["EXCELLENT", "GOOD", "COMPLETED", "NOT_COMPLETED"]
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def member_facts(draw: st.DrawFn) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    if draw(st.booleans()):
        facts["civil_service_rating"] = draw(st.sampled_from(STANDARD))
    if draw(st.integers(0, 9)) == 0:
        facts["disciplines"] = [
            {
                "on": "2020-06-01",
                "form": draw(st.sampled_from(["reprimand", "warning"])),
                "violation": "V",
                "duty_related": draw(st.booleans()),
            }
        ]
    for name in ("degradation", "maternity_leave", "prohibited_acts", "failed_assignment"):
        if draw(st.integers(0, 12)) == 0:
            facts[name] = True
    facts["sick_leave_days"] = draw(st.sampled_from([0, 0, 0, 30, 89, 90, 150]))
    facts["absences"] = draw(st.sampled_from([0, 0, 1, 3]))
    for name in (
        "targets_completed_pct",
        "tasks_on_time_pct",
        "tasks_exceeded_pct",
        "shortcomings_fixed_pct",
    ):
        facts[name] = draw(st.sampled_from([100, 100, 95, 60, 40, 30]))
    facts["tasks_late_pct"] = draw(st.sampled_from([0, 10, 30]))
    if draw(st.integers(0, 10)) == 0:
        facts["reviewed"] = False
    if draw(st.integers(0, 15)) == 0:
        facts["suspended"] = True
    if draw(st.booleans()):
        facts["posts"] = [
            draw(st.sampled_from(["secretary", "department_head", "committee_member"]))
        ]
    return facts


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, Any]:
    ruleset = draw(st.sampled_from(RULESETS))
    rs = load(ruleset)
    org_scale = list(rs.scale("organization"))
    cells = draw(st.integers(1, 4))

    def organization(id_: str, name: str, kind: str, parent: str | None) -> dict[str, Any]:
        return {
            "id": id_,
            "name": name,
            "kind": kind,
            "parent": parent,
            "founded_on": "2000-01-01",
            "levels": {
                "key": draw(st.sampled_from(LEVELS[:3])),
                "other": draw(st.sampled_from(LEVELS[:3])),
            },
            "score": draw(st.sampled_from([95, 85, 75, 60, 45])),
            "facts": {
                "mass_organizations": [draw(st.sampled_from(STANDARD[:3]))],
                "committee_united": True,
            },
            "proposed": draw(st.sampled_from(org_scale)),
        }

    root = organization("G", "Đảng bộ G", "grassroots_committee", None)
    root["facts"].update(
        committee_excellent=draw(st.booleans()),
        meetings_proper=True,
        remedy_plan_done=True,
        tasks_on_time_pct=100,
        targets_completed_pct=100,
        tasks_exceeded_pct=40,
        shortcomings_fixed_pct=100,
    )
    orgs: list[dict[str, Any]] = [root]
    members: list[dict[str, Any]] = []
    collectives: list[dict[str, Any]] = []
    leaders: list[dict[str, Any]] = []
    for c in range(cells):
        cid = f"C{c}"
        orgs.append(organization(cid, f"Chi bộ {c}", "cell", "G"))
        size = draw(st.integers(1, 9))
        ids = []
        for m in range(size):
            mid = f"{cid}-M{m}"
            ids.append(mid)
            member: dict[str, Any] = {
                "id": mid,
                "name": f"Đảng viên {mid}",
                "organization": cid,
                "admitted_on": draw(st.sampled_from(["2001-01-01", "2015-05-19", "2020-08-01"])),
                "levels": {
                    "key": draw(st.sampled_from(LEVELS)),
                    "other": draw(st.sampled_from(LEVELS)),
                },
                "score": draw(st.sampled_from([95, 88, 72, 55, 40])),
                "facts": draw(member_facts()),
                "proposed": draw(st.sampled_from(STANDARD)),
            }
            if member["admitted_on"] != "2020-08-01":
                member["full_member_on"] = (
                    "2002-01-01" if member["admitted_on"] < "2002" else "2016-05-19"
                )
            if draw(st.booleans()):
                yes = draw(st.integers(0, size))
                member["votes"] = {draw(st.sampled_from(STANDARD[:3])): yes}
                member["facts"]["eligible_voters"] = size
                member["facts"]["voters_present"] = size
            members.append(member)
        if size >= 3:
            collectives.append(
                {
                    "id": f"K{c}",
                    "name": f"Chi ủy {c}",
                    "kind": "cell_committee",
                    "organization": cid,
                    "founded_on": "2010-01-01",
                    "members": ids[:3],
                    "head": ids[0],
                    "levels": {"key": draw(st.sampled_from(LEVELS[:3])), "other": "GOOD"},
                    "score": 85,
                    "proposed": draw(st.sampled_from(STANDARD)),
                }
            )
            leaders.append(
                {
                    "member": ids[0],
                    "collective": f"K{c}",
                    "main_job": draw(st.booleans()),
                    "levels": {"key": "OUTSTANDING", "other": "GOOD"},
                    "score": 92,
                    "proposed": draw(st.sampled_from(STANDARD)),
                }
            )
    return {
        "version": 1,
        "ruleset": ruleset,
        "year": 2020,
        "as_of": "2020-11-25",
        "organizations": orgs,
        "members": members,
        "collectives": collectives,
        "leaders": leaders,
    }


def run(data: dict[str, Any]) -> dict[str, Any]:
    return evaluate(parse(copy.deepcopy(data), source="hypothesis")).to_json()


def ceilings(out: dict[str, Any]) -> dict[tuple[str, str], int]:
    return {(s["type"], s["id"]): RANK[s["ceiling"]] for s in out["subjects"] if s["ceiling"]}


WORSENINGS = [
    lambda m: m.update(levels={"key": "POOR", "other": m["levels"]["other"]}),
    lambda m: m["facts"].update(civil_service_rating="NOT_COMPLETED"),
    lambda m: m["facts"].update(degradation=True),
    lambda m: m["facts"].update(sick_leave_days=200),
    lambda m: m["facts"].update(targets_completed_pct=10),
    lambda m: m["facts"].update(absences=5),
    lambda m: m["facts"].update(
        disciplines=[{"on": "2020-09-09", "form": "warning", "violation": "W"}]
    ),
    lambda m: m.update(score=10),
]


@SETTINGS
@given(data=scenarios(), pick=st.integers(0, 10_000), how=st.integers(0, len(WORSENINGS) - 1))
def test_a_worse_fact_never_raises_a_ceiling(data: dict[str, Any], pick: int, how: int) -> None:
    before = ceilings(run(data))
    worse = copy.deepcopy(data)
    WORSENINGS[how](worse["members"][pick % len(worse["members"])])
    after = ceilings(run(worse))
    for key, rank in after.items():
        if key in before:
            assert rank <= before[key], (key, before[key], rank)


@SETTINGS
@given(data=scenarios(), seed=st.integers(0, 2**32 - 1))
def test_the_order_of_input_lists_never_changes_the_output(data: dict[str, Any], seed: int) -> None:
    shuffled = copy.deepcopy(data)
    rng = random.Random(seed)
    for key in ("organizations", "members", "collectives", "leaders"):
        rng.shuffle(shuffled[key])
    assert json.dumps(run(data), sort_keys=True) == json.dumps(run(shuffled), sort_keys=True)


@SETTINGS
@given(data=scenarios())
def test_evaluating_twice_gives_the_same_json(data: dict[str, Any]) -> None:
    assert json.dumps(run(data)) == json.dumps(run(data))


@SETTINGS
@given(data=scenarios())
def test_a_rating_is_never_above_its_ceiling(data: dict[str, Any]) -> None:
    for s in run(data)["subjects"]:
        if s["status"] == "rated":
            assert RANK[s["rating"]] <= RANK[s["ceiling"]]
        else:
            assert s["rating"] is None and s["ceiling"] is None and s["reasons"]


@SETTINGS
@given(data=scenarios())
def test_quota_allowed_and_actual_are_the_rule_sets_formula(data: dict[str, Any]) -> None:
    out = run(data)
    rs = load(data["ruleset"])
    cell_of = {m["id"]: m["organization"] for m in data["members"]}
    rated = {(s["type"], s["id"]): s["rating"] for s in out["subjects"] if s["status"] == "rated"}
    org_rating = {k[1]: v for k, v in rated.items() if k[0] == "organization"}
    for q in out["quotas"]:
        p = rs.clause(q["clause_id"]).params
        base = ("GOOD",) if p["base"] == "good_only" else ("GOOD", "EXCELLENT", "CLEAN_STRONG")
        if q["subject_type"] != "member":
            continue
        in_scope = [mid for mid in cell_of if p["scope"] != "cell" or cell_of[mid] == q["scope"]]
        ratings = [rated[("member", m)] for m in in_scope if ("member", m) in rated]
        base_count = sum(1 for r in ratings if r in base)
        actual = sum(1 for r in ratings if r == p["rating"])
        share = p["share"]
        if p.get("shares_by_rating"):
            share = p["shares_by_rating"].get(org_rating.get(q["scope"], ""), 0.0)
        elif p.get("share_outstanding") and any(
            o["id"] == q["scope"] and o["facts"].get("outstanding_unit")
            for o in data["organizations"]
        ):
            share = p["share_outstanding"]
        roll = sum(1 for m in in_scope)
        if p.get("small_unit_size") and roll < p["small_unit_size"]:
            allowed = p["small_unit_allowed"]
        else:
            value = share * base_count
            allowed = {
                "floor": math.floor(value + 1e-9),
                "ceil": math.ceil(value - 1e-9),
                "round": math.floor(value + 0.5 + 1e-9),
            }[p["rounding"]]
        assert (q["base_count"], q["actual"], q["allowed"]) == (base_count, actual, allowed), q
        breached = any(
            c["code"] == "quota_exceeded"
            and c.get("scope") == q["scope"]
            and c["clause"] == q["clause"]
            and c["subject_type"] == "member"
            for c in out["checks"]
        )
        assert breached is (actual > allowed)
