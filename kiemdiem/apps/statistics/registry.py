"""The reports the product offers, by code (the URL names them)."""

from __future__ import annotations

from . import completion, quota, ratings, years
from .contract import Report

ALL_KINDS = ("member", "organization", "collective", "leader")

REPORTS: dict[str, Report] = {
    r.code: r
    for r in (
        Report(
            "xep-loai",
            "Kết quả xếp loại chất lượng",
            "Số lượng, tỷ lệ từng mức theo tổ chức và cho toàn đảng bộ.",
            ratings.execute,
            ALL_KINDS,
        ),
        Report(
            "kiem-diem",
            "Tình hình kiểm điểm (Biểu 6F)",
            "Phải kiểm điểm, đã, chưa kiểm điểm và lý do; số được gợi ý kiểm điểm theo cấp.",
            completion.execute,
            ("member", "organization", "collective"),
        ),
        Report(
            "cac-nam",
            "So sánh qua các năm",
            "Số lượng, tỷ lệ từng mức xếp loại của các năm.",
            years.execute,
            ALL_KINDS,
        ),
        Report(
            "ty-le",
            "Tỷ lệ “Hoàn thành xuất sắc nhiệm vụ” so với quy định",
            "Theo từng phạm vi tính tỷ lệ của bộ quy tắc.",
            quota.execute,
            (),
        ),
    )
}
