"""Steps several tests share: a cell taken from its circulated draft to its submission."""

from __future__ import annotations

from datetime import time

from django.contrib.auth.models import User
from django.utils import timezone

from kiemdiem.apps.members.models import Member
from kiemdiem.apps.reviews import meetings, reports
from kiemdiem.apps.reviews.models import AgendaItem, CollectiveReport, Meeting
from kiemdiem.rules.calendar import shift


def hold_cell(secretary: User) -> Meeting:
    """Chi bộ Thanh tra Sở (demo): the report circulated and the meeting held with
    everyone present, ready for tallies (once: a meeting already held is returned)."""
    meeting = Meeting.objects.get(campaign__year=2026, organization__code="CB-TT")
    if meeting.held_on:
        return meeting
    report = CollectiveReport.objects.get(campaign__year=2026, organization__code="CB-TT")
    reports.report_circulate(
        actor=secretary, report=report, on=shift(timezone.localdate(), -5, working=True)
    )
    people = list(Member.objects.filter(organization__code="CB-TT").order_by("party_card_number"))
    today = timezone.localdate()
    # The cell's secretary chairs, its deputy chairs the secretary's own review (000
    # §A.4.2), another member takes the minutes.
    head = meetings._head(meeting.organization, today)
    deputy = Member.objects.get(pk=meetings.deputies(meeting, today)[0])
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


def tally(secretary: User, item: AgendaItem, level: str) -> None:
    """Six of six ballots at `level`."""
    meetings.tally_record(
        actor=secretary, item=item, eligible=6, present=6, issued=6, valid=6, counts={level: 6}
    )


def submit_cell(
    secretary: User, *, ballots: dict[int, str] | None = None, quota_note: str = ""
) -> Meeting:
    """Chi bộ Thanh tra Sở (demo): circulate, meet with everyone, tally everyone
    (`ballots`: agenda order → level, GOOD otherwise; an item tallied already keeps its
    count), submit."""
    meeting = hold_cell(secretary)
    for item in meeting.items.filter(kind="member", tally__isnull=True).order_by("order"):
        tally(secretary, item, (ballots or {}).get(item.order, "GOOD"))
    return meetings.meeting_submit(actor=secretary, meeting=meeting, quota_note=quota_note)


def submit_other_cells(office: User, *, excellent: int = 0, others: str = "GOOD") -> list[Meeting]:
    """Every other cell of the 2026 demo campaign holds its meeting and reports: the first
    `excellent` on each agenda voted HTXSNV, the rest `others`, the cell at its self-rating,
    each lowered to what the data allows (the office runs each; it may)."""
    from kiemdiem.apps.campaigns.board import CELL_KINDS
    from kiemdiem.apps.campaigns.models import Campaign
    from kiemdiem.apps.demo.completed import cell_run
    from kiemdiem.apps.organizations.models import PartyOrganization

    campaign = Campaign.objects.get(year=2026, organization__code="DBSNV")
    return [
        cell_run(
            office=office,
            campaign=campaign,
            cell=cell,
            held_on=timezone.localdate(),
            votes=lambda n, full: {"EXCELLENT" if n < excellent else others: full},
        )
        for cell in PartyOrganization.objects.filter(
            path__startswith=campaign.organization.path, kind__in=CELL_KINDS
        ).exclude(code="CB-TT")
    ]


def decide_and_issue(office: User, *, number: str = "15-QĐ/ĐU", **changes: str) -> object:
    """The committee decides every proposal as proposed (or `changes`, with a reason) in
    the order the rules set — collectives, then organizations, then members — and issues
    the decision today."""
    from kiemdiem.apps.campaigns.models import Campaign
    from kiemdiem.apps.decisions.services import (
        decided_set,
        decision_issue,
        decision_result,
        proposals,
    )

    campaign = Campaign.objects.get(year=2026, organization__code="DBSNV")
    rank = {"collective": 0, "organization": 1}
    for subject, rating in sorted(
        proposals(campaign).items(), key=lambda kv: (rank.get(kv[0].split("/")[0], 2), kv[0])
    ):
        decided_set(
            actor=office,
            campaign=campaign,
            subject=subject,
            rating=changes.get(subject, rating),
            reason="Theo tỷ lệ của đảng bộ" if subject in changes else "",
        )
    # The committee chooses who stays within each quota: the last named step down.
    for check in decision_result(campaign).checks:
        if check.code != "quota_exceeded" or not check.subjects:
            continue
        excess = (check.actual or 0) - (check.allowed or 0)
        # A leader is rated as the member they are ("M3@K4" → member/M3).
        named = sorted(
            {
                f"member/{r.split('@')[0]}" if "@" in r else f"{check.subject_type}/{r}"
                for r in check.subjects
            }
        )
        for subject in named[-excess:]:
            decided_set(
                actor=office,
                campaign=campaign,
                subject=subject,
                rating="GOOD",
                reason="Vượt tỷ lệ của đảng bộ",
            )
    return decision_issue(
        actor=office, campaign=campaign, number=number, issued_on=timezone.localdate()
    )


def excuse_other_cells(office: User, reason: str = "Chi bộ họp bổ sung sau thời hạn") -> int:
    """The office records why each cell that has not reported is left out of the decision
    (what it must do to issue without them)."""
    from kiemdiem.apps.campaigns.models import Campaign
    from kiemdiem.apps.decisions.services import cells_not_reported, missing_report_record

    campaign = Campaign.objects.get(year=2026, organization__code="DBSNV")
    cells = cells_not_reported(campaign)
    for cell in cells:
        missing_report_record(actor=office, campaign=campaign, cell=cell, reason=reason)
    return len(cells)
