"""Downloads of the official documents, DOCX or PDF, for those who may read them."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from kiemdiem.apps.accounts.permissions import can_manage, can_run
from kiemdiem.apps.campaigns.board import CELL_KINDS
from kiemdiem.apps.campaigns.models import Campaign, SelfReview
from kiemdiem.apps.campaigns.selectors import campaign_get, managed_campaign
from kiemdiem.apps.complaints.models import Complaint
from kiemdiem.apps.complaints.services import Actor, speaks_for
from kiemdiem.apps.core.downloads import DOCX, ZIP, attachment
from kiemdiem.apps.core.errors import PermissionDenied, ServiceError
from kiemdiem.apps.decisions.models import ClassificationDecision, DecidedRating, Rerating
from kiemdiem.apps.decisions.selectors import issued_decision, may_see_results
from kiemdiem.apps.evaluation.scenario import DECIDED, subject_names, subject_organization
from kiemdiem.apps.evaluation.stored import stored_result
from kiemdiem.apps.organizations.models import PartyOrganization
from kiemdiem.apps.reviews.models import CollectiveReport, Meeting
from kiemdiem.apps.reviews.visibility import self_review_readable
from kiemdiem.rules import available, load
from kiemdiem.safefiles.names import safe_name

from .archive import PaperAltered, paper_docx, paper_pdf, paper_pdf_keep, paper_stored
from .contexts import BUILDERS, KIND_LABEL, TITLES, Prepared
from .models import DocumentTemplate, IssuedPaper
from .pdf import convert, pdf_bytes
from .render import FILES, docx_bytes, template_path, template_source
from .services import document_template_restore, document_template_upload, ensure_can_adjust

CELL_DOCUMENTS = ("collective_report", "score_sheet", "minutes", "tally_record", "dossier_list")


def may_print(user: Actor, campaign: Campaign, prepared: Prepared) -> bool:
    """Who may print a document: those who manage its organization; the cell's committee its
    cell's papers; the subject its own; the published decision everyone it is published to."""
    kind = prepared.kind
    if kind == "self_review" and isinstance(prepared.record, SelfReview):
        # Not the committee's to print before the member submits it.
        return self_review_readable(user, prepared.record)
    if can_manage(user, prepared.organization):
        return True
    if kind in CELL_DOCUMENTS and can_run(user, prepared.organization):
        return True
    if kind == "decision":
        return not prepared.context["draft"] and may_see_results(user, campaign)
    return any(speaks_for(user, subject) for subject in prepared.subjects)


def prepare(request: HttpRequest, campaign_pk: int, kind: str) -> tuple[Campaign, Prepared]:
    campaign = campaign_get(pk=campaign_pk)
    builder = BUILDERS.get(kind)
    if builder is None:
        raise Http404("Không có loại văn bản này")
    prepared = builder(campaign, request.GET.get("doi-tuong", ""))
    if not may_print(request.user, campaign, prepared):
        raise PermissionDenied("Văn bản này không thuộc phạm vi của đồng chí")
    return campaign, prepared


@login_required
def document(request: HttpRequest, campaign_pk: int, kind: str, fmt: str) -> HttpResponse:
    if fmt not in ("docx", "pdf"):
        raise Http404("Chỉ có bản DOCX hoặc PDF")
    ref = request.GET.get("doi-tuong", "")
    campaign = campaign_get(pk=campaign_pk)
    paper = IssuedPaper.objects.filter(campaign=campaign, kind=kind, ref=ref).first()
    if paper is not None:  # issued and stored: who may print it is kept with it
        owner = Prepared(kind, paper.filename, paper.organization, {"draft": False})
        owner.subjects = set(paper.subjects)
        if not may_print(request.user, campaign, owner):
            raise PermissionDenied("Văn bản này không thuộc phạm vi của đồng chí")
    else:
        campaign, prepared = prepare(request, campaign_pk, kind)
    try:
        if paper is None:  # final but not yet stored (a letter's first print): stored now
            paper = paper_stored(actor=request.user, campaign=campaign, kind=kind, ref=ref)
        if paper is not None:  # issued: the stored bytes, never a new rendering
            if fmt == "docx":
                return attachment(paper_docx(paper), f"{paper.filename}.docx", DOCX)
            pdf = paper_pdf(actor=request.user, paper=paper)
            return attachment(pdf, f"{paper.filename}.pdf", "application/pdf")
    except PaperAltered:
        return _refused(
            request,
            campaign,
            fmt,
            "Tệp lưu trữ của văn bản này không còn khớp mã băm khi ban hành: báo quản trị hệ "
            "thống kiểm tra (manage.py ledger_verify).",
            docx=False,
        )
    except ServiceError as exc:
        return _refused(request, campaign, fmt, exc.message, docx=fmt == "pdf")
    try:
        body = docx_bytes(kind, campaign.ruleset, prepared.context)
    except ServiceError as exc:  # a template the sandbox refused
        return _refused(request, campaign, fmt, exc.message, docx=False)
    if fmt == "docx":
        return attachment(body, f"{prepared.filename}.docx", DOCX)
    try:
        pdf = pdf_bytes(body)
    except ServiceError as exc:
        return _refused(request, campaign, fmt, exc.message, docx=True)
    return attachment(pdf, f"{prepared.filename}.pdf", "application/pdf")


