"""The dossiers page: every dossier of the campaign (or of one cell) against its checklist,
what is missing before the deadline, uploads, and the whole dossier as one ZIP."""

from __future__ import annotations

import io
import zipfile

from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from kiemdiem.apps.accounts.permissions import can_manage, can_run
from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.campaigns.selectors import campaign_get
from kiemdiem.apps.core.downloads import attachment
from kiemdiem.apps.core.errors import PermissionDenied, ServiceError
from kiemdiem.apps.core.kept import kept as kept_until_write
from kiemdiem.apps.core.paging import page_of
from kiemdiem.apps.documents.contexts import BUILDERS
from kiemdiem.apps.documents.render import docx_bytes
from kiemdiem.apps.evaluation.scenario import subject_organization
from kiemdiem.apps.organizations.models import PartyOrganization
from kiemdiem.safefiles.names import entry, safe_name

from .models import DossierFile
from .selectors import MISSING, campaign_dossiers, dossier_deadline, dossiers_of
from .services import dossier_file_remove, dossier_file_upload


def _scope(
    request: HttpRequest, pk: int, code: str | None
) -> tuple[Campaign, PartyOrganization | None]:
    campaign = campaign_get(pk=pk)
    if code is None or code == campaign.organization.code:
        if not can_manage(request.user, campaign.organization):
            raise PermissionDenied("Chỉ cấp ủy, văn phòng quản lý kế hoạch")
        return campaign, None
    cell = get_object_or_404(
        PartyOrganization, code=code, path__startswith=campaign.organization.path
    )
    if not can_run(request.user, cell):
        raise PermissionDenied("Chỉ chi ủy của chi bộ hoặc văn phòng cấp ủy cấp trên")
    return campaign, cell


@login_required
def dossiers_page(request: HttpRequest, campaign_pk: int, code: str | None = None) -> HttpResponse:
    campaign, cell = _scope(request, campaign_pk, code)
    if request.method == "POST":
        try:
            if "remove" in request.POST:
                kept = get_object_or_404(
                    DossierFile, pk=request.POST.get("remove"), campaign=campaign
                )
                dossier_file_remove(actor=request.user, kept=kept)
                messages.success(request, f"Đã gỡ tệp “{kept.name}” khỏi hồ sơ.")
            else:
                upload = request.FILES.get("file")
                if upload is None:
                    raise ServiceError("file", "Chọn tệp để tải lên")
                kept = dossier_file_upload(
                    actor=request.user,
                    campaign=campaign,
                    subject=request.POST.get("subject", ""),
                    item=request.POST.get("item", ""),
                    upload=upload,
                )
                messages.success(request, f"Đã đưa tệp “{kept.name}” vào hồ sơ.")
        except ServiceError as exc:
            messages.error(request, exc.message)
        return redirect(request.get_full_path())
    # Which dossiers there are and whether each is complete, kept until the next write:
    # counting a province's 202,000 takes seconds; the page then builds only its own.
    scope = cell or campaign.organization
    refs = kept_until_write(
        "dossiers",
        (campaign.pk, scope.pk),
        lambda: campaign_dossiers(campaign, cell=cell).refs(),
    )
    only_missing = request.GET.get("thieu") == "1"
    page = page_of(request, refs.positions(missing_only=only_missing))
    page.object_list = dossiers_of(campaign, [refs[i] for i in page.object_list], cell=cell)
    deadline = dossier_deadline(campaign, "cell" if cell else "committee")
    return render(
        request,
        "dossiers/page.html",
        {
            **admin.site.each_context(request),
            "campaign": campaign,
            "cell": cell,
            "scope_code": (cell or campaign.organization).code,
            "page": page,
            "total": len(refs),
            "complete": refs.complete_count(),
            "only_missing": only_missing,
            "deadline": deadline,
            "overdue": deadline is not None and timezone.localdate() > deadline[1],
            "MISSING": MISSING,
        },
    )


@login_required
def dossier_file(request: HttpRequest, dossier_file_pk: int) -> FileResponse:
    kept = get_object_or_404(DossierFile.objects.select_related("campaign"), pk=dossier_file_pk)
    owner = subject_organization(kept.subject)
    if owner is None or not can_run(request.user, owner):
        raise PermissionDenied("Hồ sơ này không thuộc phạm vi của đồng chí")
    return FileResponse(kept.file.open("rb"), as_attachment=True, filename=kept.name)


@login_required
def dossier_zip(request: HttpRequest, campaign_pk: int, code: str) -> HttpResponse:
    """The dossiers as kept: one folder per subject with the documents the product makes
    (DOCX) and the files uploaded, and the list (Mẫu 04) at the top."""
    campaign, cell = _scope(request, campaign_pk, code)
    dossiers = campaign_dossiers(campaign, cell=cell)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        listing = BUILDERS["dossier_list"](campaign, (cell or campaign.organization).code)
        archive.writestr(
            "00-danh-muc-ho-so-mau-04.docx",
            docx_bytes("dossier_list", campaign.ruleset, listing.context),
        )
        made: set[tuple[str, str]] = set()
        for n, d in enumerate(dossiers, start=1):
            # Entry names from numbers and ids, the typed names only sanitized and short.
            folder = safe_name(f"{n:03d}-{d.name}", limit=60)
            for s in d.items:
                ref = "" if s.document == "decision" else d.ref
                if s.document and (s.document, ref) not in made:
                    made.add((s.document, ref))
                    try:
                        prepared = BUILDERS[s.document](campaign, ref)
                    except Http404:  # a document not ready yet stays out of the ZIP
                        continue
                    archive.writestr(
                        entry(folder, f"{prepared.filename}.docx"),
                        docx_bytes(s.document, campaign.ruleset, prepared.context),
                    )
                for f in s.files:
                    with f.file.open("rb") as fh:
                        archive.writestr(entry(folder, f"{s.item.code}-{f.pk}-{f.name}"), fh.read())
    name = f"ho-so-{(cell or campaign.organization).code}-{campaign.year}.zip"
    return attachment(buffer.getvalue(), name, "application/zip")
