"""The cell's pages: overview, collective report, meeting minutes, tallies, proposals.

Views parse and render; every write is a service. Forms post normally (they work without
JavaScript); with htmx, a row or panel is swapped in place instead of a reload.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from kiemdiem.apps.accounts.permissions import can_manage, can_run
from kiemdiem.apps.campaigns.models import Campaign, ReviewSuggestion, SelfReview
from kiemdiem.apps.campaigns.selectors import campaign_get
from kiemdiem.apps.campaigns.self_reviews import self_review_return
from kiemdiem.apps.core.errors import PermissionDenied, ServiceError
from kiemdiem.apps.members.models import Member, ResidenceComment
from kiemdiem.apps.members.records import civil_service_rating_set, residence_comment_set
from kiemdiem.apps.organizations.models import LeadershipCollective, PartyOrganization
from kiemdiem.rules import load
from kiemdiem.rules.ratings import RATING_LABEL

from . import meetings, reports
from .forms import (
    CirculateForm,
    CommentForm,
    ItemForm,
    MinutesForm,
    RecordForm,
    ReportForm,
    TallyForm,
)
from .models import AgendaItem, CollectiveReport, Meeting
from .selectors import cell_overview, proposal_rows, record_rows, report_state, tally_rows
from .visibility import report_readable


def _place(request: HttpRequest, campaign_pk: int, code: str) -> tuple[Campaign, PartyOrganization]:
    campaign = campaign_get(pk=campaign_pk)
    cell = get_object_or_404(
        PartyOrganization, code=code, path__startswith=campaign.organization.path
    )
    return campaign, cell


def _runner(
    request: HttpRequest, campaign_pk: int, code: str
) -> tuple[Campaign, PartyOrganization]:
    campaign, cell = _place(request, campaign_pk, code)
    if not can_run(request.user, cell):
        raise PermissionDenied("Chỉ chi ủy của chi bộ hoặc văn phòng cấp ủy cấp trên")
    return campaign, cell


def _ctx(
    request: HttpRequest, campaign: Campaign, cell: PartyOrganization, **kw: Any
) -> dict[str, Any]:
    return {
        **admin.site.each_context(request),
        "campaign": campaign,
        "cell": cell,
        "today": timezone.localdate(),
        **kw,
    }


def _error(form: Any, exc: ServiceError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


def _meeting(campaign: Campaign, cell: PartyOrganization) -> Meeting | None:
    return Meeting.objects.filter(
        campaign=campaign, organization=cell, collective__isnull=True
    ).first()


@login_required
def cell_home(request: HttpRequest, campaign_pk: int, code: str) -> HttpResponse:
    campaign, cell = _runner(request, campaign_pk, code)
    if request.method == "POST" and "return_review" in request.POST:
        review = get_object_or_404(
            SelfReview,
            pk=int(ref) if (ref := request.POST.get("return_review", "")).isdigit() else 0,
            campaign=campaign,
            member__organization__path__startswith=cell.path,
        )
        try:
            self_review_return(
                actor=request.user, review=review, reason=request.POST.get("reason", "")
            )
            messages.success(request, f"Đã trả lại bản tự kiểm điểm của {review.member.full_name}.")
        except ServiceError as exc:
            messages.error(request, f"{review.member.full_name}: {exc.message}")
        return redirect(request.path)
    overview = cell_overview(campaign=campaign, cell=cell)
    return render(
        request, "reviews/home.html", _ctx(request, campaign, cell, tab="home", **overview)
    )


@login_required
def report_page(request: HttpRequest, campaign_pk: int, code: str) -> HttpResponse:
    """The secretary drafts and circulates; a member of the cell reads and comments."""
    campaign, cell = _place(request, campaign_pk, code)
    return _report(request, campaign, cell, None)


@login_required
def collective_report_page(
    request: HttpRequest, campaign_pk: int, collective_pk: int
) -> HttpResponse:
    """A leadership collective's report (Mẫu 01): drafted by the office, commented on by
    the collective's members, answering the suggestions the upper level sent it."""
    campaign = campaign_get(pk=campaign_pk)
    collective = get_object_or_404(
        LeadershipCollective.objects.select_related("organization"),
        pk=collective_pk,
        organization__path__startswith=campaign.organization.path,
    )
    return _report(request, campaign, collective.organization, collective)


