"""One test per clause of every rule set, named `<rule set>::<clause>`.

Each test starts from a perfect campaign (every subject may reach the top), moves one
fact across the boundary the clause's own parameters set, and checks that the clause —
and only that — acts, citing its clause. Parameters come from the rule set, so a local
plan that amends a number is tested at its own number.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from kiemdiem.rules import Clause, RuleSet, available, load
from kiemdiem.rules.context import add_months
from kiemdiem.rules.mechanisms import REGISTRY
from kiemdiem.rules.ratings import LEVEL_RANK, RANK
from kiemdiem.rules.scoring import Bonus, Deduction, ScoreItem, ScoreSheet, check

from .builder import Sc

Case = Callable[[RuleSet, Clause], None]
CASES: dict[str, Case] = {}
LEVELS = ["POOR", "AVERAGE", "GOOD", "OUTSTANDING"]


def case(name: str) -> Callable[[Case], Case]:
    def register(fn: Case) -> Case:
        CASES[name] = fn
        return fn

    return register


# -- helpers ----------------------------------------------------------------------
def top(rs: RuleSet, subject: str) -> str:
    return rs.scale(subject)[0]


def code_at(rs: RuleSet, subject: str, rank: int) -> str:
    return rs.scale(subject)[4 - rank]


def cited(sub: Any, clause: Clause) -> bool:
    return any(r.clause == clause.cite for r in sub.reasons)


class Target:
    """The subject a clause is tested on, inside a fresh perfect scenario."""

    def __init__(self, rs: RuleSet, subject: str, *, org: str = "C") -> None:
        self.rs = rs
        self.sc = Sc(rs.id)
        self.subject = subject
        if subject == "member":
            self.id = "T"
            self.data = self.sc.add_member("T")
        elif subject == "organization":
            self.id = org
            self.data = self.sc.get("organizations", org)
        elif subject == "collective":
            self.id = "K"
            self.data = self.sc.add_collective(
                "K", org=org, kind="cell_committee" if org == "C" else "party_committee"
            )
        else:
            self.sc.add_collective(
                "K", org=org, kind="cell_committee" if org == "C" else "party_committee"
            )
            self.id = "K-m0@K"
            self.data = self.sc.add_leader("K-m0", "K")

    def facts(self, **facts: Any) -> None:
        for name, value in facts.items():
            if self.subject == "leader" and name in ("disciplines", "prohibited_acts"):
                self.sc.get("members", "K-m0")["facts"][name] = value
            else:
                self.data["facts"][name] = value

    def set(self, **fields: Any) -> None:
        self.data.update(fields)

    def unit_facts(self, **facts: Any) -> None:
        self.sc.get("collectives", "K")["facts"].update(facts)

    def result(self) -> Any:
        res = self.sc.run()
        return res.subject(self.subject, self.id), res


def fresh(rs: RuleSet, clause: Clause, **kw: Any) -> Target:
    return Target(rs, clause.subject, **kw)


def assert_top(rs: RuleSet, clause: Clause, t: Target) -> None:
    sub, _ = t.result()
    assert sub.status == "rated", sub
    assert sub.ceiling == top(rs, clause.subject), sub.reasons


# -- status ---------------------------------------------------------------------------
@case("exempt_flag")
def _exempt(rs: RuleSet, clause: Clause) -> None:
    t = fresh(rs, clause)
    t.facts(**{clause.params["fact"]: True})
    sub, _ = t.result()
    assert sub.status == "not_rated" and sub.ceiling is None and sub.rating is None
    assert sub.reasons[0].code == clause.params["code"] and sub.reasons[0].clause == clause.cite
    assert_top(rs, clause, fresh(rs, clause))


@case("new_member")
def _new_member(rs: RuleSet, clause: Clause) -> None:
    months = clause.params["months"]
    t = fresh(rs, clause)
    edge = add_months(t.sc.as_of, -months)
    t.set(admitted_on=(edge + timedelta(days=1)).isoformat(), full_member_on=None)
    sub, _ = t.result()
    assert sub.status == "not_rated" and sub.reasons[0].code == "new_member"
    assert sub.reasons[0].clause == clause.cite
    assert ("không kiểm điểm" in sub.reasons[0].message) is (not clause.params["reviewed"])
    t = fresh(rs, clause)
    t.set(admitted_on=edge.isoformat(), full_member_on=None)
    sub, _ = t.result()
    assert sub.status == "rated"


@case("new_subject")
def _new_subject(rs: RuleSet, clause: Clause) -> None:
    months = clause.params["months"]
    t = fresh(rs, clause)
    edge = add_months(t.sc.as_of, -months)
    t.set(founded_on=(edge + timedelta(days=1)).isoformat())
    sub, _ = t.result()
    assert sub.status == "not_rated" and sub.reasons[0].code == clause.params["code"]
    assert sub.reasons[0].clause == clause.cite
    t = fresh(rs, clause)
    t.set(founded_on=edge.isoformat())
    assert t.result()[0].status == "rated"


@case("not_reviewed")
def _not_reviewed(rs: RuleSet, clause: Clause) -> None:
    t = fresh(rs, clause)
    t.facts(reviewed=False)
    sub, _ = t.result()
    assert sub.status == "pending" and sub.rating is None
    assert sub.reasons[0].code == "not_reviewed" and sub.reasons[0].clause == clause.cite


@case("small_collective")
def _small(rs: RuleSet, clause: Clause) -> None:
    size = clause.params["min_size"]
    t = fresh(rs, clause)
    t.set(members=t.data["members"][: size - 1], head=None)
    sub, _ = t.result()
    assert sub.status == "not_rated" and sub.reasons[0].code == "small_collective"
    assert sub.reasons[0].clause == clause.cite
    t = fresh(rs, clause)
    assert len(t.data["members"]) >= size
    assert t.result()[0].status == "rated"


@case("not_classified")
def _not_classified(rs: RuleSet, clause: Clause) -> None:
    kinds = clause.params.get("kinds")
    t = fresh(rs, clause)
    if kinds:
        t.sc.add_org("PG", kind=kinds[0], parent="C")
        sub = t.sc.run().subject("organization", "PG")
        assert t.result()[0].status == "rated"  # other kinds are classified
    else:
        sub, _ = t.result()
    assert sub.status == "not_rated" and sub.reasons[0].code == "not_classified"
    assert sub.reasons[0].clause == clause.cite


# -- criteria and points ----------------------------------------------------------------
@case("criteria")
def _criteria(rs: RuleSet, clause: Clause) -> None:
    thresholds = clause.params["thresholds"]
    for rating, need in thresholds.items():
        t = fresh(rs, clause)
        t.set(levels={"key": need["key"], "other": need["other"]})
        sub, _ = t.result()
        assert sub.ceiling == rating, (rating, sub.reasons)
        if RANK[rating] < 4:
            assert cited(sub, clause)
        lower = LEVEL_RANK[need["key"]] - 1
        if lower >= 1:
            t = fresh(rs, clause)
            t.set(levels={"key": LEVELS[lower - 1], "other": need["other"]})
            sub, _ = t.result()
            assert RANK[sub.ceiling] < RANK[rating] and cited(sub, clause)
    t = fresh(rs, clause)
    t.set(levels=None)
    if clause.subject == "leader":  # a leader falls back to the member's own levels
        t.sc.get("members", "K-m0")["levels"] = None
    sub, res = t.result()
    assert any(c.code == "missing_input" and c.fact == "levels" for c in res.checks)


def _break(t: Target, cond: str) -> None:
    """Make one condition of a points band fail."""
    if cond.startswith("unit."):
        fact, op, value = _split(cond[5:])
        t.unit_facts(**{fact: value - 1 if op.startswith(">") else value + 1})
    elif any(op in cond for op in (">=", "<=", ">", "<")):
        fact, op, value = _split(cond)
        t.facts(**{fact: value - 1 if op.startswith(">") else value + 1})
    elif cond.startswith("!"):
        t.facts(**{cond[1:]: True})
    elif cond.startswith("mass_orgs_at_least:"):
        need = RANK[cond.split(":")[1]]
        t.facts(mass_organizations=[{4: "GOOD", 3: "COMPLETED", 2: "NOT_COMPLETED"}[need]])
    elif cond == "all_subordinates_completed":
        t.sc.add_member("NC", org="C", decided="NOT_COMPLETED")
    elif cond == "no_member_disciplined":
        victim = "K-m1" if t.subject == "collective" else "V"
        if victim == "V":
            t.sc.add_member("V", org="C")
        t.sc.get("members", victim)["facts"]["disciplines"] = [
            {"on": t.sc.days_before(20), "form": "reprimand", "duty_related": True}
        ]
    elif cond == "no_subordinate_disciplined":
        t.sc.get("organizations", "C")["facts"]["disciplines"] = [
            {"on": t.sc.days_before(20), "form": "reprimand"}
        ]
    else:
        t.facts(**{cond: False})


def _split(cond: str) -> tuple[str, str, float]:
    for op in (">=", "<=", ">", "<"):
        if op in cond:
            fact, value = cond.split(op)
            return fact, op, float(value)
    raise ValueError(cond)


@case("points_bands")
def _points(rs: RuleSet, clause: Clause) -> None:
    conditions = clause.params.get("conditions", {})
    needs_parent = any("subordinate" in c for cs in conditions.values() for c in cs)
    org = "G" if needs_parent and clause.subject in ("organization", "collective") else "C"
    for rating, minimum in clause.params["bands"].items():
        t = fresh(rs, clause, org=org)
        t.set(score=minimum)
        sub, _ = t.result()
        assert sub.ceiling == rating, (rating, minimum, sub.reasons)
        t = fresh(rs, clause, org=org)
        t.set(score=minimum - 0.5)
        sub, _ = t.result()
        assert RANK[sub.ceiling] < RANK[rating] and cited(sub, clause)
        for cond in conditions.get(rating, []):
            t = fresh(rs, clause, org=org)
            t.set(score=minimum)
            _break(t, cond)
            sub, _ = t.result()
            assert RANK[sub.ceiling] < RANK[rating], (rating, cond, sub.reasons)
            assert cited(sub, clause)
    t = fresh(rs, clause)
    t.set(score=None)
    _, res = t.result()
    assert any(c.code == "missing_input" and c.fact == "score" for c in res.checks)


# -- a person's record ----------------------------------------------------------------
@case("civil_service")
def _civil_service(rs: RuleSet, clause: Clause) -> None:
    alternatives = clause.params.get("top_alternatives", [])
    for rating, cap in clause.params["caps"].items():
        t = fresh(rs, clause)
        t.facts(civil_service_rating=rating)
        sub, _ = t.result()
        assert RANK[sub.ceiling] == RANK[cap], (rating, sub.reasons)
        if RANK[cap] < 4:
            assert cited(sub, clause)
        if alternatives and RANK[cap] == 3:
            t = fresh(rs, clause)
            t.facts(civil_service_rating=rating, **{alternatives[0]: True})
            sub, _ = t.result()
            assert RANK[sub.ceiling] == 4 and cited(sub, clause)


_FACT_FOR = {"member", "leader"}


@case("flag_cap")
def _flag(rs: RuleSet, clause: Clause) -> None:
    t = fresh(rs, clause)
    t.facts(**{clause.params["fact"]: True})
    sub, _ = t.result()
    assert RANK[sub.ceiling] == RANK[clause.params["cap"]] and cited(sub, clause)
    assert any(r.code == clause.params["code"] for r in sub.reasons)
    assert_top(rs, clause, fresh(rs, clause))


@case("pct_below")
def _pct(rs: RuleSet, clause: Clause) -> None:
    fact = clause.params["fact"]
    unit = clause.params.get("source") == "unit"

    def with_value(value: float, **extra: Any) -> Any:
        t = fresh(rs, clause)
        if unit:
            t.unit_facts(**{fact: value}, **extra)
        else:
            t.facts(**{fact: value}, **extra)
        return t.result()[0]

    if "below" in clause.params:
        crossing, edge = clause.params["below"] - 1, clause.params["below"]
    else:
        crossing, edge = clause.params["above"] + 1, clause.params["above"]
    sub = with_value(crossing)
    assert RANK[sub.ceiling] == RANK[clause.params["cap"]] and cited(sub, clause)
    sub = with_value(edge)
    assert not cited(sub, clause)
    if clause.params.get("unless_force_majeure"):
        sub = with_value(crossing, force_majeure=True)
        assert not any(r.code == clause.params["code"] for r in sub.reasons)
        assert any(r.code.endswith("_force_majeure") for r in sub.reasons)


@case("discipline")
def _discipline(rs: RuleSet, clause: Clause) -> None:
    p = clause.params
    cap = RANK[p["cap"]]
    window = p.get("window", "year")
    form = p.get("min_form", "reprimand")

    def with_disciplines(*items: dict[str, Any]) -> Any:
        t = fresh(rs, clause)
        t.facts(disciplines=list(items))
        return t.result()[0]

    as_of = Sc(rs.id).as_of
    inside = (as_of - timedelta(days=20)).isoformat()
    sub = with_disciplines(
        {"on": inside, "form": form, "violation": "V1", "duty_related": True},
        {"on": inside, "form": form, "violation": "V1", "authority": "state", "duty_related": True},
    )
    assert RANK[sub.ceiling] == cap and cited(sub, clause)
    # One violation counts once (000 §B.2.3.d), whoever disciplined it.
    assert sum(1 for r in sub.reasons if r.code == p["code"]) == 1
    outside = (
        date(as_of.year - 1, 12, 31) if window == "year" else as_of - timedelta(days=400)
    ).isoformat()
    sub = with_disciplines({"on": outside, "form": form, "duty_related": True})
    assert not any(r.code == p["code"] for r in sub.reasons)
    if window == "12_months":
        sub = with_disciplines({"on": date(as_of.year - 1, 12, 31).isoformat(), "form": form})
        assert RANK[sub.ceiling] == cap
    if p.get("duty_related_only"):
        sub = with_disciplines({"on": inside, "form": form, "duty_related": False})
        assert not any(r.code == p["code"] for r in sub.reasons)
    mode = p.get("self_detected", "count")
    sub = with_disciplines(
        {"on": inside, "form": form, "self_detected": True, "duty_related": True}
    )
    if mode == "exempt":
        assert RANK[sub.ceiling] > cap and any(
            r.code.endswith("_self_detected") for r in sub.reasons
        )
    else:
        assert RANK[sub.ceiling] == cap
        assert any(r.code == "authority_may_weigh" for r in sub.reasons) is (mode == "note")


@case("sick_leave")
def _sick_leave(rs: RuleSet, clause: Clause) -> None:
    _count_threshold(rs, clause, "sick_leave_days", clause.params["min_days"])


@case("note")
def _note(rs: RuleSet, clause: Clause) -> None:
    fact, minimum = clause.params["fact"], clause.params.get("min")
    t = fresh(rs, clause)
    t.facts(**{fact: True if minimum is None else minimum})
    sub, _ = t.result()
    assert any(r.code == clause.params["code"] and r.clause == clause.cite for r in sub.reasons)
    assert sub.ceiling == top(rs, clause.subject)  # a note never caps
    t = fresh(rs, clause)
    if minimum is not None:
        t.facts(**{fact: minimum - 1})
    sub, _ = t.result()
    assert not any(r.code == clause.params["code"] for r in sub.reasons)


def _count_threshold(rs: RuleSet, clause: Clause, fact: str, at: int) -> None:
    """A count at the clause's threshold caps at its level; one below leaves the top."""
    t = fresh(rs, clause)
    t.facts(**{fact: at})
    sub, _ = t.result()
    assert RANK[sub.ceiling] == RANK[clause.params["cap"]] and cited(sub, clause)
    t = fresh(rs, clause)
    t.facts(**{fact: at - 1})
    assert_top(rs, clause, t)


