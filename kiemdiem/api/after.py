"""The API for the second half of a campaign: appraisal, decision, results, complaints,
reservations, re-rating, commendation, closing and a subject's history — the same services
and scoping as the pages."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router

from kiemdiem.apps.appraisals.services import appraisal_record
from kiemdiem.apps.audit.models import AuditEntry
from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.campaigns.selectors import campaign_get, managed_campaign
from kiemdiem.apps.complaints import services as complaints
from kiemdiem.apps.complaints.models import Complaint
from kiemdiem.apps.core.errors import PermissionDenied, ServiceError
from kiemdiem.apps.decisions.closing import campaign_close, campaign_reopen, closing_blockers
from kiemdiem.apps.decisions.commendations import commendation_candidates, commendation_select
from kiemdiem.apps.decisions.models import (
    ClassificationDecision,
    Commendation,
    DecidedRating,
    Rerating,
)
from kiemdiem.apps.decisions.rerating import rerating_cancel, rerating_issue
from kiemdiem.apps.decisions.selectors import issued_decision, may_see_results, proposal_page
from kiemdiem.apps.decisions.services import (
    cells_not_reported,
    decided_set,
    decision_issue,
    decision_stored,
    missing_report_record,
)
from kiemdiem.apps.evaluation.scenario import subject_names, subject_organization
from kiemdiem.apps.organizations.models import PartyOrganization
from kiemdiem.apps.portal.readers import history_reader

from . import schemas as s

router = Router()


# ---------------------------------------------------------------- appraisal and decision


@router.post(
    "/campaigns/{pk}/appraisals",
    response={200: s.DecisionOut, 403: s.Errors, 422: s.Errors},
    tags=["Thẩm định, quyết định"],
)
def appraisal_post(request: HttpRequest, pk: int, payload: s.AppraisalIn) -> Any:
    """The office's appraisal of one subject's proposal: agree, or another rating with a
    reason."""
    campaign = managed_campaign(request, pk)
    appraisal_record(
        actor=request.user,
        campaign=campaign,
        subject=payload.subject,
        verdict=payload.verdict,
        rating=payload.rating,
        reason=payload.reason,
    )
    return _decision_out(campaign)


DECISION_ROWS = 1000  # rows of the decision's list in one answer (a province has 200,000)


def _decision_out(
    campaign: Campaign, *, offset: int = 0, limit: int = DECISION_ROWS
) -> dict[str, Any]:
    count, proposed = proposal_page(
        campaign, offset=max(0, offset), limit=max(1, min(limit, DECISION_ROWS))
    )
    keys = list(proposed)
    decided = {
        d.subject: d
        for d in DecidedRating.objects.filter(decision__campaign=campaign, subject__in=keys)
    }
    stored = decision_stored(campaign)
    ceilings = dict(
        stored.rows.filter(key__in=keys).exclude(ceiling="").values_list("key", "ceiling")
    )
    names = subject_names(keys)
    decision = ClassificationDecision.objects.filter(campaign=campaign).first()
    issued = decision is not None and decision.status == ClassificationDecision.Status.ISSUED
    excuses = dict(decision.missing.values_list("organization_id", "reason")) if decision else {}
    return {
        "status": decision.status if decision else "draft",
        "number": decision.number if decision else "",
        "issued_on": decision.issued_on if decision else None,
        "count": count,
        "offset": max(0, offset),
        "rows": [
            {
                "subject": key,
                "name": names.get(key, key),
                "proposed": rating,
                "ceiling": ceilings.get(key),
                "decided": decided[key].rating if key in decided else None,
                "reason": decided[key].reason if key in decided else "",
            }
            for key, rating in proposed.items()
        ],
        "quota_exceeded": [c.message for c in stored.checks_where(code="quota_exceeded")],
        "closing_blockers": closing_blockers(campaign) if issued else [],
        "not_reported": [
            {
                "organization_code": cell.code,
                "name": cell.name,
                "reason": excuses.get(cell.pk, ""),
            }
            for cell in ([] if issued else cells_not_reported(campaign))
        ],
    }


@router.get("/campaigns/{pk}/decision", response=s.DecisionOut, tags=["Thẩm định, quyết định"])
def decision_get(request: HttpRequest, pk: int, offset: int = 0, limit: int = DECISION_ROWS) -> Any:
    """The decision with a page of its list (`rows`, by subject key): `count` subjects in
    all; ask the next with `offset`."""
    return _decision_out(managed_campaign(request, pk), offset=offset, limit=limit)


@router.post(
    "/campaigns/{pk}/decision/ratings",
    response={200: s.DecisionOut, 403: s.Errors, 422: s.Errors},
    tags=["Thẩm định, quyết định"],
)
def decided_post(request: HttpRequest, pk: int, payload: s.DecidedIn) -> Any:
    campaign = managed_campaign(request, pk)
    decided_set(
        actor=request.user,
        campaign=campaign,
        subject=payload.subject,
        rating=payload.rating,
        reason=payload.reason,
    )
    return _decision_out(campaign)


@router.post(
    "/campaigns/{pk}/decision/not-reported",
    response={200: s.DecisionOut, 403: s.Errors, 404: s.Errors, 422: s.Errors},
    tags=["Thẩm định, quyết định"],
)
def not_reported_post(request: HttpRequest, pk: int, payload: s.NotReportedIn) -> Any:
    """Why a cell that has not reported is left out of the decision."""
    campaign = managed_campaign(request, pk)
    cell = PartyOrganization.objects.filter(
        code=payload.organization_code, path__startswith=campaign.organization.path
    ).first()
    if cell is None:
        raise ServiceError("organization_code", "Không có chi bộ này trong kế hoạch")
    missing_report_record(actor=request.user, campaign=campaign, cell=cell, reason=payload.reason)
    return _decision_out(campaign)


@router.post(
    "/campaigns/{pk}/decision/issue",
    response={200: s.DecisionOut, 403: s.Errors, 422: s.Errors},
    tags=["Thẩm định, quyết định"],
)
def decision_issue_post(request: HttpRequest, pk: int, payload: s.IssueIn) -> Any:
    campaign = managed_campaign(request, pk)
    decision_issue(
        actor=request.user, campaign=campaign, number=payload.number, issued_on=payload.issued_on
    )
    return _decision_out(campaign)


@router.get(
    "/campaigns/{pk}/results",
    response={200: s.ResultsOut, 403: s.Errors, 404: s.Errors},
    tags=["Thẩm định, quyết định"],
)
def results_get(request: HttpRequest, pk: int) -> Any:
    """The published results: to the organization's members and those who manage it."""
    campaign = campaign_get(pk=pk)
    if not may_see_results(request.user, campaign):
        raise PermissionDenied("Kết quả chỉ công bố trong tổ chức đảng")
    decision = issued_decision(campaign)
    if decision is None:
        raise Http404("Chưa ban hành quyết định xếp loại")
    ratings = list(decision.ratings.all())
    names = subject_names(d.subject for d in ratings)
    open_ = set(
        Rerating.objects.filter(decision=decision, status=Rerating.Status.CANCELLED).values_list(
            "subject", flat=True
        )
    )
    return {
        "number": decision.number,
        "issued_on": decision.issued_on,
        "rows": [
            {
                "subject": d.subject,
                "name": names.get(d.subject, d.subject),
                "rating": d.rating,
                "cancelled": d.subject in open_,
            }
            for d in sorted(ratings, key=lambda d: d.subject)
        ],
    }


