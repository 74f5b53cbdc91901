"""Reading a filled workbook (python-calamine: fast on large files) into rows keyed by the
specs' column keys, listing every problem of shape: a sheet not in the template, a
required column missing, merged cells. Values are parsed later, row by row."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.conf import settings
from openpyxl.utils import get_column_letter
from python_calamine import CalamineError

from kiemdiem.safefiles.spreadsheet import SpreadsheetRefused, open_workbook

from .columns import INSTRUCTIONS, SHEETS, Sheet
from .values import key, plain


@dataclass(frozen=True, order=True)
class Problem:
    sheet: str
    row: int  # as Excel numbers it; 0 for the sheet as a whole
    column: str  # the header (and its letter), or "" for the row or sheet
    message: str

    def __str__(self) -> str:
        where = self.sheet
        if self.row:
            where += f", dòng {self.row}"
        if self.column:
            where += f", cột {self.column}"
        return f"{where}: {self.message}"


def ordered(problems: list[Problem]) -> list[Problem]:
    """As the file reads: the workbook's own problems, then each sheet in the template's
    order, row by row."""
    rank = {s.name: i for i, s in enumerate(SHEETS)}
    return sorted(problems, key=lambda p: (rank.get(p.sheet, -1), p.row, p.column, p.message))


@dataclass
class Rows:
    sheet: Sheet
    # (Excel row number, {column key: raw value}); only non-empty rows.
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    letters: dict[str, str] = field(default_factory=dict)  # column key → "B"

    def where(self, column: str) -> str:
        header = self.sheet.column(column).header
        return f"{header} ({self.letters.get(column, '?')})"


def _match_sheet(name: str) -> Sheet | None:
    for sheet in SHEETS:
        if key(name) == key(sheet.name) or plain(name) == plain(sheet.name):
            return sheet
    return None


def read_workbook(source: str | BinaryIO) -> tuple[dict[str, Rows], list[Problem]]:
    try:
        wb, _ = open_workbook(source, settings.SPREADSHEET_IMPORT_LIMITS)
    except SpreadsheetRefused as exc:
        return {}, [Problem("Tệp", 0, "", exc.message)]
    out: dict[str, Rows] = {}
    problems: list[Problem] = []
    for name in wb.sheet_names:
        if plain(name) == plain(INSTRUCTIONS):
            continue
        sheet = _match_sheet(name)
        if sheet is None:
            problems.append(
                Problem(
                    name,
                    0,
                    "",
                    "Trang tính không có trong mẫu (xóa trang này hoặc đổi tên theo mẫu: "
                    + ", ".join(s.name for s in SHEETS)
                    + ")",
                )
            )
            continue
        try:
            rows = _sheet_rows(wb, name, sheet, problems)
        except CalamineError as exc:  # a cell calamine cannot read ("00" as a boolean)
            problems.append(Problem(sheet.name, 0, "", f"Không đọc được trang tính: {exc}"))
            continue
        if rows is not None:
            out[sheet.key] = rows
    return out, problems


def _sheet_rows(wb: Any, name: str, sheet: Sheet, problems: list[Problem]) -> Rows | None:
    data = wb.get_sheet_by_name(name)
    for merged in data.merged_cell_ranges or ():
        (r1, c1), (r2, c2) = merged
        problems.append(
            Problem(
                sheet.name,
                r1 + 1,
                f"{get_column_letter(c1 + 1)}{r1 + 1}:{get_column_letter(c2 + 1)}{r2 + 1}",
                "Ô gộp: tách ô (Unmerge) và ghi giá trị vào từng ô",
            )
        )
    # Row by row: only the non-empty rows are kept as Python objects.
    return _rows(sheet, _padded(data), problems)


def _padded(data: Any) -> Iterator[list[Any]]:
    """The sheet's rows from column A (calamine starts them at the first used column)."""
    pad = [""] * (data.start[1] if data.start else 0)
    for row in data.iter_rows():
        yield pad + row if pad else row


def _rows(sheet: Sheet, table: Iterable[list[Any]], problems: list[Problem]) -> Rows | None:
    it: Iterator[list[Any]] = iter(table)
    header = next(it, None)
    if header is None:
        return Rows(sheet)
    positions: dict[str, int] = {}
    by_header = {key(c.header): c for c in sheet.columns} | {
        plain(c.header): c for c in sheet.columns
    }
    for i, cell in enumerate(header):
        col = by_header.get(key(cell).rstrip(" *")) or by_header.get(plain(cell).rstrip(" *"))
        if col is not None and col.key not in positions:
            positions[col.key] = i
    missing = [c for c in sheet.columns if c.required and c.key not in positions]
    for col in missing:
        problems.append(Problem(sheet.name, 1, col.header, "Thiếu cột bắt buộc"))
    if missing:
        return None
    rows = Rows(sheet, letters={k: get_column_letter(i + 1) for k, i in positions.items()})
    for number, raw in enumerate(it, start=2):
        values = {k: (raw[i] if i < len(raw) else None) for k, i in positions.items()}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values.values()):
            continue
        rows.rows.append((number, values))
    return rows
