"""Results computed once and kept (evaluation/stored.py): a page reads the stored result;
a write makes it out of date; the job brings it back to exactly what a fresh evaluation
gives — after any sequence of changes (Hypothesis)."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.decisions.services import decided_set, decision_result
from kiemdiem.apps.evaluation.models import StoredResult
from kiemdiem.apps.evaluation.scenario import DECIDED, RECORDED, campaign_result, recorded_result
from kiemdiem.apps.evaluation.stored import out_of_date, stored_result, variant_of
from kiemdiem.apps.members.models import Member
from kiemdiem.apps.members.records import discipline_record
from kiemdiem.apps.members.services import member_transfer
from kiemdiem.apps.organizations.models import PartyOrganization
from kiemdiem.apps.organizations.services import organization_create
from kiemdiem.apps.reviews import meetings
from kiemdiem.apps.reviews.models import AgendaItem, Meeting
from tests.web.flows import submit_cell, submit_other_cells


@pytest.fixture
def campaign(demo: PartyOrganization) -> Campaign:
    return Campaign.objects.get(organization=demo, year=2026)


@pytest.fixture
def worker(settings: object) -> None:
    settings.JOBS_INLINE = False  # type: ignore[attr-defined]


def test_a_page_gets_the_stored_result_until_a_write_makes_it_out_of_date(
    campaign: Campaign, alice: User, worker: None
) -> None:
    first = recorded_result(campaign)  # none yet: computed now
    assert not first.pending and first.rows.count() == len(campaign_result(campaign).subjects)
    again = recorded_result(campaign)
    assert again.row.pk == first.row.pk and not again.pending
    assert not DBTaskResult.objects.exists()

    member = Member.objects.filter(organization__code="CB-TT").order_by("pk").first()
    assert member is not None
    discipline_record(actor=alice, member=member, form="reprimand", decided_on=date(2026, 5, 4))
    stale = recorded_result(campaign)
    # The page is answered from the stored result, and one recomputation is queued.
    assert stale.pending and stale.row.requested_at is not None
    recorded_result(campaign)
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    key = f"member/M{member.pk}"
    assert (
        stale.subject(key).ceiling
        != campaign_result(campaign).subject("member", f"M{member.pk}").ceiling
    )

    # A write that relies on the ceiling asks for today's result: computed at once.
    fresh = recorded_result(campaign, fresh=True)
    assert not fresh.pending and fresh.row.requested_at is None
    assert fresh.result().to_json() == campaign_result(campaign).to_json()


def test_a_decision_changes_the_decided_result_not_the_recorded_one(
    campaign: Campaign, alice: User, secretary_a: User, worker: None
) -> None:
    submit_cell(secretary_a)
    submit_other_cells(alice)
    recorded = recorded_result(campaign, fresh=True).row
    decided = stored_result(campaign, DECIDED, fresh=True).row
    subject = next(s for s in decided_rows(campaign) if s.startswith("organization/"))
    decided_set(actor=alice, campaign=campaign, subject=subject, rating="GOOD")
    assert not out_of_date(recorded, variant_of(RECORDED), campaign)
    assert out_of_date(decided, variant_of(DECIDED), campaign)
    again = stored_result(campaign, DECIDED, fresh=True)
    assert again.result().to_json() == decision_result(campaign).to_json()


def decided_rows(campaign: Campaign) -> list[str]:
    row = StoredResult.objects.get(campaign=campaign, variant=DECIDED)
    return list(row.rows.filter(status="rated").order_by("key").values_list("key", flat=True))


def test_a_write_outside_the_campaigns_tree_leaves_its_result_alone(
    campaign: Campaign, superuser: User, worker: None
) -> None:
    """A write outside the campaign's subtree leaves it alone."""
    row = recorded_result(campaign).row
    organization_create(
        actor=superuser,
        parent=None,
        code="DB-KHAC",
        name="Đảng bộ khác",
        kind="grassroots_committee",
    )
    assert not out_of_date(row, variant_of(RECORDED), campaign)
    cell = organization_create(
        actor=superuser, code="CB-MOI", name="Chi bộ mới", kind="cell", parent=campaign.organization
    )
    assert cell.path.startswith(campaign.organization.path)
    assert out_of_date(row, variant_of(RECORDED), campaign)


