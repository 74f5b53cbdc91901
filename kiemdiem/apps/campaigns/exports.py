"""The campaign's roll as Excel, written row by row as it is read (openpyxl write-only):
a province's 200,000 members never become a page of HTML to parse back (the generic
`?xuat=xlsx` of statistics/middleware.py does that for small lists)."""

from __future__ import annotations

import io
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook

from kiemdiem.apps.core.downloads import XLSX, attachment
from kiemdiem.apps.evaluation.subjects import Roll
from kiemdiem.safefiles.spreadsheet import safe_cells

CHUNK = 2000


def roll_workbook(roll: Roll, members: Any) -> HttpResponse:
    """`members`: the stored subjects shown (filtered as on the page), every one."""
    campaign = roll.campaign
    wb = Workbook(write_only=True)
    sheet = wb.create_sheet("Tập thể kiểm điểm")
    sheet.append(safe_cells(sheet, [campaign.title]))
    sheet.append(["Tập thể", "Lãnh đạo", "Kiểm điểm"])
    for row in roll.collectives():
        sheet.append(safe_cells(sheet, [row.name, row.where, _status(row)]))
    sheet = wb.create_sheet("Đảng viên kiểm điểm")
    sheet.append(safe_cells(sheet, [campaign.title]))
    sheet.append(["Đảng viên", "Chi bộ / tổ đảng", "Kiểm điểm tại", "Xếp loại"])
    batch: list[Any] = []
    for stored in members.select_related("organization").iterator(chunk_size=CHUNK):
        batch.append(stored)
        if len(batch) == CHUNK:
            _write(sheet, roll, batch)
            batch = []
    _write(sheet, roll, batch)
    out = io.BytesIO()
    wb.save(out)
    # Named as every page's export is (statistics/middleware.py): the title, then the day.
    slug = slugify(campaign.title.replace("đ", "d").replace("Đ", "D"))[:60] or "danh-sach"
    return attachment(out.getvalue(), f"{slug}-{timezone.localdate():%Y%m%d}.xlsx", XLSX)


def _write(sheet: Any, roll: Roll, batch: list[Any]) -> None:
    for row in roll.member_rows(batch):
        places = "\n".join(row.places) or "—"
        sheet.append(safe_cells(sheet, [row.name, row.where, places, _status(row)]))


def _status(row: Any) -> str:
    return f"{row.status_label}\n{row.why}" if row.why else row.status_label
