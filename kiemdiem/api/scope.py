"""The campaign an API call names, and whether the caller manages it (both API modules)."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from kiemdiem.apps.accounts.permissions import can_manage
from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.core.errors import PermissionDenied


def campaign_or_404(pk: int) -> Campaign:
    return get_object_or_404(Campaign.objects.select_related("organization"), pk=pk)


def managed_campaign(request: HttpRequest, pk: int) -> Campaign:
    campaign = campaign_or_404(pk)
    if not can_manage(request.user, campaign.organization):
        raise PermissionDenied("Ngoài phạm vi tổ chức được giao")
    return campaign
