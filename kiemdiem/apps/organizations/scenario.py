"""The bridge from the database to the rules engine: an organization's subtree as a
scenario (shared/contract/SCENARIO.md), the same format `kiemdiem evaluate` reads.

What the roll holds today (tree, members, admission dates, posts, collectives and
heads) is exported; the campaign's own facts (levels, votes, proposals) come with the
campaign workflow of the next issue and are simply absent here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Prefetch

from kiemdiem.apps.members.models import Member, Post
from kiemdiem.rules.facts import POSTS

from .models import CollectiveMembership, LeadershipCollective, PartyOrganization

# Post titles the rules read (facts.posts); the others are kept out of the scenario.
RULE_POSTS = frozenset(POSTS)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def member_entry(member: Member, *, posts: Iterable[Post], organization: str) -> dict[str, Any]:
    """A member as the scenario format has them: identity, dates, the posts the rules read."""
    titles = sorted({p.title for p in posts if p.title in RULE_POSTS})
    entry: dict[str, Any] = {
        "id": f"M{member.pk}",
        "name": member.full_name,
        "organization": organization,
        "admitted_on": _iso(member.admitted_on),
        "full_member_on": _iso(member.full_member_on),
    }
    if titles:
        entry["facts"] = {"posts": titles}
    return entry


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
    current_posts = Post.objects.filter(started_on__lte=as_of).exclude(ended_on__lt=as_of)
    members_qs = (
        Member.objects.filter(organization__path__startswith=root.path)
        .select_related("organization")
        .prefetch_related(Prefetch("posts", queryset=current_posts, to_attr="current_posts"))
        .order_by("id")
    )
    members = [
        member_entry(m, posts=m.current_posts, organization=m.organization.code) for m in members_qs
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
