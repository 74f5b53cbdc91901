"""Review completion as sheet 6F asks it (HD 43, Biểu 6-BTCTW): required to review, done,
not done, and those not reviewed by rule (new, exempted, suspended), with the suggestions
given by level."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, CharField, Count, Exists, IntegerField, OuterRef, Value, When
from django.db.models.functions import Cast, Substr

from kiemdiem.apps.campaigns.models import Campaign, ReviewSuggestion
from kiemdiem.apps.evaluation.keys import (
    collective_key,
    key_prefix,
    member_key,
    member_pk,
    organization_key,
)
from kiemdiem.apps.organizations.models import PartyOrganization
from kiemdiem.apps.reviews.models import AgendaItem, Meeting

from .contract import Chart, Column, Filters, Result, Series, short
from .data import level_counts, row_key, rows_of, stored

# The engine's reasons for not reviewing, as the sheet's columns.
EXCLUDED = {
    "new_member": "new",
    "new_organization": "new",
    "new_collective": "new",
    "exempted": "exempted",
    "suspended": "suspended",
}
UPPER_KINDS = ("upper_committee",)


def _done(campaign: Campaign, kind: str) -> Exists:
    """Whether an organization or a collective of a stored row (`OuterRef("key")`) was
    reviewed at a meeting held."""
    key = OuterRef("key")
    held = Meeting.objects.filter(campaign=campaign, held_on__isnull=False)
    if kind == "organization":
        return Exists(
            held.filter(
                collective__isnull=True,
                organization__code=Substr(key, len(key_prefix("organization")) + 1),
            )
        )
    return Exists(
        held.filter(
            collective_id=Cast(Substr(key, len(key_prefix("collective", "K")) + 1), IntegerField())
        )
    )


def _members_done(
    campaign: Campaign, scope: PartyOrganization, excluded: set[str]
) -> dict[str, int]:
    """Members reviewed (their item at a meeting held, not left pending) per row of the
    report, counted from the agenda in one grouped query — less those excluded by rule."""
    items = AgendaItem.objects.filter(
        meeting__campaign=campaign,
        meeting__held_on__isnull=False,
        pending=False,
        kind=AgendaItem.Kind.MEMBER,
        member__organization__path__startswith=scope.path,
    )
    at = Substr("member__organization__path", 1, len(scope.path) + PartyOrganization.steplen)
    done = {
        found["at"]: found["n"]
        for found in items.annotate(at=at)
        .order_by()
        .values("at")
        .annotate(n=Count("member_id", distinct=True))
    }
    pks = [pk for pk in map(member_pk, excluded) if pk is not None]
    for _pk, path in (
        items.filter(member_id__in=pks)
        .values_list("member_id", "member__organization__path")
        .distinct()
    ):
        place = row_key(path, scope)
        if place in done:
            done[place] -= 1
    return done


def execute(filters: Filters) -> Result:
    campaign, scope, kind = filters.campaign, filters.organization, filters.kind
    subjects = stored(filters).rows.filter(type=kind)
    # Each subject as the column it counts in: excluded by rule, else done or not — one
    # grouped query over the stored result.
    by_rule = [When(reason=code, then=Value(col)) for code, col in EXCLUDED.items()]
    column = (
        # Reviewed or not: counted from the agenda (_members_done).
        Case(*by_rule, default=Value("required"), output_field=CharField())
        if kind == "member"
        else Case(
            *by_rule,
            When(_done(campaign, kind), then=Value("done")),
            default=Value("not_done"),
            output_field=CharField(),
        )
    )
    counted = level_counts(subjects, column, scope)
    if kind == "member":
        out = set(subjects.filter(reason__in=list(EXCLUDED)).values_list("key", flat=True))
        done = _members_done(campaign, scope, out)
        for place, found in counted.items():
            required = found.pop("required", 0)
            found["done"] = done.get(place, 0)
            found["not_done"] = required - found["done"]
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
    for at, found in counted.items():
        c = rows_by[at if at in rows_by else scope.path]  # a party group counts in its cell
        for col, n in found.items():
            c[col] = c.get(col, 0) + n
            c["all"] = c.get("all", 0) + n
            if col in ("done", "not_done"):
                c["required"] = c.get("required", 0) + n
    where = subjects.filter(key__in=list(suggested)).values_list("key", "organization__path")
    for key, path in where:
        spot = row_key(path or "", scope)
        if spot is None:
            continue
        c = rows_by[spot if spot in rows_by else scope.path]
        for level, n in suggested[key].items():
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