# --- after any sequence of changes, the stored result is a fresh evaluation -----------

CHANGES = st.lists(
    st.tuples(
        st.sampled_from(["tally", "discipline", "transfer", "refresh"]),
        st.integers(min_value=0, max_value=50),
        st.sampled_from(["EXCELLENT", "GOOD", "COMPLETED", "NOT_COMPLETED"]),
    ),
    min_size=1,
    max_size=6,
)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(changes=CHANGES)
def test_the_stored_result_equals_a_fresh_evaluation_after_any_changes(
    campaign: Campaign, alice: User, secretary_a: User, worker: None, changes: list
) -> None:
    with transaction.atomic():
        meeting = _held(secretary_a)
        items = list(meeting.items.filter(kind=AgendaItem.Kind.MEMBER).order_by("order"))
        cells = list(PartyOrganization.objects.filter(kind="cell").order_by("code"))
        people = list(Member.objects.filter(organization__path__startswith="").order_by("pk"))
        recorded_result(campaign, fresh=True)
        for action, n, level in changes:
            if action == "tally":
                item = items[n % len(items)]
                meetings.tally_record(
                    actor=secretary_a,
                    item=item,
                    eligible=6,
                    present=6,
                    issued=6,
                    valid=6,
                    counts={level: 6},
                )
            elif action == "discipline":
                member = people[n % len(people)]
                discipline_record(
                    actor=alice, member=member, form="reprimand", decided_on=date(2026, 3, 2)
                )
            elif action == "transfer":
                member = people[n % len(people)]
                member.refresh_from_db()
                target = cells[n % len(cells)]
                if target.pk != member.organization_id:
                    member_transfer(
                        actor=alice, member=member, to_organization=target, on=date(2026, 6, 1)
                    )
            else:
                recorded_result(campaign, fresh=True)
        stored = recorded_result(campaign, fresh=True)
        assert stored.result().to_json() == campaign_result(campaign).to_json()
        transaction.set_rollback(True)


def _held(secretary: User) -> Meeting:
    """The demo cell's meeting held, ready for tallies."""
    meeting = Meeting.objects.get(campaign__year=2026, organization__code="CB-TT")
    if meeting.held_on:
        return meeting
    people = list(Member.objects.filter(organization__code="CB-TT").order_by("party_card_number"))
    today = timezone.localdate()
    head = meetings._head(meeting.organization, today)
    deputy = Member.objects.get(pk=meetings.deputies(meeting, today)[0])
    from kiemdiem.apps.reviews import reports
    from kiemdiem.apps.reviews.models import CollectiveReport
    from kiemdiem.rules.calendar import shift

    report = CollectiveReport.objects.get(campaign__year=2026, organization__code="CB-TT")
    reports.report_circulate(actor=secretary, report=report, on=shift(today, -5, working=True))
    return meetings.meeting_record(
        actor=secretary,
        meeting=meeting,
        data=meetings.MinutesInput(
            held_on=today,
            started_at=time(7, 30),
            ended_at=time(16, 30),
            chair=head,
            head_chair=deputy,
            secretary=next(p for p in people if p not in (head, deputy)),
            attendees=people,
        ),
    )


def test_the_rolls_listing_reads_any_slice_as_the_whole_list_has_it(campaign: Campaign) -> None:
    """The API's pages of the roll are built from the database per slice: every slice,
    across the collectives–members boundary, equals the same part of the whole list."""
    from kiemdiem.apps.evaluation.subjects import campaign_listing, campaign_subjects

    collectives, members = campaign_subjects(campaign=campaign)
    whole = [(r.kind, r.name, r.where, r.places, r.status) for r in [*collectives, *members]]
    listing = campaign_listing(campaign=campaign)
    assert len(listing) == len(whole) > len(collectives) > 0
    for start in (0, len(collectives) - 1, len(collectives), len(whole) - 3):
        part = listing[start : start + 5]
        assert [(r.kind, r.name, r.where, r.places, r.status) for r in part] == whole[
            start : start + 5
        ]
