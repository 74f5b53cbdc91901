"""Properties of the decision services over random sequences of actions (Hypothesis):
whatever the committee does — decide, issue, cancel and re-rate, in any order, with or
without reasons — no issued decision is over a quota, no decided rating is above its
ceiling, and each subject's history has no gap: every change of a decided rating is an
audit row whose "before" is the previous row's "after", ending at what the database holds.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from kiemdiem.apps.audit.models import AuditEntry
from kiemdiem.apps.core.errors import ServiceError
from kiemdiem.apps.decisions.models import ClassificationDecision, DecidedRating, Rerating
from kiemdiem.apps.decisions.rerating import rerating_cancel, rerating_issue
from kiemdiem.apps.decisions.services import (
    decided_set,
    decision_issue,
    decision_result,
    proposals,
)
from kiemdiem.apps.ledger.services import ledger_verify
from kiemdiem.apps.reviews.models import Meeting
from kiemdiem.rules.ratings import RANK
from tests.web.flows import excuse_other_cells, submit_cell

RATINGS = ["EXCELLENT", "GOOD", "COMPLETED", "NOT_COMPLETED"]

action = st.one_of(
    st.tuples(
        st.just("decide"),
        st.integers(0, 40),
        st.sampled_from(RATINGS),
        st.booleans(),
    ),
    st.tuples(st.just("issue"), st.just(0), st.just(""), st.just(False)),
    st.tuples(st.just("cancel"), st.integers(0, 40), st.just(""), st.booleans()),
    st.tuples(st.just("rerate"), st.integers(0, 40), st.sampled_from(RATINGS), st.just(False)),
)


class Rollback(Exception):
    pass


@pytest.fixture
def submitted(demo: object, secretary_a: User, alice: User) -> Meeting:
    # Three HTXSNV ballots in one cell: over the đảng bộ's quota unless the committee acts;
    # the other cells are left out with their reason.
    meeting = submit_cell(
        secretary_a, ballots={3: "EXCELLENT", 4: "EXCELLENT", 5: "EXCELLENT"}, quota_note="x"
    )
    excuse_other_cells(alice)
    return meeting


def _run(campaign: Any, alice: User, steps: list[tuple[str, int, str, bool]]) -> list[str]:
    keys = sorted(proposals(campaign))
    done = []
    for kind, n, rating, flag in steps:
        subject = keys[n % len(keys)]
        try:
            if kind == "decide":
                decided_set(
                    actor=alice,
                    campaign=campaign,
                    subject=subject,
                    rating=rating,
                    reason="Cấp ủy cân nhắc" if flag else "",
                )
            elif kind == "issue":
                decision_issue(
                    actor=alice,
                    campaign=campaign,
                    number="15-QĐ/ĐU",
                    issued_on=timezone.localdate(),
                )
            elif kind == "cancel":
                rerating_cancel(
                    actor=alice,
                    campaign=campaign,
                    subject=subject,
                    cause="violation",
                    reason="Phát hiện sau" if flag else "",
                )
            else:
                open_ = Rerating.objects.filter(
                    decision__campaign=campaign, status=Rerating.Status.CANCELLED
                ).first()
                if open_ is None:
                    continue
                rerating_issue(
                    actor=alice,
                    rerating=open_,
                    rating=rating,
                    number="30-QĐ/ĐU",
                    issued_on=timezone.localdate(),
                )
            done.append(kind)
        except ServiceError:
            done.append(f"{kind}:refused")
    return done


def _invariants(campaign: Any) -> None:
    decision = ClassificationDecision.objects.filter(campaign=campaign).first()
    result = decision_result(campaign)
    if decision is not None and decision.status == ClassificationDecision.Status.ISSUED:
        assert not [c for c in result.checks if c.code == "quota_exceeded"]
    # Ceilings are computed from today's data, which the sequence never changes.
    ceilings = {f"{s.type}/{s.id}": s.ceiling for s in result.subjects}
    for row in DecidedRating.objects.filter(decision__campaign=campaign):
        ceiling = ceilings.get(row.subject)
        assert ceiling is None or RANK[row.rating] <= RANK[ceiling], row.subject
        # The history has no gap: each change starts where the last one ended.
        changes = AuditEntry.objects.filter(
            object_type="decisions.decidedrating", object_id=str(row.pk)
        ).order_by("at", "id")
        previous = None
        for entry in changes:
            assert entry.subject == row.subject
            assert (entry.before or {}).get("rating") == (previous or {}).get("rating")
            previous = entry.after
        assert previous is not None and previous["rating"] == row.rating
    assert ledger_verify().ok


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(action, min_size=1, max_size=25))
def test_no_sequence_of_actions_breaks_quota_ceiling_or_history(
    submitted: Meeting, alice: User, steps: list[tuple[str, int, str, bool]]
) -> None:
    campaign = submitted.campaign
    try:
        with transaction.atomic():
            done = _run(campaign, alice, steps)
            _invariants(campaign)
            issued = ClassificationDecision.objects.filter(
                campaign=campaign, status=ClassificationDecision.Status.ISSUED
            ).exists()
            event("issued" if issued else "not issued")
            event(f"{sum(1 for d in done if d.endswith('refused'))} refused")
            raise Rollback
    except Rollback:
        pass


def test_the_whole_way_through_holds_the_same_invariants(submitted: Meeting, alice: User) -> None:
    """A sequence that surely reaches an issue and a re-rating (random ones rarely do)."""
    campaign = submitted.campaign
    keys = sorted(proposals(campaign))
    steps: list[tuple[str, int, str, bool]] = [
        ("decide", i, proposals(campaign)[k], False) for i, k in enumerate(keys)
    ]
    over = [k for k in keys if proposals(campaign)[k] == "EXCELLENT"]
    steps += [("decide", keys.index(k), "GOOD", True) for k in over]
    steps += [("issue", 0, "", False), ("cancel", 0, "", True), ("rerate", 0, "COMPLETED", False)]
    done = _run(campaign, alice, steps)
    assert "issue" in done and "cancel" in done and "rerate" in done, done
    _invariants(campaign)