@case("transfer_comment")
def _transfer(rs: RuleSet, clause: Clause) -> None:
    months = clause.params["months"]
    year = Sc(rs.id).as_of.year
    late = add_months(date(year, 1, 1), months).isoformat()
    early = add_months(date(year, 1, 1), months - 1).isoformat()
    for moved, comment, missing in (
        (late, False, True),
        (late, True, False),
        (early, False, False),
    ):
        t = fresh(rs, clause)
        t.facts(transferred_on=moved, previous_cell_comment=comment)
        sub, res = t.result()
        assert cited(sub, clause)
        found = [c for c in res.checks if c.code == "missing_input" and c.subject == "T"]
        assert bool(found) is missing, (moved, comment)


@case("temporary_comment")
def _temporary(rs: RuleSet, clause: Clause) -> None:
    for comment in (False, True):
        t = fresh(rs, clause)
        t.facts(temporary_activity=True, temporary_cell_comment=comment)
        sub, res = t.result()
        assert cited(sub, clause)
        missing = [c for c in res.checks if c.fact == "temporary_cell_comment"]
        assert bool(missing) is (not comment)


@case("absences")
def _absences(rs: RuleSet, clause: Clause) -> None:
    _count_threshold(rs, clause, "absences", clause.params["max"])


@case("votes")
def _votes(rs: RuleSet, clause: Clause) -> None:
    p = clause.params
    voters = 9
    bottom = rs.scale("member")[-1]
    for rating, (num, den) in ((k, v) for k, v in p["thresholds"].items()):
        exact = num * voters / den
        reached = math.floor(exact) + 1
        not_reached = math.ceil(exact) if exact == int(exact) else math.floor(exact)
        for approvals, ok in ((reached, True), (not_reached, False)):
            t = fresh(rs, clause)
            t.set(
                votes={rating: approvals, bottom: voters - approvals}, proposed=None, decided=None
            )
            t.facts(eligible_voters=voters, voters_present=voters)
            sub, _ = t.result()
            if p["binding"]:
                assert (RANK[sub.ceiling] >= RANK[rating]) is ok, (rating, approvals, sub.reasons)
                if not ok:
                    assert cited(sub, clause)
            else:
                assert sub.ceiling == top(rs, "member")
                assert (RANK[sub.rating] >= RANK[rating]) is ok, (rating, approvals)


