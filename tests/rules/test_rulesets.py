"""Rule sets are data: loading, extending, amending, and failing loudly when malformed."""

from __future__ import annotations

import pytest

from kiemdiem.rules import RuleSetError, available, load
from kiemdiem.rules.ruleset import load_text

BASE = """
id = "{id}"
version = "1"
title = "t"
issuer = "i"
issued_on = 2020-01-01
model = "criteria"
certainty = "seed"
sources = ["s"]
[scales]
member = ["EXCELLENT", "GOOD", "COMPLETED", "NOT_COMPLETED"]
organization = ["EXCELLENT", "GOOD", "COMPLETED", "NOT_COMPLETED"]
collective = ["EXCELLENT", "GOOD", "COMPLETED", "NOT_COMPLETED"]
leader = ["EXCELLENT", "GOOD", "COMPLETED", "NOT_COMPLETED"]
"""


def test_six_rule_sets_ship_with_metadata() -> None:
    assert available() == sorted(
        [
            "go-vap-p11-2021",
            "hd21-2019",
            "lam-dong-2019",
            "qd366-2025",
            "so-noi-vu-2020",
            "thanh-tra-hcm-2014",
        ]
    )
    for ruleset_id in available():
        rs = load(ruleset_id)
        assert rs.title and rs.issuer and rs.sources and rs.issued_on
        assert rs.certainty in ("seed", "summary", "assumed")
        for clause in rs.clauses:
            assert (
                clause.cite and clause.title and clause.certainty in ("seed", "summary", "assumed")
            )


def test_seed_002_is_an_amendment_of_the_national_model() -> None:
    base, local = load("hd21-2019"), load("go-vap-p11-2021")
    assert local.extends == "hd21-2019"
    assert local.clause("member_quota").params["base"] == "good_or_above"
    assert base.clause("member_quota").params["base"] == "good_only"
    assert local.clause("member_quota").cite == "002 §1(2)"
    assert local.clause("member_quota").origin == "go-vap-p11-2021"
    assert local.clause("member_discipline") == base.clause("member_discipline")
    assert local.has("collective_min_size") and not base.has("collective_min_size")
    assert local.clause("leader_head_not_above").params["exceptions"] == [
        "party_post_not_main_job",
        "new_in_post",
    ]


def test_a_pinned_version_must_exist() -> None:
    assert load("hd21-2019@1").version == "1"
    with pytest.raises(RuleSetError, match="version"):
        load("hd21-2019@2")


def test_unknown_rule_set() -> None:
    with pytest.raises(RuleSetError, match="unknown rule set"):
        load("khong-co")


def clause(**fields: object) -> str:
    """A [clauses.x] table; a field set to None is left out."""
    body = {
        "mechanism": "sick_leave",
        "subject": "member",
        "cite": "c",
        "certainty": "seed",
        "title": "t",
        "min_days": 90,
        "cap": "COMPLETED",
        **fields,
    }
    lines = [f"{k} = {v!r}".replace("'", '"') for k, v in body.items() if v is not None]
    return "[clauses.x]\n" + "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (clause(mechanism="nope"), "unknown mechanism"),
        (clause(cap=None), "missing parameters"),
        (clause(foo=1), "unknown parameters"),
        (clause(min_days="ninety"), "wrong type"),
        (clause(subject="organization"), "does not apply"),
        (clause(certainty="sure"), "certainty"),
        (clause(cap="WEAK"), "not on the member scale"),
        (clause(cite=None), "missing 'cite'"),
        ("bogus = 1\n", "unknown keys"),
    ],
)
def test_malformed_rule_sets_fail_loudly(extra: str, message: str) -> None:
    # Top-level keys go before the first table; tables after the base.
    text = BASE.format(id="t") + extra if extra.startswith("[") else extra + BASE.format(id="t")
    with pytest.raises(RuleSetError, match=message):
        load_text("t", text)


def test_extension_errors() -> None:
    head = 'id = "x"\nextends = "hd21-2019"\n'
    with pytest.raises(RuleSetError, match="cannot amend unknown"):
        load_text("x", head + '[amend.nope]\ncite = "c"\n')
    with pytest.raises(RuleSetError, match="cannot remove unknown"):
        load_text("x", head + 'remove = ["nope"]\n')
    with pytest.raises(RuleSetError, match="exists; amend it"):
        load_text("x", head + '[add.member_quota]\nmechanism = "quota"\n')
    with pytest.raises(RuleSetError, match="need 'extends'"):
        load_text("y", 'remove = ["a"]\n' + BASE.format(id="y"))


def test_a_local_plan_can_remove_a_clause() -> None:
    rs = load_text("x", 'id = "x"\nextends = "hd21-2019"\nremove = ["member_sick_leave"]\n')
    assert not rs.has("member_sick_leave") and rs.has("member_maternity")
    assert rs.title == load("hd21-2019").title  # metadata inherited unless restated


def test_every_param_marked_in_rules_md_is_rule_set_data() -> None:
    """RULES.md marks as **param** min_collective_size, advance_days, working_days,
    quota_base, rounding, small_unit_minimum and the vote denominator; each is a value in
    the rule sets, not a constant in code."""
    govap, hcm, lamdong = load("go-vap-p11-2021"), load("thanh-tra-hcm-2014"), load("lam-dong-2019")
    assert govap.clause("collective_min_size").params["min_size"] == 3
    assert lamdong.process["advance_days"] == 3 and lamdong.process["working_days"] is False
    assert load("hd21-2019").process["working_days"] is True
    assert govap.clause("member_quota").params["base"] == "good_or_above"
    assert hcm.clause("member_quota").params["rounding"] == "floor"
    assert hcm.clause("member_quota_small_cell").params["small_unit_allowed"] == 1
    assert hcm.clause("member_votes").params["denominator"] == "eligible"
    assert hcm.clause("member_new").params["reviewed"] is False
    assert load("hd21-2019").clause("member_new").params["reviewed"] is True
