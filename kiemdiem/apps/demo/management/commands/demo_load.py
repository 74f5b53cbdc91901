"""Load the demo dataset once (idempotent) and print the demo logins."""

from __future__ import annotations

import os
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from kiemdiem.apps.accounts.models import OrganizationRole
from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.campaigns.services import campaign_create
from kiemdiem.apps.demo.dataset import CELLS, ROOT, UPPER, people
from kiemdiem.apps.demo.progress import progress
from kiemdiem.apps.members.models import Member
from kiemdiem.apps.members.services import member_create, post_assign
from kiemdiem.apps.organizations.models import PartyOrganization
from kiemdiem.apps.organizations.services import (
    collective_create,
    collective_member_add,
    organization_create,
)
from kiemdiem.rules.calendar import shift

ADMIN = ("admin", "kiemdiem-demo-2020")
OFFICE = ("vanphong", "vanphong-demo-2020")
MEMBER = ("dangvien", "dangvien-demo-2026")
SECRETARY = ("bithu", "bithu-demo-2026")
STANDING = ("thuongvu", "thuongvu-demo-2026")
UPPER_BOARD = ("bantochuc", "bantochuc-demo-2026")
TERM_START = date(2020, 1, 5)


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu Đảng bộ Sở Nội vụ (chạy lại không nhân đôi dữ liệu)."

    def handle(self, *args: Any, **options: Any) -> None:
        User = get_user_model()
        admin, created = User.objects.get_or_create(
            username=ADMIN[0], defaults={"is_staff": True, "is_superuser": True}
        )
        if created:
            admin.set_password(ADMIN[1])
            admin.save()
        if PartyOrganization.objects.filter(code=ROOT[0]).exists():
            self.stdout.write("Dữ liệu mẫu đã có sẵn, không nạp lại.")
        else:
            self._load(admin)
            self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu Đảng bộ Sở Nội vụ."))
        root = PartyOrganization.objects.get(code=ROOT[0])
        if not Campaign.objects.filter(organization=root, year=2020).exists():
            # The 2020 campaign of seed 000: cells meet on Friday 20/11/2020.
            campaign_create(
                actor=admin,
                organization=root,
                year=2020,
                ruleset="so-noi-vu-2020",
                meeting_on=date(2020, 11, 20),
                title="Kế hoạch kiểm điểm và đánh giá, phân loại chất lượng Đảng bộ, "
                "các chi bộ, đảng viên năm 2020",
            )
        if not Campaign.objects.filter(organization=root, year=2026).exists():
            # This year's campaign under the rules in force, in progress: cells meet on
            # Friday 11/12/2026.
            campaign_create(
                actor=admin,
                organization=root,
                year=2026,
                ruleset="qd366-2025",
                # Two weeks of work left whenever the demo is loaded.
                meeting_on=max(date(2026, 12, 11), shift(timezone.localdate(), 10, working=True)),
            )
        campaign = Campaign.objects.get(organization=root, year=2026)
        self._accounts(root)
        progress(admin, campaign)
        members = Member.objects.filter(organization__path__startswith=root.path).count()
        units = PartyOrganization.objects.filter(path__startswith=root.path).count() - 1
        base = os.environ.get("KIEMDIEM_BASE_URL", "http://127.0.0.1:8000")
        self.stdout.write(
            f"\n  Đăng nhập: {base}/dang-nhap/  (mỗi vai trò một tài khoản)\n"
            f"  Quản trị hệ thống:        {ADMIN[0]} / {ADMIN[1]}\n"
            f"  Ban Tổ chức Đảng ủy Khối: {UPPER_BOARD[0]} / {UPPER_BOARD[1]}\n"
            f"  Ban Thường vụ Đảng ủy:    {STANDING[0]} / {STANDING[1]}\n"
            f"  Văn phòng Đảng ủy:        {OFFICE[0]} / {OFFICE[1]}\n"
            f"  Bí thư Chi bộ Thanh tra:  {SECRETARY[0]} / {SECRETARY[1]}\n"
            f"  Đảng viên (Thanh tra):    {MEMBER[0]} / {MEMBER[1]}\n"
            f"  Kế hoạch năm 2026:        {base}/ke-hoach/{campaign.pk}/\n"
            f"  {root.name}: {units} tổ chức trực thuộc, {members} đảng viên\n"
        )

    def _accounts(self, root: PartyOrganization) -> None:
        """One login per role; the member and the secretary are people of Chi bộ Thanh tra."""
        cell = PartyOrganization.objects.get(code="CB-TT")
        roll = list(
            Member.objects.filter(organization=cell, full_member_on__isnull=False).order_by(
                "party_card_number"
            )
        )
        _login(MEMBER, "Đảng viên", member=roll[1])
        _login(SECRETARY, "Bí thư chi bộ", member=roll[0], role=("cell_committee", cell))
        _login(OFFICE, "Văn phòng Đảng ủy", role=("office", root), staff=True)
        _login(STANDING, "Ban Thường vụ Đảng ủy", role=("standing_committee", root), staff=True)
        upper = PartyOrganization.objects.get(code=UPPER[0])
        _login(UPPER_BOARD, "Ban Tổ chức Đảng ủy Khối", role=("upper_board", upper), staff=True)

    @transaction.atomic
    def _load(self, actor: Any) -> None:
        """The demo đảng bộ through the services, in the order an office would enter it."""
        root, cells, groups = _tree(actor)
        by_cell = _people(actor, cells, groups)
        _cell_committees(actor, cells, by_cell)
        leaders = _agency_leadership(actor, root, by_cell)
        _party_committee(actor, root, leaders, by_cell)


