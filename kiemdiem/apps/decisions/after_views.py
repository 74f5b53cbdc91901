"""Pages after the decision: re-rating (cancel, then the Mẫu 03 decision), commendation
candidates, and closing the campaign."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from kiemdiem.apps.campaigns.selectors import managed_campaign
from kiemdiem.apps.complaints.models import Complaint
from kiemdiem.apps.core.dates import parse_date
from kiemdiem.apps.core.errors import ServiceError
from kiemdiem.apps.evaluation.keys import kind_of
from kiemdiem.apps.evaluation.scenario import subject_names
from kiemdiem.rules import load
from kiemdiem.rules.ratings import RATING_LABEL

from .closing import campaign_close, campaign_reopen
from .commendations import commendation_candidates, commendation_select, past_rating_record
from .models import Commendation, DecidedRating, Rerating
from .rerating import rerating_cancel, rerating_issue
from .selectors import issued_decision


@login_required
def rerating_page(request: HttpRequest, campaign_pk: int) -> HttpResponse:
    campaign = managed_campaign(request, campaign_pk)
    decision = issued_decision(campaign)
    error = ""
    if request.method == "POST":
        try:
            if "cancel" in request.POST:
                complaint = None
                if request.POST.get("complaint"):
                    complaint = Complaint.objects.filter(
                        pk=request.POST["complaint"], campaign=campaign
                    ).first()
                rerating_cancel(
                    actor=request.user,
                    campaign=campaign,
                    subject=request.POST.get("subject", ""),
                    cause=request.POST.get("cause", ""),
                    reason=request.POST.get("reason", ""),
                    complaint=complaint,
                )
            else:
                rerating = get_object_or_404(
                    Rerating, pk=request.POST.get("rerating") or 0, decision__campaign=campaign
                )
                rerating_issue(
                    actor=request.user,
                    rerating=rerating,
                    rating=request.POST.get("rating", ""),
                    number=request.POST.get("number", ""),
                    issued_on=parse_date(
                        request.POST.get("issued_on", ""), field="issued_on", label="Ngày ban hành"
                    ),
                )
            return redirect(request.path)
        except ServiceError as exc:
            error = exc.message
    decided = list(DecidedRating.objects.filter(decision=decision)) if decision else []
    reratings = list(Rerating.objects.filter(decision__campaign=campaign))
    names = subject_names([d.subject for d in decided])
    rules = load(campaign.ruleset)
    return render(
        request,
        "decisions/rerating.html",
        {
            **admin.site.each_context(request),
            "campaign": campaign,
            "decision": decision,
            "error": error,
            "subjects": sorted(
                (
                    (d.subject, names.get(d.subject, d.subject), d.get_rating_display())
                    for d in decided
                ),
                key=lambda x: x[1],
            ),
            "chosen": request.GET.get("doi-tuong", request.POST.get("subject", "")),
            "complaint": request.GET.get("khieu-nai", ""),
            "causes": Rerating.Cause.choices,
            "reratings": [
                (
                    r,
                    names.get(r.subject, r.subject),
                    [(c, RATING_LABEL[c]) for c in rules.scale(kind_of(r.subject))],
                )
                for r in reratings
            ],
            "today": timezone.localdate(),
        },
        status=422 if error else 200,
    )


@login_required
def commendation_page(request: HttpRequest, campaign_pk: int) -> HttpResponse:
    campaign = managed_campaign(request, campaign_pk)
    error = ""
    if request.method == "POST":
        try:
            if "past" in request.POST:
                year_text = request.POST.get("year", "").strip()
                if not year_text.isdigit():
                    raise ServiceError("year", f"Năm không hợp lệ: “{year_text}”")
                past_rating_record(
                    actor=request.user,
                    organization=campaign.organization,
                    subject=request.POST.get("subject", ""),
                    year=int(year_text),
                    rating=request.POST.get("rating", ""),
                    source=request.POST.get("source", ""),
                )
            else:
                commendation_select(
                    actor=request.user,
                    campaign=campaign,
                    subject=request.POST.get("subject", ""),
                    title=request.POST.get("title", ""),
                    selected=request.POST.get("selected") == "1",
                )
            return redirect(request.path)
        except ServiceError as exc:
            error = exc.message
    found, caps = commendation_candidates(campaign)
    chosen = set(Commendation.objects.filter(campaign=campaign).values_list("subject", "title"))
    names = subject_names(
        [c.subject for c in found]
        + list(
            DecidedRating.objects.filter(decision__campaign=campaign).values_list(
                "subject", flat=True
            )
        )
    )
    titles = dict(Commendation.Title.choices)
    groups: dict[str, list[dict[str, Any]]] = {}
    for c in found:
        groups.setdefault(c.title, []).append(
            {
                "subject": c.subject,
                "name": names.get(c.subject, c.subject),
                "years": c.years,
                "message": c.message,
                "selected": (c.subject, c.title) in chosen,
            }
        )
    return render(
        request,
        "decisions/commendation.html",
        {
            **admin.site.each_context(request),
            "campaign": campaign,
            "error": error,
            "groups": [
                (title, titles[title], sorted(rows, key=lambda r: r["name"]), caps.get(title))
                for title, rows in sorted(groups.items())
            ],
            "members": sorted(
                ((k, v) for k, v in names.items() if k.startswith(("member/", "organization/"))),
                key=lambda x: x[1],
            ),
            # This plan's scale first; the 2014 model's levels for older archives after.
            "ratings": [(c, RATING_LABEL[c]) for c in load(campaign.ruleset).scale("member")]
            + [
                (c, RATING_LABEL[c])
                for c in RATING_LABEL
                if c not in load(campaign.ruleset).scale("member")
            ],
            "issued": issued_decision(campaign) is not None,
            "last_year": campaign.year - 1,
        },
        status=422 if error else 200,
    )


@login_required
def close_page(request: HttpRequest, campaign_pk: int) -> HttpResponse:
    """POST only: close (or reopen, with a reason); the decision page shows the result."""
    campaign = managed_campaign(request, campaign_pk)
    if request.method == "POST":
        try:
            if "reopen" in request.POST:
                campaign_reopen(
                    actor=request.user, campaign=campaign, reason=request.POST.get("reason", "")
                )
                messages.success(request, "Đã mở lại kế hoạch.")
            else:
                campaign_close(actor=request.user, campaign=campaign)
                messages.success(request, "Đã kết thúc kế hoạch: từ nay chỉ xem.")
        except ServiceError as exc:
            messages.error(request, exc.message)
    return redirect("campaign-decision", campaign.pk)