# ---------------------------------------------------------------- complaints, reservations


def _complaint_out(c: Complaint) -> dict[str, Any]:
    return {
        "id": c.pk,
        "campaign": c.campaign_id,
        "subject": c.subject,
        "complainant": c.complainant,
        "content": c.content,
        "filed_on": c.filed_on,
        "status": c.status,
        "outcome": c.outcome,
        "conclusion": c.conclusion,
        "answer": c.answer,
        "answer_number": c.answer_number,
        "answered_on": c.answered_on,
        "steps": [{"kind": x.kind, "at": x.at, "text": x.text} for x in c.steps.all()],
        "attachments": [a.name for a in c.attachments.all()],
    }


def _complaint(request: HttpRequest, pk: int) -> Complaint:
    complaint = get_object_or_404(Complaint.objects.select_related("campaign__organization"), pk=pk)
    if not complaints.may_see(request.user, complaint):
        raise PermissionDenied("Không xem được khiếu nại này")
    return complaint


@router.post(
    "/campaigns/{pk}/complaints",
    response={200: s.ComplaintOut, 403: s.Errors, 422: s.Errors},
    tags=["Khiếu nại"],
)
def complaint_post(request: HttpRequest, pk: int, payload: s.ComplaintIn) -> Any:
    """File a written complaint (attachments are uploaded on the page)."""
    complaint = complaints.complaint_file(
        actor=request.user,
        campaign=campaign_get(pk=pk),
        subject=payload.subject,
        content=payload.content,
        filed_on=payload.filed_on,
        complainant=payload.complainant,
    )
    return _complaint_out(complaint)


