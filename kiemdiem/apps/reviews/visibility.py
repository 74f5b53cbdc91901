"""Who may read a paper that is not final yet — one rule each, used by the pages, the API
and the document downloads alike.

- A collective report's draft is the committee's until it is circulated: those who run
  the cell (its committee, the office above) read it; the members read it once it is sent
  out for comments (000 §B.1: the draft is circulated before the meeting).
- A self-review is the member's own until submitted: the member reads it always; the
  cell's committee and those above only once it is submitted.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User

from kiemdiem.apps.accounts.permissions import can_run
from kiemdiem.apps.campaigns.models import SelfReview

from .models import CollectiveReport

Actor = User | AnonymousUser


def report_readable(user: Actor, report: CollectiveReport) -> bool:
    if can_run(user, report.organization):
        return True
    return report.status != CollectiveReport.Status.DRAFT


def self_review_readable(user: Actor, review: SelfReview) -> bool:
    member = getattr(user, "member", None)
    if member is not None and member.pk == review.member_id:
        return True
    return review.status == SelfReview.Status.SUBMITTED and can_run(
        user, review.member.organization
    )