@case("post_exclusion")
def _post(rs: RuleSet, clause: Clause) -> None:
    post = clause.params["posts"][0]
    t = fresh(rs, clause)
    t.facts(posts=[post])
    sub, res = t.result()
    assert res.subject("organization", "G").rating == clause.params["unless_grassroots"]
    assert sub.ceiling == top(rs, "member")
    t = fresh(rs, clause)
    t.facts(posts=[post])
    t.sc.get("organizations", "G")["decided"] = "GOOD"
    sub, _ = t.result()
    assert RANK[sub.ceiling] == RANK[clause.params["cap"]] and cited(sub, clause)


# -- organizations and collectives --------------------------------------------------------
@case("member_distribution")
def _distribution(rs: RuleSet, clause: Clause) -> None:
    levels = clause.params["levels"]
    for rating, spec in levels.items():
        t = fresh(rs, clause)
        need = spec["good"] / 100
        good = math.ceil(10 * need) - 1  # just under the share
        for i in range(10):
            t.sc.add_member(f"D{i}", decided="GOOD" if i < good else "COMPLETED")
        sub, _ = t.result()
        assert RANK[sub.ceiling] < RANK[rating] and cited(sub, clause), (rating, sub.reasons)
        t = fresh(rs, clause)
        for i in range(10):
            t.sc.add_member(f"D{i}", decided="GOOD" if i < math.ceil(10 * need) else "COMPLETED")
        sub, _ = t.result()
        assert RANK[sub.ceiling] >= RANK[rating], (rating, sub.reasons)
    # One member below COMPLETED breaks "100 % at least COMPLETED" for every level.
    t = fresh(rs, clause)
    t.sc.add_member("D0", decided=rs.scale("member")[-1])
    for i in range(1, 10):
        t.sc.add_member(f"D{i}", decided="GOOD")
    sub, _ = t.result()
    assert RANK[sub.ceiling] < min(RANK[r] for r in levels) and cited(sub, clause)