def _report(
    request: HttpRequest,
    campaign: Campaign,
    cell: PartyOrganization,
    collective: LeadershipCollective | None,
) -> HttpResponse:
    runs = can_run(request.user, cell)
    member: Member | None = getattr(request.user, "member", None)
    report = CollectiveReport.objects.filter(
        campaign=campaign, organization=cell, collective=collective
    ).first()
    if collective is not None:
        participant = (
            member is not None
            and collective.memberships.filter(member=member, ended_on__isnull=True).exists()
        )
    else:
        participant = member is not None and member.organization.path.startswith(cell.path)
    if not runs and not participant:
        raise PermissionDenied("Ngoài phạm vi tổ chức được giao")
    scored = bool(load(campaign.ruleset).by_mechanism("points_bands"))
    initial = (
        {f: getattr(report, f) for f in ReportForm.base_fields}
        if report
        else reports.report_prefill(campaign=campaign, organization=cell, collective=collective)
    )
    form = ReportForm(initial=initial, scored=scored)
    circulate = CirculateForm(initial={"circulated_on": timezone.localdate()})
    comment = CommentForm()
    if request.method == "POST":
        try:
            if "save" in request.POST and runs:
                form = ReportForm(request.POST, scored=scored)
                if form.is_valid():
                    data = {k: v for k, v in form.cleaned_data.items() if v is not None}
                    report = reports.report_save(
                        actor=request.user,
                        campaign=campaign,
                        organization=cell,
                        collective=collective,
                        data=reports.ReportInput(**data),
                    )
                    return redirect(f"{request.path}?da-luu=1")
            elif "circulate" in request.POST and runs:
                # What is typed goes out: the form is saved with the sending, or the
                # sending is refused with the field named (never a draft silently older).
                form = ReportForm(request.POST, scored=scored)
                circulate = CirculateForm(request.POST)
                if form.is_valid() and circulate.is_valid():
                    data = {k: v for k, v in form.cleaned_data.items() if v is not None}
                    with transaction.atomic():
                        if report is None:
                            report = reports.report_save(
                                actor=request.user,
                                campaign=campaign,
                                organization=cell,
                                collective=collective,
                                data=reports.ReportInput(**data),
                            )
                        reports.report_circulate(
                            actor=request.user,
                            report=report,
                            on=circulate.cleaned_data["circulated_on"],
                            accept_late=circulate.cleaned_data["accept_late"],
                            data=reports.ReportInput(**data),
                        )
                    return redirect(f"{request.path}?da-gui=1")
            elif "comment" in request.POST and report is not None:
                comment = CommentForm(request.POST)
                if comment.is_valid():
                    reports.report_comment_add(
                        actor=request.user, report=report, body=comment.cleaned_data["body"]
                    )
                    return redirect(f"{request.path}?da-gop-y=1#gop-y")
            else:
                raise PermissionDenied("Thao tác không hợp lệ")
        except ServiceError as exc:
            if exc.field in form.fields:  # a report field named by the service
                _error(form, exc)
            else:
                target = {"circulate": circulate, "comment": comment}
                which = next((k for k in target if k in request.POST), None)
                _error(target[which] if which else form, exc)
    comments = report.comments.select_related("author") if report else []
    late_advice = None
    if report is None or report.status == CollectiveReport.Status.DRAFT:
        late_advice = campaign.milestones.filter(code="report_circulated").first()
    return render(
        request,
        "reviews/report.html",
        _ctx(
            request,
            campaign,
            cell,
            tab="report",
            report=report,
            report_state=report_state(report),
            form=form,
            circulate=circulate,
            comment=comment,
            comments=comments,
            runs=runs,
            participant=participant,
            participants=(
                collective.memberships.filter(ended_on__isnull=True).count()
                if collective is not None
                else Member.objects.filter(organization__path__startswith=cell.path).count()
            ),
            readable=report is not None and report_readable(request.user, report),
            due=late_advice,
            collective=collective,
            suggestions=ReviewSuggestion.objects.filter(
                campaign=campaign,
                **({"collective": collective} if collective else {"organization": cell}),
            ).select_related("issuer"),
            message=_message(request),
        ),
    )


def _message(request: HttpRequest) -> str:
    messages = {
        "da-luu": "Đã lưu.",
        "da-gui": "Đã gửi dự thảo báo cáo đến người dự họp.",
        "da-gop-y": "Đã gửi ý kiến góp ý.",
        "da-lap": "Đã lập chương trình hội nghị theo trình tự quy định.",
        "da-ghi": "Đã ghi biên bản hội nghị.",
        "da-bao-cao": "Đã báo cáo kết quả đề xuất lên đảng ủy.",
    }
    return next((text for key, text in messages.items() if key in request.GET), "")