def _tree(
    actor: Any,
) -> tuple[
    PartyOrganization, dict[str, PartyOrganization], dict[tuple[str, int], PartyOrganization]
]:
    """The upper committee, the Đảng bộ, its cells and their party groups."""
    upper = organization_create(
        actor=actor,
        parent=None,
        code=UPPER[0],
        name=UPPER[1],
        kind="upper_committee",
        founded_on=UPPER[2],
        place="Lâm Đồng",
    )
    code, name, agency, founded = ROOT
    root = organization_create(
        actor=actor,
        parent=upper,
        code=code,
        name=name,
        kind="grassroots_committee",
        founded_on=founded,
        agency_name=agency,
    )
    cells: dict[str, PartyOrganization] = {}
    groups: dict[tuple[str, int], PartyOrganization] = {}
    for spec in CELLS:
        cell = organization_create(
            actor=actor,
            parent=root,
            code=spec.code,
            name=spec.name,
            kind="cell",
            founded_on=founded,
            agency_name=spec.agency,
        )
        cells[spec.code] = cell
        for g in range(1, spec.party_groups + 1):
            groups[(spec.code, g)] = organization_create(
                actor=actor,
                parent=cell,
                code=f"{spec.code}-T{g}",
                name=f"Tổ đảng số {g} ({spec.name})",
                kind="party_group",
                founded_on=founded,
            )
    return root, cells, groups


def _people(
    actor: Any,
    cells: dict[str, PartyOrganization],
    groups: dict[tuple[str, int], PartyOrganization],
) -> dict[str, list[Member]]:
    """Every member, in their cell or party group; the roll of each cell."""
    by_cell: dict[str, list[Member]] = {c.code: [] for c in CELLS}
    for person in people():
        where = groups[(person.cell, person.group)] if person.group else cells[person.cell]
        member = member_create(
            actor=actor,
            organization=where,
            full_name=person.full_name,
            admitted_on=person.admitted_on,
            full_member_on=person.full_member_on,
            date_of_birth=person.date_of_birth,
            party_card_number=person.card,
            is_civil_servant=person.civil_servant,
        )
        by_cell[person.cell].append(member)
    return by_cell


def _cell_committees(
    actor: Any, cells: dict[str, PartyOrganization], by_cell: dict[str, list[Member]]
) -> None:
    # Each cell: secretary and deputy; the two largest also elect a chi ủy of three.
    for spec in CELLS:
        cell, roll = cells[spec.code], by_cell[spec.code]
        post_assign(
            actor=actor,
            member=roll[0],
            title="secretary",
            started_on=TERM_START,
            organization=cell,
            main_job=False,
        )
        post_assign(
            actor=actor,
            member=roll[1],
            title="deputy_secretary",
            started_on=TERM_START,
            organization=cell,
            main_job=False,
        )
        post_assign(
            actor=actor,
            member=roll[0],
            title="department_head",
            started_on=date(2018, 7, 1),
            unit_name=spec.agency,
        )
        if spec.size >= 8:
            _collective(
                actor,
                organization=cell,
                kind="cell_committee",
                name=f"Chi ủy {spec.name}",
                since=TERM_START,
                members=roll[:3],
            )
            post_assign(
                actor=actor,
                member=roll[2],
                title="committee_member",
                started_on=TERM_START,
                organization=cell,
                main_job=False,
            )