@case("same_level_units")
def _same_level(rs: RuleSet, clause: Clause) -> None:
    for rating, need in clause.params["requirements"].items():
        below = {3: "COMPLETED", 2: "NOT_COMPLETED"}[RANK[need]]
        t = fresh(rs, clause)
        t.facts(mass_organizations=[below])
        sub, _ = t.result()
        assert RANK[sub.ceiling] < RANK[rating] and cited(sub, clause)
        t = fresh(rs, clause)
        t.facts(mass_organizations=[], agency_rating=below)
        sub, _ = t.result()
        assert RANK[sub.ceiling] < RANK[rating]


@case("mass_orgs_failed")
def _mass_failed(rs: RuleSet, clause: Clause) -> None:
    n, low = clause.params["min_count"], clause.params["at_most"]
    t = fresh(rs, clause)
    t.facts(mass_organizations=[low] * n)
    sub, _ = t.result()
    assert RANK[sub.ceiling] == RANK[clause.params["cap"]] and cited(sub, clause)
    t = fresh(rs, clause)
    t.facts(mass_organizations=[low] * (n - 1) + ["GOOD"])
    sub, _ = t.result()
    assert not any(r.code == "mass_orgs_failed" for r in sub.reasons)


@case("subordinate_share")
def _subordinate(rs: RuleSet, clause: Clause) -> None:
    p = clause.params
    share = p["share"]
    num, den = (share[0], share[1]) if isinstance(share, list) else (share, 100)
    whole = 6 if p["over"] != "members" else 10
    over = math.floor(num * whole / den) + 1
    at = num * whole // den if (num * whole) % den == 0 else None
    low = rs.scale("member" if p["over"] == "members" else "organization")[-1]
    org = "C" if p["applies_to"] == "cell" else "G"

    def build(part: int) -> Any:
        t = fresh(rs, clause, org=org)
        if p["over"] == "members":
            for i in range(whole):
                t.sc.add_member(f"S{i}", decided=low if i < part else "GOOD")
        else:
            t.sc.data["organizations"] = [o for o in t.sc.data["organizations"] if o["id"] != "C"]
            for i in range(whole):
                t.sc.add_org(f"S{i}", kind="cell", parent="G")
                if p["over"] == "child_orgs":
                    if i < part:
                        t.sc.get("organizations", f"S{i}")["decided"] = low
                else:
                    t.sc.add_collective(
                        f"K{i}",
                        org=f"S{i}",
                        kind="cell_committee",
                        decided=low if i < part else None,
                    )
        return t.result()[0]

    sub = build(over)
    assert RANK[sub.ceiling] == RANK[p["cap"]] and cited(sub, clause), sub.reasons
    if at is not None:
        sub = build(at)
        assert not any(r.code == "subordinate_share" for r in sub.reasons)