@router.get("/complaints/{pk}", response={200: s.ComplaintOut, 403: s.Errors}, tags=["Khiếu nại"])
def complaint_get(request: HttpRequest, pk: int) -> Any:
    return _complaint_out(_complaint(request, pk))


@router.post(
    "/complaints/{pk}/assign",
    response={200: s.ComplaintOut, 403: s.Errors, 422: s.Errors},
    tags=["Khiếu nại"],
)
def complaint_assign(request: HttpRequest, pk: int, payload: s.AssignIn) -> Any:
    complaint = _complaint(request, pk)
    assignee = User.objects.filter(username=payload.assignee).first()
    if assignee is None:
        raise ServiceError("assignee", f"Không có tài khoản “{payload.assignee}”")
    complaints.complaint_assign(actor=request.user, complaint=complaint, assignee=assignee)
    return _complaint_out(complaint)


@router.post(
    "/complaints/{pk}/notes",
    response={200: s.ComplaintOut, 403: s.Errors, 422: s.Errors},
    tags=["Khiếu nại"],
)
def complaint_note(request: HttpRequest, pk: int, payload: s.NoteIn) -> Any:
    complaint = _complaint(request, pk)
    complaints.complaint_note(actor=request.user, complaint=complaint, text=payload.text)
    return _complaint_out(complaint)


@router.post(
    "/complaints/{pk}/conclusion",
    response={200: s.ComplaintOut, 403: s.Errors, 422: s.Errors},
    tags=["Khiếu nại"],
)
def complaint_conclude(request: HttpRequest, pk: int, payload: s.ConcludeIn) -> Any:
    complaint = _complaint(request, pk)
    complaints.complaint_conclude(
        actor=request.user,
        complaint=complaint,
        outcome=payload.outcome,
        conclusion=payload.conclusion,
        concluded_on=payload.concluded_on,
    )
    return _complaint_out(complaint)


@router.post(
    "/complaints/{pk}/answer",
    response={200: s.ComplaintOut, 403: s.Errors, 422: s.Errors},
    tags=["Khiếu nại"],
)
def complaint_answer(request: HttpRequest, pk: int, payload: s.AnswerIn) -> Any:
    complaint = _complaint(request, pk)
    complaints.complaint_answer(
        actor=request.user,
        complaint=complaint,
        answer=payload.answer,
        number=payload.number,
        answered_on=payload.answered_on,
    )
    return _complaint_out(complaint)


@router.post(
    "/campaigns/{pk}/reservations",
    response={200: s.ResultsOut, 403: s.Errors, 422: s.Errors},
    tags=["Khiếu nại"],
)
def reservation_post(request: HttpRequest, pk: int, payload: s.ReservationIn) -> Any:
    complaints.reservation_record(
        actor=request.user,
        campaign=campaign_get(pk=pk),
        subject=payload.subject,
        content=payload.content,
    )
    return results_get(request, pk)


# ---------------------------------------------------------------- re-rating, commendation


def _rerating_out(r: Rerating) -> dict[str, Any]:
    return {
        "id": r.pk,
        "subject": r.subject,
        "previous_rating": r.previous_rating,
        "cause": r.cause,
        "reason": r.reason,
        "status": r.status,
        "rating": r.rating,
        "number": r.number,
        "issued_on": r.issued_on,
    }


@router.post(
    "/campaigns/{pk}/reratings",
    response={200: s.ReratingOut, 403: s.Errors, 422: s.Errors},
    tags=["Xếp loại lại"],
)
def rerating_post(request: HttpRequest, pk: int, payload: s.CancelIn) -> Any:
    """Cancel an issued result (the first step of re-rating)."""
    campaign = managed_campaign(request, pk)
    complaint = None
    if payload.complaint is not None:
        complaint = Complaint.objects.filter(pk=payload.complaint, campaign=campaign).first()
        if complaint is None:
            raise ServiceError("complaint", "Không có khiếu nại này trong kế hoạch")
    rerating = rerating_cancel(
        actor=request.user,
        campaign=campaign,
        subject=payload.subject,
        cause=payload.cause,
        reason=payload.reason,
        complaint=complaint,
    )
    return _rerating_out(rerating)


