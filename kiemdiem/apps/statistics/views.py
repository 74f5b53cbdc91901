"""Statistics on screen, in Excel and in Word: the dashboard a committee secretary reads at a
glance, each report with its filters, and the statistics tables workbook the upper level
asks for. Every screen and file comes from the same `execute(filters)`."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from kiemdiem.apps.accounts.permissions import can_manage, can_run, run_roots
from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.campaigns.selectors import campaign_get
from kiemdiem.apps.core.downloads import DOCX, XLSX, attachment
from kiemdiem.apps.core.errors import PermissionDenied
from kiemdiem.apps.organizations.models import PartyOrganization

from .contract import Column, Filters, Report, Result
from .kept import report_result
from .ratings import KIND_TITLE
from .registry import REPORTS
from .render import cell_text, docx_bytes, header_rows, xlsx_bytes


def _scope(request: HttpRequest, campaign_pk: int) -> tuple[Campaign, PartyOrganization]:
    """The campaign and the organization asked for (`to-chuc`): by default the campaign's
    for those who manage it, the user's own cell for a cell committee."""
    campaign = campaign_get(pk=campaign_pk)
    code = request.GET.get("to-chuc")
    if code:
        scope = get_object_or_404(
            PartyOrganization, code=code, path__startswith=campaign.organization.path
        )
    elif can_manage(request.user, campaign.organization):
        scope = campaign.organization
    else:
        own = [o for o in run_roots(request.user) if o.path.startswith(campaign.organization.path)]
        if not own:
            raise PermissionDenied("Thống kê dành cho cấp ủy, văn phòng và chi ủy")
        scope = own[0]
    if not can_run(request.user, scope):
        raise PermissionDenied("Tổ chức này không thuộc phạm vi của đồng chí")
    return campaign, scope


def _choices(request: HttpRequest, campaign: Campaign) -> list[PartyOrganization]:
    orgs = PartyOrganization.objects.filter(path__startswith=campaign.organization.path).exclude(
        kind="party_group"
    )
    if getattr(request.user, "is_superuser", False):
        return list(orgs.order_by("path"))
    roots = run_roots(request.user)  # once, not a query per organization of a province
    return [o for o in orgs.order_by("path") if any(o.path.startswith(r.path) for r in roots)]


def _subtitle(filters: Filters, report: Report) -> str:
    kind = f"{KIND_TITLE[filters.kind]} — " if report.kinds else ""
    return f"{kind}{filters.organization.name}, năm {filters.campaign.year}"


def _table(result: Result) -> dict[str, Any]:
    columns, rows, _ = result
    groups, _labels = header_rows(columns)
    return {
        "grouped": any(c.group for c in columns),
        "groups": [
            {"label": label or columns[sum(s for _, s in groups[:i])].label, "span": span}
            for i, (label, span) in enumerate(groups)
        ],
        "columns": columns,
        "rows": [
            {
                "total": bool(r.get("_total")),
                "cells": [(c.kind, cell_text(c, r.get(c.key))) for c in columns],
            }
            for r in rows
        ],
    }


@login_required
def report_page(request: HttpRequest, campaign_pk: int, code: str) -> HttpResponse:
    report = REPORTS.get(code)
    if report is None:
        raise Http404("Không có báo cáo này")
    campaign, scope = _scope(request, campaign_pk)
    kind = request.GET.get("doi-tuong", "member")
    if report.kinds and kind not in report.kinds:
        kind = report.kinds[0]
    filters = Filters(campaign, scope, kind)
    result = report_result(report, filters)
    subtitle = _subtitle(filters, report)
    fmt = request.GET.get("dinh-dang")
    name = f"{code}-{scope.code}-{campaign.year}"
    if fmt == "xlsx":
        body = xlsx_bytes([(report.title, report.title.upper(), subtitle, result)])
        return attachment(body, f"{name}.xlsx", XLSX)
    if fmt == "docx":
        return attachment(docx_bytes(report, filters, subtitle, result), f"{name}.docx", DOCX)
    return render(
        request,
        "statistics/report.html",
        {
            **admin.site.each_context(request),
            "campaign": campaign,
            "scope": scope,
            "report": report,
            "reports": REPORTS.values(),
            "kind": kind,
            "kinds": [(k, KIND_TITLE[k]) for k in report.kinds],
            "orgs": _choices(request, campaign),
            "scope_line": subtitle,
            "table": _table(result),
            "chart": asdict(result.chart) if result.chart else None,
            "query": request.GET.urlencode(),
            "stored": filters.memo.get("engine"),
        },
    )


# The statistics tables sent up: one sheet each.
WORKBOOK = [
    ("xep-loai", "organization", "1. Xếp loại TCĐ"),
    ("xep-loai", "member", "2. Xếp loại ĐV"),
    ("xep-loai", "collective", "3. Xếp loại tập thể"),
    ("xep-loai", "leader", "4. Xếp loại cá nhân LĐQL"),
    ("kiem-diem", "organization", "6F. Kiểm điểm TCĐ"),
    ("kiem-diem", "member", "6F. Kiểm điểm ĐV"),
    ("cac-nam", "member", "So sánh các năm"),
    ("ty-le", "member", "Tỷ lệ HTXSNV"),
]


@login_required
def statistics_workbook(request: HttpRequest, campaign_pk: int) -> HttpResponse:
    campaign, scope = _scope(request, campaign_pk)
    sheets = []
    shared = Filters(campaign, scope)
    for code, kind, sheet in WORKBOOK:
        report = REPORTS[code]
        filters = shared.but(kind)
        sheets.append(
            (
                sheet,
                report.title.upper(),
                _subtitle(filters, report),
                report_result(report, filters),
            )
        )
    body = xlsx_bytes(sheets)
    return attachment(body, f"bieu-thong-ke-{scope.code}-{campaign.year}.xlsx", XLSX)


@login_required
def dashboard(request: HttpRequest, campaign_pk: int) -> HttpResponse:
    campaign, scope = _scope(request, campaign_pk)
    shared = Filters(campaign, scope, "member")
    ratings = report_result(REPORTS["xep-loai"], shared)
    completion = report_result(REPORTS["kiem-diem"], shared)
    years = report_result(REPORTS["cac-nam"], shared)
    quota = report_result(REPORTS["ty-le"], shared)
    total = next(r for r in completion.rows if r.get("_total"))
    rated = next(r for r in ratings.rows if r.get("_total"))
    today = timezone.localdate()
    milestones = [{"m": m, "past": m.due_on < today} for m in campaign.milestones.order_by("order")]
    return render(
        request,
        "statistics/dashboard.html",
        {
            **admin.site.each_context(request),
            "campaign": campaign,
            "scope": scope,
            "orgs": _choices(request, campaign),
            "reports": REPORTS.values(),
            "figures": {
                "required": total["required"],
                "done": total["done"],
                "done_pct": cell_text(Column("p", "", "pct"), total["done"] / total["required"])
                if total["required"]
                else "—",
                "excellent": rated.get("EXCELLENT", 0),
                "rated": rated["total"] - rated["unrated"],
                "over": sum(1 for r in quota.rows if r["state"] == "Vượt tỷ lệ"),
            },
            "charts": [asdict(c) for c in (ratings.chart, completion.chart, years.chart) if c],
            "milestones": milestones,
            "stored": shared.memo.get("engine"),
        },
    )