@case("failed_tasks")
def _failed_tasks(rs: RuleSet, clause: Clause) -> None:
    _count_threshold(rs, clause, "failed_tasks", clause.params["min"])


@case("rating_fact_at_most")
def _rating_fact(rs: RuleSet, clause: Clause) -> None:
    t = fresh(rs, clause)
    t.facts(**{clause.params["fact"]: clause.params["at_most"]})
    sub, _ = t.result()
    assert RANK[sub.ceiling] == RANK[clause.params["cap"]] and cited(sub, clause)


def _victim(t: Target) -> dict[str, Any]:
    """A member of the tested unit: of the collective, or a new member of the cell."""
    if t.subject == "collective":
        return t.sc.get("members", "K-m1")
    return t.sc.add_member("V", org="C")


@case("members_disciplined")
def _members_disciplined(rs: RuleSet, clause: Clause) -> None:
    p = clause.params
    form = p.get("min_form", "reprimand")

    def with_member_discipline(**extra: Any) -> Any:
        t = fresh(rs, clause)
        # Enough good members that the cell itself stays above the collective's cap.
        for i in range(6):
            t.sc.add_member(f"P{i}", org="C")
        item = {"on": t.sc.days_before(20), "form": form, "duty_related": True, **extra}
        _victim(t)["facts"]["disciplines"] = [item]
        return t.result()[0]

    sub = with_member_discipline()
    assert RANK[sub.ceiling] == RANK[p["cap"]] and cited(sub, clause)
    if p.get("duty_related_only"):
        assert not cited(with_member_discipline(duty_related=False), clause)
    if p.get("exclude_previous_unit"):
        assert not cited(with_member_discipline(previous_unit=True), clause)