@router.post(
    "/reratings/{pk}/issue",
    response={200: s.ReratingOut, 403: s.Errors, 422: s.Errors},
    tags=["Xếp loại lại"],
)
def rerating_issue_post(request: HttpRequest, pk: int, payload: s.ReratingIssueIn) -> Any:
    rerating = get_object_or_404(Rerating.objects.select_related("decision__campaign"), pk=pk)
    rerating_issue(
        actor=request.user,
        rerating=rerating,
        rating=payload.rating,
        number=payload.number,
        issued_on=payload.issued_on,
    )
    rerating.refresh_from_db()
    return _rerating_out(rerating)


def _candidates_out(campaign: Campaign) -> list[dict[str, Any]]:
    found, _ = commendation_candidates(campaign)
    chosen = set(Commendation.objects.filter(campaign=campaign).values_list("subject", "title"))
    names = subject_names(c.subject for c in found)
    return [
        {
            "subject": c.subject,
            "name": names.get(c.subject, c.subject),
            "title": c.title,
            "years": list(c.years),
            "message": c.message,
            "selected": (c.subject, c.title) in chosen,
        }
        for c in found
    ]


@router.get("/campaigns/{pk}/commendation", response=list[s.CandidateOut], tags=["Xếp loại lại"])
def commendation_get(request: HttpRequest, pk: int) -> Any:
    return _candidates_out(managed_campaign(request, pk))


@router.post(
    "/campaigns/{pk}/commendation",
    response={200: list[s.CandidateOut], 403: s.Errors, 422: s.Errors},
    tags=["Xếp loại lại"],
)
def commendation_post(request: HttpRequest, pk: int, payload: s.CommendationIn) -> Any:
    campaign = managed_campaign(request, pk)
    commendation_select(
        actor=request.user,
        campaign=campaign,
        subject=payload.subject,
        title=payload.title,
        selected=payload.selected,
    )
    return _candidates_out(campaign)


# ---------------------------------------------------------------- closing, history


@router.post(
    "/campaigns/{pk}/close",
    response={200: s.CampaignStatusOut, 403: s.Errors, 422: s.Errors},
    tags=["Kế hoạch"],
)
def close_post(request: HttpRequest, pk: int) -> Any:
    campaign = campaign_close(actor=request.user, campaign=managed_campaign(request, pk))
    return {"id": campaign.pk, "status": campaign.status}


@router.post(
    "/campaigns/{pk}/reopen",
    response={200: s.CampaignStatusOut, 403: s.Errors, 422: s.Errors},
    tags=["Kế hoạch"],
)
def reopen_post(request: HttpRequest, pk: int, payload: s.ReopenIn) -> Any:
    campaign = campaign_reopen(
        actor=request.user, campaign=managed_campaign(request, pk), reason=payload.reason
    )
    return {"id": campaign.pk, "status": campaign.status}


@router.get(
    "/history",
    response={200: list[s.HistoryRow], 403: s.Errors, 404: s.Errors},
    tags=["Lịch sử"],
)
def history_get(request: HttpRequest, subject: str, year: int | None = None) -> Any:
    """Every recorded change of one subject (?subject=member/M12), oldest first; `year`
    keeps one year's (its campaign's, and records of that year outside a campaign)."""
    owner = subject_organization(subject)
    if owner is None:
        raise ServiceError("subject", f"Không có đối tượng “{subject}”")
    own = history_reader(request.user, subject, owner)
    if own is None:
        raise PermissionDenied("Ngoài phạm vi tổ chức được giao")
    entries = AuditEntry.objects.filter(subject=subject).select_related("actor", "campaign")
    if year is not None:
        entries = entries.filter(Q(campaign__year=year) | Q(campaign__isnull=True, at__year=year))
    return [
        {
            "at": e.at,
            "campaign_id": e.campaign_id,
            "year": e.campaign.year if e.campaign is not None else e.at.year,
            "action": e.action,
            "actor": "" if own or e.actor is None else e.actor.username,
            "before": e.before,
            "after": e.after,
            "reason": e.reason,
        }
        for e in entries.order_by("at", "id")
    ]
