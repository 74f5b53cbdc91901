"""The downloadable template: an instruction sheet, then one sheet per kind of record
with its Vietnamese headers, widths, frozen header and drop-down lists for the choices."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from kiemdiem.safefiles.spreadsheet import xlsx_bytes

from .columns import INSTRUCTIONS, SHEETS

HEADER = PatternFill("solid", fgColor="DDE7F0")


def template_bytes() -> bytes:
    wb = Workbook()
    guide = wb.active
    assert guide is not None
    guide.title = INSTRUCTIONS
    guide.column_dimensions["A"].width = 34
    guide.column_dimensions["B"].width = 100
    guide.append(["MẪU NHẬP DỮ LIỆU KIỂM ĐIỂM, XẾP LOẠI (kiemdiem)"])
    guide["A1"].font = Font(bold=True, size=13)
    for line in (
        "Mỗi trang tính một loại dữ liệu; giữ nguyên tên trang và dòng tiêu đề.",
        "Cột có dấu * là bắt buộc. Ngày ghi ngày/tháng/năm (05/03/2010) hoặc để ô kiểu ngày.",
        "Tổ chức ghi bằng mã (ví dụ CB-TT) hoặc tên đầy đủ.",
        "Không gộp ô, không thêm trang tính khác. Dòng trống được bỏ qua.",
        "Hệ thống kiểm tra cả tệp trước khi ghi: có lỗi thì không ghi gì và liệt kê từng lỗi "
        "(trang, dòng, cột); nhập lại cùng tệp không làm thay đổi dữ liệu.",
    ):
        guide.append(["", line])
    for sheet in SHEETS:
        guide.append([])
        guide.append([sheet.name, sheet.help])
        guide.cell(guide.max_row, 1).font = Font(bold=True)
        for col in sheet.columns:
            detail = col.help
            if col.choices:
                detail = (
                    (detail + " " if detail else "")
                    + "Chọn: "
                    + "; ".join(label for _, label in col.choices)
                )
            guide.append([("* " if col.required else "  ") + col.header, detail])
    for row in guide.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    for sheet in SHEETS:
        ws = wb.create_sheet(sheet.name)
        ws.append([c.header for c in sheet.columns])
        ws.freeze_panes = "A2"
        for i, col in enumerate(sheet.columns, start=1):
            letter = get_column_letter(i)
            ws.column_dimensions[letter].width = col.width
            cell = ws.cell(1, i)
            cell.font = Font(bold=True)
            cell.fill = HEADER
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            if col.kind == "date":
                for number in range(2, 2002):
                    ws.cell(number, i).number_format = "DD/MM/YYYY"
            if col.choices:
                # A list longer than 255 characters does not fit a validation formula.
                values = ",".join(label for _, label in col.choices)
                if len(values) < 250:
                    dv = DataValidation(type="list", formula1=f'"{values}"', allow_blank=True)
                    dv.add(f"{letter}2:{letter}100000")
                    ws.add_data_validation(dv)
    return xlsx_bytes(wb)
