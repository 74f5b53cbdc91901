"""The campaign page for the office: milestones against today, and who is reviewed where."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from kiemdiem.apps.accounts.permissions import managed_roots
from kiemdiem.apps.core.errors import PermissionDenied, ServiceError
from kiemdiem.apps.core.paging import exporting, page_of
from kiemdiem.apps.evaluation.preview import self_review_preview
from kiemdiem.apps.evaluation.subjects import (
    STATUS_LABEL,
    campaign_roll,
)
from kiemdiem.apps.members.models import Member
from kiemdiem.apps.organizations.models import (
    CollectiveMembership,
    LeadershipCollective,
    PartyOrganization,
)
from kiemdiem.apps.organizations.selectors import ancestor_paths, collectives_in_subtree
from kiemdiem.rules.ratings import RANK, RATING_LABEL

from .board import CELL_KINDS, progress_board
from .committee import suggestion_issue, supervisor_assign
from .exports import roll_workbook
from .forms import SelfReviewForm, SuggestionForm, SupervisorForm
from .models import Campaign, ReviewSuggestion, SelfReview, SelfReviewVersion
from .selectors import campaign_get, campaign_milestones, managed_campaign
from .self_reviews import (
    asks_for,
    input_from,
    readonly_reason,
    remedy_prefill,
    self_review_save,
    self_review_withdraw,
    window_reason,
)


@login_required
def campaign_board(request: HttpRequest, campaign_pk: int) -> HttpResponse:
    """Tiến độ: each cell against each step; overdue steps highlighted; supervisors."""
    campaign = managed_campaign(request, campaign_pk)
    today = timezone.localdate()
    cells = PartyOrganization.objects.filter(
        path__startswith=campaign.organization.path, kind__in=CELL_KINDS
    ).order_by("path")
    query = request.GET.get("q", "").strip()
    if query:
        cells = cells.filter(name__icontains=query)
    page = page_of(request, cells)
    shown = list(page.object_list)
    rows = progress_board(campaign=campaign, today=today, cells=shown)
    # The cells of this page (searched, paged): a province's 2,000 in one select were
    # most of the page's time and no help to the clerk.
    supervisor_form = _supervisor_form(campaign, cells=shown)
    if request.method == "POST":
        supervisor_form = _supervisor_form(campaign, request.POST, cells=shown)
        if supervisor_form.is_valid():
            try:
                supervisor_assign(
                    actor=request.user,
                    campaign=campaign,
                    cell=get_object_or_404(
                        PartyOrganization, pk=supervisor_form.cleaned_data["cell"]
                    ),
                    member=get_object_or_404(Member, pk=supervisor_form.cleaned_data["member"]),
                )
                return redirect(f"{request.path}?da-phan-cong=1")
            except ServiceError as exc:
                supervisor_form.add_error(
                    exc.field if exc.field in supervisor_form.fields else None, exc.message
                )
    return render(
        request,
        "campaigns/board.html",
        {
            **admin.site.each_context(request),
            "campaign": campaign,
            "today": today,
            "rows": rows,
            "page": page,
            "query": query,
            "milestones": campaign_milestones(campaign=campaign, today=today),
            "supervisor_form": supervisor_form,
            "message": "Đã phân công." if "da-phan-cong" in request.GET else "",
        },
    )


def _supervisor_form(
    campaign: Campaign, data: Any = None, *, cells: list[PartyOrganization]
) -> SupervisorForm:
    committee = (
        CollectiveMembership.objects.filter(
            collective__organization=campaign.organization,
            collective__kind="party_committee",
            ended_on__isnull=True,
        )
        .select_related("member")
        .order_by("member__full_name")
    )
    return SupervisorForm(
        data,
        cells=[(str(c.pk), c.name) for c in cells],
        members=[(str(ms.member_id), ms.member.full_name) for ms in committee],
    )


@login_required
def campaign_suggestions(request: HttpRequest, campaign_pk: int) -> HttpResponse:
    """Gợi ý kiểm điểm: the upper levels name collectives, organizations and members."""
    campaign = managed_campaign(request, campaign_pk)
    roots = [
        r for r in managed_roots(request.user) if campaign.organization.path.startswith(r.path)
    ]
    issuer = max(roots, key=lambda r: len(r.path)) if roots else campaign.organization
    targets = [
        (f"collective:{c.pk}", f"Tập thể: {c.name}")
        for c in collectives_in_subtree(root=campaign.organization)
    ] + [
        (f"organization:{o.pk}", f"Tổ chức: {o.name}")
        for o in PartyOrganization.objects.filter(path__startswith=campaign.organization.path)
        .exclude(pk=issuer.pk)
        .order_by("path")
    ]
    form = SuggestionForm(targets=targets)
    if request.method == "POST":
        form = SuggestionForm(request.POST, targets=targets)
        if form.is_valid():
            kind, _, ref = form.cleaned_data["target"].partition(":")
            target: dict[str, Any] = {}
            try:
                if kind == "member":
                    card = form.cleaned_data["card"].strip()
                    member = Member.objects.filter(party_card_number=card).first()
                    if member is None:
                        raise ServiceError("card", f"Không có đảng viên số thẻ “{card}”")
                    target["member"] = member
                elif kind == "collective":
                    target["collective"] = get_object_or_404(LeadershipCollective, pk=ref)
                else:
                    target["organization"] = get_object_or_404(PartyOrganization, pk=ref)
                suggestion_issue(
                    actor=request.user,
                    campaign=campaign,
                    issuer=issuer,
                    content=form.cleaned_data["content"],
                    issued_on=timezone.localdate(),
                    **target,
                )
                return redirect(f"{request.path}?da-goi-y=1")
            except ServiceError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    suggestions = (
        ReviewSuggestion.objects.filter(campaign=campaign)
        .select_related("issuer", "member__organization", "collective", "organization")
        .order_by("-issued_on", "-id")
    )
    return render(
        request,
        "campaigns/suggestions.html",
        {
            **admin.site.each_context(request),
            "campaign": campaign,
            "issuer": issuer,
            "form": form,
            "suggestions": page_of(request, suggestions),
            "message": "Đã ghi gợi ý kiểm điểm." if "da-goi-y" in request.GET else "",
        },
    )


@login_required
def campaign_detail(request: HttpRequest, campaign_pk: int) -> HttpResponse:
    campaign = managed_campaign(request, campaign_pk)
    today = timezone.localdate()
    roll = campaign_roll(campaign=campaign)
    # Filter by name or cell, and by status; 50 a page, in the database (a province has
    # hundreds of thousands).
    query = request.GET.get("q", "").strip()
    status = request.GET.get("trang-thai", "")
    shown = roll.members(query=query, status=status).select_related("organization")
    if exporting(request):  # every row, streamed to a workbook (a province: 200,000)
        return roll_workbook(roll, shown)
    page = page_of(request, shown)
    counts = roll.counts()
    return render(
        request,
        "campaigns/detail.html",
        {
            **admin.site.each_context(request),  # the product's header and navigation
            "campaign": campaign,
            "today": today,
            "milestones": campaign_milestones(campaign=campaign, today=today),
            "collectives": roll.collectives(),
            "members": roll.member_rows(page.object_list),
            "stored": roll.stored,
            "page": page,
            "query": request.GET.get("q", ""),
            "status": status,
            "statuses": list(STATUS_LABEL.items()),
            "shown": page.paginator.count,
            "counts": counts,
        },
    )


def _signed_in_member(request: HttpRequest) -> Member:
    member: Member | None = getattr(request.user, "member", None)
    if member is None:
        raise PermissionDenied("Tài khoản chưa gắn với đảng viên")
    return member


@login_required
def self_review_list(request: HttpRequest) -> HttpResponse:
    member = _signed_in_member(request)
    ancestors = ancestor_paths(organization=member.organization)
    campaigns = (
        Campaign.objects.filter(organization__path__in=ancestors, status=Campaign.Status.OPEN)
        .select_related("organization")
        .order_by("-year")
    )
    reviews = {r.campaign_id: r for r in SelfReview.objects.filter(member=member)}
    rows = [(c, reviews.get(c.pk)) for c in campaigns]
    return render(
        request,
        "campaigns/self_review_list.html",
        {**admin.site.each_context(request), "member": member, "rows": rows},
    )


def _review_place(request: HttpRequest, campaign_pk: int) -> tuple[Member, Campaign]:
    member = _signed_in_member(request)
    campaign = campaign_get(pk=campaign_pk)
    if not member.organization.path.startswith(campaign.organization.path):
        raise PermissionDenied("Đảng viên không thuộc tổ chức của kế hoạch này")
    return member, campaign


def _remedy_items(campaign: Campaign, member: Member, review: SelfReview | None) -> list[Any]:
    if review is not None and review.remedy_items:
        return list(review.remedy_items)
    return remedy_prefill(campaign=campaign, member=member)


def _preview_context(campaign: Campaign, member: Member, data: Any) -> dict[str, Any]:
    result = self_review_preview(campaign=campaign, member=member, data=data)
    subject = result.subject("member", "M")
    above = bool(
        data.self_rating and subject.ceiling and RANK[data.self_rating] > RANK[subject.ceiling]
    )
    return {
        "subject": subject,
        "ceiling_label": RATING_LABEL.get(subject.ceiling or "", ""),
        "checks": [c for c in result.checks if c.subject == "M"],
        # Said in plain sight, not in the collapsed notes: the member confirms it to submit.
        "above": above,
        "proposed_label": RATING_LABEL.get(data.self_rating or "", ""),
    }


@login_required
def self_review(request: HttpRequest, campaign_pk: int) -> HttpResponse:
    member, campaign = _review_place(request, campaign_pk)
    mode = asks_for(campaign)
    review = SelfReview.objects.filter(campaign=campaign, member=member).first()
    items = _remedy_items(campaign, member, review)
    saved_message = ""
    window = window_reason(campaign, member)
    readonly = readonly_reason(campaign, member, review, window=window)
    if request.method == "POST" and "withdraw" in request.POST and review is not None:
        try:
            self_review_withdraw(actor=request.user, review=review)
            return redirect(f"{request.path}?da-luu=rut")
        except ServiceError as exc:
            messages.error(request, exc.message)
            return redirect(request.path)
    if request.method == "POST":
        form = SelfReviewForm(request.POST, asks_for=mode, remedy_items=items)
        if form.is_valid():
            data = replace(input_from(form.cleaned_data), remedy_items=form.remedy_items())
            try:
                self_review_save(
                    actor=request.user,
                    campaign=campaign,
                    member=member,
                    data=data,
                    submit="submit" in request.POST,
                    confirm_above_ceiling=request.POST.get("confirm_above_ceiling") == "on",
                )
                kind = "nop" if "submit" in request.POST else "nhap"
                return redirect(f"{request.path}?da-luu={kind}")
            except ServiceError as exc:
                field = exc.field if exc.field in form.fields else None
                form.add_error(field, exc.message)
        data_for_preview = input_from(getattr(form, "cleaned_data", {}))
    else:
        saved = {f: getattr(review, f) for f in SelfReviewForm.base_fields} if review else {}
        form = SelfReviewForm(
            initial={k: v for k, v in saved.items() if v not in (None, "")},
            asks_for=mode,
            remedy_items=items,
        )
        data_for_preview = input_from({**saved, "remedy_items": items if review else ()})
        saved_message = {
            "nhap": "Đã lưu bản nháp.",
            "nop": "Đã nộp bản tự kiểm điểm.",
            "rut": "Đã rút lại bản đã nộp: sửa rồi nộp lại trước ngày chi bộ họp.",
        }.get(request.GET.get("da-luu", ""), "")
    if readonly:
        for name in form.fields:
            form.fields[name].disabled = True
    versions = list(review.versions.select_related("ended_by")) if review else []
    returned = (
        versions[-1]
        if versions
        and review is not None
        and review.status == SelfReview.Status.DRAFT
        and versions[-1].ended == SelfReviewVersion.Ended.RETURNED
        else None
    )
    return render(
        request,
        "campaigns/self_review.html",
        {
            **admin.site.each_context(request),
            **_preview_context(campaign, member, data_for_preview),
            "campaign": campaign,
            "member": member,
            "form": form,
            "review": review,
            "mode": mode,
            "saved_message": saved_message,
            "readonly": readonly,
            # Withdrawing is offered while the window is open and the review is submitted.
            "may_withdraw": review is not None
            and review.status == SelfReview.Status.SUBMITTED
            and not window,
            "versions": versions,
            "returned": returned,
            "meeting_on": campaign.milestones.get(code="cell_meeting").due_on,
            "suggestions": ReviewSuggestion.objects.filter(
                campaign=campaign, member=member
            ).select_related("issuer"),
        },
    )


@login_required
@require_POST
def self_review_preview_view(request: HttpRequest, campaign_pk: int) -> HttpResponse:
    """The engine's ceiling for what the form says now (htmx, while the member writes);
    nothing is saved."""
    member, campaign = _review_place(request, campaign_pk)
    review = SelfReview.objects.filter(campaign=campaign, member=member).first()
    form = SelfReviewForm(
        request.POST,
        asks_for=asks_for(campaign),
        remedy_items=_remedy_items(campaign, member, review),
    )
    form.is_valid()  # a half-typed field is simply left out of the preview
    data = replace(input_from(form.cleaned_data), remedy_items=form.remedy_items())
    return render(
        request, "campaigns/_self_review_preview.html", _preview_context(campaign, member, data)
    )
