"""Any list the user sees, to Excel: the page is rendered by its own view (so it shows
exactly what that user may see) and its tables are written to a workbook — one sheet per
table, tables with the same columns on one sheet with a column naming each."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.html
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from kiemdiem.safefiles.spreadsheet import xlsx_bytes

HEAD_FILL = PatternFill("solid", fgColor="DDE7EE")
NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})*$|^-?\d+$")


@dataclass
class Table:
    label: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)


def _text(el: lxml.html.HtmlElement) -> str:
    """What a reader sees in a cell: the selected choice of a select, the value of an
    input, never the hidden labels, the buttons or the scripts."""
    for drop in el.xpath(
        ".//script|.//style|.//button|.//*[contains(concat(' ', @class, ' '), ' visually-hidden ')]"
        "|.//input[@type='hidden']|.//input[@type='file']|.//template|.//noscript"
    ):
        drop.drop_tree()
    for select in el.xpath(".//select"):
        chosen = select.xpath("./option[@selected]") or select.xpath("./option")
        select.text, select[:] = (chosen[0].text_content() if chosen else ""), []
    for field_ in el.xpath(".//input|.//textarea"):
        value = field_.get("value", "") if field_.tag == "input" else field_.text_content()
        field_.tail = (value or "") + (field_.tail or "")
    # Pieces joined with a space: a cell's name and the links beside it stay apart.
    return " ".join(" ".join(el.itertext()).split())


def tables(html: str) -> list[Table]:
    doc = lxml.html.fromstring(html)
    out: list[Table] = []
    for t in doc.xpath("//table[contains(concat(' ', @class, ' '), ' kd-table ')]"):
        head_rows = t.xpath("./thead/tr")
        header: list[str] = []
        if head_rows:
            # A two-row header (groups over sub-columns) becomes "group — label".
            first = head_rows[0]
            spans: list[str] = []
            for th in first.xpath("./th|./td"):
                label = _text(th)
                span = int(th.get("colspan", "1"))
                if span > 1 and len(head_rows) > 1:
                    spans += [label] * span
                else:
                    spans.append(f"\0{label}")
            subs = (
                iter(_text(th) for th in head_rows[1].xpath("./th|./td"))
                if len(head_rows) > 1
                else iter(())
            )
            for s in spans:
                header.append(s[1:] if s.startswith("\0") else f"{s} — {next(subs, '')}")
        body = t.xpath("./tbody/tr") or t.xpath("./tr")
        rows = [[_text(c) for c in tr.xpath("./th|./td")] for tr in body]
        rows = [r for r in rows if any(r)]
        out.append(Table(t.get("aria-label") or "Danh sách", header, rows))
    return out


def _value(text: str) -> str | int:
    return int(text.replace(".", "")) if NUMBER.match(text) and len(text) < 16 else text


def workbook_bytes(found: list[Table], title: str) -> bytes:
    sheets: dict[tuple[str, ...], list[Table]] = {}
    for t in found:
        sheets.setdefault(tuple(t.header), []).append(t)
    wb = Workbook()
    if wb.active is not None:
        wb.remove(wb.active)
    used: set[str] = set()
    for header, group in sheets.items():
        merged = len(group) > 1
        name = _sheet_name(group[0].label if not merged else title, used)
        ws = wb.create_sheet(name)
        ws.append([title if not merged else f"{title}"])
        ws["A1"].font = Font(bold=True, size=12)
        cols = (["Thuộc"] if merged else []) + list(header)
        ws.append(cols)
        for i in range(1, len(cols) + 1):
            cell = ws.cell(row=2, column=i)
            cell.font, cell.fill = Font(bold=True), HEAD_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for t in group:
            owner = re.sub(r"^[^:]*?(của|—)\s*", "", t.label) if merged else ""
            for row in t.rows:
                ws.append(([owner] if merged else []) + [_value(v) for v in row])
        for i, label in enumerate(cols, start=1):
            width = max(
                [len(label)] + [len(str(c.value or "")) for c in ws[get_column_letter(i)][2:]]
            )
            ws.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 6), 60)
        ws.freeze_panes = "A3"
    return xlsx_bytes(wb)


def _sheet_name(label: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", label).strip()[:28] or "Danh sách"
    name, n = base, 2
    while name in used:
        name, n = f"{base[:25]} ({n})", n + 1
    used.add(name)
    return name