@case("members_degradation")
def _members_degradation(rs: RuleSet, clause: Clause) -> None:
    t = fresh(rs, clause)
    _victim(t)["facts"]["degradation"] = True
    sub, _ = t.result()
    assert RANK[sub.ceiling] == RANK[clause.params["cap"]] and cited(sub, clause)


@case("not_above_organization")
def _not_above_org(rs: RuleSet, clause: Clause) -> None:
    t = fresh(rs, clause)
    t.sc.get("organizations", "C")["decided"] = "GOOD"
    t.set(proposed=top(rs, "collective"))
    sub, res = t.result()
    assert sub.ceiling == "GOOD" and sub.rating == "GOOD" and cited(sub, clause)
    assert any(c.code == "collective_above_organization" and c.subject == "K" for c in res.checks)


@case("head_not_above")
def _head(rs: RuleSet, clause: Clause) -> None:
    exceptions = clause.params.get("exceptions", [])
    months = clause.params.get("new_in_post_months", 3)

    def head_case(**leader: Any) -> tuple[Any, Any]:
        t = fresh(rs, clause)
        t.sc.get("collectives", "K")["head"] = "K-m0"
        t.sc.get("collectives", "K")["decided"] = "GOOD"
        t.set(proposed=top(rs, "leader"), **leader)
        return t.result()

    sub, res = head_case()
    assert sub.ceiling == "GOOD" and sub.rating == "GOOD" and cited(sub, clause)
    assert any(c.code == "head_above_collective" for c in res.checks)
    sub, _ = head_case(main_job=False)
    assert (sub.ceiling == top(rs, "leader")) is ("party_post_not_main_job" in exceptions)
    recent = add_months(Sc(rs.id).as_of, -months) + timedelta(days=1)
    sub, _ = head_case(in_post_since=recent.isoformat())
    assert (sub.ceiling == top(rs, "leader")) is ("new_in_post" in exceptions)
    # Not the head: no cap from the collective.
    t = fresh(rs, clause)
    t.sc.get("collectives", "K")["decided"] = "GOOD"
    assert t.result()[0].ceiling == top(rs, "leader")


