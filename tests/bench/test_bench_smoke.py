"""The benchmark's code path on a small campaign: a smoke check, timing nothing."""

from __future__ import annotations

from kiemdiem import bench


def test_small_national_shaped_campaign_evaluates_completely() -> None:
    size, _, _, result = bench.run(120)
    assert size.grassroots == 120 and size.organizations == 120 + bench.PROVINCES + size.cells
    members = [s for s in result.subjects if s.type == "member"]
    assert len(members) == size.members > 120 * 50
    # Every member is accounted for once in its province's summary.
    totals = sum(sum(result.summary[f"P{p:02d}"].counts["member"]) for p in range(bench.PROVINCES))
    assert totals == size.members
    statuses = {s.status for s in members}
    assert statuses == {"rated", "not_rated", "pending"}
    # The generated distributions produce the special cases the engine must explain.
    codes = {r.code for s in members for r in s.reasons}
    assert {"disciplined", "sick_leave_cap", "maternity", "new_member", "not_reviewed"} <= codes
    assert any(c.code == "quota_exceeded" for c in result.checks)


def test_cli_entry_prints_the_figures(capsys) -> None:  # type: ignore[no-untyped-def]
    assert bench.main(["--grassroots", "30", "--repeat", "2"]) == 0
    out = capsys.readouterr().out
    assert "members/s" in out and "peak memory" in out


def test_sharing_verdicts_of_quiet_members_changes_nothing() -> None:
    """The engine computes one verdict per distinct input for members with nothing
    special in their record; the output must equal evaluating each one."""
    from kiemdiem.rules import engine, load

    for ruleset, points in (("hd21-2019", False), ("qd366-2025", True), ("go-vap-p11-2021", False)):
        scenario = bench.generate(40, points=points)
        scenario.ruleset = ruleset
        for member in scenario.members[::7]:  # some members without levels: missing input
            member.levels = None
        compiled = engine.compile_ruleset(load(ruleset))
        assert compiled.memo_key is not None, ruleset
        shared = engine.evaluate(scenario).to_json()
        key, compiled.memo_key = compiled.memo_key, None
        try:
            each = engine.evaluate(scenario).to_json()
        finally:
            compiled.memo_key = key
        assert shared == each, ruleset
