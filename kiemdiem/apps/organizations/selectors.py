"""Reads of the tree: subtrees are prefix queries on the materialized path."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from .models import LeadershipCollective, PartyOrganization


def organization_subtree(*, root: PartyOrganization) -> QuerySet[PartyOrganization]:
    return PartyOrganization.objects.filter(path__startswith=root.path).order_by("path")


def in_subtrees(roots: Iterable[PartyOrganization], *, path: str = "organization__path") -> Q:
    """Rows whose organization (reached by `path`, e.g. "campaign__organization__path")
    lies in one of the subtrees: one indexed prefix test each; nothing for no roots."""
    scope = Q(pk__in=[])
    for root in roots:
        scope |= Q(**{f"{path}__startswith": root.path})
    return scope


def ancestor_paths(*, organization: PartyOrganization) -> list[str]:
    """The materialized paths of the organization and every organization above it."""
    step = PartyOrganization.steplen
    return [organization.path[:i] for i in range(step, len(organization.path) + 1, step)]


def organization_grassroots(*, organization: PartyOrganization) -> PartyOrganization | None:
    """The grassroots organization (đảng bộ / chi bộ cơ sở) that contains this one."""
    paths = ancestor_paths(organization=organization)
    chain = PartyOrganization.objects.filter(path__in=paths).order_by("-depth")
    for node in chain:
        if node.kind in ("grassroots_committee", "grassroots_cell"):
            return node
    return None


def collectives_in_subtree(*, root: PartyOrganization) -> QuerySet[LeadershipCollective]:
    return LeadershipCollective.objects.filter(
        organization__path__startswith=root.path
    ).select_related("organization")
