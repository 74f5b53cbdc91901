"""The import page: the template to download, a file to check or import into one of the
organizations the user manages, and every problem listed (sheet, row, column)."""

from __future__ import annotations

import hashlib
import io

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kiemdiem.apps.accounts.permissions import managed_roots
from kiemdiem.apps.core.errors import ServiceError

from .columns import BY_KEY
from .plan import NATURAL_KEYS, build_plan
from .reader import ordered, read_workbook
from .services import import_apply
from .template import template_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_BYTES = 60 * 1024 * 1024


@login_required
def template_download(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(template_bytes(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-du-lieu-kiemdiem.xlsx"'
    return response


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    roots = managed_roots(request.user)
    if not roots:
        raise PermissionDenied("Chỉ văn phòng, ban tổ chức cấp ủy nhập dữ liệu")
    context: dict[str, object] = {**admin.site.each_context(request), "roots": roots}
    status = 200
    if request.method == "POST":
        root = next((r for r in roots if str(r.pk) == request.POST.get("root")), None)
        upload = request.FILES.get("file")
        error = ""
        if root is None:
            error = "Chọn tổ chức nhận dữ liệu"
        elif upload is None:
            error = "Chọn tệp Excel (.xlsx) theo mẫu"
        elif (upload.size or 0) > MAX_BYTES:
            error = "Tệp lớn hơn 60 MB: nhập bằng lệnh manage.py import_excel"
        if error:
            context["error"] = error
            return render(request, "imports/page.html", context, status=422)
        assert root is not None and upload is not None
        body = upload.read()
        data, problems = read_workbook(io.BytesIO(body))
        plan, more = build_plan(data, root=root)
        problems = ordered(problems + more)
        context |= {"root_id": root.pk, "file_name": upload.name, "problems": problems}
        if problems:
            status = 422
        elif request.POST.get("check_only"):
            context["checked"] = {
                "organizations": len(plan.organizations),
                "members": len(plan.members),
                **{k: len(getattr(plan, k)) for k in NATURAL_KEYS},
            }
        else:
            try:
                outcome = import_apply(
                    actor=request.user,
                    plan=plan,
                    file_name=upload.name or "tep.xlsx",
                    digest=hashlib.sha256(body).hexdigest(),
                )
                context["outcome"] = [
                    (
                        BY_KEY[k].name,
                        outcome.created.get(k, 0),
                        outcome.updated.get(k, 0),
                        outcome.unchanged.get(k, 0),
                    )
                    for k in BY_KEY
                    if k in outcome.created
                ]
            except ServiceError as exc:
                context["error"] = exc.message
                status = 422
    return render(request, "imports/page.html", context, status=status)
