"""Spreadsheets from outside, read within limits; spreadsheets we write, written as data.

A reader such as calamine builds a dense grid from the cells' corners: one cell at
XFD1048576 asks for 17 billion cells, and a small archive of whitespace inflates a
thousand-fold. So before any reader opens a workbook, `inspect` walks the archive itself —
the size and compression ratio of every part, read for real (a declared size can lie) —
and streams every worksheet's XML (defusedxml: no DTD, no entities) for its declared
dimension, the rows and columns its cells actually use, and its merged ranges. Anything
past a limit is refused with a Vietnamese message that names the sheet and the limit.
`open_workbook` is the one way in for the import, the scenario workbook and the CLI.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any
from xml.etree.ElementTree import Element

from defusedxml.ElementTree import iterparse
from openpyxl.utils import column_index_from_string as column_number
from openpyxl.utils import get_column_letter as column_letters

from .archive import FileRefused, check_parts, mb

XLSX_SPACE = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_SPACE = "{http://schemas.openxmlformats.org/package/2006/relationships}"
DOC_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_CELL_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d{1,7})$")
CHUNK = 1 << 22


@dataclass(frozen=True)
class Limits:
    """What a workbook may hold before a reader is allowed to open it."""

    max_bytes: int = 60 * 1024 * 1024  # the file as uploaded
    max_uncompressed: int = 200 * 1024 * 1024  # every part inflated, added up
    max_ratio: int = 100  # inflated size / compressed size, for each large part
    max_parts: int = 500
    max_sheets: int = 30
    max_rows: int = 300_000  # per sheet, header rows included
    max_columns: int = 64
    max_cells: int = 6_000_000  # the dense grid a reader builds for one sheet
    max_merged: int = 10_000


class SpreadsheetRefused(FileRefused):
    """The workbook is refused before it is read; `message` says why, in Vietnamese."""


@dataclass
class SheetShape:
    name: str
    part: str
    declared_rows: int = 0
    declared_columns: int = 0
    rows: int = 0  # the last row that holds a cell
    columns: int = 0  # the last column that holds a cell
    merged: int = 0


@dataclass
class Shape:
    size: int = 0
    uncompressed: int = 0
    sheets: list[SheetShape] = field(default_factory=list)


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _ref(text: str) -> tuple[int, int] | None:
    """ "C7" → (7, 3); None for what is not a cell reference."""
    match = _CELL_REF.match(text.strip().upper())
    if match is None:
        return None
    return int(match.group(2)), column_number(match.group(1))


def _read_bytes(source: str | Path | bytes | IO[bytes], limits: Limits) -> bytes:
    if isinstance(source, bytes):
        body = source
    elif isinstance(source, str | Path):
        path = Path(source)
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise SpreadsheetRefused(f"Tệp {mb(size)} lớn hơn giới hạn {mb(limits.max_bytes)}")
        body = path.read_bytes()
    else:
        body = source.read(limits.max_bytes + 1)
    if len(body) > limits.max_bytes:
        raise SpreadsheetRefused(f"Tệp lớn hơn giới hạn {mb(limits.max_bytes)}")
    return body


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> Iterator[bytes]:
    """The part's bytes, chunk by chunk, stopping as soon as more than `budget` come out
    (whatever the archive declares)."""
    seen = 0
    with archive.open(info) as stream:
        while chunk := stream.read(CHUNK):
            seen += len(chunk)
            if seen > budget:
                raise SpreadsheetRefused(
                    f"Phần “{info.filename}” của tệp bung ra lớn hơn khai báo hoặc giới hạn"
                )
            yield chunk


class _Stream(io.RawIOBase):
    """A part being inflated, as a file for the XML parser."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._left = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._left:
            nxt = next(self._chunks, None)
            if nxt is None:
                return 0
            self._left = nxt
        n = min(len(buffer), len(self._left))
        buffer[:n] = self._left[:n]
        self._left = self._left[n:]
        return n


def _sheet_parts(archive: zipfile.ZipFile, names: set[str]) -> list[tuple[str, str]]:
    """(sheet name, worksheet part) in the workbook's order."""
    rels: dict[str, str] = {}
    if "xl/_rels/workbook.xml.rels" in names:
        for _, el in iterparse(archive.open("xl/_rels/workbook.xml.rels")):
            if el.tag == f"{REL_SPACE}Relationship":
                target = el.get("Target", "")
                if target.startswith("/"):
                    part = target.lstrip("/")
                else:
                    part = str(PurePosixPath("xl") / target)
                rels[el.get("Id", "")] = part
    out: list[tuple[str, str]] = []
    for _, el in iterparse(archive.open("xl/workbook.xml")):
        if el.tag == f"{XLSX_SPACE}sheet":
            out.append((el.get("name", "?"), rels.get(el.get(DOC_REL, ""), "")))
    return out


