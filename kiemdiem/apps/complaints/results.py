"""The published results page: an issued decision read by the organization it covers,
the member's own result first, with a complaint and a reservation at hand (it lives with
the complaints, which build on the decision)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.campaigns.selectors import campaign_get
from kiemdiem.apps.core.errors import PermissionDenied, ServiceError
from kiemdiem.apps.decisions.models import DecidedRating, Notification, Rerating
from kiemdiem.apps.decisions.selectors import issued_decision, may_see_results
from kiemdiem.apps.evaluation.scenario import DECIDED, subject_names
from kiemdiem.apps.evaluation.stored import stored_result
from kiemdiem.rules import load
from kiemdiem.rules.process import complaint_deadline

from .models import Complaint, Reservation
from .services import own_subjects, reservation_record


@login_required
def results_page(request: HttpRequest, campaign_pk: int) -> HttpResponse:
    """Published results: an issued decision is public to the organization it covers; the
    member sees their own result first, with a complaint and a reservation at hand."""
    campaign = campaign_get(pk=campaign_pk)
    if not may_see_results(request.user, campaign):
        raise PermissionDenied("Kết quả chỉ công bố trong tổ chức đảng")
    if request.method == "POST":
        try:
            reservation_record(
                actor=request.user,
                campaign=campaign,
                subject=request.POST.get("subject", ""),
                content=request.POST.get("content", ""),
            )
            messages.success(request, "Đã ghi bảo lưu ý kiến cùng kết quả xếp loại.")
        except ServiceError as exc:
            messages.error(request, exc.message)
        return redirect(request.path)
    decision = issued_decision(campaign)
    rows: list[dict[str, Any]] = []
    own: list[dict[str, Any]] = []
    page = None
    query = request.GET.get("q", "").strip()
    if decision is not None:
        # The list in pages of 100 by name, searched in the database (a province: ~200,000).
        listed = stored_result(campaign, DECIDED).rows.filter(
            Exists(DecidedRating.objects.filter(decision=decision, subject=OuterRef("key")))
        )
        if query:
            listed = listed.filter(name__icontains=query)
        page = Paginator(listed.order_by("name", "key").only("key", "name"), 100).get_page(
            request.GET.get("trang")
        )
        mine = own_subjects(request.user)
        keys = {r.key for r in page.object_list} | set(mine)
        ratings = {
            d.subject: d for d in DecidedRating.objects.filter(decision=decision, subject__in=keys)
        }
        names = {r.key: r.name for r in page.object_list}
        names |= subject_names(k for k in mine if k in ratings and k not in names)
        reserved: dict[str, list[Reservation]] = {}
        for r in Reservation.objects.filter(campaign=campaign, subject__in=keys):
            reserved.setdefault(r.subject, []).append(r)
        reratings: dict[str, list[Rerating]] = {}
        for rr in Rerating.objects.filter(decision=decision, subject__in=keys).order_by(
            "cancelled_at"
        ):
            reratings.setdefault(rr.subject, []).append(rr)

        def row(d: DecidedRating) -> dict[str, Any]:
            return {
                "key": d.subject,
                "name": names.get(d.subject, d.subject),
                "rating": d.get_rating_display(),
                "reservations": reserved.get(d.subject, []),
                "reratings": reratings.get(d.subject, []),
                "cancelled": any(
                    rr.status == Rerating.Status.CANCELLED for rr in reratings.get(d.subject, [])
                ),
            }

        rows = [row(ratings[r.key]) for r in page.object_list if r.key in ratings]
        own = sorted((row(ratings[k]) for k in mine if k in ratings), key=lambda r: r["name"])
    if isinstance(request.user, User):
        Notification.objects.filter(
            user=request.user, read_at__isnull=True, url=request.path
        ).update(read_at=timezone.now())
    deadline = (
        complaint_deadline(load(campaign.ruleset), issued_on=decision.issued_on)
        if decision is not None and decision.issued_on is not None
        else None
    )
    return render(
        request,
        "decisions/results.html",
        {
            **admin.site.each_context(request),
            "campaign": campaign,
            "decision": decision,
            "rows": rows,
            "own": own,
            "page": page,
            "query": query,
            "deadline": deadline,
            "may_complain": deadline is not None
            and timezone.localdate() <= deadline
            and campaign.status == Campaign.Status.OPEN,
            "complaints": Complaint.objects.filter(campaign=campaign, filed_by=request.user)
            if isinstance(request.user, User)
            else [],
        },
    )
