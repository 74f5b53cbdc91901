"""An import that fails after some of its batches were written is undone from its journal:
the database is as it was (values, transfers, new organizations and the tree's counts),
the journal is empty and each undone row is audited. A row someone else's record came to
use in the meantime is kept with that record, not deleted with it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from kiemdiem.apps.audit.models import AuditEntry
from kiemdiem.apps.imports import services
from kiemdiem.apps.imports.models import ImportJournal
from kiemdiem.apps.imports.services import import_apply
from kiemdiem.apps.members.models import (
    CivilServiceRating,
    Member,
    OrganizationMembership,
    Post,
)
from kiemdiem.apps.members.records import civil_service_rating_set
from kiemdiem.apps.organizations.models import PartyOrganization

from .test_imports import GOOD, run, workbook


def _state() -> dict[str, Any]:
    return {
        "orgs": sorted(PartyOrganization.objects.values_list("code", "path", "numchild")),
        "members": sorted(Member.objects.values_list(*["id", *services.MEMBER_FIELDS])),
        "periods": sorted(
            OrganizationMembership.objects.values_list(
                "id", "member_id", "organization_id", "started_on", "ended_on"
            )
        ),
        "posts": sorted(Post.objects.values_list("id", "member_id", "title", "ended_on")),
        "ratings": sorted(CivilServiceRating.objects.values_list("id", "member_id", "rating")),
    }


def _failing_at(monkeypatch: pytest.MonkeyPatch, sheet: str, before: Any = None) -> None:
    """The import breaks when it reaches `sheet` (after everything before it is written)."""
    real = services._records

    def records(w: Any, plan: Any, name: str, *args: Any) -> None:
        if name == sheet:
            if before is not None:
                before()
            raise RuntimeError("ổ đĩa đầy")
        real(w, plan, name, *args)

    monkeypatch.setattr(services, "_records", records)


def test_a_failed_reimport_leaves_everything_as_it_was(
    demo: PartyOrganization, alice: User, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan, problems = run(workbook(tmp_path / "a.xlsx", GOOD), demo)
    assert problems == []
    import_apply(actor=alice, plan=plan, file_name="a.xlsx", digest="a")
    other_cell = (
        PartyOrganization.objects.filter(path__startswith=demo.path, kind="cell")
        .exclude(code="CB-MOI")
        .order_by("path")
        .first()
    )
    assert other_cell is not None
    changed = {
        **GOOD,
        "organizations": [
            *GOOD["organizations"],
            ["CB-MOI2", "Chi bộ Phòng Pháp chế", "Chi bộ trực thuộc", "DBSNV", "01/02/2022"],
        ],
        "members": [
            # moved to another cell (a transfer), renamed; a date changed; a new member
            [
                "52.000901",
                "Trần Văn Mới Sửa",
                "12/05/1985",
                "05/03/2010",
                "05/03/2011",
                other_cell.code,
                "x",
                "moi@example.vn",
            ],
            ["52.000902", "Lê Thị Hai", None, "2015-06-01", "2016-06-01", "CB-MOI", "Không", None],
            ["52.000903", "Phạm Văn Ba", None, "2018-01-02", None, "CB-MOI2", "Không", None],
        ],
        "posts": [["52.000901", "Bí thư", "CB-MOI", None, "01/01/2021", "31/12/2025"]],
        "civil_service": [["52.000901", 2026, "Hoàn thành tốt nhiệm vụ"]],
    }
    plan, problems = run(workbook(tmp_path / "b.xlsx", changed), demo)
    assert problems == []
    before = _state()
    _failing_at(monkeypatch, "absences")  # the last sheet: everything else is written

    with pytest.raises(RuntimeError):
        import_apply(actor=alice, plan=plan, file_name="b.xlsx", digest="b", batch=1)

    assert _state() == before
    assert not ImportJournal.objects.exists()
    tree: Any = PartyOrganization.objects
    assert all(not found for found in tree.find_problems())
    undone = AuditEntry.objects.filter(action__endswith=".undo")
    assert undone.filter(action="member.undo", after__deleted=True).count() == 1  # the new one
    assert undone.filter(action="member.undo", after__full_name="Trần Văn Mới").count() == 1
    assert undone.filter(action="partyorganization.undo").exists()
    assert all(e.reason == "Hoàn tác lần nhập không thành công tệp “b.xlsx”" for e in undone)
    assert not AuditEntry.objects.filter(action="import.apply", after__file="b.xlsx").exists()


@pytest.mark.django_db(transaction=True)
def test_a_row_someone_else_came_to_use_is_kept_when_the_import_is_undone(
    transactional_db: None,
    demo: PartyOrganization,
    alice: User,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan, problems = run(workbook(tmp_path / "a.xlsx", GOOD), demo)
    assert problems == []

    def someone_rates_the_new_member() -> None:  # between two of the import's batches
        new = Member.objects.get(party_card_number="52.000901")
        civil_service_rating_set(actor=alice, member=new, year=2025, rating="GOOD")

    _failing_at(monkeypatch, "absences", someone_rates_the_new_member)
    with pytest.raises(RuntimeError):
        import_apply(actor=alice, plan=plan, file_name="a.xlsx", digest="a")

    kept = Member.objects.get(party_card_number="52.000901")  # with the rating that uses it
    assert CivilServiceRating.objects.get(member=kept, year=2025).rating == "GOOD"
    assert not CivilServiceRating.objects.filter(member=kept, year=2026).exists()  # undone
    assert not Member.objects.filter(party_card_number="52.000902").exists()
    assert not ImportJournal.objects.exists()
    assert AuditEntry.objects.filter(
        action="member.undo", object_id=str(kept.pk), after__kept=True
    ).exists()
