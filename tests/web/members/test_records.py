"""A member's record of the year reaches the engine: discipline, leave, the civil-service
rating, absences; and the committee's suggestions and supervisors."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User

from kiemdiem.apps.audit.models import AuditEntry
from kiemdiem.apps.campaigns.committee import suggestion_issue, supervisor_assign
from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.campaigns.self_reviews import SelfReviewInput
from kiemdiem.apps.core.errors import PermissionDenied, ServiceError
from kiemdiem.apps.evaluation.preview import self_review_preview
from kiemdiem.apps.evaluation.roster import record_facts, scenario_for
from kiemdiem.apps.members.models import Member
from kiemdiem.apps.members.records import (
    absence_record,
    civil_service_rating_set,
    discipline_record,
    leave_record,
)
from kiemdiem.apps.organizations.models import LeadershipCollective, PartyOrganization


@pytest.fixture
def campaign(demo: PartyOrganization) -> Campaign:
    return Campaign.objects.get(organization=demo, year=2026)


@pytest.fixture
def member(demo: PartyOrganization) -> Member:
    return Member.objects.get(user__username="dangvien")


def ceiling(campaign: Campaign, member: Member) -> str | None:
    data = SelfReviewInput(general_points=None, results_points=None)
    return (
        self_review_preview(campaign=campaign, member=member, data=data)
        .subject("member", "M")
        .ceiling
    )


def test_a_discipline_in_the_year_caps_the_rating(
    campaign: Campaign, member: Member, alice: User
) -> None:
    assert ceiling(campaign, member) == "EXCELLENT"
    discipline_record(
        actor=alice, member=member, form="reprimand", decided_on=date(2026, 3, 2), violation="V1"
    )
    assert ceiling(campaign, member) == "NOT_COMPLETED"
    assert AuditEntry.objects.latest("id").action == "discipline.record"


def test_the_civil_service_rating_is_the_basis(
    campaign: Campaign, member: Member, alice: User
) -> None:
    civil_service_rating_set(actor=alice, member=member, year=2026, rating="COMPLETED")
    assert ceiling(campaign, member) == "COMPLETED"
    entry = AuditEntry.objects.latest("id")
    assert entry.before["rating"] == "EXCELLENT" and entry.after["rating"] == "COMPLETED"


def test_leave_days_are_counted_within_the_year() -> None:
    from kiemdiem.apps.members.models import Leave

    leaves = [
        Leave(kind="sick", started_on=date(2025, 12, 20), ended_on=date(2026, 1, 10)),
        Leave(kind="sick", started_on=date(2026, 3, 1), ended_on=date(2026, 3, 31)),
        Leave(kind="maternity", started_on=date(2025, 6, 1), ended_on=date(2025, 11, 30)),
    ]
    facts = record_facts(year=2026, leaves=leaves)
    assert facts == {"sick_leave_days": 10 + 31}  # the 2025 maternity leave is not this year's


def test_absences_and_leave_reach_the_scenario(
    campaign: Campaign, member: Member, secretary_a: User, alice: User
) -> None:
    for month in (2, 5, 8):
        absence_record(actor=secretary_a, member=member, meeting_on=date(2026, month, 3))
    leave_record(
        actor=alice,
        member=member,
        kind="sick",
        started_on=date(2026, 4, 1),
        ended_on=date(2026, 4, 20),
    )
    data = scenario_for(
        root=campaign.organization, year=2026, as_of=date(2026, 12, 1), ruleset=campaign.ruleset
    )
    entry = next(m for m in data["members"] if m["id"] == f"M{member.pk}")
    assert entry["facts"]["absences"] == 3 and entry["facts"]["sick_leave_days"] == 20


def test_bad_records_name_the_field_and_write_nothing(member: Member, alice: User) -> None:
    before = AuditEntry.objects.count()
    with pytest.raises(ServiceError) as err:
        discipline_record(actor=alice, member=member, form="ban", decided_on=date(2026, 1, 1))
    assert err.value.field == "form"
    with pytest.raises(ServiceError) as err:
        leave_record(
            actor=alice,
            member=member,
            kind="sick",
            started_on=date(2026, 5, 2),
            ended_on=date(2026, 5, 1),
        )
    assert err.value.field == "ended_on"
    absence_record(actor=alice, member=member, meeting_on=date(2026, 1, 5))
    with pytest.raises(ServiceError) as err:
        absence_record(actor=alice, member=member, meeting_on=date(2026, 1, 5))
    assert err.value.field == "meeting_on"
    assert AuditEntry.objects.count() == before + 1  # only the first absence


def test_records_stay_within_the_actors_subtree(member: Member, secretary_b: User) -> None:
    with pytest.raises(PermissionDenied):
        absence_record(actor=secretary_b, member=member, meeting_on=date(2026, 1, 5))
    with pytest.raises(PermissionDenied):
        discipline_record(
            actor=secretary_b, member=member, form="reprimand", decided_on=date(2026, 1, 5)
        )


def test_suggestions_name_one_target_under_the_issuer(
    campaign: Campaign, member: Member, alice: User, upper: User
) -> None:
    root = campaign.organization
    row = suggestion_issue(
        actor=alice,
        campaign=campaign,
        issuer=root,
        member=member,
        content="Giải trình",
        issued_on=date(2026, 11, 20),
    )
    assert row.member == member
    with pytest.raises(ServiceError) as err:
        suggestion_issue(
            actor=alice,
            campaign=campaign,
            issuer=root,
            content="Hai đối tượng",
            issued_on=date(2026, 11, 20),
            member=member,
            organization=PartyOrganization.objects.get(code="CB-VP"),
        )
    assert err.value.field == "target"
    with pytest.raises(ServiceError) as err:
        suggestion_issue(
            actor=alice,
            campaign=campaign,
            issuer=root,
            member=member,
            content="  ",
            issued_on=date(2026, 11, 20),
        )
    assert err.value.field == "content"
    # The office cannot speak for the upper level; the upper board can.
    upper_org = PartyOrganization.objects.get(code="DBK")
    with pytest.raises(PermissionDenied):
        suggestion_issue(
            actor=alice,
            campaign=campaign,
            issuer=upper_org,
            organization=root,
            content="x",
            issued_on=date(2026, 11, 20),
        )
    committee = LeadershipCollective.objects.get(organization=root, kind="party_committee")
    suggestion_issue(
        actor=upper,
        campaign=campaign,
        issuer=upper_org,
        collective=committee,
        content="Làm rõ trách nhiệm tập thể",
        issued_on=date(2026, 11, 20),
    )


def test_supervisors_are_committee_members(campaign: Campaign, alice: User) -> None:
    cell = PartyOrganization.objects.get(code="CB-VP")
    outsider = Member.objects.get(user__username="dangvien")
    with pytest.raises(ServiceError) as err:
        supervisor_assign(actor=alice, campaign=campaign, cell=cell, member=outsider)
    assert err.value.field == "member" and "không là cấp ủy viên" in err.value.message
    existing = campaign.supervisors.get(cell=cell)
    with pytest.raises(ServiceError, match="đã được phân công"):
        supervisor_assign(actor=alice, campaign=campaign, cell=cell, member=existing.member)
