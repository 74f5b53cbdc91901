from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from kiemdiem.apps.accounts.permissions import can_manage
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


def managed_campaign(request: HttpRequest, pk: int) -> Campaign:
    """A campaign for a page only those who manage its organization may open (403
    otherwise, 404 for none)."""
    campaign = get_object_or_404(Campaign.objects.select_related("organization"), pk=pk)
    if not can_manage(request.user, campaign.organization):
        raise PermissionDenied("Ngoài phạm vi tổ chức được giao")
    return campaign
