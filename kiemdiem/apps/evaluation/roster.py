"""The bridge from the database to the rules engine: an organization's subtree as a
scenario (shared/contract/SCENARIO.md), the same format `kiemdiem evaluate` reads.

The roll (tree, members, admission dates, posts, collectives and heads) and each
member's record of the year (disciplines, leave, civil-service rating, absences) are
exported here; a campaign adds its own facts (levels, votes, proposals) on top
(`kiemdiem.apps.evaluation.scenario`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Prefetch

from kiemdiem.apps.members.models import (
    CivilServiceRating,
    Discipline,
    Leave,
    MeetingAbsence,
    Member,
    Post,
)
from kiemdiem.apps.organizations.models import (
    CollectiveMembership,
    LeadershipCollective,
    PartyOrganization,
)
from kiemdiem.rules.facts import POSTS

# Post titles the rules read (facts.posts); the others are kept out of the scenario.
RULE_POSTS = frozenset(POSTS)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _days_in_year(start: date, end: date, year: int) -> int:
    first, last = max(start, date(year, 1, 1)), min(end, date(year, 12, 31))
    return max((last - first).days + 1, 0)


def record_facts(
    *,
    year: int,
    disciplines: Iterable[Discipline] = (),
    leaves: Iterable[Leave] = (),
    civil_service: Iterable[CivilServiceRating] = (),
    absences: Iterable[MeetingAbsence] = (),
) -> dict[str, Any]:
    """A member's record of the year as scenario facts (only those present)."""
    facts: dict[str, Any] = {}
    items = [
        {
            "on": x.decided_on.isoformat(),
            "form": x.form,
            "authority": x.authority,
            **({"violation": x.violation} if x.violation else {}),
            **({"self_detected": True} if x.self_detected else {}),
            **({} if x.duty_related else {"duty_related": False}),
        }
        for x in disciplines
    ]
    if items:
        facts["disciplines"] = items
    sick = sum(_days_in_year(x.started_on, x.ended_on, year) for x in leaves if x.kind == "sick")
    if sick:
        facts["sick_leave_days"] = min(sick, 366)
    if any(x.kind == "maternity" and _days_in_year(x.started_on, x.ended_on, year) for x in leaves):
        facts["maternity_leave"] = True
    rating = next((x.rating for x in civil_service if x.year == year), None)
    if rating:
        facts["civil_service_rating"] = rating
    count = sum(1 for x in absences if x.meeting_on.year == year)
    if count:
        facts["absences"] = count
    return facts