@login_required
def meeting_page(request: HttpRequest, campaign_pk: int, code: str) -> HttpResponse:
    campaign, cell = _runner(request, campaign_pk, code)
    return _meeting_view(request, campaign, cell, None)


def _collective(request: HttpRequest, campaign_pk: int, collective_pk: int) -> tuple[Campaign, Any]:
    campaign = campaign_get(pk=campaign_pk)
    collective = get_object_or_404(
        LeadershipCollective.objects.select_related("organization"),
        pk=collective_pk,
        organization__path__startswith=campaign.organization.path,
    )
    if not can_run(request.user, collective.organization):
        raise PermissionDenied("Ngoài phạm vi tổ chức được giao")
    return campaign, collective


@login_required
def collective_meeting_page(
    request: HttpRequest, campaign_pk: int, collective_pk: int
) -> HttpResponse:
    """A leadership collective's review meeting: minutes and comments per member."""
    campaign, collective = _collective(request, campaign_pk, collective_pk)
    return _meeting_view(request, campaign, collective.organization, collective)


def _item_url(campaign: Campaign, cell: PartyOrganization, item: AgendaItem) -> str:
    meeting = item.meeting
    if meeting.collective_id is not None:
        return reverse("collective-agenda-item", args=[campaign.pk, meeting.collective_id, item.pk])
    return reverse("cell-agenda-item", args=[campaign.pk, cell.code, item.pk])


def _meeting_view(
    request: HttpRequest,
    campaign: Campaign,
    cell: PartyOrganization,
    collective: LeadershipCollective | None,
) -> HttpResponse:
    meeting = Meeting.objects.filter(
        campaign=campaign, organization=cell, collective=collective
    ).first()
    if collective is not None:
        roll = Member.objects.filter(
            collective_memberships__collective=collective,
            collective_memberships__ended_on__isnull=True,
        ).order_by("full_name")
    else:
        roll = Member.objects.filter(organization__path__startswith=cell.path).order_by("full_name")
    form = None
    if meeting is not None:
        initial: dict[str, Any] = {
            "held_on": meeting.held_on or timezone.localdate(),
            "started_at": meeting.started_at,
            "ended_at": meeting.ended_at,
            "chair": meeting.chair_id,
            "head_chair": meeting.head_chair_id,
            "secretary": meeting.secretary_id,
            "guests": meeting.guests,
            "counting_committee": meeting.counting_committee,
            "conclusion": meeting.conclusion,
            "attendees": [m.pk for m in meeting.attendees.all()] or [m.pk for m in roll],
        }
        form = MinutesForm(initial=initial, roll=roll, collective=collective is not None)
    if request.method == "POST":
        try:
            if "prepare" in request.POST:
                if collective is not None:
                    meetings.collective_meeting_prepare(
                        actor=request.user, campaign=campaign, collective=collective
                    )
                else:
                    meetings.meeting_prepare(actor=request.user, campaign=campaign, cell=cell)
                return redirect(f"{request.path}?da-lap=1")
            if meeting is not None and "minutes" in request.POST:
                form = MinutesForm(request.POST, roll=roll, collective=collective is not None)
                if form.is_valid():
                    data = form.cleaned_data
                    meetings.meeting_record(
                        actor=request.user,
                        meeting=meeting,
                        data=meetings.MinutesInput(
                            held_on=data["held_on"],
                            started_at=data["started_at"],
                            ended_at=data["ended_at"],
                            chair=data["chair"],
                            head_chair=data["head_chair"],
                            attendees=list(data["attendees"]),
                            secretary=data["secretary"],
                            guests=data["guests"],
                            counting_committee=data.get("counting_committee", ""),
                            conclusion=data["conclusion"],
                        ),
                    )
                    return redirect(f"{request.path}?da-ghi=1")
        except ServiceError as exc:
            if form is None:
                raise PermissionDenied(exc.message) from exc
            _error(form, exc)
    items = (
        meeting.items.select_related("meeting", "member", "collective").order_by("order")
        if meeting
        else []
    )
    residence = {
        c.member_id: c
        for c in ResidenceComment.objects.filter(
            year=campaign.year, member__in=[i.member_id for i in items if i.member_id]
        )
    }
    return render(
        request,
        "reviews/meeting.html",
        _ctx(
            request,
            campaign,
            cell,
            tab="meeting",
            meeting=meeting,
            collective=collective,
            form=form,
            rows=[
                {
                    "item": item,
                    "form": ItemForm(initial=_item_initial(item), prefix=f"i{item.pk}"),
                    "residence": residence.get(item.member_id or 0),
                    "url": _item_url(campaign, cell, item),
                }
                for item in items
            ],
            message=_message(request),
        ),
    )


