"""What the reports read: the ratings in force, the engine's list of subjects, and where in
the tree each subject sits (the child of the scope whose row it counts in)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Substr

from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.decisions.models import DecidedRating, Rerating
from kiemdiem.apps.decisions.selectors import issued_decision
from kiemdiem.apps.evaluation.keys import collective_pk, member_pk, subject_key
from kiemdiem.apps.evaluation.scenario import recorded_result
from kiemdiem.apps.evaluation.stored import Stored
from kiemdiem.apps.members.models import Member
from kiemdiem.apps.organizations.models import LeadershipCollective, PartyOrganization

from .contract import Filters


def in_force_expr(campaign: Campaign) -> Any:
    """The rating in force for a stored row's subject (`OuterRef("key")`), as an SQL
    expression — so a report counts a province's ratings in one query, not in a dictionary
    of 200,000 built on every request. After the decision is issued: the decided rating,
    unless the result was cancelled, then the re-rating once issued (until then none:
    "" — not rated); before it, what is proposed (the office's other rating, else the
    cell's). NULL where nothing is in force."""
    from kiemdiem.apps.appraisals.models import Appraisal
    from kiemdiem.apps.reviews.models import SubmittedProposal

    decision = issued_decision(campaign)
    key = OuterRef("key")
    if decision is None:
        office = Appraisal.objects.filter(
            campaign=campaign, verdict=Appraisal.Verdict.OTHER, subject=key
        ).exclude(rating="")
        cell = (
            SubmittedProposal.objects.filter(
                campaign=campaign, meeting__collective__isnull=True, subject=key
            )
            .exclude(rating="")
            .order_by("-pk")
        )
        return Coalesce(
            Subquery(office.values("rating")[:1]),
            Subquery(cell.values("rating")[:1]),
            output_field=CharField(),
        )
    decided = DecidedRating.objects.filter(decision=decision, subject=key)
    # The last re-rating of a cancelled result decides: issued with a rating, or nothing.
    last = (
        Rerating.objects.filter(decision=decision, subject=key)
        .order_by("-cancelled_at")
        .annotate(
            r=Case(
                When(status=Rerating.Status.ISSUED, then=F("rating")),
                default=Value(""),
                output_field=CharField(),
            )
        )
    )
    return Coalesce(
        Subquery(last.values("r")[:1]),
        Subquery(decided.values("rating")[:1]),
        output_field=CharField(),
    )


def level_counts(
    rows: QuerySet[Any], level: Any, scope: PartyOrganization
) -> dict[str, dict[str, int]]:
    """{the path of the row each subject counts in (row_key): {level: number}} over stored
    subject rows, by one grouped query; a level of NULL or "" is counted as ""."""
    at = Substr(F("organization__path"), 1, len(scope.path) + PartyOrganization.steplen)
    out: dict[str, dict[str, int]] = {}
    grouped = (
        rows.filter(organization__path__startswith=scope.path)
        .annotate(at=at, level=level)
        .order_by()
        .values("at", "level")
        .annotate(n=Count("pk"))
    )
    for found in grouped:
        row = out.setdefault(found["at"], {})
        level_ = found["level"] or ""
        row[level_] = row.get(level_, 0) + found["n"]
    return out


FEW = 2000  # ids bound in one query before a whole table is cheaper to read


def paths(keys: Iterable[str]) -> dict[str, str]:
    """The tree path of the organization each subject belongs to, in three queries."""
    members: set[int] = set()
    orgs: set[str] = set()
    collectives: set[int] = set()
    keys = list(keys)
    for key in keys:
        parsed = subject_key(key)
        if parsed.type == "member" and (pk := member_pk(parsed)) is not None:
            members.add(pk)
        elif parsed.type == "organization":
            orgs.add(parsed.id)
        elif (body := collective_pk(parsed)) is not None:  # a collective, or a leader's
            collectives.add(body)
    # Beyond a few thousand ids, every member's path is read without a list of ids: SQLite
    # takes 200,000 bound parameters in batches, slower than reading the table.
    chosen = Member.objects.all() if len(members) > FEW else Member.objects.filter(pk__in=members)
    member_path = {
        pk: path
        for pk, path in chosen.values_list("pk", "organization__path").iterator(chunk_size=5000)
        if pk in members
    }
    org_path = dict(PartyOrganization.objects.filter(code__in=orgs).values_list("code", "path"))
    coll_path = dict(
        LeadershipCollective.objects.filter(pk__in=collectives).values_list(
            "pk", "organization__path"
        )
    )
    out: dict[str, str] = {}
    for key in keys:
        parsed = subject_key(key)
        person = member_pk(parsed) if parsed.type == "member" else None
        if person is not None:
            path = member_path.get(person)
        elif parsed.type == "organization":
            path = org_path.get(parsed.id)
        else:
            body = collective_pk(parsed)  # a collective, or a leader's
            path = coll_path.get(body) if body is not None else None
        if path:
            out[key] = path
    return out


def rows_of(scope: PartyOrganization) -> list[PartyOrganization]:
    """The rows of a report on `scope`: its own line, then each organization directly under
    it (party groups count in their cell)."""
    children = PartyOrganization.objects.filter(
        path__startswith=scope.path, depth=scope.depth + 1
    ).exclude(kind="party_group")
    return [scope, *children.order_by("name")]


def row_key(path: str, scope: PartyOrganization) -> str | None:
    """The path of the row a subject at `path` counts in (None: outside the scope)."""
    if not path.startswith(scope.path):
        return None
    step = PartyOrganization.steplen
    return path if len(path) == len(scope.path) else path[: len(scope.path) + step]


def stored(filters: Filters) -> Stored:
    """The campaign's stored result (no engine run), read once per request."""
    return filters.once("engine", lambda: recorded_result(filters.campaign))  # type: ignore[no-any-return]


def ratings_counted(filters: Filters) -> dict[str, dict[str, int]]:
    """The campaign's ratings in force counted per row of the scope (level_counts), once a
    request: the ratings report and this year's line of the years report share it."""

    def count() -> dict[str, dict[str, int]]:
        subjects = stored(filters).rows.filter(type=filters.kind)
        return level_counts(subjects, in_force_expr(filters.campaign), filters.organization)

    return filters.once(f"in-force:{filters.kind}", count)  # type: ignore[no-any-return]
