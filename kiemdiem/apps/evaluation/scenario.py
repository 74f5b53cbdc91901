"""Scenarios of a campaign as recorded so far: the roll (`scenario_for`) plus self-reviews,
tallies, proposals and absences from the review meetings — evaluated by the same engine
and rule set as `kiemdiem evaluate`.

- `cell_scenario(meeting)`: one cell, for its proposals;
- `campaign_scenario(campaign)`: the whole grassroots organization with every cell's
  meeting, for the office's appraisal (quotas are counted over it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from types import SimpleNamespace
from typing import Any

from kiemdiem.apps.campaigns.models import PERCENTAGES, Campaign, SelfReview
from kiemdiem.apps.core.scores import score_of
from kiemdiem.apps.evaluation.roster import scenario_for
from kiemdiem.apps.members.models import Member
from kiemdiem.apps.organizations.models import LeadershipCollective, PartyOrganization
from kiemdiem.apps.reviews.models import AgendaItem, CollectiveReport, Meeting, SubmittedProposal
from kiemdiem.rules import Result, SubjectKey, evaluate, parse

from .keys import collective_key, collective_pk, member_key, member_pk, organization_key
from .preview import self_review_facts
from .stored import Stored, stored_result

# Subject type → rating to use instead of the cell's proposal (the office's appraisal).
Override = Callable[[str, str], str | None]


class _Index:
    def __init__(self, data: dict[str, Any]) -> None:
        self.by_kind = {
            "member": {m["id"]: m for m in data["members"]},
            "collective": {c["id"]: c for c in data["collectives"]},
            "organization": {o["id"]: o for o in data["organizations"]},
            # A leader is named by the engine as "<member>@<collective>".
            "leader": {f"{x['member']}@{x['collective']}": x for x in data["leaders"]},
        }

    def get(self, kind: str, ref: str) -> dict[str, Any] | None:
        return self.by_kind[kind].get(ref)

    def all(self) -> Iterable[dict[str, Any]]:
        for entries in self.by_kind.values():
            yield from entries.values()


def _self_reviews(index: _Index, campaign: Campaign, root: PartyOrganization) -> None:
    # Values, not model instances: a province has 200,000 of them to read on each
    # recomputation.
    fields = ("member_id", "key_level", "other_level", "general_points", "results_points")
    rows = SelfReview.objects.filter(
        campaign=campaign, member__organization__path__startswith=root.path
    ).values(*fields, *PERCENTAGES, "remedy_items")
    for row in rows.iterator(chunk_size=2000):
        entry = index.get("member", f"M{row['member_id']}")
        if entry is None:
            continue
        if row["key_level"] and row["other_level"]:
            entry["levels"] = {"key": row["key_level"], "other": row["other_level"]}
        score = score_of(row["general_points"], row["results_points"])
        if score is not None:
            entry["score"] = score
        entry.setdefault("facts", {}).update(self_review_facts(SimpleNamespace(**row)))


def _meetings(index: _Index, meetings: Iterable[Meeting]) -> None:
    """What each cell's meeting recorded: absences, ballots, proposals, the report."""
    meetings = list(meetings)
    reports = {
        r.organization_id: r
        for r in CollectiveReport.objects.filter(
            organization__in=[m.organization_id for m in meetings],
            campaign__in={m.campaign_id for m in meetings},
            collective__isnull=True,
        )
    }
    # The cells once, not each item's meeting: a meeting row carries its stored result
    # (~76 KB for a 100-member cell), which a join would copy into every item of a province.
    cells = PartyOrganization.objects.in_bulk({m.organization_id for m in meetings})
    cell_of = {m.pk: cells[m.organization_id] for m in meetings}
    items = AgendaItem.objects.filter(meeting__in=[m.pk for m in meetings]).values_list(
        "meeting_id",
        "kind",
        "member_id",
        "collective_id",
        "pending",
        "proposed_rating",
        "tally__counts",
        "tally__eligible",
        "tally__present",
    )
    MEMBER = AgendaItem.Kind.MEMBER
    for (
        meeting,
        kind_,
        person,
        body,
        pending,
        proposed,
        counts,
        eligible,
        present,
    ) in items.iterator(chunk_size=2000):
        cell = cell_of[meeting]
        report = reports.get(cell.pk)
        kind, ref = AgendaItem.key_of(kind_, person, body, cell.code)
        entry = index.get(kind, ref)
        if entry is None:
            continue
        facts = entry.setdefault("facts", {})
        if pending:
            facts["reviewed"] = False
        if eligible is not None and kind_ == MEMBER:  # a tally was recorded
            entry["votes"] = {code: n for code, n in counts.items() if n}
            facts["eligible_voters"] = eligible
            facts["voters_present"] = present
        if kind == "organization" and report is not None:
            proposed = proposed or report.self_rating
            if report.score is not None:
                entry["score"] = report.score
        if proposed:
            entry["proposed"] = proposed


def _tidy(index: _Index) -> None:
    for entry in index.all():
        if entry.get("facts") == {}:
            del entry["facts"]


def cell_scenario(meeting: Meeting) -> dict[str, Any]:
    campaign, cell = meeting.campaign, meeting.organization
    as_of = meeting.held_on or campaign.meeting_on
    data = scenario_for(root=cell, year=campaign.year, as_of=as_of, ruleset=campaign.ruleset)
    index = _Index(data)
    _self_reviews(index, campaign, cell)
    _meetings(index, [meeting])
    _tidy(index)
    return data


def cell_result(meeting: Meeting) -> Result:
    return evaluate(parse(cell_scenario(meeting), source=str(meeting)))