def _agenda_item(campaign: Campaign, cell: PartyOrganization, item_pk: int) -> AgendaItem:
    return get_object_or_404(
        AgendaItem.objects.select_related("meeting", "member", "collective"),
        pk=item_pk,
        meeting__campaign=campaign,
        meeting__organization=cell,
    )


def _item_initial(item: AgendaItem) -> dict[str, Any]:
    return {"comments": item.comments, "residence_read": item.residence_read}


@login_required
@require_POST
def collective_agenda_item(
    request: HttpRequest, pk: int, collective_pk: int, item_pk: int
) -> HttpResponse:
    campaign, collective = _collective(request, pk, collective_pk)
    item = get_object_or_404(
        AgendaItem.objects.select_related("meeting", "member", "collective"),
        pk=item_pk,
        meeting__campaign=campaign,
        meeting__collective=collective,
    )
    return _agenda_item_post(request, campaign, collective.organization, item)


@login_required
@require_POST
def agenda_item(request: HttpRequest, campaign_pk: int, code: str, item_pk: int) -> HttpResponse:
    campaign, cell = _runner(request, campaign_pk, code)
    return _agenda_item_post(request, campaign, cell, _agenda_item(campaign, cell, item_pk))


def _agenda_item_post(
    request: HttpRequest, campaign: Campaign, cell: PartyOrganization, item: AgendaItem
) -> HttpResponse:
    form = ItemForm(request.POST, prefix=f"i{item.pk}")
    saved = False
    if form.is_valid():
        try:
            meetings.agenda_item_record(
                actor=request.user,
                item=item,
                comments=form.cleaned_data["comments"],
                residence_read=form.cleaned_data["residence_read"],
            )
            saved = True
        except ServiceError as exc:
            _error(form, exc)
    if not request.headers.get("HX-Request"):
        meeting = item.meeting
        if meeting.collective_id is not None:
            return redirect(
                reverse("collective-meeting", args=[campaign.pk, meeting.collective_id])
            )
        return redirect(reverse("cell-meeting", args=[campaign.pk, cell.code]))
    return render(
        request,
        "reviews/_agenda_row.html",
        {
            "item": item,
            "form": form,
            "saved": saved,
            "campaign": campaign,
            "cell": cell,
            "url": _item_url(campaign, cell, item),
            "residence": ResidenceComment.objects.filter(
                member=item.member, year=campaign.year
            ).first()
            if item.member
            else None,
        },
        status=200 if form.is_valid() and saved else 422,
    )


@login_required
def tallies_page(request: HttpRequest, campaign_pk: int, code: str) -> HttpResponse:
    campaign, cell = _runner(request, campaign_pk, code)
    meeting = _meeting(campaign, cell)
    rows = tally_rows(meeting) if meeting else []
    return render(
        request,
        "reviews/tallies.html",
        _ctx(request, campaign, cell, tab="tallies", meeting=meeting, rows=rows),
    )


@login_required
@require_POST
def tally(request: HttpRequest, campaign_pk: int, code: str, item_pk: int) -> HttpResponse:
    campaign, cell = _runner(request, campaign_pk, code)
    item = _agenda_item(campaign, cell, item_pk)
    scale = load(campaign.ruleset).scale(item.kind)
    form = TallyForm(request.POST, prefix=f"t{item.pk}", scale=scale, labels=RATING_LABEL)
    saved = False
    if form.is_valid():
        try:
            meetings.tally_record(
                actor=request.user,
                item=item,
                eligible=form.cleaned_data["eligible"],
                present=form.cleaned_data["present"],
                issued=form.cleaned_data["issued"],
                valid=form.cleaned_data["valid"],
                counts=form.counts(),
            )
            saved = True
        except ServiceError as exc:
            field = exc.field if exc.field in form.fields else f"n_{exc.field}"
            form.add_error(field if field in form.fields else None, exc.message)
    if not request.headers.get("HX-Request"):
        # Without JavaScript the page reloads: a refused count is said there, not lost.
        if not saved:
            said = [f"{item}: {e}" for errors in form.errors.values() for e in errors]
            messages.error(request, "; ".join(said) or f"{item}: chưa ghi được số phiếu")
        return redirect(reverse("cell-tallies", args=[campaign_pk, code]))
    return render(
        request,
        "reviews/_tally_row.html",
        {
            "row": {"item": item, "form": form, "scale": scale},
            "saved": saved,
            "campaign": campaign,
            "cell": cell,
        },
        status=200 if saved else 422,
    )