def _refused(
    request: HttpRequest, campaign: Campaign, fmt: str, message: str, *, docx: bool
) -> HttpResponse:
    """A paper that cannot be given in this format, said on a page with the way on (the
    DOCX, where that can be had) — not a bare error."""
    return render(
        request,
        "documents/refused.html",
        {
            "message": message,
            "fmt": fmt,
            "docx": request.get_full_path().replace(".pdf", ".docx", 1) if docx else "",
            "back": reverse("campaign-documents", args=[campaign.pk]),
        },
        status=503,
    )


DOCUMENTS_PAGE = 100  # cells, and result letters, on one page


@login_required
def documents_page(request: HttpRequest, campaign_pk: int) -> HttpResponse:
    """Every document of a campaign in one place, for those who manage it."""
    campaign = managed_campaign(request, campaign_pk)
    decision = ClassificationDecision.objects.filter(campaign=campaign).first()
    query = request.GET.get("q", "").strip()
    # A province has thousands of cells and, once decided, some 200,000 result letters:
    # both lists are searched and paged in the database.
    cells_qs = PartyOrganization.objects.filter(
        path__startswith=campaign.organization.path, kind__in=CELL_KINDS
    ).order_by("name", "pk")
    if query:
        cells_qs = cells_qs.filter(name__icontains=query)
    cells_page = Paginator(cells_qs, DOCUMENTS_PAGE).get_page(request.GET.get("trang-chi-bo"))
    cells = list(cells_page.object_list)
    meetings = {
        m.organization_id: m
        for m in Meeting.objects.filter(
            campaign=campaign, collective__isnull=True, organization__in=cells
        ).defer("submitted_result")
    }
    reports = set(
        CollectiveReport.objects.filter(
            campaign=campaign, collective__isnull=True, organization__in=cells
        ).values_list("organization_id", flat=True)
    )
    subjects_page = None
    if decision is not None and decision.status == ClassificationDecision.Status.ISSUED:
        decided = stored_result(campaign, DECIDED).rows.filter(
            Exists(DecidedRating.objects.filter(decision=decision, subject=OuterRef("key")))
        )
        if query:
            decided = decided.filter(name__icontains=query)
        # By name, each with its kind beside it: read in the stored rows' name index a
        # page at a time (sorted by kind first, a province's rows were sorted per request).
        decided = decided.order_by("name", "key")
        subjects_page = Paginator(decided.only("key", "name", "type"), DOCUMENTS_PAGE).get_page(
            request.GET.get("trang")
        )
    subjects = [(r.key, r.name, KIND_LABEL.get(r.type, "")) for r in (subjects_page or ())]
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
            "subjects_page": subjects_page,
            "cells_page": cells_page,
            "query": query,
        },
    )


