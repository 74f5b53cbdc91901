"""Every write: a service, one transaction, an audit row, only inside the actor's subtree."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from kiemdiem.apps.audit.models import AuditEntry
from kiemdiem.apps.core.errors import PermissionDenied, ServiceError
from kiemdiem.apps.members.models import Member, OrganizationMembership
from kiemdiem.apps.members.services import member_create, member_transfer, post_assign
from kiemdiem.apps.organizations.models import (
    CollectiveMembership,
    LeadershipCollective,
    PartyOrganization,
)
from kiemdiem.apps.organizations.selectors import organization_grassroots, organization_subtree
from kiemdiem.apps.organizations.services import (
    collective_create,
    collective_member_add,
    organization_create,
)


def org(code: str) -> PartyOrganization:
    return PartyOrganization.objects.get(code=code)


def test_member_create_writes_the_member_its_history_and_one_audit_row(alice: User) -> None:
    before = AuditEntry.objects.count()
    member = member_create(
        actor=alice,
        organization=org("CB-TT"),
        full_name="Lê Thị Mai",
        admitted_on=date(2015, 5, 19),
        full_member_on=date(2016, 5, 19),
        party_card_number="52.999001",
    )
    assert OrganizationMembership.objects.get(member=member).organization.code == "CB-TT"
    entry = AuditEntry.objects.latest("id")
    assert AuditEntry.objects.count() == before + 1
    assert (entry.actor, entry.action, entry.object_id) == (alice, "member.create", str(member.pk))
    assert entry.after["full_name"] == "Lê Thị Mai" and entry.organization == org("CB-TT")


def test_a_role_reaches_its_subtree_and_nothing_else(bob: User, charlie: User) -> None:
    member_create(
        actor=bob, organization=org("CB-TT"), full_name="Trần Văn Nam", admitted_on=date(2018, 1, 1)
    )
    with pytest.raises(PermissionDenied, match="ngoài phạm vi"):
        member_create(
            actor=bob,
            organization=org("CB-VP"),
            full_name="Trần Văn Bắc",
            admitted_on=date(2018, 1, 1),
        )
    with pytest.raises(PermissionDenied):
        member_create(
            actor=charlie,
            organization=org("CB-TT"),
            full_name="Ngô Văn Út",
            admitted_on=date(2018, 1, 1),
        )
    assert not Member.objects.filter(full_name__in=["Trần Văn Bắc", "Ngô Văn Út"]).exists()


def test_bad_input_names_the_field_in_vietnamese_and_writes_nothing(alice: User) -> None:
    count, audits = Member.objects.count(), AuditEntry.objects.count()
    cases = [
        (dict(full_name=" "), "full_name", "không được để trống"),
        (dict(full_member_on=date(2010, 1, 1)), "full_member_on", "không được trước"),
        (dict(party_card_number="52.000001"), "party_card_number", "đã có người dùng"),
        (dict(organization=org("DBSNV")), "organization", "chi bộ hoặc tổ đảng"),
    ]
    for override, field, words in cases:
        kwargs = dict(
            actor=alice,
            organization=org("CB-TT"),
            full_name="Phạm Văn Sáu",
            admitted_on=date(2015, 1, 1),
        )
        kwargs.update(override)
        with pytest.raises(ServiceError) as err:
            member_create(**kwargs)  # type: ignore[arg-type]
        assert err.value.field == field and words in err.value.message
    assert (Member.objects.count(), AuditEntry.objects.count()) == (count, audits)


def test_transfer_keeps_the_history(alice: User) -> None:
    member = Member.objects.filter(organization__code="CB-TT").first()
    assert member is not None
    member_transfer(actor=alice, member=member, to_organization=org("CB-XDCQ"), on=date(2020, 9, 1))
    history = list(OrganizationMembership.objects.filter(member=member).order_by("started_on"))
    assert [h.organization.code for h in history] == ["CB-TT", "CB-XDCQ"]
    assert history[0].ended_on == date(2020, 8, 31) and history[1].ended_on is None
    entry = AuditEntry.objects.latest("id")
    assert entry.action == "member.transfer" and entry.before != entry.after


def test_organization_kinds_follow_the_tree(alice: User, superuser: User) -> None:
    with pytest.raises(ServiceError) as err:
        organization_create(
            actor=alice,
            parent=org("CB-TT"),
            code="X1",
            name="Đảng bộ lạ",
            kind="grassroots_committee",
        )
    assert err.value.field == "parent"
    with pytest.raises(PermissionDenied):
        organization_create(actor=alice, parent=None, code="X2", name="Gốc", kind="upper_committee")
    group = organization_create(
        actor=alice, parent=org("CB-TT"), code="CB-TT-T1", name="Tổ đảng 1", kind="party_group"
    )
    assert organization_grassroots(organization=group) == org("DBSNV")
    assert group in organization_subtree(root=org("DBSNV"))


def test_one_active_head_per_collective(alice: User) -> None:
    leadership = LeadershipCollective.objects.get(kind="agency_leadership")
    outsider = Member.objects.exclude(collective_memberships__collective=leadership).first()
    assert outsider is not None
    with pytest.raises(ServiceError, match="đã có người đứng đầu"):
        collective_member_add(
            actor=alice,
            collective=leadership,
            member=outsider,
            role="head",
            started_on=date(2020, 1, 1),
        )
    # The database holds the rule too, whoever writes.
    with pytest.raises(IntegrityError), transaction.atomic():
        CollectiveMembership.objects.create(
            collective=leadership, member=outsider, role="head", started_on=date(2020, 1, 1)
        )


def test_collective_and_post_services_audit(alice: User) -> None:
    collective = collective_create(
        actor=alice,
        organization=org("CB-TT"),
        kind="cell_committee",
        name="Chi ủy Chi bộ Thanh tra Sở",
        founded_on=date(2020, 1, 5),
    )
    member = Member.objects.filter(organization__code="CB-TT").first()
    assert member is not None
    collective_member_add(
        actor=alice, collective=collective, member=member, role="head", started_on=date(2020, 1, 5)
    )
    post_assign(
        actor=alice,
        member=member,
        title="secretary",
        started_on=date(2020, 1, 5),
        organization=org("CB-TT"),
        main_job=False,
    )
    actions = list(AuditEntry.objects.order_by("-id").values_list("action", flat=True)[:3])
    assert actions == ["post.assign", "collective.member_add", "collective.create"]
    with pytest.raises(ServiceError) as err:
        post_assign(actor=alice, member=member, title="secretary", started_on=date(2020, 1, 5))
    assert err.value.field == "unit_name"


@pytest.mark.django_db(transaction=True)
def test_audit_refuses_to_run_outside_a_transaction() -> None:
    from kiemdiem.apps.audit.services import audit_record

    root = PartyOrganization.objects.add_root(
        create_kwargs={"code": "R", "name": "Gốc", "kind": "upper_committee"}
    )
    before = AuditEntry.objects.count()
    with pytest.raises(RuntimeError):
        audit_record(actor=None, action="x", obj=root, organization=None)
    assert AuditEntry.objects.count() == before


def test_organization_events_are_recorded_and_date_the_unit(alice: User, bob: User) -> None:
    from kiemdiem.apps.organizations.services import organization_event_record

    cell = org("CB-CCHC")
    organization_event_record(
        actor=alice,
        organization=cell,
        kind="merged",
        happened_on=date(2026, 3, 1),
        other=org("CB-XDCQ"),
        decision="QĐ 12-QĐ/ĐU",
    )
    cell.refresh_from_db()
    assert cell.founded_on == date(2005, 3, 1)  # a merger is not a new unit (003 §I.6)
    organization_event_record(
        actor=alice, organization=cell, kind="dissolved", happened_on=date(2026, 12, 31)
    )
    cell.refresh_from_db()
    assert cell.dissolved_on == date(2026, 12, 31)
    with pytest.raises(ServiceError) as err:
        organization_event_record(
            actor=alice, organization=cell, kind="split", happened_on=date(2026, 5, 1)
        )
    assert err.value.field == "other"
    with pytest.raises(PermissionDenied):
        organization_event_record(
            actor=bob, organization=cell, kind="dissolved", happened_on=date(2026, 5, 1)
        )
