"""Choices shown in the interface with the official Vietnamese terms; the codes are the
rules engine's (GLOSSARY.md), so data flows to `kiemdiem.rules` unchanged."""

from django.db import models

from kiemdiem.rules.ratings import LEVEL_LABEL, RATING_LABEL, STANDARD_SCALE


class OrganizationKind(models.TextChoices):
    UPPER_COMMITTEE = "upper_committee", "Đảng bộ cấp trên cơ sở"
    GRASSROOTS_COMMITTEE = "grassroots_committee", "Đảng bộ cơ sở"
    GRASSROOTS_CELL = "grassroots_cell", "Chi bộ cơ sở"
    SUB_COMMITTEE = "sub_committee", "Đảng bộ bộ phận"
    CELL = "cell", "Chi bộ trực thuộc"
    PARTY_GROUP = "party_group", "Tổ đảng"


# Which kind may sit under which (None: a root of the tree).
ALLOWED_PARENTS: dict[str, tuple[str | None, ...]] = {
    "upper_committee": (None, "upper_committee"),
    "grassroots_committee": (None, "upper_committee"),
    "grassroots_cell": (None, "upper_committee"),
    "sub_committee": ("grassroots_committee",),
    "cell": ("grassroots_committee", "sub_committee"),
    "party_group": ("cell", "grassroots_cell"),
}


class CollectiveKind(models.TextChoices):
    PARTY_COMMITTEE = "party_committee", "Ban chấp hành (cấp ủy)"
    STANDING_COMMITTEE = "standing_committee", "Ban thường vụ"
    CELL_COMMITTEE = "cell_committee", "Chi ủy"
    AGENCY_LEADERSHIP = "agency_leadership", "Tập thể lãnh đạo cơ quan, đơn vị"
    INSPECTION_COMMITTEE = "inspection_committee", "Ủy ban kiểm tra"


class CollectiveRole(models.TextChoices):
    HEAD = "head", "Người đứng đầu"
    DEPUTY = "deputy", "Cấp phó"
    MEMBER = "member", "Thành viên"


class PostTitle(models.TextChoices):
    SECRETARY = "secretary", "Bí thư"
    DEPUTY_SECRETARY = "deputy_secretary", "Phó Bí thư"
    COMMITTEE_MEMBER = "committee_member", "Cấp ủy viên"
    UPPER_COMMITTEE_MEMBER = "upper_committee_member", "Cấp ủy viên cấp trên"
    DEPARTMENT_HEAD = "department_head", "Trưởng phòng, ban"
    AGENCY_HEAD = "agency_head", "Thủ trưởng cơ quan, đơn vị"
    DEPUTY_HEAD = "deputy_head", "Cấp phó cơ quan, đơn vị"
    INSPECTION_MEMBER = "inspection_member", "Ủy viên Ủy ban kiểm tra"


class RoleKind(models.TextChoices):
    MEMBER = "member", "Đảng viên"
    CELL_COMMITTEE = "cell_committee", "Chi ủy (bí thư, phó bí thư)"
    OFFICE = "office", "Văn phòng / Ban tổ chức"
    STANDING_COMMITTEE = "standing_committee", "Ban thường vụ"
    UPPER_BOARD = "upper_board", "Ban tổ chức cấp trên"
    SYSTEM_ADMIN = "system_admin", "Quản trị hệ thống"


# The official terms are written once, in the rules engine; the database uses them as is.
# (django-stubs types only the class form of TextChoices, not this functional one.)
LevelChoice = models.TextChoices(  # type: ignore[call-overload]
    "LevelChoice", [(code, (code, label)) for code, label in LEVEL_LABEL.items()]
)
RatingChoice = models.TextChoices(  # type: ignore[call-overload]
    "RatingChoice", [(code, (code, RATING_LABEL[code])) for code in STANDARD_SCALE]
)


class DisciplineForm(models.TextChoices):
    REPRIMAND = "reprimand", "Khiển trách"
    WARNING = "warning", "Cảnh cáo"
    DISMISSAL = "dismissal", "Cách chức"
    EXPULSION = "expulsion", "Khai trừ"


class DisciplineAuthority(models.TextChoices):
    PARTY = "party", "Kỷ luật Đảng"
    STATE = "state", "Kỷ luật chính quyền"
    MASS = "mass", "Kỷ luật đoàn thể"


class LeaveKind(models.TextChoices):
    SICK = "sick", "Nghỉ ốm, điều trị bệnh"
    MATERNITY = "maternity", "Nghỉ thai sản"
