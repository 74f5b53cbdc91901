"""The engine on one member and a form not yet saved: what the self-review page and the
API show while the member writes, and what submitting checks against (the ceiling)."""

from __future__ import annotations

from typing import Any

from kiemdiem.apps.campaigns.models import PERCENTAGES, Campaign, RemedyStatus
from kiemdiem.apps.core.scores import score_of
from kiemdiem.apps.members.models import Member
from kiemdiem.rules import Result, evaluate, parse

from .roster import member_scenario_entry


def self_review_facts(data: Any) -> dict[str, Any]:
    """The facts a self-review gives the engine: the task figures and the share of last
    year's shortcomings fixed (from the remedy items)."""
    facts: dict[str, Any] = {
        name: getattr(data, name) for name in PERCENTAGES if getattr(data, name) is not None
    }
    items = data.remedy_items
    if items:
        fixed = sum(1 for item in items if _status(item) == RemedyStatus.FIXED)
        if any(not _status(item) for item in items):
            return facts  # not every shortcoming marked yet: no share to judge by
        facts["shortcomings_fixed_pct"] = round(100 * fixed / len(items), 1)
    return facts


def _status(item: Any) -> str:
    return str(item["status"] if isinstance(item, dict) else item[1])


def self_review_preview(*, campaign: Campaign, member: Member, data: Any) -> Result:
    """The engine on this member alone: their record plus what the form says."""
    entry = member_scenario_entry(
        member, year=campaign.year, as_of=campaign.meeting_on, organization="C"
    )
    entry["id"] = "M"  # the preview's only member; the view reads it back by this id
    entry.setdefault("facts", {})
    if data.key_level and data.other_level:
        entry["levels"] = {"key": data.key_level, "other": data.other_level}
    score = score_of(data.general_points, data.results_points)  # a form not yet saved
    if score is not None:
        entry["score"] = score
    entry["facts"].update(self_review_facts(data))
    if data.self_rating:
        entry["proposed"] = data.self_rating
    scenario = {
        "version": 1,
        "ruleset": campaign.ruleset,
        "year": campaign.year,
        "as_of": campaign.meeting_on.isoformat(),
        "organizations": [
            {"id": "C", "name": member.organization.name, "kind": "cell", "parent": None}
        ],
        "members": [entry],
    }
    return evaluate(parse(scenario, source="preview"))
