"""The workbook the office fills in: one sheet per kind of record, Vietnamese headers.
The template, the instruction sheet and the reader are all made from these specs."""

from __future__ import annotations

from dataclasses import dataclass, field

from kiemdiem.apps.core.choices import (
    DisciplineAuthority,
    DisciplineForm,
    LeaveKind,
    OrganizationKind,
    PostTitle,
    RatingChoice,
)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str  # text | date | int | bool | choice | ref
    required: bool = False
    help: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    width: int = 18


@dataclass(frozen=True)
class Sheet:
    key: str
    name: str
    help: str
    columns: tuple[Column, ...]
    by_key: dict[str, Column] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        # Looked up for every cell of a large file: a dict, not a scan.
        self.by_key.update({c.key: c for c in self.columns})

    def column(self, key: str) -> Column:
        return self.by_key[key]


CARD = Column("card", "Số thẻ đảng viên", "text", True, "Số thẻ ghi trên thẻ đảng viên", width=16)
RATINGS = tuple(RatingChoice.choices)

SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "organizations",
        "Tổ chức đảng",
        "Các tổ chức đảng (đảng bộ, chi bộ, tổ đảng). Tổ chức cấp trên ghi bằng mã hoặc tên; "
        "có thể là tổ chức đã có trong hệ thống hoặc ở một dòng khác của trang này.",
        (
            Column("code", "Mã tổ chức", "text", True, "Mã duy nhất, ví dụ CB-TT", width=14),
            Column("name", "Tên tổ chức", "text", True, width=36),
            Column("kind", "Loại hình", "choice", True, choices=tuple(OrganizationKind.choices)),
            Column("parent", "Tổ chức cấp trên (mã hoặc tên)", "ref", True, width=30),
            Column("founded_on", "Ngày thành lập", "date"),
        ),
    ),
    Sheet(
        "members",
        "Đảng viên",
        "Mỗi đảng viên một dòng; số thẻ đảng viên là khóa: nhập lại cùng số thẻ thì cập nhật, "
        "không tạo thêm người.",
        (
            CARD,
            Column("full_name", "Họ và tên", "text", True, width=28),
            Column("date_of_birth", "Ngày sinh", "date"),
            Column("admitted_on", "Ngày vào Đảng", "date", True),
            Column("full_member_on", "Ngày chính thức", "date"),
            Column("organization", "Chi bộ sinh hoạt (mã hoặc tên)", "ref", True, width=30),
            Column("civil_servant", "Cán bộ, công chức, viên chức", "bool", help="Có / Không"),
            Column("email", "Thư điện tử", "text", width=26),
        ),
    ),
    Sheet(
        "posts",
        "Chức vụ",
        "Chức vụ đảng, chính quyền của đảng viên (bí thư, cấp ủy viên, thủ trưởng…).",
        (
            CARD,
            Column("title", "Chức vụ", "choice", True, choices=tuple(PostTitle.choices), width=26),
            Column("organization", "Tổ chức (mã hoặc tên)", "ref", width=26),
            Column("unit_name", "Cơ quan, đơn vị", "text", width=26),
            Column("started_on", "Từ ngày", "date", True),
            Column("ended_on", "Đến ngày", "date"),
        ),
    ),
    Sheet(
        "disciplines",
        "Kỷ luật",
        "Các hình thức kỷ luật (Đảng, chính quyền, đoàn thể).",
        (
            CARD,
            Column("form", "Hình thức", "choice", True, choices=tuple(DisciplineForm.choices)),
            Column("decided_on", "Ngày quyết định", "date", True),
            Column(
                "authority", "Kỷ luật của", "choice", choices=tuple(DisciplineAuthority.choices)
            ),
            Column("violation", "Nội dung vi phạm", "text", width=36),
            Column("self_detected", "Tự phát hiện, tự sửa chữa", "bool"),
            Column("duty_related", "Liên quan đến thực hiện nhiệm vụ", "bool", help="Mặc định: Có"),
        ),
    ),
    Sheet(
        "leave",
        "Nghỉ dài ngày",
        "Nghỉ ốm, thai sản trong năm (để tính thời gian công tác).",
        (
            CARD,
            Column("kind", "Loại nghỉ", "choice", True, choices=tuple(LeaveKind.choices)),
            Column("started_on", "Từ ngày", "date", True),
            Column("ended_on", "Đến ngày", "date", True),
        ),
    ),
    Sheet(
        "civil_service",
        "Xếp loại CCVC",
        "Kết quả xếp loại cán bộ, công chức, viên chức theo năm.",
        (
            CARD,
            Column("year", "Năm", "int", True, width=8),
            Column("rating", "Mức xếp loại", "choice", True, choices=RATINGS, width=30),
        ),
    ),
    Sheet(
        "residence",
        "Nhận xét nơi cư trú",
        "Nhận xét của chi ủy, chi bộ nơi cư trú trong năm.",
        (
            CARD,
            Column("year", "Năm", "int", True, width=8),
            Column("residence", "Nơi cư trú (chi bộ, tổ dân phố)", "text", True, width=30),
            Column("comment", "Nội dung nhận xét", "text", True, width=40),
            Column(
                "satisfactory", "Thực hiện tốt nghĩa vụ nơi cư trú", "bool", help="Mặc định: Có"
            ),
        ),
    ),
    Sheet(
        "absences",
        "Vắng sinh hoạt",
        "Những lần vắng sinh hoạt chi bộ trong năm.",
        (
            CARD,
            Column("meeting_on", "Ngày sinh hoạt", "date", True),
            Column("excused", "Có lý do", "bool"),
            Column("note", "Ghi chú", "text", width=30),
        ),
    ),
    Sheet(
        "past_ratings",
        "Xếp loại các năm",
        "Kết quả xếp loại chất lượng đảng viên, tổ chức đảng các năm trước (từ hồ sơ lưu trữ), "
        "để tính số năm liền khi xét khen thưởng.",
        (
            Column(
                "subject",
                "Số thẻ đảng viên hoặc mã tổ chức",
                "text",
                True,
                width=24,
            ),
            Column("year", "Năm", "int", True, width=8),
            Column("rating", "Mức xếp loại", "choice", True, choices=RATINGS, width=30),
            Column("source", "Nguồn (số quyết định, hồ sơ)", "text", width=30),
        ),
    ),
)
INSTRUCTIONS = "Hướng dẫn"
BY_KEY = {s.key: s for s in SHEETS}
