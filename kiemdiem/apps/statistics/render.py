"""Renderers of any report: XLSX (a sheet with two header rows, number formats and a native
Excel chart) and DOCX (the party's letterhead, the table, the signature), from the same
`(columns, rows, chart)`."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt
from docxtpl import DocxTemplate
from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kiemdiem.apps.documents.layout import date_line, head, signer
from kiemdiem.apps.documents.render import template_source
from kiemdiem.safefiles.spreadsheet import xlsx_bytes as safe_xlsx_bytes
from kiemdiem.safefiles.templates import environment

from .contract import Column, Filters, Report, Result

THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="DDE7EE")
TABLE_MARK = "[[BẢNG SỐ LIỆU]]"


def cell_text(column: Column, value: Any) -> str:
    """A value as the screen and the document show it (1.234; 12,5 %)."""
    if column.kind == "pct":
        return f"{value * 100:.1f} %".replace(".", ",") if value is not None else ""
    if column.kind == "int":
        return f"{value:,}".replace(",", ".") if isinstance(value, int) else str(value or 0)
    return "" if value is None else str(value)


def header_rows(columns: list[Column]) -> tuple[list[tuple[str, int]], list[str]]:
    """The group row ((label, span) — a column without a group spans both rows, label "")
    and the second row of labels."""
    groups: list[tuple[str, int]] = []
    for c in columns:
        if c.group and groups and groups[-1][0] == c.group:
            groups[-1] = (c.group, groups[-1][1] + 1)
        else:
            groups.append((c.group, 1))
    return groups, [c.label for c in columns]


# -- XLSX -------------------------------------------------------------------------------


def write_sheet(ws: Worksheet, title: str, subtitle: str, result: Result) -> None:
    columns, rows, chart = result
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([subtitle])
    ws["A2"].font = Font(italic=True)
    grouped = any(c.group for c in columns)
    top = 4
    col = 1
    for c in columns:
        ws.cell(row=top, column=col, value=c.group or c.label)
        if grouped and not c.group:
            ws.merge_cells(start_row=top, start_column=col, end_row=top + 1, end_column=col)
        col += 1
    if grouped:
        col = 1
        for label, span in header_rows(columns)[0]:
            if label and span > 1:
                ws.merge_cells(
                    start_row=top, start_column=col, end_row=top, end_column=col + span - 1
                )
            col += span
        for i, c in enumerate(columns, start=1):
            if c.group:
                ws.cell(row=top + 1, column=i, value=c.label)
    header_end = top + (1 if grouped else 0)
    for r in range(top, header_end + 1):
        for i in range(1, len(columns) + 1):
            head_cell: Any = ws.cell(row=r, column=i)
            head_cell.font, head_cell.fill, head_cell.border = Font(bold=True), HEAD_FILL, BOX
            head_cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    first = header_end + 1
    for n, row in enumerate(rows):
        for i, c in enumerate(columns, start=1):
            cell: Any = ws.cell(row=first + n, column=i, value=row.get(c.key))
            cell.border = BOX
            if c.kind == "pct":
                cell.number_format = "0.0%"
            elif c.kind == "int":
                cell.number_format = "#,##0"
            if row.get("_total"):
                cell.font = Font(bold=True)
    for i, c in enumerate(columns, start=1):
        width = max([len(c.label), len(c.group) // 2] + [len(str(r.get(c.key, ""))) for r in rows])
        ws.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 8), 48)
    ws.freeze_panes = f"B{first}"
    plain = [i for i, r in enumerate(rows) if not r.get("_total")]
    if chart is not None and plain and chart.series:
        _chart(ws, columns, chart.kind, chart.title, first, first + len(plain) - 1, len(rows))


def _chart(
    ws: Worksheet,
    columns: list[Column],
    kind: str,
    title: str,
    first: int,
    last: int,
    count: int,
) -> None:
    """A native chart over the sheet's own cells (count columns only)."""
    picked = [i for i, c in enumerate(columns, start=1) if c.kind == "int" and c.group]
    if not picked:
        picked = [i for i, c in enumerate(columns, start=1) if c.kind == "int"][:2]
    if not picked:
        return
    chart = LineChart() if kind == "line" else BarChart()
    if isinstance(chart, BarChart):
        chart.type = "col"
        if kind == "stacked":
            chart.grouping, chart.overlap = "stacked", 100
    chart.title = title
    chart.height, chart.width = 9, 22
    for i in picked:
        ref = Reference(ws, min_col=i, min_row=first, max_row=last)
        chart.add_data(ref, titles_from_data=False)
        chart.series[-1].tx = None
    names = [columns[i - 1].group or columns[i - 1].label for i in picked]
    from openpyxl.chart.series import SeriesLabel

    for series, name in zip(chart.series, names, strict=True):
        series.tx = SeriesLabel(v=name)
    chart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
    ws.add_chart(chart, f"B{first + count + 2}")


def xlsx_bytes(sheets: Iterable[tuple[str, str, str, Result]]) -> bytes:
    """One sheet per (sheet name, title, subtitle, result)."""
    wb = Workbook()
    if wb.active is not None:
        wb.remove(wb.active)
    for name, title, subtitle, result in sheets:
        write_sheet(wb.create_sheet(name[:31]), title, subtitle, result)
    return safe_xlsx_bytes(wb)


# -- DOCX -------------------------------------------------------------------------------


def docx_bytes(report: Report, filters: Filters, subtitle: str, result: Result) -> bytes:
    """The report as a party document: letterhead, title, the table, the signature."""
    columns, rows, _ = result
    organization = filters.organization
    template = DocxTemplate(template_source("report", filters.campaign.ruleset))
    h = head(organization)
    today = timezone.localdate()
    template.render(
        {
            "head": h,
            "date_line": date_line(h.place, today),
            "sign": signer(organization, today),
            "number": "…………-BC/ĐU",
            "title": report.title.upper(),
            "subtitle": subtitle,
            "table": TABLE_MARK,
            "recipients": ["Ban Tổ chức cấp ủy cấp trên", "Lưu văn phòng."],
        },
        jinja_env=environment(),  # the sandbox: a template is data, never code
        autoescape=True,
    )
    # The table is built on the rendered document and put where the template marks it.
    doc = template.docx
    mark = next(p for p in doc.paragraphs if p.text.strip() == TABLE_MARK)
    groups, labels = header_rows(columns)
    grouped = any(c.group for c in columns)
    offset = 2 if grouped else 1
    t = doc.add_table(rows=offset + len(rows), cols=len(columns))
    t.style = "Table Grid"
    if grouped:
        col = 0
        for label, span in groups:
            cell = t.cell(0, col)
            if span > 1:
                cell = cell.merge(t.cell(0, col + span - 1))
            elif not label:
                cell = cell.merge(t.cell(1, col))
            cell.text = label or columns[col].label
            col += span
        for i, c in enumerate(columns):
            if c.group:
                t.cell(1, i).text = c.label
    else:
        for i, label in enumerate(labels):
            t.cell(0, i).text = label
    for n, row in enumerate(rows):
        for i, c in enumerate(columns):
            t.cell(offset + n, i).text = cell_text(c, row.get(c.key))
    for r_i, r in enumerate(t.rows):
        bold = r_i < offset or bool(rows[r_i - offset].get("_total"))
        for cell in r.cells:
            for p in cell.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(10 if len(columns) > 8 else 11)
                    run.bold = bold
    mark._p.addnext(t._tbl)
    mark._p.getparent().remove(mark._p)
    if len(columns) > 7:
        section = doc.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()
