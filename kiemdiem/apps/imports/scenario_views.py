"""The campaign as a scenario of `kiemdiem evaluate`: downloaded as a workbook (one sheet
per kind of subject) or JSON, and a workbook brought back — edited in Excel, or kept by an
office without the web application — evaluated on the spot."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from kiemdiem.apps.campaigns.selectors import managed_campaign
from kiemdiem.apps.core.downloads import XLSX, attachment
from kiemdiem.apps.evaluation.keys import organization_key
from kiemdiem.apps.evaluation.scenario import campaign_scenario, subject_names
from kiemdiem.rules import evaluate
from kiemdiem.rules.ratings import RATING_LABEL
from kiemdiem.rules.scenario import ScenarioError, read_workbook
from kiemdiem.rules.workbook import to_xlsx


@login_required
def scenario_download(request: HttpRequest, campaign_pk: int, fmt: str) -> HttpResponse:
    campaign = managed_campaign(request, campaign_pk)
    data = campaign_scenario(campaign)
    name = f"kich-ban-{campaign.organization.code}-{campaign.year}"
    if fmt == "xlsx":
        return attachment(to_xlsx(data), f"{name}.xlsx", XLSX)
    if fmt == "json":
        body = json.dumps(data, ensure_ascii=False, indent=2, default=str).encode()
        return attachment(body, f"{name}.json", "application/json")
    raise Http404("Chỉ có bản Excel hoặc JSON")


@login_required
def scenario_page(request: HttpRequest, campaign_pk: int) -> HttpResponse:
    campaign = managed_campaign(request, campaign_pk)
    context: dict[str, object] = {**admin.site.each_context(request), "campaign": campaign}
    upload = request.FILES.get("file") if request.method == "POST" else None
    if request.method == "POST":
        if upload is None:
            context["errors"] = [("file", "Chọn tệp kịch bản (.xlsx)")]
        elif (upload.size or 0) > settings.SPREADSHEET_SCENARIO_LIMITS.max_bytes:
            limit = settings.SPREADSHEET_SCENARIO_LIMITS.max_bytes // (1024 * 1024)
            context["errors"] = [("file", f"Tệp lớn hơn {limit} MB")]
        else:
            try:
                scenario = read_workbook(
                    upload.read(),
                    source=upload.name or "kich-ban.xlsx",
                    limits=settings.SPREADSHEET_SCENARIO_LIMITS,
                )
            except ScenarioError as exc:
                context["errors"] = exc.errors
            else:
                result = evaluate(scenario)
                # The names the workbook gives (it may come from elsewhere), else the tree's.
                names = {
                    **subject_names(str(s.key) for s in result.subjects),
                    **{f"member/{m.id}": m.name for m in scenario.members},
                    **{organization_key(o.id): o.name for o in scenario.organizations},
                    **{f"collective/{k.id}": k.name for k in scenario.collectives},
                }
                context["file_name"] = upload.name
                context["ruleset"] = result.ruleset.get("title", "")
                context["rows"] = [
                    {
                        "name": names.get(str(s.key), s.id),
                        "type": s.type,
                        "status": s.status,
                        "ceiling": RATING_LABEL.get(s.ceiling or "", "—"),
                        "rating": RATING_LABEL.get(s.rating or "", "—"),
                        "reasons": [r.message for r in s.reasons],
                    }
                    for s in result.subjects
                ]
                context["checks"] = [c.message for c in result.checks]
    status = 422 if "errors" in context else 200
    return render(request, "imports/scenario.html", context, status=status)
