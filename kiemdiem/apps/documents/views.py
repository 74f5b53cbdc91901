"""Downloads of the official documents, DOCX or PDF, for those who may read them."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from kiemdiem.apps.accounts.permissions import can_manage, can_run
from kiemdiem.apps.campaigns.board import CELL_KINDS
from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.cells.models import CollectiveReport, Meeting
from kiemdiem.apps.cells.scenario import subject_names
from kiemdiem.apps.complaints.models import Complaint
from kiemdiem.apps.complaints.services import Actor, speaks_for
from kiemdiem.apps.core.errors import ServiceError
from kiemdiem.apps.decisions.models import ClassificationDecision, Rerating
from kiemdiem.apps.decisions.selectors import may_see_results
from kiemdiem.apps.organizations.models import PartyOrganization

from .contexts import BUILDERS, KIND_LABEL, Prepared
from .render import docx_bytes, pdf_bytes

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CELL_DOCUMENTS = ("collective_report", "score_sheet", "minutes", "tally_record", "dossier_list")


def may_print(user: Actor, campaign: Campaign, prepared: Prepared) -> bool:
    """Who may print a document: those who manage its organization; the cell's committee its
    cell's papers; the subject its own; the published decision everyone it is published to."""
    if can_manage(user, prepared.organization):
        return True
    kind = prepared.kind
    if kind in (*CELL_DOCUMENTS, "self_review") and can_run(user, prepared.organization):
        return True
    if kind == "decision":
        return not prepared.context["draft"] and may_see_results(user, campaign)
    return any(speaks_for(user, subject) for subject in prepared.subjects)


def prepare(request: HttpRequest, pk: int, kind: str) -> tuple[Campaign, Prepared]:
    campaign = get_object_or_404(Campaign.objects.select_related("organization"), pk=pk)
    builder = BUILDERS.get(kind)
    if builder is None:
        raise Http404("Không có loại văn bản này")
    prepared = builder(campaign, request.GET.get("doi-tuong", ""))
    if not may_print(request.user, campaign, prepared):
        raise PermissionDenied("Văn bản này không thuộc phạm vi của đồng chí")
    prepared.ruleset = campaign.ruleset
    return campaign, prepared


def attachment(body: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@login_required
def document(request: HttpRequest, pk: int, kind: str, fmt: str) -> HttpResponse:
    if fmt not in ("docx", "pdf"):
        raise Http404("Chỉ có bản DOCX hoặc PDF")
    campaign, prepared = prepare(request, pk, kind)
    body = docx_bytes(kind, campaign.ruleset, prepared.context)
    if fmt == "docx":
        return attachment(body, f"{prepared.filename}.docx", DOCX)
    try:
        pdf = pdf_bytes(body)
    except ServiceError as exc:
        return HttpResponse(exc.message, status=503, content_type="text/plain; charset=utf-8")
    return attachment(pdf, f"{prepared.filename}.pdf", "application/pdf")


@login_required
def documents_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Every document of a campaign in one place, for those who manage it."""
    campaign = get_object_or_404(Campaign.objects.select_related("organization"), pk=pk)
    if not can_manage(request.user, campaign.organization):
        raise PermissionDenied("Chỉ cấp ủy, văn phòng quản lý kế hoạch")
    decision = ClassificationDecision.objects.filter(campaign=campaign).first()
    cells = list(
        PartyOrganization.objects.filter(
            path__startswith=campaign.organization.path, kind__in=CELL_KINDS
        ).order_by("name")
    )
    meetings = {
        m.organization_id: m
        for m in Meeting.objects.filter(campaign=campaign, collective__isnull=True)
    }
    reports = set(
        CollectiveReport.objects.filter(campaign=campaign, collective__isnull=True).values_list(
            "organization_id", flat=True
        )
    )
    subjects: list[tuple[str, str, str]] = []
    if decision is not None and decision.status == ClassificationDecision.Status.ISSUED:
        keys = list(decision.ratings.values_list("subject", flat=True))
        names = subject_names(keys)
        subjects = sorted(
            ((k, names.get(k, k), KIND_LABEL.get(k.partition("/")[0], "")) for k in keys),
            key=lambda t: (t[2], t[1]),
        )
    return render(
        request,
        "documents/campaign.html",
        {
            **admin.site.each_context(request),
            "campaign": campaign,
            "decision": decision,
            "cells": [
                {"cell": c, "report": c.pk in reports, "meeting": meetings.get(c.pk)} for c in cells
            ],
            "reratings": Rerating.objects.filter(decision__campaign=campaign).order_by("pk"),
            "answers": Complaint.objects.filter(campaign=campaign)
            .exclude(answer="")
            .order_by("pk"),
            "subjects": subjects,
        },
    )
