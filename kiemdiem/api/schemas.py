"""What the API reads and writes. Dates are ISO 8601 (yyyy-mm-dd) on the wire."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from ninja import Schema
from pydantic import ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError


class Strict(Schema):
    # An unknown field is an error, not silently dropped: a typo must not lose data.
    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _storable(cls, value: Any) -> Any:
        _check_storable(value)
        return value


def _check_storable(value: Any) -> None:
    """What no database column takes, refused with the field named instead of a 500:
    NUL (PostgreSQL refuses it; the pages' forms refuse it too), a lone surrogate ("\\ud800"
    is valid JSON but no UTF-8 text), an integer past 64 bits."""
    if isinstance(value, str):
        if "\x00" in value:
            raise PydanticCustomError("nul_character", "NUL character")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise PydanticCustomError("lone_surrogate", "lone surrogate") from exc
    elif isinstance(value, bool):
        return
    elif isinstance(value, int) and not -(2**63) <= value < 2**63:
        raise PydanticCustomError("int_too_large", "integer too large")
    elif isinstance(value, list | tuple):
        for item in value:
            _check_storable(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_storable(key)
            _check_storable(item)


class Error(Schema):
    field: str
    message: str


class Errors(Schema):
    errors: list[Error]


class MilestoneOut(Schema):
    code: str
    title: str
    due_on: date
    cite: str


class CampaignOut(Schema):
    id: int
    year: int
    title: str
    organization: str
    organization_code: str
    ruleset: str
    meeting_on: date
    status: str

    @staticmethod
    def resolve_organization(obj: Any) -> str:
        return str(obj.organization.name)

    @staticmethod
    def resolve_organization_code(obj: Any) -> str:
        return str(obj.organization.code)


class CampaignDetail(CampaignOut):
    milestones: list[MilestoneOut]

    @staticmethod
    def resolve_milestones(obj: Any) -> list[Any]:
        return list(obj.milestones.order_by("order"))


class SubjectOut(Schema):
    kind: str
    name: str
    where: str
    places: list[str]
    status: str
    why: str


class BoardStep(Schema):
    label: str
    done: bool
    overdue: bool


class BoardRow(Schema):
    cell: str
    cell_code: str
    members: int
    submitted: int
    supervisors: list[str]
    steps: list[BoardStep]


class SuggestionIn(Strict):
    content: str
    member_card: str | None = None
    collective_id: int | None = None
    organization_code: str | None = None


class SuggestionOut(Schema):
    id: int
    issuer: str
    target: str
    content: str
    issued_on: date


class RemedyItem(Strict):
    text: str
    status: str = ""


class SelfReviewIn(Strict):
    strengths: str = ""
    shortcomings: str = ""
    remedy: str = ""
    suggestions: str = ""
    direction: str = ""
    commitment: str = ""
    key_level: str = ""
    other_level: str = ""
    general_points: Decimal | None = None
    results_points: Decimal | None = None
    tasks_on_time_pct: int | None = None
    tasks_exceeded_pct: int | None = None
    targets_completed_pct: int | None = None
    tasks_late_pct: int | None = None
    proposed: str = ""
    remedy_items: list[RemedyItem] = Field(default_factory=list)
    submit: bool = False


class Reason(Schema):
    code: str
    clause: str
    message: str


class Preview(Schema):
    status: str
    ceiling: str | None
    ceiling_label: str
    reasons: list[Reason]
    checks: list[str]


class SelfReviewOut(Schema):
    status: str
    submitted_at: datetime | None
    data: SelfReviewIn
    preview: Preview


class ReportIn(Strict):
    results: str = ""
    shortcomings: str = ""
    remedy: str = ""
    suggestions: str = ""
    direction: str = ""
    proposed: str = ""


class ReportOut(Schema):
    status: str
    circulated_on: date | None
    results: str
    shortcomings: str
    remedy: str
    suggestions: str
    direction: str
    proposed: str
    comments: list[str]


class CirculateIn(Strict):
    circulated_on: date
    accept_late: str = ""


class CommentIn(Strict):
    body: str


class MinutesIn(Strict):
    held_on: date
    started_at: time
    ended_at: time
    chair_id: int
    head_chair_id: int | None = None
    attendee_ids: list[int]
    # The meeting's secretary, who signs the minutes: a member present (or, for someone
    # not on the roll, a name in minutes_taker).
    secretary_id: int | None = None
    minutes_taker: str = ""
    guests: str = ""
    counting_committee: str = ""
    conclusion: str = ""


class AgendaItemOut(Schema):
    id: int
    order: int
    kind: str
    name: str
    member_id: int | None
    pending: bool
    follow_up_on: date | None
    proposed: str
    comments: str
    tally: dict[str, int] | None


class MeetingOut(Schema):
    id: int
    status: str
    held_on: date | None
    started_at: time | None
    ended_at: time | None
    items: list[AgendaItemOut]


class TallyIn(Strict):
    eligible: int = Field(ge=0)
    present: int = Field(ge=0)
    issued: int = Field(ge=0)
    valid: int = Field(ge=0)
    counts: dict[str, int]


class ProposalIn(Strict):
    proposed: str


class SubmitIn(Strict):
    quota_note: str = ""


class ProposalRow(Schema):
    item_id: int
    name: str
    status: str | None
    ceiling: str | None
    rating: str | None
    proposed: str
    reasons: list[str]


class ProposalsOut(Schema):
    meeting_status: str
    rows: list[ProposalRow]
    blocking: list[str]
    quota: list[str]
    warnings: list[str]


class AgendaItemIn(Strict):
    comments: str = ""
    residence_read: bool = False
    pending: bool | None = None
    follow_up_on: date | None = None


class SupervisorIn(Strict):
    cell_code: str
    member_id: int


class SupervisorOut(Schema):
    cell: str
    member: str


class RecordIn(Strict):
    residence: str = ""
    comment: str = ""
    satisfactory: bool = True
    civil_service: str = ""


class RecordOut(Schema):
    member_id: int
    residence: str
    comment: str
    satisfactory: bool
    civil_service: str


class DisciplineIn(Strict):
    form: str
    decided_on: date
    authority: str = "party"
    violation: str = ""
    self_detected: bool = False
    duty_related: bool = True


class LeaveIn(Strict):
    kind: str
    started_on: date
    ended_on: date


class AbsenceIn(Strict):
    meeting_on: date
    excused: bool = False
    note: str = ""


class Created(Schema):
    id: int
    action: str


# ---------------------------------------------------------------- after the cells' proposals


class AppraisalIn(Strict):
    subject: str = Field(description="Đối tượng, như bộ máy quy tắc gọi: member/M12")
    verdict: str = Field(description="agree | other")
    rating: str = ""
    reason: str = ""


class DecisionRow(Schema):
    subject: str
    name: str
    proposed: str | None
    ceiling: str | None
    decided: str | None
    reason: str


class NotReportedRow(Schema):
    organization_code: str
    name: str
    reason: str  # "" while no reason is recorded: the decision cannot be issued


class DecisionOut(Schema):
    status: str
    number: str
    issued_on: date | None
    # A page of the list, by subject key: `count` in all, this page from `offset`.
    count: int = 0
    offset: int = 0
    rows: list[DecisionRow]
    quota_exceeded: list[str]
    closing_blockers: list[str]
    # Cells of the scope that have not reported (issued only once each has a reason).
    not_reported: list[NotReportedRow] = []


class NotReportedIn(Strict):
    organization_code: str
    reason: str


class DecidedIn(Strict):
    subject: str
    rating: str
    reason: str = ""


class IssueIn(Strict):
    number: str
    issued_on: date


class ResultRow(Schema):
    subject: str
    name: str
    rating: str
    cancelled: bool


class ResultsOut(Schema):
    number: str
    issued_on: date
    rows: list[ResultRow]


class ComplaintIn(Strict):
    subject: str
    content: str
    filed_on: date | None = None
    complainant: str = ""


class ComplaintStepOut(Schema):
    kind: str
    at: datetime
    text: str


class ComplaintOut(Schema):
    id: int
    campaign: int
    subject: str
    complainant: str
    content: str
    filed_on: date
    status: str
    outcome: str
    conclusion: str
    answer: str
    answer_number: str
    answered_on: date | None
    steps: list[ComplaintStepOut]
    attachments: list[str]


class AssignIn(Strict):
    assignee: str = Field(description="Tên đăng nhập của người được giao")


class NoteIn(Strict):
    text: str


class ConcludeIn(Strict):
    outcome: str = Field(description="upheld | partly | rejected")
    conclusion: str
    concluded_on: date


class AnswerIn(Strict):
    answer: str
    number: str
    answered_on: date


class ReservationIn(Strict):
    subject: str
    content: str


class CancelIn(Strict):
    subject: str
    cause: str = Field(description="violation | against_rules | complaint")
    reason: str
    complaint: int | None = None


class ReratingIssueIn(Strict):
    rating: str
    number: str
    issued_on: date


class ReratingOut(Schema):
    id: int
    subject: str
    previous_rating: str
    cause: str
    reason: str
    status: str
    rating: str
    number: str
    issued_on: date | None


class CandidateOut(Schema):
    subject: str
    name: str
    title: str
    years: list[int]
    message: str
    selected: bool


class CommendationIn(Strict):
    subject: str
    title: str
    selected: bool = True


class ReopenIn(Strict):
    reason: str


class CampaignStatusOut(Schema):
    id: int
    status: str


class HistoryRow(Schema):
    at: datetime
    # The campaign the change belongs to (None for a record of the year outside one).
    campaign_id: int | None = None
    year: int
    action: str
    actor: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reason: str
