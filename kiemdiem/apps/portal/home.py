"""The signed-in person's starting page: what each of their roles lets them do now."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q

from kiemdiem.apps.accounts.models import OrganizationRole
from kiemdiem.apps.accounts.permissions import MANAGING_ROLES
from kiemdiem.apps.campaigns.models import Campaign, SelfReview
from kiemdiem.apps.complaints.models import Complaint
from kiemdiem.apps.decisions.models import ClassificationDecision, Notification
from kiemdiem.apps.organizations.selectors import ancestor_paths, in_subtrees
from kiemdiem.apps.reviews.models import CollectiveReport


def home_sections(*, user: User | AnonymousUser) -> dict[str, Any]:
    if not isinstance(user, User):
        return {}
    roles = list(OrganizationRole.objects.filter(user=user).select_related("organization"))
    open_campaigns = Campaign.objects.filter(status=Campaign.Status.OPEN).select_related(
        "organization"
    )
    managed_roots = [r.organization for r in roles if r.role in MANAGING_ROLES]
    if user.is_superuser:
        managed = list(open_campaigns.order_by("-year", "organization__path"))
    elif managed_roots:
        scope = in_subtrees(managed_roots)
        managed = list(open_campaigns.filter(scope).order_by("-year", "organization__path"))
    else:
        managed = []
    cells = []
    for role in roles:
        if role.role != "cell_committee":
            continue
        cell = role.organization
        for campaign in open_campaigns.filter(
            organization__path__in=ancestor_paths(organization=cell)
        ).order_by("-year"):
            cells.append((campaign, cell))
    member = getattr(user, "member", None)
    own: list[tuple[Campaign, SelfReview | None]] = []
    to_comment: list[CollectiveReport] = []
    if member is not None:
        mine = open_campaigns.filter(
            organization__path__in=ancestor_paths(organization=member.organization)
        ).order_by("-year")
        reviews = {r.campaign_id: r for r in SelfReview.objects.filter(member=member)}
        own = [(c, reviews.get(c.pk)) for c in mine]
        to_comment = list(
            CollectiveReport.objects.filter(
                campaign__in=mine,
                organization__path__in=ancestor_paths(organization=member.organization),
                status=CollectiveReport.Status.CIRCULATED,
            ).select_related("organization", "campaign")
        )
    notifications = list(Notification.objects.filter(user=user, read_at__isnull=True)[:10])
    # Published results: of the organizations above the member, and of those managed.
    seen = Q(pk__in=[])
    if member is not None:
        seen |= Q(campaign__organization__path__in=ancestor_paths(organization=member.organization))
    seen |= in_subtrees(managed_roots, path="campaign__organization__path")
    if user.is_superuser:
        seen = Q()
    published = list(
        ClassificationDecision.objects.filter(seen, status=ClassificationDecision.Status.ISSUED)
        .select_related("campaign__organization")
        .order_by("-campaign__year")[:10]
    )
    open_complaints = (
        Complaint.objects.filter(in_subtrees(managed_roots, path="campaign__organization__path"))
        .exclude(status=Complaint.Status.ANSWERED)
        .count()
        if managed_roots
        else 0
    )
    return {
        "notifications": notifications,
        "roles": roles,
        "managed": managed,
        "cells": cells,
        "member": member,
        "own": own,
        "to_comment": to_comment,
        "published": published,
        "open_complaints": open_complaints,
    }
