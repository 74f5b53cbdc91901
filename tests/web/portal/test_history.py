"""A subject's history per campaign: each change with its year and campaign, a filter by
year, and the demo's 2020 events dated in 2020 (when they happened)."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from kiemdiem.apps.audit.models import AuditEntry
from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.decisions.models import Rerating
from kiemdiem.apps.ledger.services import ledger_verify

pytestmark = pytest.mark.django_db


def test_the_2020_campaign_is_recorded_in_2020_and_the_history_filters_by_year(
    demo: object, alice: User, client: Client
) -> None:
    call_command("demo_complete", stdout=io.StringIO())
    old = Campaign.objects.get(year=2020, organization__code="DBSNV")
    entries = AuditEntry.objects.filter(campaign=old)
    assert entries.count() > 100
    # Every write of the 2020 campaign is dated from its meeting to its re-rating.
    assert {e.at.year for e in entries} == {2020}
    assert ledger_verify().ok  # replayed times hash as they are stored
    rr = Rerating.objects.get(decision__campaign=old)
    subject = rr.subject
    # This year's records of the same member sit in 2026.
    client.force_login(alice)
    page = client.get(f"/lich-su/{subject}/").content.decode()
    assert "Năm" in page and old.title in page and 'href="?nam=2020"' in page
    only = client.get(f"/lich-su/{subject}/?nam=2020").content.decode()
    assert "Xếp loại lại" in only and "/2020" in only and "/2026 " not in only
    # The API gives the same, by year.
    from tests.web.api.test_api import Api

    rows = Api(alice)("get", f"/api/history?subject={subject}&year=2020").json()
    assert rows and all(r["year"] == 2020 for r in rows)
    assert {r["campaign_id"] for r in rows} <= {old.pk, None}


def test_a_member_s_writes_this_year_belong_to_this_year_s_campaign(
    demo: object, member_a: User
) -> None:
    from kiemdiem.apps.members.models import Member

    member = Member.objects.get(user=member_a)
    current = Campaign.objects.get(year=2026, organization__code="DBSNV")
    writes = AuditEntry.objects.filter(subject=f"member/M{member.pk}", campaign=current)
    assert writes.filter(action="residence_comment.set").count() == 0  # a record of the year
    reviews = AuditEntry.objects.filter(action="self_review.submit", campaign=current)
    assert (
        reviews.exists()
        and not AuditEntry.objects.filter(
            action="self_review.submit", campaign__isnull=True
        ).exists()
    )
