"""The campaign page for the office: milestones against today, and who is reviewed where."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from kiemdiem.apps.accounts.permissions import can_manage

from .models import Campaign
from .selectors import campaign_milestones
from .subjects import NOT_REVIEWED, REVIEWED_NOT_RATED, campaign_subjects


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign.objects.select_related("organization"), pk=pk)
    if not can_manage(request.user, campaign.organization):
        raise PermissionDenied("Ngoài phạm vi tổ chức được giao")
    today = timezone.localdate()
    collectives, members = campaign_subjects(campaign=campaign)
    counts = {
        "members": len(members),
        "reviewed_not_rated": sum(1 for m in members if m.status == REVIEWED_NOT_RATED),
        "not_reviewed": sum(1 for m in members if m.status == NOT_REVIEWED),
        "places": sum(len(m.places) for m in members),
    }
    return render(
        request,
        "campaigns/detail.html",
        {
            **admin.site.each_context(request),  # the product's header and navigation
            "campaign": campaign,
            "today": today,
            "milestones": campaign_milestones(campaign=campaign, today=today),
            "collectives": collectives,
            "members": members,
            "counts": counts,
        },
    )
