"""Checking a read workbook against itself and the database before anything is written:
every value parsed, every organization found (by code or name, in the file or in the
tree), every card number unique; the result is a plan of what to create and update, or
the full list of problems (sheet, row, column, Vietnamese message)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone

from kiemdiem.apps.core.choices import ALLOWED_PARENTS
from kiemdiem.apps.members.services import CELL_KINDS
from kiemdiem.apps.organizations.models import PartyOrganization

from .reader import Problem, Rows, ordered
from .values import BadValue, key, text, to_bool, to_date, to_int
from .values import choice as to_choice


@dataclass
class NewOrganization:
    row: int
    code: str
    name: str
    kind: str
    parent: str  # the parent's code (in the file or the tree)
    founded_on: date | None


@dataclass
class MemberRow:
    row: int
    card: str
    full_name: str
    date_of_birth: date | None
    admitted_on: date
    full_member_on: date | None
    organization: str  # code
    civil_servant: bool
    email: str


@dataclass
class Plan:
    root: PartyOrganization
    organizations: list[NewOrganization] = field(default_factory=list)
    members: list[MemberRow] = field(default_factory=list)
    # Records that hang on a member (by card) or a subject: dicts ready for the models.
    posts: list[dict[str, Any]] = field(default_factory=list)
    disciplines: list[dict[str, Any]] = field(default_factory=list)
    leave: list[dict[str, Any]] = field(default_factory=list)
    civil_service: list[dict[str, Any]] = field(default_factory=list)
    past_ratings: list[dict[str, Any]] = field(default_factory=list)
    residence: list[dict[str, Any]] = field(default_factory=list)
    absences: list[dict[str, Any]] = field(default_factory=list)


class _Orgs:
    """Organizations by code and by name: the tree's (within the root) and the file's."""

    def __init__(self, root: PartyOrganization) -> None:
        self.root = root
        self.kind: dict[str, str] = {}
        self.by_name: dict[str, set[str]] = defaultdict(set)
        self.outside: set[str] = set()
        for code, name, kind, path in PartyOrganization.objects.values_list(
            "code", "name", "kind", "path"
        ):
            if path.startswith(root.path):
                self.kind[code] = kind
                self.by_name[key(name)].add(code)
            else:
                self.outside.add(code)

    def add(self, code: str, name: str, kind: str) -> None:
        self.kind[code] = kind
        self.by_name[key(name)].add(code)

    def find(self, value: object) -> str:
        raw = text(value)
        if raw in self.kind:
            return raw
        if raw in self.outside:
            raise BadValue(f"“{raw}” không thuộc {self.root.name}")
        codes = self.by_name.get(key(raw), set())
        if len(codes) == 1:
            return next(iter(codes))
        if len(codes) > 1:
            raise BadValue(f"Có {len(codes)} tổ chức tên “{raw}”: ghi bằng mã")
        raise BadValue(f"Không tìm thấy tổ chức “{raw}” (theo mã hoặc tên)")


def _cell(
    rows: Rows, number: int, values: dict[str, Any], col: str, problems: list[Problem]
) -> Any:
    """Parse one cell by its column's kind; a problem is listed and None returned."""
    spec = rows.sheet.column(col)
    raw = values.get(col)
    try:
        if spec.kind == "date":
            value: Any = to_date(raw)
        elif spec.kind == "int":
            value = to_int(raw, low=1900, high=2100)
        elif spec.kind == "bool":
            value = to_bool(raw, default=col in ("duty_related", "satisfactory"))
        elif spec.kind == "choice":
            value = to_choice(raw, spec.choices)
        else:
            value = text(raw) or None
    except BadValue as exc:
        problems.append(Problem(rows.sheet.name, number, rows.where(col), str(exc)))
        return None
    if value is None and spec.required:
        problems.append(Problem(rows.sheet.name, number, rows.where(col), "Chưa ghi (bắt buộc)"))
    return value


