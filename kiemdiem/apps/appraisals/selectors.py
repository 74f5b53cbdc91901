"""The appraisal screen: every submitted cell's proposals side by side with the engine's
ceilings, reasons and checks over the whole organization (one scenario, one evaluation)."""

from __future__ import annotations

from typing import Any

from kiemdiem.apps.campaigns.models import Campaign, SelfReview
from kiemdiem.apps.evaluation.keys import member_key
from kiemdiem.apps.evaluation.scenario import campaign_scenario, subject_names
from kiemdiem.apps.members.models import CivilServiceRating, ResidenceComment
from kiemdiem.apps.reviews.models import Meeting
from kiemdiem.rules import evaluate, load, parse
from kiemdiem.rules.messages import SUBJECT_LABEL
from kiemdiem.rules.ratings import RATING_LABEL

from .models import Appraisal, Opinion
from .services import OPINION_BODIES_FOR_CELL, OPINION_BODIES_FOR_ROOT


def appraisal_board(*, campaign: Campaign) -> dict[str, Any]:
    appraisals = {a.subject: a for a in Appraisal.objects.filter(campaign=campaign)}
    rules = load(campaign.ruleset)

    def override(kind: str, ref: str) -> str | None:
        found = appraisals.get(f"{kind}/{ref}")
        return found.rating if found and found.verdict == Appraisal.Verdict.OTHER else None

    data = campaign_scenario(campaign, override=override, submitted_only=True)
    result = evaluate(parse(data, source=str(campaign)))
    by_id = {str(s.key): s for s in result.subjects}
    entries = {f"member/{m['id']}": m for m in data["members"]}
    names = subject_names(str(s.key) for s in result.subjects)
    self_ratings = {
        member_key(r.member_id): RATING_LABEL.get(r.self_rating, "")
        for r in SelfReview.objects.filter(campaign=campaign).only("member_id", "self_rating")
    }
    civil = {
        member_key(r.member_id): RATING_LABEL.get(r.rating, "")
        for r in CivilServiceRating.objects.filter(year=campaign.year)
    }
    residence = {
        member_key(r.member_id): r for r in ResidenceComment.objects.filter(year=campaign.year)
    }
    opinions: dict[int, list[Opinion]] = {}
    for opinion in Opinion.objects.filter(campaign=campaign).order_by("requested_on", "id"):
        opinions.setdefault(opinion.organization_id, []).append(opinion)
    cells = []
    for meeting in (
        Meeting.objects.filter(
            campaign=campaign, collective__isnull=True, status=Meeting.Status.SUBMITTED
        )
        .select_related("organization")
        .order_by("organization__path")
    ):
        rows = []
        for proposed in (meeting.submitted_result or {}).get("subjects", ()):
            key = f"{proposed['type']}/{proposed['id']}"
            now = by_id.get(key)
            entry = entries.get(key, {})
            votes = entry.get("votes") or {}
            rows.append(
                {
                    "key": key,
                    "name": names.get(key, key),
                    "proposed": RATING_LABEL.get(proposed["rating"] or "", "—"),
                    "self_rating": self_ratings.get(key, ""),
                    "votes": ", ".join(f"{RATING_LABEL[c]}: {n}" for c, n in votes.items()),
                    "score": entry.get("score"),
                    "civil": civil.get(key, ""),
                    "residence": residence.get(key),
                    "ceiling": RATING_LABEL.get(now.ceiling or "", "") if now else "",
                    "reasons": [r.message for r in now.reasons] if now else [],
                    "appraisal": appraisals.get(key),
                    "options": [(c, RATING_LABEL[c]) for c in rules.scale(proposed["type"])],
                    "checks": [c.message for c in result.checks if c.subject == proposed["id"]],
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
        "root_opinions": opinions.get(campaign.organization_id, []),
        "root_bodies": [(b, Opinion.Body(b).label) for b in OPINION_BODIES_FOR_ROOT],
        "checks": result.checks,
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
            for q in result.quotas
        ],
    }
