"""The scenario as an Excel workbook, both ways: one sheet per kind of subject, one row per
subject, one column per field (nested fields dotted: `levels.key`, `facts.disciplines`,
`votes.EXCELLENT`). Row 1 holds the field names of the contract (SCENARIO.md), row 2 their
Vietnamese labels for the people who fill it in; data start on row 3.

Lists of codes (a collective's members, a member's posts) are written "M1, M2"; lists of
records (disciplines) as JSON in one cell. Dates are written as ISO text so that they come
back exactly as they went."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from python_calamine import CalamineError

from kiemdiem.safefiles.spreadsheet import Limits, SpreadsheetRefused, open_workbook, xlsx_bytes

HEADER = "Kịch bản"
SHEETS = {
    "organizations": "Tổ chức",
    "members": "Đảng viên",
    "collectives": "Tập thể",
    "leaders": "Lãnh đạo",
}
META = ("version", "ruleset", "year", "as_of")
# What `kiemdiem evaluate FILE.xlsx` reads: a province's members on one sheet fit.
SCENARIO_LIMITS = Limits(
    max_bytes=200 * 1024 * 1024,
    max_uncompressed=1024 * 1024 * 1024,
    max_rows=300_000,
    max_columns=256,
    max_cells=10_000_000,
)
# Fields whose value is a list of codes: "a, b" in a cell.
CODE_LISTS = {"members", "facts.posts", "facts.mass_organizations"}
LEADING = ("id", "member", "collective", "name", "kind", "organization", "parent")
LABELS = {
    "id": "mã",
    "name": "họ tên / tên",
    "kind": "loại",
    "parent": "tổ chức cấp trên",
    "organization": "thuộc tổ chức",
    "member": "đảng viên",
    "collective": "tập thể",
    "head": "người đứng đầu",
    "members": "thành viên",
    "founded_on": "ngày thành lập",
    "admitted_on": "ngày vào Đảng",
    "full_member_on": "ngày chính thức",
    "in_post_since": "giữ chức vụ từ",
    "main_job": "là nhiệm vụ chính",
    "score": "điểm",
    "proposed": "đề xuất",
    "decided": "quyết định",
    "levels.key": "mức tiêu chí chủ yếu",
    "levels.other": "mức tiêu chí khác",
}
HEAD_FILL = PatternFill("solid", fgColor="DDE7EE")


class WorkbookError(ValueError):
    """A cell that cannot be read: (sheet, row, column, message)."""

    def __init__(self, problems: list[tuple[str, int, str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{s}, dòng {r}, cột {c}: {m}" for s, r, c, m in problems[:20]))


def _flatten(record: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, Mapping) and key in ("levels", "facts", "votes", "criteria"):
            for sub, v in value.items():
                out[f"{key}.{sub}"] = v
        else:
            out[key] = value
    return out


def _cell(field: str, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list):
        if field in CODE_LISTS and all(isinstance(v, str) for v in value):
            return ", ".join(value)
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, Mapping):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def _columns(rows: Iterable[Mapping[str, Any]]) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        for key in row:
            seen.setdefault(key, None)
    lead = [k for k in LEADING if k in seen]
    return lead + [k for k in seen if k not in lead]


def to_xlsx(data: Mapping[str, Any]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = HEADER
    ws.append(["trường", "giá trị"])
    for key in META:
        ws.append([key, _cell(key, data.get(key))])
    for key, title in SHEETS.items():
        records = [_flatten(r) for r in data.get(key) or []]
        sheet = wb.create_sheet(title)
        columns = _columns(records) or ["id"]
        sheet.append(columns)
        sheet.append([LABELS.get(c, c.split(".", 1)[-1].replace("_", " ")) for c in columns])
        for cell in (*sheet[1], *sheet[2]):
            cell.font, cell.fill = Font(bold=True), HEAD_FILL
        for record in records:
            sheet.append([_cell(c, record.get(c)) for c in columns])
        sheet.freeze_panes = "B3"
    return xlsx_bytes(wb)


# -- reading back ---------------------------------------------------------------------


def _value(field: str, raw: Any) -> Any:
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(raw, datetime):
        return raw.date().isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    if isinstance(raw, str):
        text = raw.strip()
        if field in CODE_LISTS:
            return [p.strip() for p in text.split(",") if p.strip()]
        if text[:1] in "[{":
            return json.loads(text)
        return text
    return raw


def _unflatten(record: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in record.items():
        if value is None:
            continue
        if "." in key:
            head, sub = key.split(".", 1)
            out.setdefault(head, {})[sub] = value
        else:
            out[key] = value
    return out


def from_xlsx(source: str | Path | bytes, limits: Limits | None = None) -> dict[str, Any]:
    """The scenario data a workbook holds (to be validated by `scenario.parse`); a workbook
    past `limits` is refused before it is read (WorkbookError naming the limit)."""
    try:
        book, _ = open_workbook(source, limits or SCENARIO_LIMITS)
    except SpreadsheetRefused as exc:
        raise WorkbookError([("Tệp", 0, "", exc.message)]) from exc
    try:
        return _read(book)
    except CalamineError as exc:  # a cell calamine cannot read ("00" as a boolean)
        raise WorkbookError([("Tệp", 0, "", f"Không đọc được tệp Excel: {exc}")]) from exc


def _read(book: Any) -> dict[str, Any]:
    names = set(book.sheet_names)
    problems: list[tuple[str, int, str, str]] = []
    if HEADER not in names:
        raise WorkbookError([(HEADER, 1, "A", f"thiếu trang tính “{HEADER}”")])
    data: dict[str, Any] = {}
    for n, row in enumerate(book.get_sheet_by_name(HEADER).to_python()[1:], start=2):
        if row and row[0] in META:
            value = _value(str(row[0]), row[1] if len(row) > 1 else None)
            if value is not None:
                data[str(row[0])] = value
        elif row and row[0]:
            problems.append((HEADER, n, "A", f"trường “{row[0]}” không có trong kịch bản"))
    for key, title in SHEETS.items():
        if title not in names:
            continue
        rows = book.get_sheet_by_name(title).to_python(skip_empty_area=False)
        if not rows:
            continue
        columns = [str(c).strip() for c in rows[0]]
        records = []
        for n, row in enumerate(rows[2:], start=3):
            if not any(v not in (None, "") for v in row):
                continue
            record: dict[str, Any] = {}
            for i, field in enumerate(columns):
                if not field or i >= len(row):
                    continue
                try:
                    record[field] = _value(field, row[i])
                except json.JSONDecodeError as exc:
                    problems.append((title, n, field, f"không đọc được JSON ({exc.msg})"))
            records.append(_unflatten(record))
        data[key] = records
    for extra in sorted(names - {HEADER, *SHEETS.values()}):
        problems.append((extra, 1, "A", "trang tính không thuộc kịch bản"))
    if problems:
        raise WorkbookError(problems)
    return data


def locate(path: str) -> str:
    """A field path of the scenario ("members[3].facts.disciplines[0].form") as where it is
    in the workbook ("Đảng viên, dòng 6, cột facts.disciplines: [0].form")."""
    import re

    match = re.match(r"^(organizations|members|collectives|leaders)\[(\d+)\]\.?(.*)$", path)
    if not match:
        return f"{HEADER}: {path}" if path else path
    sheet, index, rest = SHEETS[match.group(1)], int(match.group(2)), match.group(3)
    parts = rest.split(".", 2)
    if parts and parts[0] in ("levels", "facts", "votes", "criteria") and len(parts) > 1:
        head = parts[1].split("[", 1)
        column = f"{parts[0]}.{head[0]}"
        tail = ("[" + head[1] if len(head) > 1 else "") + ("." + parts[2] if len(parts) > 2 else "")
    else:
        column, _, tail = rest.partition("[")
        tail = "[" + tail if tail else ""
    where = f"{sheet}, dòng {index + 3}, cột {column or 'id'}"
    return f"{where}: {tail}" if tail else where