def build_plan(data: dict[str, Rows], *, root: PartyOrganization) -> tuple[Plan, list[Problem]]:
    problems: list[Problem] = []
    plan = Plan(root=root)
    orgs = _Orgs(root)
    _organizations(data.get("organizations"), orgs, plan, problems)
    cards = _members(data.get("members"), orgs, plan, problems)
    _records(data, orgs, cards, plan, problems)
    return plan, ordered(problems)


def _organizations(rows: Rows | None, orgs: _Orgs, plan: Plan, problems: list[Problem]) -> None:
    if rows is None:
        return
    seen: dict[str, int] = {}
    pending: list[tuple[int, dict[str, Any], NewOrganization]] = []
    for number, values in rows.rows:
        row = {c.key: _cell(rows, number, values, c.key, problems) for c in rows.sheet.columns}
        code = row["code"]
        if code is None or row["name"] is None or row["kind"] is None:
            continue
        if code in seen:
            problems.append(
                Problem(
                    rows.sheet.name,
                    number,
                    rows.where("code"),
                    f"Mã “{code}” trùng với dòng {seen[code]}",
                )
            )
            continue
        seen[code] = number
        if code in orgs.outside:
            problems.append(
                Problem(
                    rows.sheet.name,
                    number,
                    rows.where("code"),
                    f"Mã “{code}” đã dùng cho tổ chức ngoài {orgs.root.name}",
                )
            )
            continue
        new = NewOrganization(number, code, row["name"], row["kind"], "", row["founded_on"])
        if code not in orgs.kind:  # an existing one is matched, not changed
            orgs.add(code, row["name"], row["kind"])
            pending.append((number, values, new))
    for number, values, new in pending:
        try:
            new.parent = orgs.find(values.get("parent"))
        except BadValue as exc:
            problems.append(Problem(rows.sheet.name, number, rows.where("parent"), str(exc)))
            continue
        if orgs.kind[new.parent] not in (ALLOWED_PARENTS.get(new.kind) or ()):
            problems.append(
                Problem(
                    rows.sheet.name,
                    number,
                    rows.where("kind"),
                    f"Loại hình này không đặt dưới “{new.parent}”",
                )
            )
            continue
        plan.organizations.append(new)


def _members(rows: Rows | None, orgs: _Orgs, plan: Plan, problems: list[Problem]) -> set[str]:
    cards: set[str] = set()
    if rows is None:
        return cards
    from kiemdiem.apps.members.models import Member

    # A card held by a member outside the root belongs to another đảng bộ.
    foreign = set(
        Member.objects.exclude(party_card_number=None)
        .exclude(organization__path__startswith=orgs.root.path)
        .values_list("party_card_number", flat=True)
    )
    seen: dict[str, int] = {}
    sheet = rows.sheet.name
    today = timezone.localdate()
    for number, values in rows.rows:
        row = {
            c.key: _cell(rows, number, values, c.key, problems)
            for c in rows.sheet.columns
            if c.key != "organization"
        }
        try:
            organization = orgs.find(values.get("organization"))
            if orgs.kind[organization] not in CELL_KINDS:
                raise BadValue(f"“{organization}” không phải chi bộ hoặc tổ đảng")
        except BadValue as exc:
            problems.append(Problem(sheet, number, rows.where("organization"), str(exc)))
            organization = ""
        card = row["card"]
        if card is not None and card in seen:
            problems.append(
                Problem(
                    sheet,
                    number,
                    rows.where("card"),
                    f"Số thẻ “{card}” trùng với dòng {seen[card]}",
                )
            )
            continue
        if card is not None:
            seen[card] = number
        if card in foreign:
            problems.append(
                Problem(
                    sheet,
                    number,
                    rows.where("card"),
                    f"Số thẻ “{card}” là của đảng viên thuộc tổ chức khác "
                    "(chuyển sinh hoạt trước khi nhập)",
                )
            )
            continue
        admitted, full, born = row["admitted_on"], row["full_member_on"], row["date_of_birth"]
        if admitted and full and full < admitted:
            problems.append(
                Problem(
                    sheet,
                    number,
                    rows.where("full_member_on"),
                    "Ngày chính thức trước ngày vào Đảng",
                )
            )
            continue
        if admitted and admitted > today:
            problems.append(
                Problem(
                    sheet,
                    number,
                    rows.where("admitted_on"),
                    f"Ngày vào Đảng ({admitted:%d/%m/%Y}) sau ngày hôm nay",
                )
            )
            continue
        if admitted and born and born >= admitted:
            problems.append(
                Problem(
                    sheet, number, rows.where("date_of_birth"), "Ngày sinh phải trước ngày vào Đảng"
                )
            )
            continue
        if None in (card, row["full_name"], admitted) or not organization:
            continue
        cards.add(card)
        plan.members.append(
            MemberRow(
                number,
                card,
                row["full_name"],
                born,
                admitted,
                full,
                organization,
                bool(row["civil_servant"]),
                row["email"] or "",
            )
        )
    return cards


