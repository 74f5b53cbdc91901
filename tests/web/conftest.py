"""A fixed cast for permissions: alice works in the office of the Đảng bộ Sở Nội vụ,
bob in the office of one cell (Chi bộ Thanh tra Sở), charlie holds no role."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.management import call_command

from kiemdiem.apps.accounts.models import OrganizationRole
from kiemdiem.apps.organizations.models import PartyOrganization


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> None:
    """The demo is loaded once into the test database; each test runs in a transaction
    rolled back at its end, so every test starts from the same demo."""
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        call_command("demo_load", stdout=io.StringIO())


@pytest.fixture
def demo(db: None) -> PartyOrganization:
    # Already there, except after a browser test (which flushes): then it loads again.
    call_command("demo_load", stdout=io.StringIO())
    return PartyOrganization.objects.get(code="DBSNV")


@pytest.fixture
def superuser(demo: PartyOrganization) -> User:
    return User.objects.get(username="admin")


def _user(name: str, org: PartyOrganization | None, role: str = "office") -> User:
    user = User.objects.create_user(name, password=f"{name}-mat-khau-2020", is_staff=True)
    if org is not None:
        OrganizationRole.objects.create(user=user, organization=org, role=role)
    return user


@pytest.fixture
def alice(demo: PartyOrganization) -> User:
    return _user("alice", demo)


@pytest.fixture
def bob(demo: PartyOrganization) -> User:
    return _user("bob", PartyOrganization.objects.get(code="CB-TT"))


@pytest.fixture
def charlie(demo: PartyOrganization) -> User:
    return _user("charlie", None)


# The permission matrix's cast, from the demo: a member and the secretary of cell A
# (Chi bộ Thanh tra Sở), the secretary of cell B (Chi bộ Văn phòng), the office of the
# đảng bộ (alice), the upper organization board, and an outsider (charlie).
@pytest.fixture
def member_a(demo: PartyOrganization) -> User:
    return User.objects.get(username="dangvien")


@pytest.fixture
def secretary_a(demo: PartyOrganization) -> User:
    return User.objects.get(username="bithu")


@pytest.fixture
def secretary_b(demo: PartyOrganization) -> User:
    from kiemdiem.apps.members.models import Member

    cell = PartyOrganization.objects.get(code="CB-VP")
    user = _user("frank", cell, role="cell_committee")
    member = Member.objects.filter(organization__path__startswith=cell.path).order_by(
        "party_card_number"
    )[0]
    member.user = user
    member.save(update_fields=["user"])
    return user


@pytest.fixture
def upper(demo: PartyOrganization) -> User:
    return User.objects.get(username="bantochuc")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: object, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Uploaded files (complaint attachments) go to a temporary folder, not var/."""
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))  # type: ignore[attr-defined]
    # Jobs run inside the request, so a test reads their outcome at once.
    settings.JOBS_INLINE = True  # type: ignore[attr-defined]
    # Kept reports (statistics/kept.py) are keyed by audit ids, which a rolled-back test
    # hands out again: each test starts with nothing kept.
    cache.clear()


@pytest.fixture
def issued(demo: object, alice: User, secretary_a: User) -> object:
    """The 2026 demo campaign decided and issued: Chi bộ Thanh tra Sở reports (its third
    member voted HTXSNV), every other cell reports, the committee decides as proposed."""
    from kiemdiem.apps.decisions.models import ClassificationDecision

    from .flows import decide_and_issue, submit_cell, submit_other_cells

    meeting = submit_cell(secretary_a, ballots={3: "EXCELLENT"}, quota_note="Lý do")
    submit_other_cells(alice)
    decision = decide_and_issue(alice)
    assert isinstance(decision, ClassificationDecision) and meeting.pk
    return decision
