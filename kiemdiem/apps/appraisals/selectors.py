"""The appraisal screen: the submitted cells' proposals side by side with the stored
result's ceilings, reasons and checks over the whole organization, a page of cells at a
time."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator

from kiemdiem.apps.campaigns.models import Campaign, SelfReview
from kiemdiem.apps.evaluation.keys import member_key, member_pk
from kiemdiem.apps.evaluation.scenario import DECIDED
from kiemdiem.apps.evaluation.stored import stored_result
from kiemdiem.apps.members.models import CivilServiceRating, ResidenceComment
from kiemdiem.apps.reviews.models import (
    AgendaItem,
    CollectiveReport,
    Meeting,
    SubmittedProposal,
    TallyRecord,
)
from kiemdiem.rules import load
from kiemdiem.rules.messages import SUBJECT_LABEL
from kiemdiem.rules.ratings import RATING_LABEL

from .models import Appraisal, Opinion
from .services import OPINION_BODIES_FOR_CELL, OPINION_BODIES_FOR_ROOT

CHECKS_SHOWN = 200  # of a province's checks, the first few; each cell shows its own
CELLS_A_PAGE = 20  # submitted cells on one page of the board (a province has thousands)
# …fewer where cells are large: a page of twenty 100-member cells was 2,000 forms, 4 MB.
ROWS_A_PAGE = 300


def _cells_a_page(campaign: Campaign) -> int:
    """As many cells as make about ROWS_A_PAGE subjects, from the cells' average size."""
    meetings = Meeting.objects.filter(
        campaign=campaign, collective__isnull=True, status=Meeting.Status.SUBMITTED
    ).count()
    if not meetings:
        return CELLS_A_PAGE
    rows = SubmittedProposal.objects.filter(
        campaign=campaign, meeting__collective__isnull=True
    ).count()
    return max(1, min(CELLS_A_PAGE, ROWS_A_PAGE * meetings // max(rows, 1)))


def appraisal_board(
    *, campaign: Campaign, page: str | int | None = None, query: str = ""
) -> dict[str, Any]:
    """One page of submitted cells (by name, filtered by `query`), each with its
    proposals beside the stored result's ceilings, reasons and checks (quotas over the
    whole organization): what is proposed, appraised and decided (decisions/services)."""
    rules = load(campaign.ruleset)
    stored = stored_result(campaign, DECIDED)
    submitted = (
        Meeting.objects.filter(
            campaign=campaign, collective__isnull=True, status=Meeting.Status.SUBMITTED
        )
        .defer("submitted_result")
        .select_related("organization")
        .order_by("organization__path")
    )
    if query:
        submitted = submitted.filter(organization__name__icontains=query)
    cells_page = Paginator(submitted, _cells_a_page(campaign)).get_page(page)
    meetings = list(cells_page.object_list)
    proposed = list(
        SubmittedProposal.objects.filter(meeting__in=meetings)
        .order_by("pk")
        .values_list("meeting_id", "subject", "rating")
    )
    keys = [key for _, key, _ in proposed]
    appraisals = {
        a.subject: a for a in Appraisal.objects.filter(campaign=campaign, subject__in=keys)
    }
    now = {str(s_.key): s_ for s_ in stored.subjects(keys)} if keys else {}
    names = dict(stored.rows.filter(key__in=keys).values_list("key", "name")) if keys else {}
    people = [pk for pk in (member_pk(k) for k in keys if k.startswith("member/")) if pk]
    self_reviews = {
        member_key(r.member_id): r
        for r in SelfReview.objects.filter(campaign=campaign, member_id__in=people)
    }
    votes = {
        member_key(member_id): {code: n for code, n in (counts or {}).items() if n}
        for member_id, counts in TallyRecord.objects.filter(
            item__meeting__in=meetings, item__kind=AgendaItem.Kind.MEMBER
        ).values_list("item__member_id", "counts")
    }
    report_scores = {
        r.organization.code: r.score
        for r in CollectiveReport.objects.filter(
            campaign=campaign,
            collective__isnull=True,
            organization__in=[m.organization_id for m in meetings],
        ).select_related("organization")
    }
    # The campaign's year and the page's members only, not the whole database's.
    civil = {
        member_key(r.member_id): RATING_LABEL.get(r.rating, "")
        for r in CivilServiceRating.objects.filter(year=campaign.year, member_id__in=people)
    }
    residence = {
        member_key(r.member_id): r
        for r in ResidenceComment.objects.filter(year=campaign.year, member_id__in=people)
    }
    opinions: dict[int, list[Opinion]] = {}
    for opinion in Opinion.objects.filter(
        campaign=campaign,
        organization_id__in=[campaign.organization_id, *(m.organization_id for m in meetings)],
    ).order_by("requested_on", "id"):
        opinions.setdefault(opinion.organization_id, []).append(opinion)
    shown, total = stored.checks_where(limit=CHECKS_SHOWN), stored.check_count()
    checks_of: dict[str, list[str]] = {}
    for check in stored.checks_where(subjects=keys) if keys else []:
        checks_of.setdefault(check.subject or "", []).append(check.message)
    by_meeting: dict[int, list[tuple[str, str]]] = {}
    for meeting_id, key, rating in proposed:
        by_meeting.setdefault(meeting_id, []).append((key, rating))
    cells = []
    for meeting in meetings:
        rows = []
        for key, rating in by_meeting.get(meeting.pk, []):
            subject = now.get(key)
            kind, _, ref = key.partition("/")
            review = self_reviews.get(key)
            score = review.score if review is not None else None
            if kind == "organization":
                score = report_scores.get(ref)
            rows.append(
                {
                    "key": key,
                    "name": names.get(key, key),
                    "proposed": RATING_LABEL.get(rating, "—"),
                    "self_rating": RATING_LABEL.get(review.self_rating, "") if review else "",
                    "votes": ", ".join(
                        f"{RATING_LABEL[c]}: {n}" for c, n in votes.get(key, {}).items()
                    ),
                    "score": score,
                    "civil": civil.get(key, ""),
                    "residence": residence.get(key),
                    "ceiling": RATING_LABEL.get(subject.ceiling or "", "") if subject else "",
                    "reasons": [r.message for r in subject.reasons] if subject else [],
                    "appraisal": appraisals.get(key),
                    "options": [(c, RATING_LABEL[c]) for c in rules.scale(kind)],
                    "checks": checks_of.get(ref, []),
                }
            )
        cells.append(
            {
                "meeting": meeting,
                "rows": rows,
                "done": sum(1 for r in rows if r["appraisal"]),
                "opinions": opinions.get(meeting.organization_id, []),
                "bodies": [(b, Opinion.Body(b).label) for b in OPINION_BODIES_FOR_CELL],
            }
        )
    return {
        "cells": cells,
        "page": cells_page,
        "query": query,
        "stored": stored,
        "root_opinions": opinions.get(campaign.organization_id, []),
        "root_bodies": [(b, Opinion.Body(b).label) for b in OPINION_BODIES_FOR_ROOT],
        "checks": shown,
        "checks_total": total,
        "checks_more": total - len(shown),
        "quotas": [
            {
                "scope": q.scope,
                "label": RATING_LABEL.get(q.rating, q.rating),
                "allowed": q.allowed,
                "actual": q.actual,
                "over": q.actual > q.allowed,
                "clause": q.clause,
                "subject_type": q.subject_type,
                "type_label": SUBJECT_LABEL.get(q.subject_type, q.subject_type),
            }
            for q in stored.quotas
        ],
    }
