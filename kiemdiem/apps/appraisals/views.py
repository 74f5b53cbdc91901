"""Thẩm định: one screen per grassroots organization for its office."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from kiemdiem.apps.accounts.permissions import can_manage
from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.core.errors import ServiceError

from .selectors import appraisal_board
from .services import appraisal_record


@login_required
def appraisal_page(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign.objects.select_related("organization"), pk=pk)
    if not can_manage(request.user, campaign.organization):
        raise PermissionDenied("Ngoài phạm vi tổ chức được giao")
    error, error_subject = "", ""
    if request.method == "POST":
        subject = request.POST.get("subject", "")
        try:
            appraisal_record(
                actor=request.user,
                campaign=campaign,
                subject=subject,
                verdict=request.POST.get("verdict", ""),
                rating=request.POST.get("rating", ""),
                reason=request.POST.get("reason", ""),
            )
            if not request.headers.get("HX-Request"):
                return redirect(f"{request.path}#tp-{subject.replace('/', '-')}")
        except ServiceError as exc:
            error, error_subject = exc.message, subject
    context = {
        **admin.site.each_context(request),
        "campaign": campaign,
        "today": timezone.localdate(),
        "error": error,
        "error_subject": error_subject,
        **appraisal_board(campaign=campaign),
    }
    if request.headers.get("HX-Request") and request.method == "POST":
        return render(request, "appraisals/_board.html", context, status=422 if error else 200)
    return render(request, "appraisals/board.html", context)
