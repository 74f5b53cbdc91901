"""Steps several tests share: a cell taken from its circulated draft to its submission."""

from __future__ import annotations

from datetime import time

from django.contrib.auth.models import User
from django.utils import timezone

from kiemdiem.apps.cells import meetings, reports
from kiemdiem.apps.cells.models import CollectiveReport, Meeting
from kiemdiem.apps.members.models import Member
from kiemdiem.rules.calendar import shift


def submit_cell(
    secretary: User, *, ballots: dict[int, str] | None = None, quota_note: str = ""
) -> Meeting:
    """Chi bộ Thanh tra Sở (demo): circulate, meet with everyone, tally everyone
    (`ballots`: agenda order → level, GOOD otherwise), submit."""
    meeting = Meeting.objects.get(campaign__year=2026, organization__code="CB-TT")
    report = CollectiveReport.objects.get(campaign__year=2026, organization__code="CB-TT")
    reports.report_circulate(
        actor=secretary, report=report, on=shift(timezone.localdate(), -5, working=True)
    )
    people = list(Member.objects.filter(organization__code="CB-TT").order_by("party_card_number"))
    meetings.meeting_record(
        actor=secretary,
        meeting=meeting,
        data=meetings.MinutesInput(
            held_on=timezone.localdate(),
            started_at=time(7, 30),
            ended_at=time(16, 30),
            chair=people[0],
            head_chair=people[1],
            attendees=people,
        ),
    )
    for item in meeting.items.filter(kind="member").order_by("order"):
        level = (ballots or {}).get(item.order, "GOOD")
        meetings.tally_record(
            actor=secretary,
            item=item,
            eligible=6,
            present=6,
            issued=6,
            valid=6,
            counts={level: 6},
        )
    return meetings.meeting_submit(actor=secretary, meeting=meeting, quota_note=quota_note)