# -- across subjects ----------------------------------------------------------------------
def _expected_allowed(p: dict[str, Any], base: int, share: float, unit_size: int) -> int:
    small = p.get("small_unit_size")
    if small is not None and unit_size < small:
        return int(p["small_unit_allowed"])
    value = share * base
    if p["rounding"] == "floor":
        return math.floor(value + 1e-9)
    if p["rounding"] == "ceil":
        return math.ceil(value - 1e-9)
    return math.floor(value + 0.5 + 1e-9)


@case("quota")
def _quota(rs: RuleSet, clause: Clause) -> None:
    p = clause.params
    subject = clause.subject
    base_codes = ("GOOD",) if p["base"] == "good_only" else ("GOOD", "EXCELLENT")
    for good, excellent in ((9, 1), (11, 4), (4, 2), (3, 1)):
        sc = Sc(rs.id)
        scope_ids: list[str] = []
        if subject == "member":
            for i in range(good + excellent):
                sc.add_member(f"Q{i}", decided="GOOD" if i < good else "EXCELLENT")
            scope = "C" if p["scope"] == "cell" else "G"
        elif subject == "organization":
            sc.data["organizations"] = [o for o in sc.data["organizations"] if o["id"] != "C"]
            for i in range(good + excellent):
                sc.add_org(
                    f"Q{i}",
                    kind="cell",
                    parent="G",
                    decided="GOOD" if i < good else top(rs, "organization"),
                )
            scope = "G"
        elif subject == "collective":
            for i in range(good + excellent):
                sc.add_collective(
                    f"Q{i}",
                    org="C",
                    kind="cell_committee",
                    decided="GOOD" if i < good else "EXCELLENT",
                )
            scope = "G"
        else:
            sc.add_collective(
                "K",
                org="C",
                kind="cell_committee",
                members=[f"L{i}" for i in range(good + excellent)],
            )
            for i in range(good + excellent):
                sc.add_member(f"L{i}")
                sc.add_leader(f"L{i}", "K", decided="GOOD" if i < good else "EXCELLENT")
            scope = "K" if p["scope"] == "collective" else "G"
        scope_ids.append(scope)
        res = sc.run()
        quotas = [q for q in res.quotas if q.clause_id == clause.id and q.scope == scope]
        roll = sum(1 for m in sc.data["members"] if m["organization"] == "C")
        if p.get("small_units_only") and roll >= p["small_unit_size"]:
            assert not quotas
            continue
        assert len(quotas) == 1, (clause.id, scope, res.quotas)
        q = quotas[0]
        rated = [s for s in res.subjects if s.type == subject and s.status == "rated"]
        base = sum(1 for s in rated if s.rating in base_codes and _in_scope(s, sc, scope, subject))
        actual = sum(
            1 for s in rated if s.rating == p["rating"] and _in_scope(s, sc, scope, subject)
        )
        if p.get("shares_by_rating"):
            unit = (
                res.subject("collective", scope).rating
                if p["scope"] == "collective"
                else res.subject("organization", scope).rating
            )
            share = float(p["shares_by_rating"].get(unit, 0.0))
        else:
            share = p["share"]
        unit_size = roll if scope == "C" else len(sc.data["members"])
        assert (q.base_count, q.actual) == (base, actual)
        assert q.allowed == _expected_allowed(p, base, share, unit_size), (q, share)
        breach = [
            c
            for c in res.checks
            if c.code == "quota_exceeded"
            and c.clause == clause.cite
            and c.scope == scope
            and c.subject_type == subject
        ]
        assert bool(breach) is (actual > q.allowed)
        if breach:
            assert breach[0].allowed == q.allowed and breach[0].actual == actual
            assert len(breach[0].subjects or []) == actual


def _in_scope(sub: Any, sc: Sc, scope: str, subject: str) -> bool:
    if subject == "member" and scope == "C":
        return sc.get("members", sub.id)["organization"] == "C"
    if subject == "organization":
        return sub.id not in ("G",)
    if subject == "leader" and scope == "K":
        return sub.id.endswith("@K")
    return True