def _too_far(shape: SheetShape, limits: Limits, row: int, col: int, what: str) -> None:
    if row > limits.max_rows or col > limits.max_columns:
        raise SpreadsheetRefused(
            f"Trang “{shape.name}”: {what} {column_letters(col)}{row} vượt giới hạn "
            f"{_n(limits.max_rows)} dòng × {_n(limits.max_columns)} cột — xóa các dòng, "
            "cột thừa rồi gửi lại",
            shape.name,
        )


def _check_cells(shape: SheetShape, limits: Limits) -> None:
    if shape.merged > limits.max_merged:
        raise SpreadsheetRefused(
            f"Trang “{shape.name}” có hơn {_n(limits.max_merged)} vùng ô gộp", shape.name
        )
    if shape.rows * shape.columns > limits.max_cells:
        raise SpreadsheetRefused(
            f"Trang “{shape.name}”: {_n(shape.rows)} dòng × {_n(shape.columns)} cột vượt "
            f"giới hạn {_n(limits.max_cells)} ô một trang",
            shape.name,
        )


# The fast path reads the cells' own references ("r" attributes) with regular expressions,
# chunk by chunk: what Excel, LibreOffice and openpyxl write. A sheet with a namespace
# prefix or a cell without its reference (positions then implicit) takes the XML scan.
_REF = re.compile(rb' r="([A-Z]{1,3})(\d{1,7})"')
_DIMENSION = re.compile(rb'<dimension ref="([^"]{1,40})"')
_PROLOG = re.compile(rb"<!(?:DOCTYPE|ENTITY)")


def _fast_scan(shape: SheetShape, chunks: Iterator[bytes], limits: Limits) -> bool:
    """False when the sheet is not in the common form (the XML scan must read it)."""
    carry = b""
    first = True
    for chunk in chunks:
        data = carry + chunk
        cut = data.rfind(b">") + 1
        carry, data = data[cut:], data[:cut]
        if first:
            if _PROLOG.search(data):
                raise SpreadsheetRefused(
                    f"Trang “{shape.name}” khai báo DTD hoặc thực thể XML (không được phép)",
                    shape.name,
                )
            if b"<worksheet" not in data[:4096]:
                return False
            dimension = _DIMENSION.search(data)
            if dimension is not None:
                declared = _ref(dimension.group(1).decode("ascii", "replace").split(":")[-1])
                if declared is not None:
                    shape.declared_rows, shape.declared_columns = declared
                    _too_far(shape, limits, *declared, "vùng dữ liệu khai báo đến ô")
            first = False
        found = _REF.findall(data)
        if len(found) != data.count(b"<c ") + data.count(b"<c>"):
            return False
        if found:
            col = max(column_number(c.decode()) for c in set(c for c, _ in found))
            row = max(map(int, (r for _, r in found)))
            shape.rows = max(shape.rows, row)
            shape.columns = max(shape.columns, col)
            if row > limits.max_rows or col > limits.max_columns:
                far = max(found, key=lambda f: (int(f[1]), column_number(f[0].decode())))
                if col > limits.max_columns:
                    far = max(found, key=lambda f: (column_number(f[0].decode()), int(f[1])))
                _too_far(shape, limits, int(far[1]), column_number(far[0].decode()), "ô")
        shape.merged += data.count(b"<mergeCell ")
    _check_cells(shape, limits)
    return True


def _scan_sheet(shape: SheetShape, xml: IO[bytes], limits: Limits) -> None:
    """Any well-formed sheet, element by element (slower: a Python call per element)."""

    def too_far(row: int, col: int, what: str) -> None:
        _too_far(shape, limits, row, col, what)

    row_no = 0
    col_no = 0
    row_el = f"{XLSX_SPACE}row"
    cell_el = f"{XLSX_SPACE}c"
    data: Element | None = None
    for event, el in iterparse(xml, events=("start", "end")):
        tag = el.tag
        if event == "start":
            if tag == f"{XLSX_SPACE}sheetData":
                data = el
            elif tag == row_el:
                r = el.get("r")
                row_no = int(r) if r and r.isdigit() and len(r) < 9 else row_no + 1
                col_no = 0
            elif tag == cell_el:
                where = _ref(el.get("r", ""))
                if where is not None:
                    row_no, col_no = where
                else:
                    col_no += 1
                too_far(row_no, col_no, "ô")
                shape.rows = max(shape.rows, row_no)
                shape.columns = max(shape.columns, col_no)
            elif tag == f"{XLSX_SPACE}dimension":
                last = el.get("ref", "A1").split(":")[-1]
                declared = _ref(last)
                if declared is not None:
                    shape.declared_rows, shape.declared_columns = declared
                    too_far(*declared, "vùng dữ liệu khai báo đến ô")
            elif tag == f"{XLSX_SPACE}mergeCell":
                shape.merged += 1
                if shape.merged > limits.max_merged:
                    _check_cells(shape, limits)
        elif tag == row_el:
            # A row read is dropped at once, so a million rows cost one.
            el.clear()
            if data is not None and len(data):
                data.remove(el)
    _check_cells(shape, limits)


