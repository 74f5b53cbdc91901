"""Which of the engine's checks stop a cell from submitting, and which it is shown.

- A proposal the cell made above what the facts or the ballot allow: it must correct it.
- A ballot above the facts' ceiling with no proposal: the engine already rates at the
  ceiling; the cell is told, not stopped.
- A quota: counted over the whole grassroots organization, so over one cell it is a
  warning the cell answers with a correction or a reason on record.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kiemdiem.rules import Check, Result

from .models import CollectiveReport, Meeting

BREACHES = {
    "above_ceiling",
    "vote_threshold_not_met",
    "head_above_collective",
    "collective_above_organization",
}
QUOTA = "quota_exceeded"


@dataclass
class Checks:
    blocking: list[Check] = field(default_factory=list)
    quota: list[Check] = field(default_factory=list)
    warnings: list[Check] = field(default_factory=list)

    def concerns(self, subject_id: str) -> bool:
        return any(c.subject == subject_id for c in self.blocking) or any(
            subject_id in (c.subjects or ()) for c in self.quota
        )


def proposed_ids(meeting: Meeting) -> set[str]:
    """The scenario ids of the subjects the cell (or its report) proposes a rating for."""
    code = meeting.organization.code
    ids = {item.subject_key(code)[1] for item in meeting.items.exclude(proposed_rating="")}
    reported = CollectiveReport.objects.filter(
        campaign=meeting.campaign, organization=meeting.organization, collective__isnull=True
    ).exclude(self_rating="")
    if reported.exists():
        ids.add(meeting.organization.code)
    return ids


def classify(meeting: Meeting, result: Result) -> Checks:
    proposed = proposed_ids(meeting)
    out = Checks()
    for check in result.checks:
        if check.code in BREACHES and check.subject in proposed:
            out.blocking.append(check)
        elif check.code == QUOTA:
            out.quota.append(check)
        else:
            out.warnings.append(check)
    return out
