"""Reads about a campaign's decision that pages, services and the API share."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q

from kiemdiem.apps.accounts.permissions import can_manage
from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.core.errors import ServiceError
from kiemdiem.apps.core.kept import kept
from kiemdiem.apps.evaluation.keys import subject_key

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


def proposal_sources(campaign: Campaign) -> tuple[Any, Any]:
    """(the cells' rated proposals, the office's other ratings) as querysets."""
    from kiemdiem.apps.appraisals.models import Appraisal
    from kiemdiem.apps.reviews.models import SubmittedProposal

    submitted = SubmittedProposal.objects.filter(
        campaign=campaign, meeting__collective__isnull=True
    ).exclude(rating="")
    other = Appraisal.objects.filter(campaign=campaign, verdict=Appraisal.Verdict.OTHER)
    return submitted, other


def proposals_of(campaign: Campaign, keys: Iterable[str] | None = None) -> dict[str, str]:
    """What is proposed for each submitted subject: the cell's, or the office's where the
    appraisal proposed another rating. With `keys`, only those subjects and the other
    places of the leaders among them (000 §B.6) — a page's, not a province's 200,000."""
    submitted, other = proposal_sources(campaign)
    if keys is not None:
        keys = list(keys)
        where = Q(subject__in=keys)
        for key in keys:
            parsed = subject_key(key)
            if parsed.body is not None and parsed.person is not None:
                where |= Q(subject__startswith=f"leader/{parsed.person}@")
        submitted, other = submitted.filter(where), other.filter(where)
    out: dict[str, str] = dict(submitted.order_by("pk").values_list("subject", "rating"))
    out.update(other.values_list("subject", "rating"))
    return out


def _proposed_keys(campaign: Campaign) -> Any:
    """Every proposed subject's key, once (a queryset)."""
    submitted, other = proposal_sources(campaign)
    return submitted.values_list("subject", flat=True).union(
        other.values_list("subject", flat=True)
    )


def proposal_page(campaign: Campaign, *, offset: int, limit: int) -> tuple[int, dict[str, str]]:
    """(how many subjects are proposed, a page of `proposals_of(campaign)` by subject
    key), read a page at a time in the database (a province has 200,000)."""
    keys_all = _proposed_keys(campaign)
    keys = list(keys_all.order_by("subject")[offset : offset + limit])
    found = proposals_of(campaign, keys)
    count = kept("proposal-count", (campaign.pk,), keys_all.count)  # while pages are read
    return count, {k: found[k] for k in sorted(keys) if k in found}
