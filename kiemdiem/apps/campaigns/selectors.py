from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from kiemdiem.apps.accounts.permissions import can_manage, managed_roots, run_roots
from kiemdiem.apps.core.errors import PermissionDenied
from kiemdiem.apps.organizations.selectors import ancestor_paths, in_subtrees
from kiemdiem.rules.calendar import holiday_name, is_working_day

from .models import Campaign, Milestone


@dataclass(frozen=True)
class MilestoneRow:
    milestone: Milestone
    overdue: bool
    days_left: int
    note: str

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)


def campaign_milestones(*, campaign: Campaign, today: date) -> list[MilestoneRow]:
    """The campaign's milestones in order, with what a progress board shows about each."""
    rows = []
    for m in campaign.milestones.all():
        note = ""
        if not is_working_day(m.due_on):
            name = holiday_name(m.due_on)
            note = f"Ngày nghỉ ({name})" if name else "Rơi vào ngày nghỉ cuối tuần"
        rows.append(MilestoneRow(m, m.due_on < today, (m.due_on - today).days, note))
    return rows


def campaign_get(*, pk: int) -> Campaign:
    """The campaign a URL names, with its organization, or 404."""
    return get_object_or_404(Campaign.objects.select_related("organization"), pk=pk)


def campaign_scope(*, user: User | AnonymousUser) -> Q:
    """The one read rule for campaigns. An account reaches the campaigns of the subtrees
    it manages, and a campaign above a place it works in (a cell it runs, the member's own
    organization): a campaign covers its organization's subtree."""
    if getattr(user, "is_superuser", False):
        return Q()
    scope = in_subtrees(managed_roots(user))
    places = run_roots(user)
    member = getattr(user, "member", None)
    if member is not None:
        places.append(member.organization)
    for place in places:
        scope |= Q(organization__path__in=ancestor_paths(organization=place))
    return scope


def campaign_list_visible(*, user: User | AnonymousUser) -> QuerySet[Campaign]:
    return (
        Campaign.objects.filter(campaign_scope(user=user))
        .select_related("organization")
        .order_by("-year", "organization__path")
    )


def campaign_get_visible(*, user: User | AnonymousUser, pk: int) -> Campaign:
    """A campaign the account may read (404 for none, 403 outside its reach)."""
    campaign = campaign_get(pk=pk)
    if not Campaign.objects.filter(campaign_scope(user=user), pk=pk).exists():
        raise PermissionDenied()
    return campaign


def campaign_get_managed(*, user: User | AnonymousUser, pk: int) -> Campaign:
    """A campaign only those who manage its organization may open (404 for none, 403
    otherwise): pages and API alike."""
    campaign = campaign_get(pk=pk)
    if not can_manage(user, campaign.organization):
        raise PermissionDenied()
    return campaign


def managed_campaign(request: HttpRequest, pk: int) -> Campaign:
    """campaign_get_managed for the signed-in account of a request."""
    return campaign_get_managed(user=request.user, pk=pk)
