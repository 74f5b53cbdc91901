"""Reads about a campaign's decision that pages, services and the API share."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User

from kiemdiem.apps.accounts.permissions import can_manage
from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.core.errors import ServiceError

from .models import ClassificationDecision


def issued_decision(campaign: Campaign) -> ClassificationDecision | None:
    return ClassificationDecision.objects.filter(
        campaign=campaign, status=ClassificationDecision.Status.ISSUED
    ).first()


def issued_decision_or_refuse(campaign: Campaign) -> ClassificationDecision:
    """For services that act on the issued decision (complaints, re-rating)."""
    decision = issued_decision(campaign)
    if decision is None:
        raise ServiceError("__all__", "Chưa ban hành quyết định xếp loại")
    return decision


def may_see_results(user: User | AnonymousUser, campaign: Campaign) -> bool:
    """Results are published to the organization's members and those who manage it."""
    member = getattr(user, "member", None)
    inside = member is not None and member.organization.path.startswith(campaign.organization.path)
    return inside or can_manage(user, campaign.organization)


def proposal_page(campaign: Campaign, *, offset: int, limit: int) -> tuple[int, dict[str, str]]:
    """(how many subjects are proposed, a page of `proposals(campaign)` by subject key):
    the same pairs, read a page at a time in the database (a province has 200,000)."""
    from kiemdiem.apps.appraisals.models import Appraisal
    from kiemdiem.apps.reviews.models import SubmittedProposal

    submitted = SubmittedProposal.objects.filter(
        campaign=campaign, meeting__collective__isnull=True
    ).exclude(rating="")
    other = Appraisal.objects.filter(campaign=campaign, verdict=Appraisal.Verdict.OTHER)
    keys_all = submitted.values_list("subject", flat=True).union(
        other.values_list("subject", flat=True)
    )
    count = keys_all.count()
    keys = list(keys_all.order_by("subject")[offset : offset + limit])
    page: dict[str, str] = dict(
        submitted.filter(subject__in=keys).order_by("pk").values_list("subject", "rating")
    )
    page.update(other.filter(subject__in=keys).values_list("subject", "rating"))
    return count, dict(sorted(page.items()))
