"""A fixed cast for permissions: alice works in the office of the Đảng bộ Sở Nội vụ,
bob in the office of one cell (Chi bộ Thanh tra Sở), charlie holds no role."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from kiemdiem.apps.accounts.models import OrganizationRole
from kiemdiem.apps.organizations.models import PartyOrganization


@pytest.fixture
def demo(db: None) -> PartyOrganization:
    call_command("demo_load", stdout=open("/dev/null", "w"))  # noqa: SIM115
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
