"""The campaign page for the office: milestones against today, and who is reviewed where."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from kiemdiem.apps.accounts.permissions import can_manage
from kiemdiem.apps.core.errors import ServiceError
from kiemdiem.apps.members.models import Member
from kiemdiem.apps.organizations.selectors import ancestor_paths
from kiemdiem.rules.ratings import RATING_LABEL

from .forms import SelfReviewForm
from .models import Campaign, SelfReview
from .selectors import campaign_milestones
from .self_reviews import asks_for, input_from, self_review_preview, self_review_save
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


@login_required
def self_review(request: HttpRequest, pk: int) -> HttpResponse:
    member = _signed_in_member(request)
    campaign = get_object_or_404(Campaign.objects.select_related("organization"), pk=pk)
    if not member.organization.path.startswith(campaign.organization.path):
        raise PermissionDenied("Đảng viên không thuộc tổ chức của kế hoạch này")
    mode = asks_for(campaign)
    review = SelfReview.objects.filter(campaign=campaign, member=member).first()
    saved_message = ""
    if request.method == "POST":
        form = SelfReviewForm(request.POST, asks_for=mode)
        if form.is_valid():
            data = input_from(form.cleaned_data)
            try:
                self_review_save(
                    actor=request.user,
                    campaign=campaign,
                    member=member,
                    data=data,
                    submit="submit" in request.POST,
                )
                kind = "nop" if "submit" in request.POST else "nhap"
                return redirect(f"{request.path}?da-luu={kind}")
            except ServiceError as exc:
                form.add_error(None if exc.field == "__all__" else exc.field, exc.message)
        data_for_preview = input_from(getattr(form, "cleaned_data", {}))
    else:
        saved = {f: getattr(review, f) for f in SelfReviewForm.base_fields} if review else {}
        form = SelfReviewForm(
            initial={k: v for k, v in saved.items() if v not in (None, "")}, asks_for=mode
        )
        data_for_preview = input_from(saved)
        saved_message = {"nhap": "Đã lưu bản nháp.", "nop": "Đã nộp bản tự kiểm điểm."}.get(
            request.GET.get("da-luu", ""), ""
        )
    result = self_review_preview(campaign=campaign, member=member, data=data_for_preview)
    subject = result.subject("member", "M")
    return render(
        request,
        "campaigns/self_review.html",
        {
            **admin.site.each_context(request),
            "campaign": campaign,
            "member": member,
            "form": form,
            "review": review,
            "mode": mode,
            "subject": subject,
            "ceiling_label": RATING_LABEL.get(subject.ceiling or "", ""),
            "checks": [c for c in result.checks if c.subject == "M"],
            "saved_message": saved_message,
            "meeting_on": campaign.milestones.get(code="cell_meeting").due_on,
        },
    )
