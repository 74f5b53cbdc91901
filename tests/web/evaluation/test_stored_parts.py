"""A change inside one grassroots unit is first reflected by evaluating that unit alone
(evaluation/stored.py: changed_units, results_refresh_part); the whole campaign is
recomputed after. Over an upper committee with two units (the demo's đảng bộ and a chi bộ
cơ sở beside it): every row the unit's evaluation writes equals what a fresh evaluation
of the whole campaign gives, after any sequence of changes (Hypothesis)."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule, run_state_machine_as_test

from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.campaigns.services import campaign_create
from kiemdiem.apps.core.errors import ServiceError
from kiemdiem.apps.evaluation.models import StoredResult
from kiemdiem.apps.evaluation.scenario import RECORDED
from kiemdiem.apps.evaluation.stored import (
    changed_units,
    results_refresh_part,
    stored_result,
    variant_of,
)
from kiemdiem.apps.evaluation.subjects import ROLL
from kiemdiem.apps.evaluation.tasks import results_compute
from kiemdiem.apps.members.models import Member
from kiemdiem.apps.members.records import discipline_record
from kiemdiem.apps.members.services import member_create, member_transfer
from kiemdiem.apps.organizations.models import PartyOrganization
from kiemdiem.apps.organizations.services import collective_create, organization_create

VARIANTS = (RECORDED, ROLL)


@pytest.fixture
def upper_campaign(demo: PartyOrganization, superuser: User) -> Campaign:
    """The upper committee above the demo's đảng bộ, with a chi bộ cơ sở of four beside it,
    and a campaign over both."""
    above = PartyOrganization.objects.get(code="DBK")
    unit = organization_create(
        actor=superuser,
        parent=above,
        code="CBCS-X",
        name="Chi bộ cơ sở Trường Chính trị tỉnh",
        kind="grassroots_cell",
    )
    for n, name in enumerate(["Lê Văn An", "Trần Thị Bình", "Phạm Văn Cường", "Vũ Thị Dung"]):
        member_create(
            actor=superuser,
            organization=unit,
            full_name=name,
            admitted_on=date(2010 + n, 3, 19),
            full_member_on=date(2011 + n, 3, 19),
        )
    below = Campaign.objects.get(organization=demo, year=2026)
    return campaign_create(
        actor=superuser,
        organization=above,
        year=2026,
        ruleset=below.ruleset,
        meeting_on=below.meeting_on,
    )


def _unit_of(member: Member) -> str:
    return "CBCS-X" if member.organization.code == "CBCS-X" else "DBSNV"


def _assert_parts_equal_fresh(campaign: Campaign, expected: set[str]) -> None:
    """Each variant: the changed units are the expected ones, and every subject the units'
    evaluation gives is stored as the whole campaign's fresh evaluation has it."""
    for variant in VARIANTS:
        spec = variant_of(variant)
        row = StoredResult.objects.get(campaign=campaign, variant=variant)
        units = changed_units(row, spec, campaign)
        assert {u.code for u in units} <= expected
        for unit in units:
            results_refresh_part(campaign=campaign, variant=variant, unit=unit)
        whole = spec.compute(campaign)
        stored = stored_result(campaign, variant)  # out of date still: read as stored
        assert stored.pending or not units
        for unit in units:
            keys = [str(s.key) for s in spec.compute(campaign, within=unit).subjects]
            assert keys
            fresh = {str(s.key): s for s in whole.subjects}
            for got in stored.subjects(keys):
                assert got.to_json() == fresh[str(got.key)].to_json(), got.key


