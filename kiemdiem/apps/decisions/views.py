"""The decision screen: each proposed subject, the committee's rating, the quotas."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from kiemdiem.apps.accounts.permissions import can_manage
from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.cells.scenario import subject_names
from kiemdiem.apps.core.errors import ServiceError
from kiemdiem.rules import load
from kiemdiem.rules.ratings import RATING_LABEL

from .models import ClassificationDecision, DecidedRating, Notification
from .services import decided_set, decision_issue, decision_result, proposals


def _rows(campaign: Campaign) -> dict[str, Any]:
    rules = load(campaign.ruleset)
    proposed = proposals(campaign)
    decided = {d.subject: d for d in DecidedRating.objects.filter(decision__campaign=campaign)}
    result = decision_result(campaign, proposed=proposed)
    by_id = {f"{s.type}/{s.id}": s for s in result.subjects}
    names = subject_names(proposed)
    rows = []
    for subject, rating in sorted(proposed.items(), key=lambda kv: names.get(kv[0], kv[0])):
        now = by_id.get(subject)
        rows.append(
            {
                "key": subject,
                "name": names.get(subject, subject),
                "proposed": RATING_LABEL.get(rating, ""),
                "ceiling": RATING_LABEL.get(now.ceiling or "", "") if now else "",
                "decided": decided.get(subject),
                "options": [(c, RATING_LABEL[c]) for c in rules.scale(subject.split("/")[0])],
                "default": decided[subject].rating if subject in decided else rating,
            }
        )
    return {
        "rows": rows,
        "over": [c.message for c in result.checks if c.code == "quota_exceeded"],
        "done": len(decided),
    }


@login_required
def decision_page(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign.objects.select_related("organization"), pk=pk)
    if not can_manage(request.user, campaign.organization):
        raise PermissionDenied("Ngoài phạm vi tổ chức được giao")
    error = ""
    if request.method == "POST":
        try:
            if "issue" in request.POST:
                try:
                    issued_on = datetime.strptime(request.POST.get("issued_on", ""), "%d/%m/%Y")
                except ValueError as exc:
                    raise ServiceError(
                        "issued_on", "Ngày ban hành không hợp lệ (dd/mm/yyyy)"
                    ) from exc
                decision_issue(
                    actor=request.user,
                    campaign=campaign,
                    number=request.POST.get("number", ""),
                    issued_on=issued_on.date(),
                )
            else:
                decided_set(
                    actor=request.user,
                    campaign=campaign,
                    subject=request.POST.get("subject", ""),
                    rating=request.POST.get("rating", ""),
                    reason=request.POST.get("reason", ""),
                )
            return redirect(request.path)
        except ServiceError as exc:
            error = exc.message
    decision = ClassificationDecision.objects.filter(campaign=campaign).first()
    return render(
        request,
        "decisions/decision.html",
        {
            **admin.site.each_context(request),
            "campaign": campaign,
            "decision": decision,
            "error": error,
            "today": timezone.localdate(),
            **_rows(campaign),
        },
        status=422 if error else 200,
    )


@login_required
def results_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Published results: an issued decision is public to the organization it covers."""
    campaign = get_object_or_404(Campaign.objects.select_related("organization"), pk=pk)
    member = getattr(request.user, "member", None)
    inside = member is not None and member.organization.path.startswith(campaign.organization.path)
    if not inside and not can_manage(request.user, campaign.organization):
        raise PermissionDenied("Kết quả chỉ công bố trong tổ chức đảng")
    decision = ClassificationDecision.objects.filter(
        campaign=campaign, status=ClassificationDecision.Status.ISSUED
    ).first()
    rows = []
    if decision is not None:
        ratings = list(decision.ratings.all())
        names = subject_names(d.subject for d in ratings)
        rows = sorted(
            ((names.get(d.subject, d.subject), d.get_rating_display()) for d in ratings),
        )
    if isinstance(request.user, User):
        Notification.objects.filter(
            user=request.user, read_at__isnull=True, url=request.path
        ).update(read_at=timezone.now())
    return render(
        request,
        "decisions/results.html",
        {
            **admin.site.each_context(request),
            "campaign": campaign,
            "decision": decision,
            "rows": rows,
        },
    )
