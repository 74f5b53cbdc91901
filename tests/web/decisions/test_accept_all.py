"""“Quyết định theo đề xuất” decides a province at once; it must decide exactly what
deciding each proposal in turn with `decided_set` would (the same refusals, the same
words), and audit every rating."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiemdiem.apps.audit.models import AuditEntry
from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.core.errors import ServiceError
from kiemdiem.apps.decisions.accepting import _Acceptance, decided_accept_proposals
from kiemdiem.apps.decisions.models import DecidedRating
from kiemdiem.apps.decisions.services import decided_set, proposals
from kiemdiem.apps.evaluation.scenario import subject_names
from kiemdiem.apps.members.models import Member
from kiemdiem.apps.members.records import discipline_record
from kiemdiem.apps.organizations.models import CollectiveMembership
from tests.web.flows import submit_cell, submit_other_cells


def _one_by_one(actor: User, campaign: Campaign) -> tuple[int, list[str]]:
    """The reference: each proposal through decided_set, in the same order."""
    done = set(
        DecidedRating.objects.filter(decision__campaign=campaign).values_list("subject", flat=True)
    )
    proposed = proposals(campaign)
    order = _Acceptance(campaign, proposed, set(done)).order
    todo = sorted(((k, v) for k, v in proposed.items() if k not in done), key=order)
    names = subject_names(k for k, _ in todo)
    count, left = 0, []
    for subject, rating in todo:
        if DecidedRating.objects.filter(decision__campaign=campaign, subject=subject).exists():
            continue
        try:
            decided_set(actor=actor, campaign=campaign, subject=subject, rating=rating)
            count += 1
        except ServiceError as exc:
            left.append(f"{names.get(subject, subject)}: {exc.message}")
    return count, left


def _decided(campaign: Campaign) -> dict[str, str]:
    return dict(
        DecidedRating.objects.filter(decision__campaign=campaign).values_list("subject", "rating")
    )


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    ballots=st.dictionaries(
        st.integers(min_value=1, max_value=6), st.sampled_from(["EXCELLENT", "COMPLETED"])
    ),
    excellent=st.integers(min_value=0, max_value=3),
    # Disciplined after the cells reported: ceilings fall below proposals, a collective's
    # with them, and its members wait for it (the refusals accepting all must keep).
    disciplined=st.lists(st.integers(min_value=0, max_value=60), max_size=4, unique=True),
)
def test_accepting_all_decides_what_deciding_each_in_turn_would(
    demo: object,
    alice: User,
    secretary_a: User,
    ballots: dict[int, str],
    excellent: int,
    disciplined: list[int],
) -> None:
    with transaction.atomic():
        submit_cell(secretary_a, ballots=ballots, quota_note="Chi bộ đề nghị theo phiếu")
        submit_other_cells(alice, excellent=excellent)
        campaign = Campaign.objects.get(organization__code="DBSNV", year=2026)
        people = list(
            Member.objects.filter(
                organization__path__startswith=campaign.organization.path
            ).order_by("party_card_number")
        )
        leaders = [m for m in people if CollectiveMembership.objects.filter(member=m).exists()]
        for n in disciplined:
            member = (leaders if n % 2 else people)[n % len(leaders if n % 2 else people)]
            if not member.disciplines.filter(decided_on=date(2026, 6, 2)).exists():
                discipline_record(
                    actor=alice, member=member, form="warning", decided_on=date(2026, 6, 2)
                )
        with transaction.atomic():
            expected = _one_by_one(alice, campaign), _decided(campaign)
            transaction.set_rollback(True)
        before = AuditEntry.objects.filter(action="decision.rate").count()
        got = decided_accept_proposals(actor=alice, campaign=campaign), _decided(campaign)
        assert got == expected
        audited = AuditEntry.objects.filter(action="decision.rate").count() - before
        assert audited == len(got[1]) and got[0][0] > 0
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_accepting_all_twice_decides_nothing_more(
    demo: object, alice: User, secretary_a: User
) -> None:
    submit_cell(secretary_a)
    submit_other_cells(alice)
    campaign = Campaign.objects.get(organization__code="DBSNV", year=2026)
    count, _ = decided_accept_proposals(actor=alice, campaign=campaign)
    assert count > 0
    assert decided_accept_proposals(actor=alice, campaign=campaign) == (0, [])
