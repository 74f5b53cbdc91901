"""`kiemdiem evaluate` and `kiemdiem rulesets` as a user runs them: real processes, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiemdiem.rules.scenario import parse_text

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "hd21-2019.yaml"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiemdiem.cli", *args],
        capture_output=True,
        text=True,
        input=stdin,
        cwd=ROOT,
        check=False,
    )


def load_example() -> dict:  # type: ignore[type-arg]
    """The example as data, read the way the product reads YAML (dates stay text)."""
    data = parse_text(EXAMPLE.read_text("utf-8"), kind="yaml", source=str(EXAMPLE))
    assert isinstance(data, dict)
    return data


def write(tmp_path: Path, text: str, name: str = "kich-ban.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def mutate(tmp_path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    data = load_example()
    change(data)
    return write(tmp_path, json.dumps(data, ensure_ascii=False, default=str), "kich-ban.json")


def test_evaluate_prints_json_by_default_when_piped() -> None:
    out = run("evaluate", str(EXAMPLE))
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["version"] == 1 and data["ruleset"]["id"] == "hd21-2019"
    assert {s["type"] for s in data["subjects"]} == {
        "organization",
        "collective",
        "member",
        "leader",
    }


def test_evaluate_text_is_a_vietnamese_table() -> None:
    out = run("evaluate", str(EXAMPLE), "--format", "text")
    assert out.returncode == 0
    assert "KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI" in out.stdout
    assert "Vượt tỷ lệ" in out.stdout and "000 §B.2.3.a" in out.stdout


def test_evaluate_reads_json_from_stdin() -> None:
    out = run("evaluate", "-", stdin=json.dumps(load_example(), ensure_ascii=False))
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == json.loads(run("evaluate", str(EXAMPLE)).stdout)


def test_rulesets_lists_all_six_with_sources_and_extends() -> None:
    out = run("rulesets", "--format", "json")
    data = {r["id"]: r for r in json.loads(out.stdout)}
    assert set(data) == {
        "hd21-2019",
        "so-noi-vu-2020",
        "lam-dong-2019",
        "go-vap-p11-2021",
        "thanh-tra-hcm-2014",
        "qd366-2025",
    }
    assert data["go-vap-p11-2021"]["extends"] == "hd21-2019"
    assert "002 §1(5)" in data["go-vap-p11-2021"]["clauses"]
    assert data["qd366-2025"]["certainty"] == "summary"
    text = run("rulesets", "--format", "text").stdout
    assert "thanh-tra-hcm-2014@1" in text


def invalid(out: subprocess.CompletedProcess[str], path: str, words: str) -> None:
    assert out.returncode == 2, out.stderr
    assert out.stdout == ""
    assert path in out.stderr, out.stderr
    assert words in out.stderr, out.stderr


def test_bad_yaml(tmp_path: Path) -> None:
    path = write(tmp_path, "version: 1\nruleset: [hd21-2019\n")
    invalid(run("evaluate", str(path)), str(path), "YAML không hợp lệ ở dòng")


def test_duplicate_yaml_key(tmp_path: Path) -> None:
    path = write(tmp_path, "version: 1\nversion: 1\n")
    invalid(run("evaluate", str(path)), str(path), "bị lặp lại")


def test_unknown_field(tmp_path: Path) -> None:
    path = mutate(tmp_path, lambda d: d["members"][3].update(nickname="Dũng"))
    invalid(run("evaluate", str(path)), "members[3].nickname", "không có trong định dạng")


def test_unknown_fact(tmp_path: Path) -> None:
    path = mutate(tmp_path, lambda d: d["organizations"][0]["facts"].update(posts=["secretary"]))
    invalid(run("evaluate", str(path)), "organizations[0].facts.posts", "không có trong định dạng")


def test_unknown_ruleset(tmp_path: Path) -> None:
    path = mutate(tmp_path, lambda d: d.update(ruleset="ha-noi-2030"))
    invalid(run("evaluate", str(path)), "ruleset", "bộ quy tắc không tồn tại")


def test_pinned_version_that_does_not_exist(tmp_path: Path) -> None:
    path = mutate(tmp_path, lambda d: d.update(ruleset="hd21-2019@9"))
    invalid(run("evaluate", str(path)), "ruleset", "không tồn tại")


def test_wrong_rating_code(tmp_path: Path) -> None:
    path = mutate(tmp_path, lambda d: d["members"][0].update(proposed="XUAT_SAC"))
    invalid(run("evaluate", str(path)), "members[0].proposed", "mã không hợp lệ")


def test_rating_code_off_the_rule_sets_scale(tmp_path: Path) -> None:
    path = mutate(tmp_path, lambda d: d["organizations"][1].update(proposed="CLEAN_STRONG"))
    invalid(run("evaluate", str(path)), "organizations[1].proposed", "không dùng trong bộ quy tắc")


def test_wrong_discipline_form(tmp_path: Path) -> None:
    def change(d):  # type: ignore[no-untyped-def]
        d["members"][11]["facts"]["disciplines"][0]["form"] = "phê bình"

    invalid(
        run("evaluate", str(mutate(tmp_path, change))),
        "members[11].facts.disciplines[0].form",
        "reprimand",
    )


def test_bad_date(tmp_path: Path) -> None:
    path = mutate(tmp_path, lambda d: d["members"][2].update(admitted_on="2005-02-30"))
    invalid(run("evaluate", str(path)), "members[2].admitted_on", "ngày không tồn tại")


def test_date_in_wrong_format(tmp_path: Path) -> None:
    path = mutate(tmp_path, lambda d: d.update(as_of="25/11/2020"))
    invalid(run("evaluate", str(path)), "as_of", "YYYY-MM-DD")


def test_reference_to_missing_organization(tmp_path: Path) -> None:
    path = mutate(tmp_path, lambda d: d["members"][5].update(organization="CB9"))
    invalid(run("evaluate", str(path)), "members[5].organization", "không có tổ chức mã “CB9”")


def test_reference_to_missing_member(tmp_path: Path) -> None:
    path = mutate(tmp_path, lambda d: d["collectives"][0]["members"].append("Z99"))
    invalid(run("evaluate", str(path)), "collectives[0].members[5]", "không có đảng viên mã “Z99”")


def test_duplicate_ids(tmp_path: Path) -> None:
    path = mutate(tmp_path, lambda d: d["members"][4].update(id="A01"))
    invalid(run("evaluate", str(path)), "members[4].id", "trùng với members[0]")


def test_cycle_in_the_tree(tmp_path: Path) -> None:
    path = mutate(tmp_path, lambda d: d["organizations"][0].update(parent="CB1"))
    invalid(run("evaluate", str(path)), "organizations[0].parent", "vòng lặp")


def test_more_ballots_than_voters(tmp_path: Path) -> None:
    def change(d):  # type: ignore[no-untyped-def]
        d["members"][1]["facts"]["voters_present"] = 5

    invalid(
        run("evaluate", str(mutate(tmp_path, change))),
        "members[1].votes",
        "lớn hơn số người có mặt",
    )


def test_missing_file_and_wrong_extension(tmp_path: Path) -> None:
    invalid(run("evaluate", str(tmp_path / "khong-co.yaml")), "khong-co.yaml", "không tìm thấy tệp")
    path = write(tmp_path, "x", "kich-ban.txt")
    invalid(run("evaluate", str(path)), "kich-ban.txt", ".yaml")


@pytest.mark.parametrize("missing", ["version", "ruleset", "year", "as_of", "organizations"])
def test_missing_required_field(tmp_path: Path, missing: str) -> None:
    path = mutate(tmp_path, lambda d: d.pop(missing))
    invalid(run("evaluate", str(path)), missing, "thiếu trường bắt buộc")
