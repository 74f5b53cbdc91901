"""Review completion as sheet 6F asks it (HD 43, Biểu 6-BTCTW): required to review, done,
not done, and those not reviewed by rule (new, exempted, suspended), with the suggestions
given by level."""

from __future__ import annotations

from typing import Any

from kiemdiem.apps.campaigns.models import ReviewSuggestion
from kiemdiem.apps.evaluation.keys import collective_key, member_key, organization_key
from kiemdiem.apps.reviews.models import AgendaItem, Meeting

from .contract import Chart, Column, Filters, Result, Series, short
from .data import row_key, rows_of, subjects_of

# The engine's reasons for not reviewing, as the sheet's columns.
EXCLUDED = {
    "new_member": "new",
    "new_organization": "new",
    "new_collective": "new",
    "exempted": "exempted",
    "suspended": "suspended",
}
UPPER_KINDS = ("upper_committee",)


def execute(filters: Filters) -> Result:
    campaign, scope, kind = filters.campaign, filters.organization, filters.kind
    subjects = {s.key: s for s in subjects_of(filters, kind)}
    where = {key: s.path for key, s in subjects.items()}
    done: set[str] = set()
    if kind == "member":
        done = {
            member_key(pk)
            for pk in AgendaItem.objects.filter(
                meeting__campaign=campaign, meeting__held_on__isnull=False, pending=False
            ).values_list("member_id", flat=True)
            if pk
        }
    elif kind == "organization":
        done = {
            organization_key(code)
            for code in Meeting.objects.filter(
                campaign=campaign, held_on__isnull=False, collective__isnull=True
            ).values_list("organization__code", flat=True)
        }
    else:
        done = {
            collective_key(pk)
            for pk in Meeting.objects.filter(
                campaign=campaign, held_on__isnull=False, collective__isnull=False
            ).values_list("collective_id", flat=True)
        }
    suggested: dict[str, dict[str, int]] = {}
    for member_id, org_code, collective_id, issuer_kind in ReviewSuggestion.objects.filter(
        campaign=campaign
    ).values_list("member_id", "organization__code", "collective_id", "issuer__kind"):
        key = (
            member_key(member_id)
            if member_id
            else collective_key(collective_id)
            if collective_id
            else organization_key(org_code)
        )
        level = "upper" if issuer_kind in UPPER_KINDS else "grassroots"
        suggested.setdefault(key, {}).setdefault(level, 0)
        suggested[key][level] += 1
    orgs = rows_of(scope)
    rows_by: dict[str, dict[str, int]] = {o.path: {} for o in orgs}
    for key, s in subjects.items():
        at = row_key(where.get(key, ""), scope)
        if at is None:
            continue
        c = rows_by[at if at in rows_by else scope.path]
        c["all"] = c.get("all", 0) + 1
        excluded = EXCLUDED.get(s.reason)
        if excluded:
            c[excluded] = c.get(excluded, 0) + 1
        else:
            c["required"] = c.get("required", 0) + 1
            if key in done:
                c["done"] = c.get("done", 0) + 1
        for level, n in suggested.get(key, {}).items():
            c[level] = c.get(level, 0) + n
    columns = [
        Column("name", "Tổ chức", "text"),
        Column("all", "Tổng số"),
        Column("required", "Phải kiểm điểm"),
        Column("done", "Đã kiểm điểm"),
        Column("not_done", "Chưa kiểm điểm"),
        Column("new", "Mới thành lập, mới kết nạp", "int", "Không kiểm điểm"),
        Column("exempted", "Được miễn", "int", "Không kiểm điểm"),
        Column("suspended", "Đình chỉ sinh hoạt", "int", "Không kiểm điểm"),
        Column("upper", "Cấp trên cơ sở", "int", "Được gợi ý kiểm điểm"),
        Column("grassroots", "Cấp ủy cơ sở", "int", "Được gợi ý kiểm điểm"),
    ]
    keys = [c.key for c in columns[1:]]
    rows: list[dict[str, Any]] = []
    total = dict.fromkeys(keys, 0)
    for org in orgs:
        c = rows_by[org.path]
        if org is scope and not c:
            continue
        row: dict[str, Any] = {k: c.get(k, 0) for k in keys}
        row["not_done"] = row["required"] - row["done"]
        row["name"] = org.name if org is not scope else f"{org.name} (trực tiếp)"
        rows.append(row)
        for k in keys:
            total[k] += row[k]
    rows.append({"name": "Tổng cộng", **total, "_total": True})
    plain = [r for r in rows if not r.get("_total")]
    chart = Chart(
        "stacked",
        "Tiến độ kiểm điểm theo tổ chức",
        [short(r["name"]) for r in plain],
        [
            Series("Đã kiểm điểm", [r["done"] for r in plain]),
            Series("Chưa kiểm điểm", [r["not_done"] for r in plain]),
        ],
    )
    return Result(columns, rows, chart)
