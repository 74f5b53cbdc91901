"""Thẩm định: one screen per grassroots organization for its office."""

from __future__ import annotations

from datetime import datetime

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.campaigns.selectors import managed_campaign
from kiemdiem.apps.core.errors import ServiceError
from kiemdiem.apps.organizations.models import PartyOrganization

from .models import Opinion
from .selectors import appraisal_board
from .services import appraisal_record, opinion_record, opinion_request


@login_required
def appraisal_page(request: HttpRequest, campaign_pk: int) -> HttpResponse:
    campaign = managed_campaign(request, campaign_pk)
    error, error_subject = "", ""
    if request.method == "POST" and "opinion" in request.POST:
        error, error_subject = _opinion_post(request, campaign)
        if not error and not request.headers.get("HX-Request"):
            return redirect(request.path)
    elif request.method == "POST":
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
        **appraisal_board(
            campaign=campaign,
            page=request.GET.get("trang"),
            query=request.GET.get("q", "").strip(),
        ),
    }
    if request.headers.get("HX-Request") and request.method == "POST":
        return render(request, "appraisals/_board.html", context, status=422 if error else 200)
    return render(request, "appraisals/board.html", context)


def _opinion_post(request: HttpRequest, campaign: Campaign) -> tuple[str, str]:
    """Request an opinion from a participating body, or record the one received."""
    try:
        if request.POST["opinion"] == "request":
            organization = get_object_or_404(
                PartyOrganization,
                pk=request.POST.get("organization"),
                path__startswith=campaign.organization.path,
            )
            opinion_request(
                actor=request.user,
                campaign=campaign,
                organization=organization,
                body=request.POST.get("body", ""),
                on=timezone.localdate(),
            )
        else:
            opinion = get_object_or_404(Opinion, pk=request.POST.get("pk"), campaign=campaign)
            try:
                received = datetime.strptime(request.POST.get("received_on", ""), "%d/%m/%Y")
            except ValueError as exc:
                raise ServiceError("received_on", "Ngày nhận không hợp lệ (dd/mm/yyyy)") from exc
            opinion_record(
                actor=request.user,
                opinion=opinion,
                content=request.POST.get("content", ""),
                received_on=received.date(),
            )
    except ServiceError as exc:
        return exc.message, "opinion"
    return "", ""
