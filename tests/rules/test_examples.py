"""Every worked example in examples/ gives exactly its expected output.

Regenerate after a deliberate change with `make examples`, then read the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kiemdiem.rules import available, evaluate, read_file

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
# The contract, as the project keeps it (docs/contract/, copied from shared/contract/).
CONTRACT = ROOT / "docs" / "contract"
SHARED = ROOT.parent / "shared" / "contract"


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_matches_expected(path: Path) -> None:
    got = evaluate(read_file(str(path))).to_json()
    expected_path = path.with_suffix(".expected.json")
    if os.environ.get("KIEMDIEM_UPDATE_EXAMPLES"):
        expected_path.write_text(json.dumps(got, ensure_ascii=False, indent=2) + "\n", "utf-8")
    assert got == json.loads(expected_path.read_text("utf-8"))


def test_every_ruleset_has_an_example() -> None:
    used = {read_file(str(p)).ruleset.split("@")[0] for p in EXAMPLES}
    assert set(available()) <= used


def test_every_capped_or_unrated_subject_explains_itself_with_a_clause() -> None:
    for path in EXAMPLES:
        result = evaluate(read_file(str(path)))
        for sub in result.subjects:
            if sub.status != "rated" or sub.ceiling not in ("EXCELLENT", "CLEAN_STRONG"):
                assert sub.reasons, (path.name, sub.id)
                assert all(r.clause and r.clause in r.message for r in sub.reasons)
        for check in result.checks:
            assert check.clause and check.message.endswith(check.clause), check


def _subject(data: dict, type_: str, id_: str) -> dict:
    return next(s for s in data["subjects"] if s["type"] == type_ and s["id"] == id_)


def test_contract_example_gives_the_results_written_in_it() -> None:
    """docs/contract/examples/so-noi-vu-2020.yaml states its expected results as comments."""
    data = evaluate(read_file(str(CONTRACT / "examples" / "so-noi-vu-2020.yaml"))).to_json()
    expect = {
        ("member", "M1"): ("rated", "GOOD", "GOOD"),
        ("member", "M2"): ("rated", "GOOD", "GOOD"),
        ("member", "M3"): ("rated", "COMPLETED", "COMPLETED"),
        ("member", "M4"): ("rated", "GOOD", "GOOD"),
        ("member", "M5"): ("not_rated", None, None),
        ("member", "M6"): ("rated", "GOOD", "GOOD"),
        ("organization", "CB-VP"): ("rated", "GOOD", "GOOD"),
        ("collective", "CU-VP"): ("rated", "GOOD", "GOOD"),
        ("leader", "M1@CU-VP"): ("rated", "GOOD", "GOOD"),
    }
    for (type_, id_), (status, ceiling, rating) in expect.items():
        s = _subject(data, type_, id_)
        assert (s["status"], s["ceiling"], s["rating"]) == (status, ceiling, rating), s
    assert _subject(data, "member", "M5")["reasons"][0]["code"] == "new_member"
    assert _subject(data, "member", "M3")["reasons"][0]["code"] == "sick_leave_cap"
    above = {c["subject"] for c in data["checks"] if c["code"] == "above_ceiling"}
    assert above == {"M2", "M3"}


@pytest.mark.skipif(not SHARED.exists(), reason="shared/ is not beside the repository")
def test_the_projects_copy_of_the_contract_is_the_shared_one() -> None:
    """Where shared/ sits beside the clone, its contract and ours must not drift apart."""
    for name in ("SCENARIO.md", "examples/so-noi-vu-2020.yaml"):
        assert (CONTRACT / name).read_bytes() == (SHARED / name).read_bytes(), name
