"""The suite runs on both databases (make test): this says which one it is on, and that
the invariants the database keeps hold on it."""

from __future__ import annotations

import os

import pytest
from django.db import IntegrityError, connection, transaction

from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.organizations.models import PartyOrganization
from kiemdiem.apps.reviews.models import AgendaItem, Meeting, TallyRecord


def test_the_suite_runs_on_the_database_it_was_asked_for(db: None) -> None:
    expected = "postgresql" if os.environ.get("KIEMDIEM_DATABASE_URL") else "sqlite"
    assert connection.vendor == expected


def test_the_database_refuses_more_ballots_than_voters(demo: PartyOrganization) -> None:
    meeting = Meeting.objects.get(campaign__year=2026, organization__code="CB-TT")
    item = AgendaItem.objects.filter(meeting=meeting, kind="member").first()
    assert item is not None
    with pytest.raises(IntegrityError), transaction.atomic():
        TallyRecord.objects.create(
            item=item, eligible=5, present=5, issued=6, valid=6, counts={"GOOD": 6}
        )


def test_one_meeting_per_cell_and_campaign(demo: PartyOrganization) -> None:
    campaign = Campaign.objects.get(year=2026)
    cell = PartyOrganization.objects.get(code="CB-TT")
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(campaign=campaign, organization=cell)
