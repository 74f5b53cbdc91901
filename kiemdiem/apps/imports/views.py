"""The import page: the template to download, a file to check or import into one of the
organizations the user manages, and every problem listed (sheet, row, column)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from kiemdiem.apps.accounts.permissions import can_manage, managed_roots
from kiemdiem.apps.core.downloads import XLSX, attachment
from kiemdiem.apps.core.errors import PermissionDenied, ServiceError

from .jobs import import_job_create, import_job_retry, import_jobs_reap, progress_read
from .models import ImportJob
from .template import template_bytes


@login_required
def template_download(request: HttpRequest) -> HttpResponse:
    return attachment(template_bytes(), "mau-nhap-du-lieu-kiemdiem.xlsx", XLSX)


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    roots = managed_roots(request.user)
    if not roots:
        raise PermissionDenied("Chỉ văn phòng, ban tổ chức cấp ủy nhập dữ liệu")
    context: dict[str, object] = {
        **admin.site.each_context(request),
        "roots": roots,
        "jobs": ImportJob.objects.filter(user_id=request.user.pk or 0).select_related("root")[:10],
    }
    if request.method == "POST":
        root = next((r for r in roots if str(r.pk) == request.POST.get("root")), None)
        upload = request.FILES.get("file")
        error = ""
        if root is None:
            error = "Chọn tổ chức nhận dữ liệu"
        elif upload is None:
            error = "Chọn tệp Excel (.xlsx) theo mẫu"
        elif (upload.size or 0) > settings.SPREADSHEET_IMPORT_LIMITS.max_bytes:
            limit = settings.SPREADSHEET_IMPORT_LIMITS.max_bytes // (1024 * 1024)
            error = f"Tệp lớn hơn {limit} MB: chia thành nhiều tệp"
        if not error:
            assert root is not None and upload is not None
            try:
                job = import_job_create(
                    actor=request.user,
                    root=root,
                    upload=upload,
                    check_only=bool(request.POST.get("check_only")),
                )
                return redirect("import-job", job_pk=job.pk)
            except ServiceError as exc:
                error = exc.message
        context["error"] = error
        return render(request, "imports/page.html", context, status=422)
    return render(request, "imports/page.html", context)


def _job(request: HttpRequest, job_pk: int) -> ImportJob:
    job = get_object_or_404(ImportJob.objects.select_related("root"), pk=job_pk)
    if job.user_id != request.user.pk and not can_manage(request.user, job.root):
        raise PermissionDenied("Lần nhập này không thuộc phạm vi của đồng chí")
    return job


@login_required
def import_job(request: HttpRequest, job_pk: int) -> HttpResponse:
    """A job's page: the bar while it runs (htmx asks every second; without JavaScript the
    page refreshes itself), then the problems or what was imported; a failed job can be
    run again."""
    job = _job(request, job_pk)
    if request.method == "POST" and "retry" in request.POST:
        try:
            import_job_retry(actor=request.user, job=job)
        except ServiceError as exc:
            messages.error(request, exc.message)
        return redirect("import-job", job_pk=job.pk)
    if job.status == ImportJob.Status.RUNNING and import_jobs_reap():
        job.refresh_from_db()  # its worker died: the page says so, and offers to retry
    context = {
        **admin.site.each_context(request),
        "job": job,
        "progress": progress_read(job.pk),
        "outcome": list(job.summary.values()) if job.status == ImportJob.Status.DONE else [],
    }
    template = "imports/_job.html" if request.headers.get("HX-Request") else "imports/job.html"
    status = 422 if job.status == ImportJob.Status.INVALID else 200
    return render(
        request, template, context, status=200 if template.endswith("_job.html") else status
    )
