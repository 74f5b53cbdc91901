"""The scenario as an Excel workbook, both ways: every example survives the round trip
with the same result, a bad cell is named by sheet, row and column, and `kiemdiem
evaluate`/`convert` take .xlsx like YAML and JSON."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kiemdiem.rules import evaluate
from kiemdiem.rules.scenario import ScenarioError, parse, parse_text, read_workbook
from kiemdiem.rules.workbook import SHEETS, from_xlsx, to_xlsx

from .test_cli import ROOT, run

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def data_of(path: Path) -> dict:  # type: ignore[type-arg]
    data = parse_text(path.read_text("utf-8"), kind="yaml", source=str(path))
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_example_survives_the_workbook_with_the_same_result(path: Path) -> None:
    data = data_of(path)
    book = to_xlsx(data)
    back = read_workbook(book, source=path.name)
    assert evaluate(back).to_json() == evaluate(parse(data, source=path.name)).to_json()
    # One sheet per kind of subject, one row per subject (after the two header rows).
    sheets = load_workbook(io.BytesIO(book))
    for key, title in SHEETS.items():
        assert sheets[title].max_row - 2 == len(data.get(key) or []), title


def test_a_bad_cell_is_named_by_sheet_row_and_column() -> None:
    data = data_of(EXAMPLES[0])
    book = load_workbook(io.BytesIO(to_xlsx(data)))
    sheet = book[SHEETS["members"]]
    columns = [c.value for c in sheet[1]]
    sheet.cell(row=4, column=columns.index("proposed") + 1, value="RẤT TỐT")
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(ScenarioError) as err:
        read_workbook(out.getvalue(), source="ban-sua.xlsx")
    where = [p for p, _ in err.value.errors]
    assert "Đảng viên, dòng 4, cột proposed" in where


def test_a_sheet_that_is_not_part_of_a_scenario_is_refused() -> None:
    book = load_workbook(io.BytesIO(to_xlsx(data_of(EXAMPLES[0]))))
    book.create_sheet("Ghi chú")
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(ScenarioError) as err:
        read_workbook(out.getvalue(), source="x.xlsx")
    assert ("Ghi chú, dòng 1, cột A", "trang tính không thuộc kịch bản") in err.value.errors
    assert from_xlsx(to_xlsx(data_of(EXAMPLES[0])))["ruleset"] == data_of(EXAMPLES[0])["ruleset"]


def test_the_command_line_converts_and_evaluates_workbooks(tmp_path: Path) -> None:
    source = EXAMPLES[0]
    book = tmp_path / "kich-ban.xlsx"
    assert run("convert", str(source), str(book)).returncode == 0
    from_book = run("evaluate", str(book), "--format", "json")
    from_yaml = run("evaluate", str(source), "--format", "json")
    assert from_book.returncode == 0 and json.loads(from_book.stdout) == json.loads(
        from_yaml.stdout
    )
    back = tmp_path / "kich-ban.json"
    assert run("convert", str(book), str(back)).returncode == 0
    assert run("evaluate", str(back), "--format", "json").stdout == from_yaml.stdout
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"not a zip")
    failed = run("evaluate", str(broken))
    assert failed.returncode == 2 and failed.stdout == ""
    assert "Không phải tệp Excel .xlsx" in failed.stderr
