from __future__ import annotations

from django.db.models import QuerySet

from kiemdiem.apps.organizations.models import PartyOrganization

from .models import Member


def members_in_subtree(*, root: PartyOrganization) -> QuerySet[Member]:
    """Every member active in an organization's subtree, with their cell, in one query."""
    return (
        Member.objects.filter(organization__path__startswith=root.path)
        .select_related("organization")
        .order_by("full_name", "id")
    )
