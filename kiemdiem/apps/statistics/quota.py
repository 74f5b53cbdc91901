"""The share of "Hoàn thành xuất sắc nhiệm vụ" against its quota, per scope the rule set
counts it in (a cell, the đảng bộ, a collective), as the engine counts it on the ratings in
force (decided where decided, proposed elsewhere)."""

from __future__ import annotations

from typing import Any

from kiemdiem.apps.decisions.services import decision_stored
from kiemdiem.apps.organizations.models import LeadershipCollective, PartyOrganization
from kiemdiem.rules.ratings import RATING_LABEL

from .contract import Chart, Column, Filters, Result, Series, share
from .ratings import KIND_TITLE


def execute(filters: Filters) -> Result:
    campaign, scope = filters.campaign, filters.organization
    quotas = decision_stored(campaign).quotas
    orgs = {
        o.code: o
        for o in PartyOrganization.objects.filter(path__startswith=scope.path).only(
            "code", "name", "path"
        )
    }
    collectives = {
        f"K{pk}": name
        for pk, name in LeadershipCollective.objects.filter(
            organization__path__startswith=scope.path
        ).values_list("pk", "name")
    }
    rows: list[dict[str, Any]] = []
    for q in quotas:
        name = orgs[q.scope].name if q.scope in orgs else collectives.get(q.scope)
        if name is None:
            continue  # a scope outside the subtree asked for
        rows.append(
            {
                "name": name,
                "kind": KIND_TITLE.get(q.subject_type, q.subject_type),
                "rating": RATING_LABEL.get(q.rating, q.rating),
                "base": q.base_count,
                "quota": q.share,
                "allowed": q.allowed,
                "actual": q.actual,
                "actual_pct": share(q.actual, q.base_count),
                "state": "Vượt tỷ lệ" if q.actual > q.allowed else "Trong tỷ lệ",
                "clause": q.clause,
            }
        )
    rows.sort(key=lambda r: (r["kind"], r["name"]))
    columns = [
        Column("name", "Phạm vi", "text"),
        Column("kind", "Đối tượng", "text"),
        Column("rating", "Mức", "text"),
        Column("base", "Số làm căn cứ"),
        Column("quota", "Tỷ lệ tối đa", "pct"),
        Column("allowed", "Tối đa được"),
        Column("actual", "Đã xếp loại"),
        Column("actual_pct", "Tỷ lệ thực tế", "pct"),
        Column("state", "Đánh giá", "text"),
        Column("clause", "Căn cứ", "text"),
    ]
    chart = Chart(
        "bar",
        "Hoàn thành xuất sắc nhiệm vụ: đã xếp loại và mức tối đa",
        [f"{r['name']} ({r['kind'].lower()})" for r in rows],
        [
            Series("Tối đa được", [r["allowed"] for r in rows]),
            Series("Đã xếp loại", [r["actual"] for r in rows]),
        ],
    )
    return Result(columns, rows, chart)
