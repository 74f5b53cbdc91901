"""Reads for the cell's pages, each in a fixed number of queries whatever the cell's size."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q

from kiemdiem.apps.campaigns.models import Campaign, CellSupervisor, ReviewSuggestion, SelfReview
from kiemdiem.apps.evaluation.scenario import cell_result
from kiemdiem.apps.members.models import CivilServiceRating, Member, ResidenceComment
from kiemdiem.apps.organizations.models import PartyOrganization
from kiemdiem.rules import load
from kiemdiem.rules.ratings import RATING_LABEL

from .checks import classify
from .forms import RecordForm, TallyForm
from .models import AgendaItem, CollectiveReport, Meeting


def report_state(report: CollectiveReport | None) -> str:
    """Where the report stands, each step with its own date: sent on the day it went out,
    adopted on the day of the meeting (never the sending date)."""
    if report is None:
        return "chưa soạn"
    sent = f"gửi lấy ý kiến ngày {report.circulated_on:%d/%m/%Y}" if report.circulated_on else ""
    if report.status == CollectiveReport.Status.ADOPTED:
        held = (
            Meeting.objects.filter(
                campaign_id=report.campaign_id,
                organization_id=report.organization_id,
                collective_id=report.collective_id,
            )
            .values_list("held_on", flat=True)
            .first()
        )
        at = f" ngày {held:%d/%m/%Y}" if held else ""
        return f"Đã thông qua tại hội nghị{at}" + (f" (dự thảo {sent})" if sent else "")
    if report.status == CollectiveReport.Status.CIRCULATED:
        return f"Đã {sent}" if sent else report.get_status_display()
    return report.get_status_display()


def cell_overview(*, campaign: Campaign, cell: PartyOrganization) -> dict[str, Any]:
    members = list(
        Member.objects.filter(organization__path__startswith=cell.path)
        .select_related("organization")
        .order_by("full_name")
    )
    reviews = {
        r.member_id: r
        for r in SelfReview.objects.filter(campaign=campaign, member__in=members).only(
            "member_id", "status", "submitted_at", "self_rating", "above_ceiling"
        )
    }
    rows = [(m, reviews.get(m.pk)) for m in members]
    submitted = sum(1 for r in reviews.values() if r.status == SelfReview.Status.SUBMITTED)
    report = CollectiveReport.objects.filter(
        campaign=campaign, organization=cell, collective__isnull=True
    ).first()
    return {
        "rows": rows,
        "submitted": submitted,
        "report": report,
        "report_state": report_state(report),
        "meeting": Meeting.objects.filter(
            campaign=campaign, organization=cell, collective__isnull=True
        ).first(),
        "supervisors": CellSupervisor.objects.filter(campaign=campaign, cell=cell).select_related(
            "member"
        ),
        "suggestions": ReviewSuggestion.objects.filter(campaign=campaign)
        .filter(Q(organization=cell) | Q(member__in=members))
        .select_related("member", "issuer"),
        "milestones": list(campaign.milestones.order_by("order")),
    }


def _full_members(meeting: Meeting, on: date) -> tuple[int, int]:
    """(eligible, present): full members of the cell, and those of them at the meeting."""
    roll = Member.objects.filter(
        organization__path__startswith=meeting.organization.path,
        full_member_on__isnull=False,
        full_member_on__lte=on,
    )
    eligible = roll.count()
    present = roll.filter(meetings_attended=meeting).count()
    return eligible, present


def tally_rows(meeting: Meeting) -> list[dict[str, Any]]:
    rules = load(meeting.campaign.ruleset)
    on = meeting.held_on or meeting.campaign.meeting_on
    eligible, present = _full_members(meeting, on)
    rows = []
    for item in meeting.items.select_related("member", "collective", "tally").order_by("order"):
        scale = rules.scale(item.kind)
        tally = getattr(item, "tally", None)
        if tally is not None:
            initial = {
                "eligible": tally.eligible,
                "present": tally.present,
                "issued": tally.issued,
                "valid": tally.valid,
                **{f"n_{code}": tally.counts.get(code, 0) for code in scale},
            }
        else:
            initial = {"eligible": eligible, "present": present, "issued": present}
        rows.append(
            {
                "item": item,
                "tally": tally,
                "scale": scale,
                "counts_text": "; ".join(
                    f"{RATING_LABEL[code]}: {tally.counts.get(code, 0)}" for code in scale
                )
                if tally
                else "",
                "form": TallyForm(
                    initial=initial, prefix=f"t{item.pk}", scale=scale, labels=RATING_LABEL
                ),
            }
        )
    return rows


def proposal_rows(meeting: Meeting) -> dict[str, Any]:
    """Each subject with its self-rating, ballots, the engine's ceiling and rating with the
    reasons, the cell's proposal; the checks, blocking ones first."""
    result = cell_result(meeting)
    checks = classify(meeting, result)
    rules = load(meeting.campaign.ruleset)
    by_id = {(s.type, s.id): s for s in result.subjects}
    reviews = {
        r.member_id: r
        for r in SelfReview.objects.filter(
            campaign=meeting.campaign,
            member__organization__path__startswith=meeting.organization.path,
        ).only("member_id", "self_rating", "status")
    }
    report = CollectiveReport.objects.filter(
        campaign=meeting.campaign, organization=meeting.organization, collective__isnull=True
    ).first()
    rows = []
    for item in meeting.items.select_related("member", "collective", "tally").order_by("order"):
        subject = by_id.get(item.subject_key(meeting.organization.code))
        review = reviews.get(item.member_id) if item.member_id else None
        tally = getattr(item, "tally", None)
        rows.append(
            {
                "item": item,
                "subject": subject,
                "self_rating": RATING_LABEL.get(
                    review.self_rating
                    if review
                    else report.self_rating
                    if report and item.kind == AgendaItem.Kind.ORGANIZATION
                    else "",
                    "",
                ),
                "votes": (
                    [(RATING_LABEL[c], n) for c, n in tally.counts.items() if n] if tally else []
                ),
                "ceiling": RATING_LABEL.get(subject.ceiling or "", "") if subject else "",
                "rating": RATING_LABEL.get(subject.rating or "", "") if subject else "",
                "options": [(code, RATING_LABEL[code]) for code in rules.scale(item.kind)],
                "breach": bool(subject and checks.concerns(subject.id)),
            }
        )
    blocking, quota_over = checks.blocking, checks.quota
    warnings = checks.warnings
    return {
        "rows": rows,
        "blocking": blocking,
        "quota_over": quota_over,
        "warnings": warnings,
        "quotas": [
            {
                "label": RATING_LABEL.get(q.rating, q.rating),
                "actual": q.actual,
                "allowed": q.allowed,
                "over": q.actual > q.allowed,
                "clause": q.clause,
            }
            for q in result.quotas
        ],
    }


def record_rows(
    *, campaign: Campaign, cell: PartyOrganization, only: Member | None = None
) -> list[dict[str, Any]]:
    """Each member of the cell with the year's residence comment and civil-service rating
    (three queries for the whole cell)."""
    roll = Member.objects.filter(organization__path__startswith=cell.path).order_by("full_name")
    if only is not None:
        roll = roll.filter(pk=only.pk)
    members = list(roll.select_related("organization"))
    comments = {
        c.member_id: c
        for c in ResidenceComment.objects.filter(year=campaign.year, member__in=members)
    }
    ratings = {
        r.member_id: r.rating
        for r in CivilServiceRating.objects.filter(year=campaign.year, member__in=members)
    }
    rows = []
    for m in members:
        comment = comments.get(m.pk)
        initial = {
            "residence": comment.residence if comment else "",
            "comment": comment.comment if comment else "",
            "satisfactory": comment.satisfactory if comment else True,
            "civil_service": ratings.get(m.pk, ""),
        }
        rows.append(
            {
                "member": m,
                "comment": comment,
                "rating": RATING_LABEL.get(ratings.get(m.pk, ""), ""),
                "form": RecordForm(initial=initial, prefix=f"r{m.pk}"),
            }
        )
    return rows