def member_entry(
    member: Member, *, posts: Iterable[Post], organization: str, facts: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A member as the scenario format has them: identity, dates, the posts the rules read,
    and the record of the year when given."""
    titles = sorted({p.title for p in posts if p.title in RULE_POSTS})
    entry: dict[str, Any] = {
        "id": f"M{member.pk}",
        "name": member.full_name,
        "organization": organization,
        "admitted_on": _iso(member.admitted_on),
        "full_member_on": _iso(member.full_member_on),
    }
    merged = dict(facts or {})
    if titles:
        merged["posts"] = titles
    if merged:
        entry["facts"] = merged
    return entry


def prefetched_facts(member: Member, *, year: int) -> dict[str, Any]:
    """`record_facts` on a member loaded with `record_prefetches`."""
    return record_facts(
        year=year,
        disciplines=getattr(member, "year_disciplines", ()),
        leaves=getattr(member, "year_leaves", ()),
        civil_service=getattr(member, "year_civil_service", ()),
        absences=getattr(member, "year_absences", ()),
    )


def record_prefetches(*, year: int, as_of: date) -> list[Prefetch[Any]]:
    """One query each for the posts held on `as_of` and the record of `year` (the engine
    windows disciplines itself: the previous year's are kept for 000 §B.2.3.d)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    return [
        Prefetch(
            "posts",
            queryset=Post.objects.filter(started_on__lte=as_of).exclude(ended_on__lt=as_of),
            to_attr="current_posts",
        ),
        Prefetch(
            "disciplines",
            queryset=Discipline.objects.filter(
                decided_on__gte=date(year - 1, 1, 1), decided_on__lte=as_of
            ),
            to_attr="year_disciplines",
        ),
        Prefetch(
            "leaves",
            queryset=Leave.objects.filter(started_on__lte=end, ended_on__gte=start),
            to_attr="year_leaves",
        ),
        Prefetch(
            "civil_service_ratings",
            queryset=CivilServiceRating.objects.filter(year=year),
            to_attr="year_civil_service",
        ),
        Prefetch(
            "absences",
            queryset=MeetingAbsence.objects.filter(meeting_on__gte=start, meeting_on__lte=end),
            to_attr="year_absences",
        ),
    ]


def _subtree_records(
    root: PartyOrganization, *, year: int, as_of: date
) -> dict[str, dict[int, list[Any]]]:
    """`record_prefetches` for a whole subtree: each record read by the members' tree
    path (one query each) instead of by a list of every member's id, which for a
    province is 200,000 parameters per query and most of the scenario's time."""
    out: dict[str, dict[int, list[Any]]] = {}
    for prefetch in record_prefetches(year=year, as_of=as_of):
        queryset = prefetch.queryset
        assert queryset is not None and prefetch.to_attr is not None
        grouped: dict[int, list[Any]] = {}
        # The same order as the prefetch gives (the model's own), so the facts read alike.
        for record in queryset.filter(member__organization__path__startswith=root.path):
            grouped.setdefault(getattr(record, "member_id"), []).append(record)  # noqa: B009
        out[prefetch.to_attr] = grouped
    return out


def scenario_for(
    *, root: PartyOrganization, year: int, as_of: date, ruleset: str
) -> dict[str, Any]:
    """A scenario for `root`'s subtree, in a fixed number of queries."""
    orgs = list(PartyOrganization.objects.filter(path__startswith=root.path).order_by("path"))
    by_path = {o.path: o for o in orgs}
    step = PartyOrganization.steplen
    organizations = []
    for org in orgs:
        parent = by_path.get(org.path[:-step]) if org.pk != root.pk else None
        organizations.append(
            {
                "id": org.code,
                "name": org.name,
                "kind": org.kind,
                "parent": parent.code if parent is not None else None,
                "founded_on": _iso(org.founded_on),
            }
        )
    code_of = {o.pk: o.code for o in orgs}
    members_qs = (
        Member.objects.filter(organization__path__startswith=root.path)
        .only("pk", "full_name", "admitted_on", "full_member_on", "organization_id")
        .order_by("id")
    )
    records = _subtree_records(root, year=year, as_of=as_of)
    members = [
        member_entry(
            m,
            posts=records["current_posts"].get(m.pk, ()),
            organization=code_of[m.organization_id],
            facts=record_facts(
                year=year,
                disciplines=records["year_disciplines"].get(m.pk, ()),
                leaves=records["year_leaves"].get(m.pk, ()),
                civil_service=records["year_civil_service"].get(m.pk, ()),
                absences=records["year_absences"].get(m.pk, ()),
            ),
        )
        for m in members_qs.iterator(chunk_size=5000)
    ]
    collectives = []
    leaders = []
    active = CollectiveMembership.objects.filter(started_on__lte=as_of).exclude(ended_on__lt=as_of)
    for coll in (
        LeadershipCollective.objects.filter(organization__path__startswith=root.path)
        .select_related("organization")
        .prefetch_related(Prefetch("memberships", queryset=active, to_attr="active"))
        .order_by("id")
    ):
        ids = [f"M{ms.member_id}" for ms in coll.active]
        head = next((f"M{ms.member_id}" for ms in coll.active if ms.role == "head"), None)
        collectives.append(
            {
                "id": f"K{coll.pk}",
                "name": coll.name,
                "kind": coll.kind,
                "organization": coll.organization.code,
                "founded_on": _iso(coll.founded_on),
                "members": ids,
                "head": head,
            }
        )
        for ms in coll.active:
            if ms.role == "head":
                leaders.append(
                    {
                        "member": f"M{ms.member_id}",
                        "collective": f"K{coll.pk}",
                        "in_post_since": _iso(ms.started_on),
                    }
                )
    return {
        "version": 1,
        "ruleset": ruleset,
        "year": year,
        "as_of": as_of.isoformat(),
        "organizations": organizations,
        "members": members,
        "collectives": collectives,
        "leaders": leaders,
    }


def member_scenario_entry(
    member: Member, *, year: int, as_of: date, organization: str
) -> dict[str, Any]:
    """One member's entry with their record of the year (the self-review preview)."""
    m = Member.objects.prefetch_related(*record_prefetches(year=year, as_of=as_of)).get(
        pk=member.pk
    )
    return member_entry(
        m,
        posts=getattr(m, "current_posts", ()),
        organization=organization,
        facts=prefetched_facts(m, year=year),
    )
