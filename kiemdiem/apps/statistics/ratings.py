"""Counts and shares per rating, per organization of the scope and for the whole subtree."""

from __future__ import annotations

from typing import Any

from kiemdiem.apps.decisions.selectors import issued_decision
from kiemdiem.rules import load
from kiemdiem.rules.ratings import RATING_LABEL

from .contract import Chart, Column, Filters, Result, Series, share, short
from .data import ratings_counted, rows_of

KIND_TITLE = {
    "member": "Đảng viên",
    "organization": "Tổ chức đảng",
    "collective": "Tập thể lãnh đạo, quản lý",
    "leader": "Cá nhân cán bộ lãnh đạo, quản lý",
}
UNRATED = "Chưa xếp loại"


def execute(filters: Filters) -> Result:
    campaign, scope, kind = filters.campaign, filters.organization, filters.kind
    scale = load(campaign.ruleset).scale(kind)
    decided = issued_decision(campaign) is not None
    orgs = rows_of(scope)
    counts: dict[str, dict[str, int]] = {o.path: {} for o in orgs}
    for at, levels in ratings_counted(filters).items():
        c = counts[at if at in counts else scope.path]  # a party group counts in its cell
        for level, n in levels.items():
            level = level or UNRATED
            c[level] = c.get(level, 0) + n
    columns = [Column("name", "Tổ chức", "text"), Column("total", "Tổng số")]
    for code in scale:
        columns += [
            Column(code, "Số", "int", RATING_LABEL[code]),
            Column(f"{code}_pct", "Tỷ lệ", "pct", RATING_LABEL[code]),
        ]
    columns.append(Column("unrated", UNRATED))
    rows: list[dict[str, Any]] = []
    total: dict[str, int] = {}
    for org in orgs:
        c = counts[org.path]
        if org is scope and not c:
            continue
        rows.append(_row(org.name if org is not scope else f"{org.name} (trực tiếp)", c, scale))
        for level, n in c.items():
            total[level] = total.get(level, 0) + n
    rows.append({**_row("Tổng cộng", total, scale), "_total": True})
    chart = Chart(
        "stacked",
        f"{KIND_TITLE[kind]}: mức xếp loại theo tổ chức"
        + ("" if decided else " (đề xuất, chưa có quyết định)"),
        [short(r["name"]) for r in rows if not r.get("_total")],
        [
            Series(RATING_LABEL[code], [r[code] for r in rows if not r.get("_total")])
            for code in scale
        ],
    )
    return Result(columns, rows, chart)


def _row(name: str, counts: dict[str, int], scale: tuple[str, ...]) -> dict[str, Any]:
    rated = sum(counts.get(code, 0) for code in scale)
    row: dict[str, Any] = {
        "name": name,
        "total": rated + counts.get(UNRATED, 0),
        "unrated": counts.get(UNRATED, 0),
    }
    for code in scale:
        row[code] = counts.get(code, 0)
        row[f"{code}_pct"] = share(counts.get(code, 0), rated)
    return row