def _records(
    data: dict[str, Rows], orgs: _Orgs, cards: set[str], plan: Plan, problems: list[Problem]
) -> None:
    from kiemdiem.apps.members.models import Member

    known = cards | set(
        Member.objects.filter(organization__path__startswith=orgs.root.path)
        .exclude(party_card_number=None)
        .values_list("party_card_number", flat=True)
    )
    for sheet_key in NATURAL_KEYS:
        rows = data.get(sheet_key)
        if rows is None:
            continue
        target: list[dict[str, Any]] = getattr(plan, sheet_key)
        seen: dict[tuple[Any, ...], int] = {}
        for number, values in rows.rows:
            row = {
                c.key: _cell(rows, number, values, c.key, problems)
                for c in rows.sheet.columns
                if c.kind != "ref"
            }
            if sheet_key == "past_ratings":
                subject = row["subject"]
                if subject is not None and subject not in known and subject not in orgs.kind:
                    problems.append(
                        Problem(
                            rows.sheet.name,
                            number,
                            rows.where("subject"),
                            f"Không có đảng viên số thẻ hoặc tổ chức mã “{subject}”",
                        )
                    )
                    continue
            elif row["card"] is not None and row["card"] not in known:
                problems.append(
                    Problem(
                        rows.sheet.name,
                        number,
                        rows.where("card"),
                        f"Không có đảng viên số thẻ “{row['card']}” "
                        f"(trong tệp hoặc trong {orgs.root.name})",
                    )
                )
                continue
            if sheet_key == "posts" and values.get("organization") not in (None, ""):
                try:
                    row["organization"] = orgs.find(values["organization"])
                except BadValue as exc:
                    problems.append(
                        Problem(rows.sheet.name, number, rows.where("organization"), str(exc))
                    )
                    continue
            if any(row.get(c.key) is None for c in rows.sheet.columns if c.required):
                continue
            if sheet_key == "posts" and not row.get("organization") and not row.get("unit_name"):
                problems.append(
                    Problem(
                        rows.sheet.name,
                        number,
                        rows.where("unit_name"),
                        "Ghi tổ chức đảng hoặc cơ quan, đơn vị của chức vụ",
                    )
                )
                continue
            ended, started = row.get("ended_on"), row.get("started_on")
            if ended and started and ended < started:
                problems.append(
                    Problem(
                        rows.sheet.name, number, rows.where("ended_on"), "Đến ngày trước từ ngày"
                    )
                )
                continue
            natural = _natural(sheet_key, row)
            if natural in seen:
                problems.append(
                    Problem(rows.sheet.name, number, "", f"Trùng với dòng {seen[natural]}")
                )
                continue
            seen[natural] = number
            target.append(row | {"_row": number})


# What makes a record the same record when the file is imported again.
NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "posts": ("card", "title", "started_on"),
    "disciplines": ("card", "form", "decided_on"),
    "leave": ("card", "kind", "started_on"),
    "civil_service": ("card", "year"),
    "past_ratings": ("subject", "year"),
    "residence": ("card", "year"),
    "absences": ("card", "meeting_on"),
}


def _natural(sheet_key: str, row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row[k] for k in NATURAL_KEYS[sheet_key])
