"""Properties of the cell's services over many sequences of input (Hypothesis): whatever
the ballots and proposals, a submitted result never rates anyone above the ceiling the
rules allow, and a quota breach is never submitted without the cell's reason."""

from __future__ import annotations

from datetime import time

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from kiemdiem.apps.core.errors import ServiceError
from kiemdiem.apps.members.models import Member
from kiemdiem.apps.reviews import meetings, reports
from kiemdiem.apps.reviews.models import CollectiveReport, Meeting
from kiemdiem.rules.calendar import shift
from kiemdiem.rules.ratings import RANK

LEVELS = ["", "EXCELLENT", "GOOD", "COMPLETED", "NOT_COMPLETED"]
BALLOT = ["EXCELLENT", "GOOD", "COMPLETED", "NOT_COMPLETED"]


@pytest.fixture
def held(demo: object, secretary_a: User) -> Meeting:
    meeting = Meeting.objects.get(campaign__year=2026, organization__code="CB-TT")
    report = CollectiveReport.objects.get(campaign__year=2026, organization__code="CB-TT")
    reports.report_circulate(
        actor=secretary_a, report=report, on=shift(timezone.localdate(), -5, working=True)
    )
    people = list(Member.objects.filter(organization__code="CB-TT").order_by("party_card_number"))
    return meetings.meeting_record(
        actor=secretary_a,
        meeting=meeting,
        data=meetings.MinutesInput(
            held_on=timezone.localdate(),
            started_at=time(7, 30),
            ended_at=time(16, 30),
            chair=people[0],
            head_chair=people[1],
            secretary=people[2],
            attendees=people,
        ),
    )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    ballots=st.lists(st.sampled_from(BALLOT), min_size=6, max_size=6),
    proposals=st.lists(st.sampled_from(LEVELS), min_size=6, max_size=6),
    note=st.sampled_from(["", "Đồng chí được tặng Bằng khen"]),
)
def test_a_submission_never_breaks_a_ceiling_or_a_quota_silently(
    held: Meeting, secretary_a: User, ballots: list[str], proposals: list[str], note: str
) -> None:
    with transaction.atomic():
        items = list(held.items.filter(kind="member").order_by("order"))
        for item, ballot, proposal in zip(items, ballots, proposals, strict=True):
            meetings.tally_record(
                actor=secretary_a,
                item=item,
                eligible=6,
                present=6,
                issued=6,
                valid=6,
                counts={ballot: 6},
            )
            meetings.proposal_set(actor=secretary_a, item=item, proposed_rating=proposal)
        try:
            submitted = meetings.meeting_submit(actor=secretary_a, meeting=held, quota_note=note)
        except ServiceError:
            event("refused")
            assert Meeting.objects.get(pk=held.pk).status == Meeting.Status.HELD
        else:
            event("submitted")
            result = submitted.submitted_result
            assert result is not None
            for subject in result["subjects"]:
                if subject["rating"] and subject["ceiling"]:
                    assert RANK[subject["rating"]] <= RANK[subject["ceiling"]]
            over = [c for c in result["checks"] if c["code"] == "quota_exceeded"]
            assert not over or note
        transaction.set_rollback(True)  # the next example starts from the held meeting
