"""Who must be reviewed in a campaign, and where; who is exempt, and why.

The roll is exported as a scenario and the rule set decides each status (the same
engine and clauses as `kiemdiem evaluate`): a member is reviewed at their cell and again
before every collective they sit on (000 §A.2.b); a new member, a suspended member, a new
or too small collective carry the rule set's reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.evaluation.roster import scenario_for
from kiemdiem.rules import evaluate, load, parse

REVIEWED = "reviewed"  # kiểm điểm và xếp loại
REVIEWED_NOT_RATED = "reviewed_not_rated"  # kiểm điểm, không xếp loại
NOT_REVIEWED = "not_reviewed"  # không kiểm điểm

STATUS_LABEL = {
    REVIEWED: "Kiểm điểm và xếp loại",
    REVIEWED_NOT_RATED: "Kiểm điểm, không xếp loại",
    NOT_REVIEWED: "Không kiểm điểm",
}


@dataclass
class SubjectRow:
    kind: str  # member | collective
    name: str
    where: str  # the cell, or the organization a collective leads
    places: list[str] = field(default_factory=list)
    status: str = REVIEWED
    why: str = ""
    pk: int | None = None  # the collective's, for links to its report

    @property
    def status_label(self) -> str:
        return STATUS_LABEL[self.status]


def campaign_subjects(*, campaign: Campaign) -> tuple[list[SubjectRow], list[SubjectRow]]:
    """(collectives, members), in the order of the tree."""
    rules = load(campaign.ruleset)
    data = scenario_for(
        root=campaign.organization,
        year=campaign.year,
        as_of=campaign.meeting_on,
        ruleset=campaign.ruleset,
    )
    result = evaluate(parse(data, source=campaign.title))
    status = {(s.type, s.id): s for s in result.subjects}
    org_name = {o["id"]: o["name"] for o in data["organizations"]}
    reviewed_new = any(c.params.get("reviewed") for c in rules.by_mechanism("new_member"))

    collectives = []
    sits_on: dict[str, list[str]] = {}
    for coll in data["collectives"]:
        sub = status[("collective", coll["id"])]
        row = SubjectRow(
            "collective", coll["name"], org_name[coll["organization"]], pk=int(coll["id"][1:])
        )
        if sub.status == "not_rated":
            row.status, row.why = NOT_REVIEWED, sub.reasons[0].message
            if sub.reasons[0].code in ("new_collective", "not_classified"):
                row.status = REVIEWED_NOT_RATED
        collectives.append(row)
        for member_id in coll["members"]:
            sits_on.setdefault(member_id, []).append(coll["name"])

    members = []
    for m in data["members"]:
        sub = status[("member", m["id"])]
        row = SubjectRow("member", m["name"], org_name[m["organization"]])
        row.places = [row.where, *sits_on.get(m["id"], [])]
        if sub.status == "not_rated":
            reason = sub.reasons[0]
            row.why = reason.message
            new_and_reviewed = reason.code == "new_member" and reviewed_new
            row.status = REVIEWED_NOT_RATED if new_and_reviewed else NOT_REVIEWED
            if row.status == NOT_REVIEWED:
                row.places = []
        members.append(row)
    members.sort(key=lambda r: (r.where, r.name))
    return collectives, members