class PartEqualsFresh(RuleBasedStateMachine):
    actor: User

    def __init__(self) -> None:
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.campaign = Campaign.objects.get(organization__code="DBK", year=2026)
        self.people = list(Member.objects.select_related("organization").order_by("pk"))
        self.cells = list(
            PartyOrganization.objects.filter(kind__in=("cell", "grassroots_cell")).order_by("code")
        )
        self.changed: set[str] = set()
        for variant in VARIANTS:
            stored_result(self.campaign, variant, fresh=True)

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    @rule(n=st.integers(0, 500), form=st.sampled_from(["reprimand", "warning"]))
    def discipline(self, n: int, form: str) -> None:
        member = Member.objects.select_related("organization").get(
            pk=self.people[n % len(self.people)].pk
        )
        discipline_record(actor=self.actor, member=member, form=form, decided_on=date(2026, 3, 2))
        self.changed.add(_unit_of(member))

    @rule(n=st.integers(0, 500))
    def transfer(self, n: int) -> None:
        member = Member.objects.select_related("organization").get(
            pk=self.people[n % len(self.people)].pk
        )
        target = self.cells[n % len(self.cells)]
        if target.pk != member.organization_id:
            try:
                with transaction.atomic():
                    member_transfer(
                        actor=self.actor, member=member, to_organization=target, on=date(2026, 6, 1)
                    )
            except ServiceError:
                return  # moved on that day already: refused, nothing written
            self.changed.add("CBCS-X" if target.code == "CBCS-X" else "DBSNV")

    @rule()
    def reflect(self) -> None:
        _assert_parts_equal_fresh(self.campaign, self.changed)

    @rule()
    def recompute(self) -> None:
        for variant in VARIANTS:
            stored = stored_result(self.campaign, variant, fresh=True)
            assert stored.result().to_json() == variant_of(variant).compute(self.campaign).to_json()
        self.changed = set()


def test_a_units_evaluation_writes_what_the_whole_campaigns_gives(
    upper_campaign: Campaign, superuser: User, worker: None
) -> None:
    PartEqualsFresh.actor = superuser
    run_state_machine_as_test(
        PartEqualsFresh,
        settings=settings(
            max_examples=10,
            stateful_step_count=8,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )


def _warn_in_the_unit(campaign: Campaign, actor: User) -> tuple[Member, StoredResult]:
    """The stored result current, then a warning for the first member of the chi bộ cơ sở
    beside the đảng bộ: (that member, the stored row now out of date)."""
    stored_result(campaign, RECORDED, fresh=True)
    member = Member.objects.filter(organization__code="CBCS-X").order_by("pk").first()
    assert member is not None
    discipline_record(actor=actor, member=member, form="warning", decided_on=date(2026, 3, 2))
    return member, StoredResult.objects.get(campaign=campaign, variant=RECORDED)


def test_a_change_in_one_unit_is_recomputed_there_first_then_everywhere(
    upper_campaign: Campaign, superuser: User, worker: None
) -> None:
    """The job evaluates the changed unit, then the whole campaign: the unit's member has
    the new ceiling after the first step, the upper committee's counts after the second."""
    member, row = _warn_in_the_unit(upper_campaign, superuser)
    units = changed_units(row, variant_of(RECORDED), upper_campaign)
    assert [u.code for u in units] == ["CBCS-X"]
    key = f"member/M{member.pk}"
    before = stored_result(upper_campaign, RECORDED).subject(key)
    assert results_refresh_part(campaign=upper_campaign, variant=RECORDED, unit=units[0]) >= 1
    after = stored_result(upper_campaign, RECORDED)
    assert after.pending  # the rest waits for the whole campaign
    assert before is not None and after.subject(key).to_json() != before.to_json()
    fresh = variant_of(RECORDED).compute(upper_campaign)
    assert after.subject(key).to_json() == fresh.subject("member", f"M{member.pk}").to_json()

    results_compute.call(upper_campaign.pk, RECORDED)
    done = stored_result(upper_campaign, RECORDED)
    assert not done.pending
    assert done.result().to_json() == fresh.to_json()


def test_a_change_above_the_units_is_left_to_the_whole_recomputation(
    upper_campaign: Campaign, superuser: User, worker: None
) -> None:
    """The upper committee's own collective: no unit holds it."""
    _, row = _warn_in_the_unit(upper_campaign, superuser)
    assert [u.code for u in changed_units(row, variant_of(RECORDED), upper_campaign)] == ["CBCS-X"]
    collective_create(
        actor=superuser,
        organization=upper_campaign.organization,
        kind="party_committee",
        name="Ban Thường vụ Đảng ủy Khối",
    )
    assert changed_units(row, variant_of(RECORDED), upper_campaign) == []
