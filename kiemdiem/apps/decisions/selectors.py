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