@login_required
def templates_page(request: HttpRequest) -> HttpResponse:
    """The document templates per rule set: download the one in use, upload an adjusted
    one (checked before it is used), go back to the shipped file."""
    try:
        ensure_can_adjust(request.user)
    except ServiceError as exc:
        raise PermissionDenied(exc.message) from exc
    ruleset = request.POST.get("ruleset") or request.GET.get("bo-quy-tac") or "qd366-2025"
    if ruleset not in available():
        raise Http404("Không có bộ quy tắc này")
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        try:
            if "restore" in request.POST:
                document_template_restore(actor=request.user, ruleset=ruleset, kind=kind)
                messages.success(request, f"{TITLES.get(kind, kind)}: dùng lại mẫu gốc.")
            else:
                upload = request.FILES.get("file")
                if upload is None:
                    raise ServiceError("file", "Chọn tệp Word (.docx)")
                document_template_upload(
                    actor=request.user, ruleset=ruleset, kind=kind, upload=upload
                )
                messages.success(request, f"{TITLES.get(kind, kind)}: đã dùng mẫu “{upload.name}”.")
        except ServiceError as exc:
            messages.error(request, exc.message)
        return redirect(f"{request.path}?bo-quy-tac={ruleset}")
    adjusted = {
        t.kind: t
        for t in DocumentTemplate.objects.filter(ruleset=ruleset, active=True).select_related(
            "uploaded_by"
        )
    }
    kinds = [*TITLES, "report"]
    return render(
        request,
        "documents/templates.html",
        {
            **admin.site.each_context(request),
            "ruleset": ruleset,
            "rulesets": [(r, load(r).title) for r in available()],
            "rows": [
                {
                    "kind": k,
                    "title": TITLES.get(k, "Báo cáo thống kê (khung chung)"),
                    "adjusted": adjusted.get(k),
                    "shipped": str(template_path(k, ruleset).relative_to(FILES)),
                }
                for k in kinds
            ],
        },
    )


@login_required
def template_download(request: HttpRequest, ruleset: str, kind: str) -> HttpResponse:
    """The template in use, to adjust in Word (its tags kept)."""
    try:
        ensure_can_adjust(request.user)
    except ServiceError as exc:
        raise PermissionDenied(exc.message) from exc
    if ruleset not in available() or (kind not in TITLES and kind != "report"):
        raise Http404("Không có mẫu này")
    source = template_source(kind, ruleset)
    if isinstance(source, str):
        body = Path(source).read_bytes()
    else:
        with source:
            body = source.read()
    return attachment(body, f"mau-{kind}-{ruleset}.docx", DOCX)


@login_required
def letters_batch(request: HttpRequest, campaign_pk: int, code: str) -> HttpResponse:
    """Every result letter of one cell (or of the whole đảng bộ) as PDFs in one ZIP, made in
    one start of LibreOffice: what the secretary prints and hands out after the decision."""
    campaign = campaign_get(pk=campaign_pk)
    scope = get_object_or_404(
        PartyOrganization, code=code, path__startswith=campaign.organization.path
    )
    if not can_run(request.user, scope):
        raise PermissionDenied("Chi bộ này không thuộc phạm vi của đồng chí")
    decision = issued_decision(campaign)
    if decision is None:
        raise Http404("Quyết định xếp loại chưa ban hành")
    keys = [
        k
        for k in decision.ratings.values_list("subject", flat=True)
        if k.startswith(("member/", "leader/"))
    ]
    names = subject_names(keys)
    in_scope = [
        key
        for key in sorted(keys, key=lambda k: names.get(k, k))
        if (home := subject_organization(key)) is not None and home.path.startswith(scope.path)
    ]
    letters: dict[str, bytes] = {}
    kept: dict[str, bytes] = {}
    papers: dict[str, IssuedPaper] = {}
    try:
        for n, key in enumerate(in_scope, start=1):
            name = safe_name(f"{n:03d}-{names.get(key, key)}", limit=80) + ".pdf"
            paper = paper_stored(
                actor=request.user, campaign=campaign, kind="notification", ref=key
            )
            if paper is None:  # not in the decision (cannot be: the keys come from it)
                continue
            papers[name] = paper
            if paper.pdf:
                kept[name] = paper_pdf(actor=request.user, paper=paper)
            else:
                letters[name] = paper_docx(paper)
        if not papers:
            raise Http404("Không có thông báo kết quả nào trong phạm vi này")
        # The letters not yet converted, in one start of LibreOffice; each PDF kept.
        made = convert(letters) if letters else {}
        for name, pdf in made.items():
            kept[name] = paper_pdf_keep(actor=request.user, paper=papers[name], body=pdf)
    except PaperAltered:
        return _refused(
            request,
            campaign,
            "pdf",
            "Tệp lưu trữ của một thông báo không còn khớp mã băm: báo quản trị hệ thống.",
            docx=False,
        )
    except ServiceError as exc:
        return _refused(request, campaign, "pdf", exc.message, docx=False)
    pdfs = dict(sorted(kept.items()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, pdf in pdfs.items():
            archive.writestr(name, pdf)
    return attachment(
        buffer.getvalue(), f"thong-bao-ket-qua-{safe_name(code)}-{campaign.year}.zip", ZIP
    )
