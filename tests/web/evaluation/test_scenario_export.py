"""The roll in the database becomes a scenario the engine reads unchanged."""

from __future__ import annotations

import io
import json
from datetime import date

from django.core.management import call_command

from kiemdiem.apps.evaluation.roster import scenario_for
from kiemdiem.apps.members.models import Member
from kiemdiem.apps.organizations.models import PartyOrganization
from kiemdiem.rules import evaluate, parse


# 12 queries whatever the number of members: the tree, members, one per kind of record
# (posts, disciplines, leave, civil-service ratings, absences), collectives and heads.
def test_the_demo_exports_to_a_valid_scenario_the_engine_evaluates(
    demo: PartyOrganization, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(12):
        data = scenario_for(
            root=demo, year=2020, as_of=date(2020, 11, 25), ruleset="so-noi-vu-2020"
        )
    assert len(data["members"]) == Member.objects.count() == 52
    scenario = parse(json.loads(json.dumps(data)), source="demo")
    result = evaluate(scenario)
    members = {s.id: s for s in result.subjects if s.type == "member"}
    # The two members admitted in July 2020 are under six months (000 §B.6).
    recent = {f"M{m.pk}" for m in Member.objects.filter(full_member_on__isnull=True)}
    assert {k for k, s in members.items() if s.status == "not_rated"} == recent
    # Without levels yet, the engine says so instead of guessing.
    assert any(c.code == "missing_input" and c.fact == "levels" for c in result.checks)
    heads = [c for c in data["collectives"] if c["kind"] == "agency_leadership"]
    assert heads and heads[0]["head"] in heads[0]["members"]
    secretaries = [m for m in data["members"] if "secretary" in m.get("facts", {}).get("posts", [])]
    assert len(secretaries) >= 7
    groups = [o for o in data["organizations"] if o["kind"] == "party_group"]
    assert {g["parent"] for g in groups} == {"CB-VP"}


def test_export_command_writes_yaml_and_refuses_bad_input(demo: PartyOrganization) -> None:
    out = io.StringIO()
    call_command(
        "scenario_export",
        "DBSNV",
        "--year",
        "2020",
        "--as-of",
        "2020-11-25",
        "--ruleset",
        "so-noi-vu-2020",
        stdout=out,
    )
    assert out.getvalue().startswith("version: 1\nruleset: so-noi-vu-2020")
    import pytest
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="không có tổ chức đảng"):
        call_command(
            "scenario_export",
            "XYZ",
            "--year",
            "2020",
            "--as-of",
            "2020-11-25",
            "--ruleset",
            "hd21-2019",
        )
    with pytest.raises(CommandError, match="--ruleset"):
        call_command(
            "scenario_export",
            "DBSNV",
            "--year",
            "2020",
            "--as-of",
            "2020-11-25",
            "--ruleset",
            "khong-co",
        )
