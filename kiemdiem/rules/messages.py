"""Small helpers that word reasons in Vietnamese the way a cell secretary reads them."""

from __future__ import annotations

from datetime import date

from .ratings import LEVEL_LABEL, RATING_LABEL

DISCIPLINE_LABEL = {
    "reprimand": "khiển trách",
    "warning": "cảnh cáo",
    "dismissal": "cách chức",
    "expulsion": "khai trừ",
}

AUTHORITY_LABEL = {
    "party": "kỷ luật đảng",
    "state": "kỷ luật chính quyền",
    "mass": "kỷ luật đoàn thể",
}

POST_LABEL = {
    "secretary": "bí thư",
    "deputy_secretary": "phó bí thư",
    "committee_member": "cấp ủy viên",
    "upper_committee_member": "cấp ủy viên cấp trên",
    "department_head": "trưởng phòng, ban",
    "agency_head": "thủ trưởng cơ quan",
}

SUBJECT_LABEL = {
    "member": "Đảng viên",
    "organization": "Tổ chức đảng",
    "collective": "Tập thể lãnh đạo",
    "leader": "Cán bộ lãnh đạo",
}

FACT_LABEL = {
    "targets_completed_pct": "tỷ lệ chỉ tiêu, nhiệm vụ hoàn thành",
    "tasks_on_time_pct": "tỷ lệ nhiệm vụ hoàn thành đúng hạn",
    "tasks_exceeded_pct": "tỷ lệ nhiệm vụ vượt yêu cầu",
    "tasks_late_pct": "tỷ lệ nhiệm vụ chậm tiến độ",
    "shortcomings_fixed_pct": "tỷ lệ hạn chế, khuyết điểm đã khắc phục",
    "levels": "cấp độ tiêu chí",
    "score": "điểm chấm",
    "previous_cell_comment": "nhận xét của chi bộ nơi chuyển đi",
    "temporary_cell_comment": "nhận xét của chi bộ nơi sinh hoạt tạm thời",
    "low_confidence_pct": "tỷ lệ phiếu tín nhiệm thấp",
    "overseen_units_not_completed_pct": "tỷ lệ đơn vị phụ trách không hoàn thành nhiệm vụ",
    "agency_rating": "xếp loại cơ quan, đơn vị",
    "committee_united": "cấp ủy đoàn kết",
    "committee_excellent": "cấp ủy hoàn thành xuất sắc nhiệm vụ",
    "meetings_proper": "sinh hoạt đúng quy định",
    "remedy_plan_done": "thực hiện kế hoạch khắc phục hạn chế, khuyết điểm",
}


def d(value: date) -> str:
    """dd/mm/yyyy, as every Vietnamese form writes dates."""
    return value.strftime("%d/%m/%Y")


def r(code: str) -> str:
    return RATING_LABEL[code]


def lv(code: str) -> str:
    return LEVEL_LABEL[code]


def pct(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + " %"


def num(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def cite(message: str, clause: str) -> str:
    return f"{message} — {clause}"
