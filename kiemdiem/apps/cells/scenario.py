"""The cell's scenario: the roll of the cell (`scenario_for`) plus what the campaign has
recorded so far — self-reviews, tallies, proposals, absences from the review meeting —
evaluated by the same engine and rule set as `kiemdiem evaluate`."""

from __future__ import annotations

from typing import Any

from kiemdiem.apps.campaigns.models import SelfReview
from kiemdiem.apps.campaigns.self_reviews import input_from, self_review_facts
from kiemdiem.apps.organizations.scenario import scenario_for
from kiemdiem.rules import Result, evaluate, parse

from .models import AgendaItem, CollectiveReport, Meeting


def cell_scenario(meeting: Meeting) -> dict[str, Any]:
    campaign, cell = meeting.campaign, meeting.organization
    as_of = meeting.held_on or campaign.meeting_on
    data = scenario_for(root=cell, year=campaign.year, as_of=as_of, ruleset=campaign.ruleset)
    members = {m["id"]: m for m in data["members"]}
    collectives = {c["id"]: c for c in data["collectives"]}
    organizations = {o["id"]: o for o in data["organizations"]}

    for review in SelfReview.objects.filter(
        campaign=campaign, member__organization__path__startswith=cell.path
    ):
        entry = members.get(f"M{review.member_id}")
        if entry is None:
            continue
        if review.key_level and review.other_level:
            entry["levels"] = {"key": review.key_level, "other": review.other_level}
        if review.general_points is not None and review.results_points is not None:
            entry["score"] = float(review.general_points + review.results_points)
        entry.setdefault("facts", {}).update(self_review_facts(input_from(review.__dict__)))

    report = CollectiveReport.objects.filter(
        campaign=campaign, organization=cell, collective__isnull=True
    ).first()
    scored = (
        report is not None
        and report.general_points is not None
        and report.results_points is not None
    )
    items = AgendaItem.objects.filter(meeting=meeting).select_related("tally")
    for item in items:
        kind, ref = item.subject_key(cell.code)
        entry = {"member": members, "collective": collectives}.get(kind, organizations).get(ref)
        if entry is None:
            continue
        facts = entry.setdefault("facts", {})
        if item.pending:
            facts["reviewed"] = False
        tally = getattr(item, "tally", None)
        if tally is not None and item.kind == AgendaItem.Kind.MEMBER:
            entry["votes"] = {code: n for code, n in tally.counts.items() if n}
            facts["eligible_voters"] = tally.eligible
            facts["voters_present"] = tally.present
        proposed = item.proposed
        if not proposed and item.kind == AgendaItem.Kind.ORGANIZATION and report is not None:
            proposed = report.proposed
        if proposed:
            entry["proposed"] = proposed
        if item.kind == AgendaItem.Kind.ORGANIZATION and scored:
            entry["score"] = float(report.general_points + report.results_points)  # type: ignore[operator, union-attr]
    for entry in [*members.values(), *collectives.values(), *organizations.values()]:
        if entry.get("facts") == {}:
            del entry["facts"]
    return data


def cell_result(meeting: Meeting) -> Result:
    return evaluate(parse(cell_scenario(meeting), source=str(meeting)))