def inspect(source: str | Path | bytes | IO[bytes], limits: Limits | None = None) -> Shape:
    """Checks a workbook against `limits` without building any grid; raises
    `SpreadsheetRefused` with the reason. Memory stays within one chunk and one row."""
    limits = limits or Limits()
    body = _read_bytes(source, limits)
    shape = Shape(size=len(body))
    try:
        archive = zipfile.ZipFile(io.BytesIO(body))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SpreadsheetRefused(
            "Không phải tệp Excel .xlsx (tệp .xls, .ods hoặc tệp hỏng: mở bằng Excel rồi "
            "lưu lại dạng .xlsx)"
        ) from exc
    with archive:
        infos = archive.infolist()
        names = {i.filename for i in infos}
        if "xl/workbook.xml" not in names:
            raise SpreadsheetRefused("Không phải tệp Excel .xlsx (thiếu xl/workbook.xml)")
        try:
            try:
                check_parts(
                    infos,
                    max_uncompressed=limits.max_uncompressed,
                    max_ratio=limits.max_ratio,
                    max_parts=limits.max_parts,
                )
            except FileRefused as exc:
                raise SpreadsheetRefused(exc.message) from exc
            sheets = _sheet_parts(archive, names)
            if len(sheets) > limits.max_sheets:
                raise SpreadsheetRefused(f"Tệp có hơn {limits.max_sheets} trang tính")
            by_part = {part: SheetShape(name=name, part=part) for name, part in sheets}
            # Every part inflated for real (sizes in the archive can lie; the inflater
            # stops at the declared size and checks the CRC), worksheets through the scan.
            for info in infos:
                if info.is_dir():
                    continue
                sheet = by_part.get(info.filename)
                if sheet is not None:
                    shape.uncompressed += info.file_size
                    if not _fast_scan(sheet, _inflate(archive, info, info.file_size), limits):
                        fresh = SheetShape(name=sheet.name, part=sheet.part)
                        stream = _Stream(_inflate(archive, info, info.file_size))
                        _scan_sheet(fresh, io.BufferedReader(stream, CHUNK), limits)
                        by_part[info.filename] = fresh
                else:
                    inflated = _inflate(archive, info, info.file_size)
                    shape.uncompressed += sum(len(c) for c in inflated)
            shape.sheets = [by_part[part] for _, part in sheets if part in by_part]
        except SpreadsheetRefused:
            raise
        except Exception as exc:  # a broken part, a DTD or entity, XML that does not parse
            raise SpreadsheetRefused(
                f"Tệp Excel hỏng hoặc không hợp lệ ({type(exc).__name__})"
            ) from exc
    return shape


def open_workbook(
    source: str | Path | bytes | IO[bytes], limits: Limits | None = None
) -> tuple[Any, Shape]:
    """The one way to read a workbook from outside: checked by `inspect`, then opened by
    calamine from the same bytes."""
    from python_calamine import CalamineWorkbook

    limits = limits or Limits()
    body = _read_bytes(source, limits)
    shape = inspect(body, limits)
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(body)), shape
    except Exception as exc:  # calamine raises its own types for every broken file
        raise SpreadsheetRefused(f"Không đọc được tệp Excel: {exc}") from exc


# -- writing -------------------------------------------------------------------------
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(workbook: Any) -> Any:
    """Every cell that would start a formula is written as plain text (OWASP's formula
    injection): a value from a user — a file name "=1+1.pdf", a member named "=HYPERLINK(…)"
    — is shown as typed and never computed. The quote prefix keeps it text when someone
    edits the cell in Excel."""
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                    cell.data_type = "s"
                    cell.quotePrefix = True
    return workbook


def safe_cells(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """A row for a write-only sheet (which cannot be neutralized afterwards): each text
    that would start a formula written as plain text, as `neutralize` does."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str) and value.startswith(FORMULA_STARTS):
            cell.data_type = "s"
            cell.quotePrefix = True
        cells.append(cell)
    return cells


def xlsx_bytes(workbook: Any) -> bytes:
    """A workbook saved as bytes, its text cells neutralized first."""
    out = io.BytesIO()
    neutralize(workbook).save(out)
    return out.getvalue()