def _agency_leadership(
    actor: Any, root: PartyOrganization, by_cell: dict[str, list[Member]]
) -> list[Member]:
    # The Sở leadership: the director and three deputies.
    leaders = [by_cell[code][2] for code in ("CB-VP", "CB-TCBC", "CB-XDCQ", "CB-TT")]
    _collective(
        actor,
        organization=root,
        kind="agency_leadership",
        name="Tập thể lãnh đạo Sở Nội vụ",
        since=date(2016, 6, 1),
        members=leaders,
        deputies=3,
    )
    for i, member in enumerate(leaders):
        post_assign(
            actor=actor,
            member=member,
            title="agency_head" if i == 0 else "deputy_head",
            started_on=date(2016, 6, 1),
            unit_name="Sở Nội vụ",
        )
    return leaders


def _party_committee(
    actor: Any, root: PartyOrganization, leaders: list[Member], by_cell: dict[str, list[Member]]
) -> None:
    # The Đảng ủy (9): the director as secretary, then deputies and cell secretaries;
    # its standing committee (3) and inspection committee (3).
    committee = leaders + [by_cell[c.code][0] for c in CELLS[1:6]]
    _collective(
        actor,
        organization=root,
        kind="party_committee",
        name="Tập thể Đảng ủy Sở Nội vụ",
        since=TERM_START,
        members=committee,
    )
    _collective(
        actor,
        organization=root,
        kind="standing_committee",
        name="Ban Thường vụ Đảng ủy Sở Nội vụ",
        since=TERM_START,
        members=committee[:3],
    )
    for i, member in enumerate(committee):
        title = "secretary" if i == 0 else "deputy_secretary" if i == 1 else "committee_member"
        post_assign(
            actor=actor,
            member=member,
            title=title,
            started_on=TERM_START,
            organization=root,
            main_job=i != 0,
        )
    post_assign(
        actor=actor,
        member=leaders[0],
        title="upper_committee_member",
        started_on=date(2020, 10, 15),
        unit_name="Đảng ủy Khối Cơ quan và Doanh nghiệp tỉnh",
    )
    inspectors = [committee[1], by_cell["CB-TT"][3], by_cell["CB-VTLT"][3]]
    _collective(
        actor,
        organization=root,
        kind="inspection_committee",
        name="Ủy ban Kiểm tra Đảng ủy Sở Nội vụ",
        since=TERM_START,
        members=inspectors,
        deputies=0,
    )
    for member in inspectors[1:]:
        post_assign(
            actor=actor,
            member=member,
            title="inspection_member",
            started_on=TERM_START,
            organization=root,
            main_job=False,
        )


def _login(
    credentials: tuple[str, str],
    label: str,
    *,
    member: Member | None = None,
    role: tuple[str, PartyOrganization] | None = None,
    staff: bool = False,
) -> None:
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=credentials[0], defaults={"is_staff": staff, "first_name": label}
    )
    if created:
        user.set_password(credentials[1])
        user.save()
    if member is not None and member.user_id is None:
        member.user = user
        member.save(update_fields=["user"])
    if role is not None:
        OrganizationRole.objects.get_or_create(user=user, organization=role[1], role=role[0])


def _collective(
    actor: Any,
    *,
    organization: PartyOrganization,
    kind: str,
    name: str,
    since: date,
    members: list[Member],
    deputies: int = 1,
) -> None:
    """A collective with its members: the first heads it, the next `deputies` are deputies."""
    collective = collective_create(
        actor=actor, organization=organization, kind=kind, name=name, founded_on=since
    )
    for i, member in enumerate(members):
        role = "head" if i == 0 else "deputy" if i <= deputies else "member"
        collective_member_add(
            actor=actor, collective=collective, member=member, role=role, started_on=since
        )