@login_required
def tally_record_page(request: HttpRequest, campaign_pk: int, code: str) -> HttpResponse:
    """Biên bản kiểm phiếu: a printable record with counts only."""
    campaign, cell = _runner(request, campaign_pk, code)
    meeting = _meeting(campaign, cell)
    if meeting is None or meeting.held_on is None:
        raise PermissionDenied("Chưa có biên bản hội nghị")
    rows = [r for r in tally_rows(meeting) if r["tally"] is not None]
    return render(
        request,
        "reviews/tally_record.html",
        _ctx(request, campaign, cell, meeting=meeting, rows=rows, labels=RATING_LABEL),
    )


@login_required
def proposals_page(request: HttpRequest, campaign_pk: int, code: str) -> HttpResponse:
    campaign, cell = _runner(request, campaign_pk, code)
    meeting = _meeting(campaign, cell)
    error = ""
    if request.method == "POST" and meeting is not None:
        try:
            if "submit" in request.POST:
                meetings.meeting_submit(
                    actor=request.user,
                    meeting=meeting,
                    quota_note=request.POST.get("quota_note", ""),
                )
                return redirect(f"{request.path}?da-bao-cao=1")
            item = get_object_or_404(AgendaItem, pk=request.POST.get("item"), meeting=meeting)
            if "pending" in request.POST:
                meetings.agenda_item_record(
                    actor=request.user,
                    item=item,
                    comments=item.comments,
                    residence_read=item.residence_read,
                    pending=request.POST["pending"] == "1",
                    follow_up_on=_date(request.POST.get("follow_up_on", "")),
                )
            else:
                meetings.proposal_set(
                    actor=request.user,
                    item=item,
                    proposed_rating=request.POST.get("proposed_rating", ""),
                )
        except ServiceError as exc:
            error = exc.message
        if not error and not request.headers.get("HX-Request"):
            return redirect(request.path)
    context = _ctx(
        request,
        campaign,
        cell,
        tab="proposals",
        meeting=meeting,
        error=error,
        message=_message(request),
        **(proposal_rows(meeting) if meeting else {}),
    )
    if request.headers.get("HX-Request") and request.method == "POST":
        return render(request, "reviews/_proposals.html", context, status=422 if error else 200)
    return render(request, "reviews/proposals.html", context)


def _date(value: str) -> date | None:
    try:
        return datetime.strptime(value.strip(), "%d/%m/%Y").date() if value.strip() else None
    except ValueError as exc:
        raise ServiceError("follow_up_on", "Ngày kiểm điểm bổ sung không hợp lệ") from exc


@login_required
def records_page(request: HttpRequest, campaign_pk: int, code: str) -> HttpResponse:
    """Nhận xét nơi cư trú (the cell enters what the residence's cell sent) and the year's
    civil-service ratings (the office enters them): facts the engine reads."""
    campaign, cell = _runner(request, campaign_pk, code)
    rows = record_rows(campaign=campaign, cell=cell)
    return render(
        request,
        "reviews/records.html",
        _ctx(
            request,
            campaign,
            cell,
            tab="records",
            rows=rows,
            manages=can_manage(request.user, cell),
        ),
    )


@login_required
@require_POST
def record(request: HttpRequest, campaign_pk: int, code: str, member_pk: int) -> HttpResponse:
    campaign, cell = _runner(request, campaign_pk, code)
    member = get_object_or_404(Member, pk=member_pk, organization__path__startswith=cell.path)
    form = RecordForm(request.POST, prefix=f"r{member.pk}")
    saved = False
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                if data["comment"].strip() or data["residence"].strip():
                    residence_comment_set(
                        actor=request.user,
                        member=member,
                        year=campaign.year,
                        residence=data["residence"],
                        comment=data["comment"],
                        satisfactory=data["satisfactory"],
                    )
                if data["civil_service"] and can_manage(request.user, cell):
                    civil_service_rating_set(
                        actor=request.user,
                        member=member,
                        year=campaign.year,
                        rating=data["civil_service"],
                    )
            saved = True
        except ServiceError as exc:
            _error(form, exc)
    if not request.headers.get("HX-Request"):
        return redirect(reverse("cell-records", args=[campaign_pk, code]))
    row = next(r for r in record_rows(campaign=campaign, cell=cell, only=member) if r)
    row["form"] = form
    return render(
        request,
        "reviews/_record_row.html",
        {
            "row": row,
            "saved": saved,
            "campaign": campaign,
            "cell": cell,
            "manages": can_manage(request.user, cell),
        },
        status=200 if saved else 422,
    )
