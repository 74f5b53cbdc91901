"""The progress board: one row per cell, one column per step, against the milestones.

A fixed number of aggregate queries whatever the number of cells (a đảng bộ may have
hundreds): members and self-reviews are counted per organization and folded into their
cell by path prefix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q

from kiemdiem.apps.members.models import Member
from kiemdiem.apps.organizations.models import PartyOrganization
from kiemdiem.apps.reviews.models import CollectiveReport, Meeting

from .models import Campaign, CellSupervisor, SelfReview

CELL_KINDS = ("cell", "grassroots_cell")


@dataclass
class Step:
    label: str
    done: bool
    overdue: bool = False


@dataclass
class CellRow:
    cell: PartyOrganization
    members: int = 0
    submitted: int = 0
    supervisors: list[str] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)

    @property
    def overdue(self) -> bool:
        return any(step.overdue for step in self.steps)


def _fold(counts: dict[str, int], cells: list[PartyOrganization]) -> dict[int, int]:
    """Counts per organization path folded into the cell whose path prefixes it."""
    out = {c.pk: 0 for c in cells}
    by_path = sorted(((c.path, c.pk) for c in cells), key=lambda x: -len(x[0]))
    for path, n in counts.items():
        for prefix, pk in by_path:
            if path.startswith(prefix):
                out[pk] += n
                break
    return out


def _tallied(meeting: object) -> bool:
    return bool(getattr(meeting, "tallies", 0) >= getattr(meeting, "voting", 0))


def progress_board(
    *, campaign: Campaign, today: date, cells: list[PartyOrganization] | None = None
) -> list[CellRow]:
    if cells is None:
        cells = list(
            PartyOrganization.objects.filter(
                path__startswith=campaign.organization.path, kind__in=CELL_KINDS
            ).order_by("path")
        )
    due = {m.code: m.due_on for m in campaign.milestones.all()}
    root = campaign.organization.path
    members = _fold(
        dict(
            Member.objects.filter(organization__path__startswith=root)
            .values_list("organization__path")
            .annotate(n=Count("id"))
            .values_list("organization__path", "n")
        ),
        cells,
    )
    submitted = _fold(
        dict(
            SelfReview.objects.filter(campaign=campaign, status=SelfReview.Status.SUBMITTED)
            .values_list("member__organization__path")
            .annotate(n=Count("id"))
            .values_list("member__organization__path", "n")
        ),
        cells,
    )
    reports = {
        r.organization_id: r
        for r in CollectiveReport.objects.filter(campaign=campaign, collective__isnull=True)
    }
    meetings = {
        m.organization_id: m
        # Without each meeting's stored result (~76 KB a cell, 1.7 s to decode a province's).
        for m in Meeting.objects.filter(campaign=campaign, collective__isnull=True)
        .defer("submitted_result")
        .annotate(
            tallies=Count("items__tally"),
            voting=Count("items", filter=Q(items__pending=False, items__kind="member")),
        )
    }
    supervisors: dict[int, list[str]] = {}
    for s in CellSupervisor.objects.filter(campaign=campaign).select_related("member"):
        supervisors.setdefault(s.cell_id, []).append(s.member.full_name)

    def late(code: str, done: bool) -> bool:
        return not done and code in due and due[code] < today

    # Cells report to the đảng ủy by "cells_report" (000 §C) or, under QĐ 366, "ratings_done".
    report_code = "cells_report" if "cells_report" in due else "ratings_done"

    rows = []
    for cell in cells:
        row = CellRow(cell, members[cell.pk], submitted[cell.pk], supervisors.get(cell.pk, []))
        report = reports.get(cell.pk)
        meeting = meetings.get(cell.pk)
        reviews_done = row.members > 0 and row.submitted >= row.members
        circulated = report is not None and report.status != "draft"
        held = meeting is not None and meeting.status != "preparing"
        tallied = held and meeting is not None and _tallied(meeting)
        sent = meeting is not None and meeting.status == "submitted"
        row.steps = [
            Step(
                f"{row.submitted}/{row.members}",
                reviews_done,
                late("self_reviews_due", reviews_done),
            ),
            Step(
                f"Đã gửi {report.circulated_on:%d/%m}"
                if circulated and report and report.circulated_on
                else "Chưa gửi",
                circulated,
                late("report_circulated", circulated),
            ),
            Step(
                f"Đã họp {meeting.held_on:%d/%m}"
                if held and meeting and meeting.held_on
                else "Chưa họp",
                held,
                late("cell_meeting", held),
            ),
            Step(
                "Đủ" if tallied else "Chưa đủ" if held else "—",
                tallied,
                late("cell_meeting", tallied),
            ),
            Step("Đã báo cáo" if sent else "Chưa báo cáo", sent, late(report_code, sent)),
        ]
        rows.append(row)
    return rows