@case("formalism")
def _formalism(rs: RuleSet, clause: Clause) -> None:
    low = clause.params["at_most"]
    for org_rating, expected in ((low, True), ("GOOD", False)):
        sc = Sc(rs.id)
        sc.get("organizations", "C")["decided"] = org_rating
        for i in range(4):
            sc.add_member(f"F{i}", decided="GOOD")
        res = sc.run()
        found = [c for c in res.checks if c.code == "formalism" and c.scope == "C"]
        assert bool(found) is expected
        if found:
            assert found[0].clause == clause.cite


@case("score_sheet_rules")
def _scoring(rs: RuleSet, clause: Clause) -> None:
    p = clause.params
    groups = p.get("groups") or {"all": p.get("max_total", 100)}
    items = tuple(
        ScoreItem(id=g, title=f"Nhóm {g}", max_points=float(v), points=float(v) - 5, group=g)
        for g, v in groups.items()
    )
    standard = {i.id: i.max_points for i in items}
    step = p["step"]
    good = ScoreSheet(
        items=items,
        bonuses=(Bonus(items[0].id, step, "Sáng kiến được công nhận cấp tỉnh"),),
        deductions=(Deduction(items[-1].id, step, "Tiêu chí 2.1", "Chậm tiến độ", "Tổ 1"),),
    )
    result = check(good, rs, standard=standard)
    assert result.valid, result.errors
    assert result.total == sum(i.points for i in items)
    off_step = ScoreSheet(items=items, bonuses=(Bonus(items[0].id, step / 2 + step, "Có"),))
    assert any(e.path == "bonuses[0].points" for e in check(off_step, rs).errors)
    changed = ScoreSheet(
        items=(ScoreItem(items[0].id, "x", items[0].max_points + 5, 0, items[0].group), *items[1:])
    )
    if p["scale_fixed"]:
        assert any(
            e.path == "items[0].max_points" for e in check(changed, rs, standard=standard).errors
        )
    if p.get("bonus_max_per_item") is not None:
        cap = p["bonus_max_per_item"]
        too_much = ScoreSheet(items=items, bonuses=(Bonus(items[0].id, cap + step, "Bằng khen"),))
        assert any(e.path == "bonuses[0].points" for e in check(too_much, rs).errors)
        unnamed = ScoreSheet(items=items, bonuses=(Bonus(items[0].id, step, " "),))
        assert any(e.path == "bonuses[0].achievement" for e in check(unnamed, rs).errors)
    for name in p.get("deduction_requires", []):
        fields = {"criterion": "Tiêu chí 1", "reason": "Lý do", "responsible": "Tổ 1", name: ""}
        bad = ScoreSheet(items=items, deductions=(Deduction(items[0].id, step, **fields),))
        assert any(e.path == f"deductions[0].{name}" for e in check(bad, rs).errors)


# -- the generated tests -----------------------------------------------------------------
PAIRS = [(rid, c.id) for rid in available() for c in load(rid).clauses]


@pytest.mark.parametrize(("ruleset_id", "clause_id"), PAIRS, ids=[f"{r}::{c}" for r, c in PAIRS])
def test_clause(ruleset_id: str, clause_id: str) -> None:
    rs = load(ruleset_id)
    clause = rs.clause(clause_id)
    CASES[clause.mechanism](rs, clause)


def test_every_mechanism_has_a_case() -> None:
    assert set(REGISTRY) <= set(CASES), set(REGISTRY) - set(CASES)


@pytest.mark.parametrize("ruleset_id", available())
def test_perfect_campaign_reaches_the_top(ruleset_id: str) -> None:
    """The baseline every clause test starts from: with nothing against them, all
    subjects that the plan classifies may reach the top of their scale."""
    sc = Sc(ruleset_id)
    sc.add_member("A")
    sc.add_collective("K", org="C", kind="cell_committee")
    sc.add_leader("K-m0", "K")
    rs = load(ruleset_id)
    res = sc.run()
    for sub in res.subjects:
        if sub.status == "rated":
            assert sub.ceiling == rs.scale(sub.type)[0], (sub.type, sub.id, sub.reasons)
        else:
            assert sub.reasons[0].code == "not_classified"
    assert not [c for c in res.checks if c.code != "quota_exceeded"], res.checks
