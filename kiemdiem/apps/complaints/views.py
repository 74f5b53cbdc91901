"""Complaint pages: filing (the member, the cell committee, the office for a paper one),
the list, and one complaint with its dated steps; the authority acts on the same page."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.db.models import Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from kiemdiem.apps.accounts.models import OrganizationRole
from kiemdiem.apps.accounts.permissions import MANAGING_ROLES, can_manage, managed_roots
from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.campaigns.selectors import campaign_get
from kiemdiem.apps.core.dates import parse_date
from kiemdiem.apps.core.errors import PermissionDenied, ServiceError
from kiemdiem.apps.decisions.models import DecidedRating
from kiemdiem.apps.decisions.selectors import issued_decision
from kiemdiem.apps.evaluation.scenario import subject_names
from kiemdiem.apps.organizations.selectors import in_subtrees
from kiemdiem.rules import load
from kiemdiem.rules.process import complaint_deadline

from . import services
from .models import Complaint, ComplaintAttachment


def _ctx(request: HttpRequest, **kwargs: Any) -> dict[str, Any]:
    return {**admin.site.each_context(request), **kwargs}


@login_required
def complaint_list(request: HttpRequest) -> HttpResponse:
    """The complaints the user filed, and those within the organizations they manage."""
    scope = Q(filed_by=request.user) | in_subtrees(
        managed_roots(request.user), path="campaign__organization__path"
    )
    if getattr(request.user, "is_superuser", False):
        scope = Q()
    rows = list(
        Complaint.objects.filter(scope)
        .select_related("campaign__organization")
        .order_by("status", "-filed_on", "-id")[:200]
    )
    names = subject_names(c.subject for c in rows)
    return render(
        request,
        "complaints/list.html",
        _ctx(request, rows=[(c, names.get(c.subject, c.subject)) for c in rows]),
    )


@login_required
def complaint_new(request: HttpRequest, campaign_pk: int) -> HttpResponse:
    campaign = campaign_get(pk=campaign_pk)
    decision = issued_decision(campaign)
    office = can_manage(request.user, campaign.organization)
    mine = services.own_subjects(request.user)
    subjects = [
        d.subject
        for d in DecidedRating.objects.filter(decision=decision)
        if office or d.subject in mine
    ]
    if not subjects:
        raise PermissionDenied("Không có kết quả xếp loại nào tài khoản này được khiếu nại")
    names = subject_names(subjects)
    error, field = "", ""
    if request.method == "POST":
        try:
            filed_on = None
            if office and request.POST.get("filed_on", "").strip():
                filed_on = parse_date(
                    request.POST["filed_on"], field="filed_on", label="Ngày nhận đơn"
                )
            complaint = services.complaint_file(
                actor=request.user,
                campaign=campaign,
                subject=request.POST.get("subject", ""),
                content=request.POST.get("content", ""),
                attachments=request.FILES.getlist("attachments"),
                filed_on=filed_on,
                complainant=request.POST.get("complainant", ""),
            )
            return redirect("complaint-detail", complaint.pk)
        except ServiceError as exc:
            error, field = exc.message, exc.field
    assert decision is not None and decision.issued_on is not None
    deadline = complaint_deadline(load(campaign.ruleset), issued_on=decision.issued_on)
    # Said before anyone types: a member cannot file past the period (the office records a
    # complaint received on paper in time, with the day it was received).
    closed = ""
    if campaign.status != Campaign.Status.OPEN:
        closed = "Kế hoạch đã kết thúc: không nhận khiếu nại mới."
    elif not office and timezone.localdate() > deadline:
        closed = f"Đã hết thời hạn khiếu nại (đến hết ngày {deadline:%d/%m/%Y})."
    return render(
        request,
        "complaints/new.html",
        _ctx(
            request,
            campaign=campaign,
            decision=decision,
            office=office,
            subjects=sorted(((s, names.get(s, s)) for s in subjects), key=lambda x: x[1]),
            deadline=deadline,
            closed=closed,
            error=error,
            field=field,
            data=request.POST,
            chosen=request.GET.get("doi-tuong", ""),
        ),
        status=422 if error else 200,
    )


@login_required
def complaint_detail(request: HttpRequest, complaint_pk: int) -> HttpResponse:
    complaint = get_object_or_404(
        Complaint.objects.select_related("campaign__organization", "assignee", "filed_by"),
        pk=complaint_pk,
    )
    if not services.may_see(request.user, complaint):
        raise PermissionDenied("Không xem được khiếu nại này")
    office = can_manage(request.user, complaint.campaign.organization)
    error = ""
    if request.method == "POST" and office:
        try:
            step = request.POST.get("step", "")
            if step == "assign":
                assignee = User.objects.filter(pk=request.POST.get("assignee") or 0).first()
                if assignee is None:
                    raise ServiceError("assignee", "Chọn người được giao xem xét")
                services.complaint_assign(
                    actor=request.user, complaint=complaint, assignee=assignee
                )
            elif step == "note":
                services.complaint_note(
                    actor=request.user, complaint=complaint, text=request.POST.get("text", "")
                )
            elif step == "conclude":
                services.complaint_conclude(
                    actor=request.user,
                    complaint=complaint,
                    outcome=request.POST.get("outcome", ""),
                    conclusion=request.POST.get("conclusion", ""),
                    concluded_on=parse_date(
                        request.POST.get("concluded_on", ""),
                        field="concluded_on",
                        label="Ngày kết luận",
                    ),
                )
            elif step == "answer":
                services.complaint_answer(
                    actor=request.user,
                    complaint=complaint,
                    answer=request.POST.get("answer", ""),
                    number=request.POST.get("number", ""),
                    answered_on=parse_date(
                        request.POST.get("answered_on", ""),
                        field="answered_on",
                        label="Ngày trả lời",
                    ),
                )
            else:
                raise ServiceError("step", "Thao tác không hợp lệ")
            return redirect("complaint-detail", complaint.pk)
        except ServiceError as exc:
            error = exc.message
    elif request.method == "POST":
        raise PermissionDenied("Chỉ cấp có thẩm quyền giải quyết khiếu nại")
    managers = User.objects.filter(
        pk__in=OrganizationRole.objects.filter(
            organization=complaint.campaign.organization, role__in=MANAGING_ROLES
        ).values("user_id")
    ).order_by("username")
    name = subject_names([complaint.subject]).get(complaint.subject, complaint.subject)
    return render(
        request,
        "complaints/detail.html",
        _ctx(
            request,
            complaint=complaint,
            name=name,
            steps=complaint.steps.select_related("by"),
            attachments=complaint.attachments.all(),
            office=office,
            managers=managers,
            outcomes=Complaint.Outcome.choices,
            today=timezone.localdate(),
            error=error,
            decided=DecidedRating.objects.filter(
                decision__campaign=complaint.campaign, subject=complaint.subject
            ).first(),
        ),
        status=422 if error else 200,
    )


@login_required
def attachment_download(request: HttpRequest, complaint_pk: int, file_pk: int) -> FileResponse:
    attachment = get_object_or_404(
        ComplaintAttachment.objects.select_related("complaint__campaign__organization"),
        pk=file_pk,
        complaint_id=complaint_pk,
    )
    if not services.may_see(request.user, attachment.complaint):
        raise PermissionDenied("Không xem được tệp này")
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)