def campaign_scenario(
    campaign: Campaign,
    *,
    override: Override | None = None,
    decided: Override | None = None,
    submitted_only: bool = False,
    within: PartyOrganization | None = None,
) -> dict[str, Any]:
    """The whole organization of the campaign with every cell meeting recorded so far
    (or one grassroots unit of it, `within`: stored.results_refresh_part);
    `override(type, id)` may replace a subject's proposal (the office's appraisal);
    `decided(type, id)` gives the committee's decision where there is one.
    With `submitted_only`, whatever no cell has submitted yet is pending, so quotas count
    only what has been proposed."""
    root = within or campaign.organization
    data = scenario_for(
        root=root, year=campaign.year, as_of=campaign.meeting_on, ruleset=campaign.ruleset
    )
    index = _Index(data)
    _self_reviews(index, campaign, root)
    cell_meetings = list(
        Meeting.objects.filter(
            campaign=campaign,
            collective__isnull=True,
            organization__path__startswith=root.path,
        )
        .defer("submitted_result")  # tens of KB a cell; the rows of SubmittedProposal say it
        .select_related("organization")
    )
    _meetings(index, cell_meetings)
    if submitted_only:
        # What the cells reported: their subjects as the engine named them then (leaders of
        # a cell's committee included); a leader of the đảng bộ's own collectives is rated
        # above this campaign and so is never counted here.
        submitted = set(
            SubmittedProposal.objects.filter(
                campaign=campaign,
                meeting__collective__isnull=True,
                meeting__organization__path__startswith=root.path,
            ).values_list("subject", flat=True)
        )
        for kind, entries in index.by_kind.items():
            for ref, entry in entries.items():
                if f"{kind}/{ref}" not in submitted:
                    entry.setdefault("facts", {})["reviewed"] = False
    # The office's rating replaces the proposal; the committee's decision is its own field.
    for field, source in (("proposed", override), ("decided", decided)):
        if source is None:
            continue
        for kind, entries in index.by_kind.items():
            for ref, entry in entries.items():
                rating = source(kind, ref)
                if rating:
                    entry[field] = rating
    _tidy(index)
    return data


def campaign_result(
    campaign: Campaign,
    *,
    override: Override | None = None,
    decided: Override | None = None,
    submitted_only: bool = False,
    within: PartyOrganization | None = None,
) -> Result:
    data = campaign_scenario(
        campaign,
        override=override,
        decided=decided,
        submitted_only=submitted_only,
        within=within,
    )
    # Built here from typed records, not typed by anyone: the schema check (seconds for a
    # province) has nothing to find; parse still checks the tree, references and dates.
    return evaluate(parse(data, source=str(campaign), schema=False))


RECORDED = "recorded"  # the stored variant: what the cells recorded (campaign_result)
# The stored variant of what is proposed and decided: registered by the decisions app,
# which builds it (decisions.services.decision_result); read by the appraisal board too.
DECIDED = "decided"


def recorded_result(campaign: Campaign, *, fresh: bool = False) -> Stored:
    """campaign_result(campaign) as stored (stored.py): no engine run on a page."""
    return stored_result(campaign, RECORDED, fresh=fresh)


def subject_names(keys: Iterable[str]) -> dict[str, str]:
    """Display names of subjects named as the engine names them ("member/M12",
    "organization/CB-TT", "collective/K3"): three small queries, no scenario to build."""
    refs: dict[str, set[str]] = {"member": set(), "organization": set(), "collective": set()}
    leaders: list[tuple[str, str]] = []
    for text in keys:
        try:
            key = SubjectKey.parse(text)
        except ValueError:
            continue  # not a subject: it keeps no name
        refs.setdefault(key.type, set()).add(key.id)
        if key.person and key.body:  # a leader is named as the member heading the body
            leaders.append((key.person, key.body))
            refs["member"].add(key.person)
            refs["collective"].add(key.body)
    names: dict[str, str] = {}
    member_pks = [int(r[1:]) for r in refs["member"] if r[1:].isdigit()]
    for pk, name in Member.objects.filter(pk__in=member_pks).values_list("pk", "full_name"):
        names[member_key(pk)] = name
    for code, name in PartyOrganization.objects.filter(code__in=refs["organization"]).values_list(
        "code", "name"
    ):
        names[organization_key(code)] = name
    collective_pks = [int(r[1:]) for r in refs["collective"] if r[1:].isdigit()]
    for pk, name in LeadershipCollective.objects.filter(pk__in=collective_pks).values_list(
        "pk", "name"
    ):
        names[collective_key(pk)] = name
    for member, collective in leaders:
        person = names.get(str(SubjectKey("member", member)), member)
        body = names.get(str(SubjectKey("collective", collective)), collective)
        names[str(SubjectKey("leader", f"{member}@{collective}"))] = (
            f"{person} (người đứng đầu {body})"
        )
    return names


def subject_organization(key: str) -> PartyOrganization | None:
    """The organization a subject belongs to — a member's cell, the organization itself,
    a collective's organization — for deciding who may see or act on it."""
    try:
        parsed = SubjectKey.parse(key)
    except ValueError:  # typed into an address: no such subject
        return None
    person = member_pk(parsed)  # a leader belongs where the member who heads the body is
    if person is not None:
        member = Member.objects.filter(pk=person).select_related("organization").first()
        return member.organization if member else None
    if parsed.type == "organization":
        return PartyOrganization.objects.filter(code=parsed.id).first()
    body = collective_pk(parsed) if parsed.type == "collective" else None
    if body is not None:
        collective = (
            LeadershipCollective.objects.filter(pk=body).select_related("organization").first()
        )
        return collective.organization if collective else None
    return None
