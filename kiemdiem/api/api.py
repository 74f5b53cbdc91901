"""The REST API: thin handlers over the same services and selectors as the pages.

Every call needs a bearer token; every write goes through a service, which checks the
actor's part of the tree. Errors: 422 {"errors": [{"field", "message"}]} in Vietnamese,
403 outside one's scope, 404 for what does not exist.
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import NinjaAPI, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.renderers import JSONRenderer

from kiemdiem.apps.accounts.permissions import can_run, managed_roots
from kiemdiem.apps.campaigns.board import CELL_KINDS, progress_board
from kiemdiem.apps.campaigns.committee import suggestion_issue, supervisor_assign
from kiemdiem.apps.campaigns.models import Campaign, ReviewSuggestion, SelfReview
from kiemdiem.apps.campaigns.selectors import (
    campaign_get,
    campaign_get_visible,
    campaign_list_visible,
    managed_campaign,
)
from kiemdiem.apps.campaigns.self_reviews import (
    SelfReviewInput,
    input_from,
    remedy_prefill,
    self_review_save,
)
from kiemdiem.apps.core.errors import PermissionDenied, ServiceError
from kiemdiem.apps.evaluation.preview import self_review_preview
from kiemdiem.apps.evaluation.scenario import cell_result
from kiemdiem.apps.evaluation.subjects import campaign_listing
from kiemdiem.apps.members.models import CivilServiceRating, Member, ResidenceComment
from kiemdiem.apps.members.records import (
    absence_record,
    civil_service_rating_set,
    discipline_record,
    leave_record,
    residence_comment_set,
)
from kiemdiem.apps.organizations.models import LeadershipCollective, PartyOrganization
from kiemdiem.apps.reviews import meetings, reports
from kiemdiem.apps.reviews.checks import classify
from kiemdiem.apps.reviews.models import AgendaItem, CollectiveReport, Meeting
from kiemdiem.apps.reviews.visibility import report_readable
from kiemdiem.rules.ratings import RATING_LABEL

from . import schemas as s
from .auth import TokenAuth
from .errors import field_errors
from .tokens import router as tokens_router


class Utf8Renderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}  # Vietnamese as it is written


logger = logging.getLogger(__name__)

api = NinjaAPI(
    renderer=Utf8Renderer(),
    title="kiemdiem API",
    version="1",
    description="Kiểm điểm, đánh giá, xếp loại chất lượng: kế hoạch, bản tự kiểm điểm, "
    "báo cáo kiểm điểm, hội nghị, kiểm phiếu, đề xuất xếp loại.",
    auth=TokenAuth(),
    urls_namespace="api",
)


# Ours first: it is a ServiceError too, whose handler would answer 422.
@api.exception_handler(PermissionDenied)
@api.exception_handler(DjangoPermissionDenied)
def _forbidden(request: HttpRequest, exc: DjangoPermissionDenied) -> HttpResponse:
    # Ours carries its Vietnamese message; Django's own (from a library) may carry none.
    message = getattr(exc, "message", "") or str(exc) or "Ngoài phạm vi tổ chức được giao"
    return api.create_response(
        request, {"errors": [{"field": "__all__", "message": message}]}, status=403
    )


# The API's JSON names (kept stable for its clients) for the models' glossary names.
API_FIELD = {"self_rating": "proposed", "proposed_rating": "proposed"}


def _from_api(values: dict[str, Any]) -> dict[str, Any]:
    """A payload's values under the services' names: `proposed` is the self-rating."""
    if "proposed" in values:
        values["self_rating"] = values.pop("proposed")
    return values


@api.exception_handler(ServiceError)
def _invalid(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    field = API_FIELD.get(exc.field, exc.field)
    return api.create_response(
        request, {"errors": [{"field": field, "message": exc.message}]}, status=422
    )


@api.exception_handler(NinjaValidationError)
def _malformed(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return api.create_response(request, {"errors": field_errors(exc.errors)}, status=422)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # Ninja's own refusals (a body that is not JSON) in the API's words, never English.
    message = (
        "Nội dung gửi lên không phải JSON hợp lệ (UTF-8)"
        if exc.status_code == 400
        else "Yêu cầu không hợp lệ"
    )
    return api.create_response(
        request, {"errors": [{"field": "__all__", "message": message}]}, status=exc.status_code
    )


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Logged with its traceback for the operators; the caller gets a sentence, not a stack.
    logger.exception("API: unexpected error on %s", request.path)
    message = "Lỗi máy chủ khi xử lý yêu cầu; lỗi đã được ghi lại, thử lại sau."
    return api.create_response(
        request, {"errors": [{"field": "__all__", "message": message}]}, status=500
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    message = "Cần khóa truy cập hợp lệ (Authorization: Bearer …)"
    return api.create_response(
        request, {"errors": [{"field": "__all__", "message": message}]}, status=401
    )


# ---------------------------------------------------------------- helpers


def _cell(request: HttpRequest, pk: int, code: str) -> tuple[Campaign, PartyOrganization]:
    campaign = campaign_get(pk=pk)
    cell = get_object_or_404(
        PartyOrganization, code=code, path__startswith=campaign.organization.path
    )
    if not can_run(request.user, cell):
        raise PermissionDenied("Chỉ chi ủy của chi bộ hoặc văn phòng cấp ủy cấp trên")
    return campaign, cell


def _member(request: HttpRequest) -> Member:
    member: Member | None = getattr(request.user, "member", None)
    if member is None:
        raise PermissionDenied("Tài khoản chưa gắn với đảng viên")
    return member


def _meeting(campaign: Campaign, cell: PartyOrganization) -> Meeting:
    return get_object_or_404(Meeting, campaign=campaign, organization=cell, collective__isnull=True)


def _item(meeting: Meeting, item_id: int) -> AgendaItem:
    return get_object_or_404(
        AgendaItem.objects.select_related("member", "collective"), pk=item_id, meeting=meeting
    )


# ---------------------------------------------------------------- campaigns


@api.get("/campaigns", response=list[s.CampaignOut], tags=["Kế hoạch"])
@paginate(LimitOffsetPagination)
def campaigns(request: HttpRequest) -> Any:
    """Campaigns the account reaches: its subtrees, its cells' campaigns, its own."""
    return campaign_list_visible(user=request.user)


@api.get("/campaigns/{pk}", response=s.CampaignDetail, tags=["Kế hoạch"])
def campaign(request: HttpRequest, pk: int) -> Any:
    return campaign_get_visible(user=request.user, pk=pk)


@api.get("/campaigns/{pk}/subjects", response=list[s.SubjectOut], tags=["Kế hoạch"])
@paginate(LimitOffsetPagination)
def subjects(request: HttpRequest, pk: int) -> Any:
    """Who is reviewed where, who is exempt and why (the rule set decides)."""
    # Rows are built for the page asked for only (SubjectOut reads their attributes).
    return campaign_listing(campaign=managed_campaign(request, pk))


@api.get("/campaigns/{pk}/board", response=list[s.BoardRow], tags=["Kế hoạch"])
@paginate(LimitOffsetPagination)
def board(request: HttpRequest, pk: int) -> Any:
    c = managed_campaign(request, pk)
    cells = list(
        PartyOrganization.objects.filter(
            path__startswith=c.organization.path, kind__in=CELL_KINDS
        ).order_by("path")
    )
    return [
        {
            "cell": r.cell.name,
            "cell_code": r.cell.code,
            "members": r.members,
            "submitted": r.submitted,
            "supervisors": r.supervisors,
            "steps": [asdict(step) for step in r.steps],
        }
        for r in progress_board(campaign=c, today=timezone.localdate(), cells=cells)
    ]


@api.post(
    "/campaigns/{pk}/suggestions",
    response={201: s.SuggestionOut, 403: s.Errors, 422: s.Errors},
    tags=["Kế hoạch"],
)
def suggestion_create(request: HttpRequest, pk: int, payload: s.SuggestionIn) -> Any:
    c = managed_campaign(request, pk)
    roots = [r for r in managed_roots(request.user) if c.organization.path.startswith(r.path)]
    issuer = max(roots, key=lambda r: len(r.path)) if roots else c.organization
    target: dict[str, Any] = {}
    if payload.member_card:
        member = Member.objects.filter(party_card_number=payload.member_card.strip()).first()
        if member is None:
            raise ServiceError("member_card", f"Không có đảng viên số thẻ “{payload.member_card}”")
        target["member"] = member
    if payload.collective_id is not None:
        found = LeadershipCollective.objects.filter(pk=payload.collective_id).first()
        if found is None:
            raise ServiceError("collective_id", "Không có tập thể này")
        target["collective"] = found
    if payload.organization_code:
        org = PartyOrganization.objects.filter(code=payload.organization_code).first()
        if org is None:
            raise ServiceError("organization_code", "Không có tổ chức đảng mã này")
        target["organization"] = org
    row = suggestion_issue(
        actor=request.user,
        campaign=c,
        issuer=issuer,
        content=payload.content,
        issued_on=timezone.localdate(),
        **target,
    )
    return Status(201, _suggestion_out(row))


@api.post(
    "/campaigns/{pk}/supervisors",
    response={201: s.SupervisorOut, 403: s.Errors, 422: s.Errors},
    tags=["Kế hoạch"],
)
def supervisor_create(request: HttpRequest, pk: int, payload: s.SupervisorIn) -> Any:
    """Assign a committee member to follow a cell (004 §VI.2)."""
    c = managed_campaign(request, pk)
    cell = PartyOrganization.objects.filter(
        code=payload.cell_code, path__startswith=c.organization.path
    ).first()
    if cell is None:
        raise ServiceError("cell_code", f"Không có chi bộ mã “{payload.cell_code}”")
    member = Member.objects.filter(pk=payload.member_id).first()
    if member is None:
        raise ServiceError("member_id", f"Không có đảng viên mã {payload.member_id}")
    row = supervisor_assign(actor=request.user, campaign=c, cell=cell, member=member)
    return Status(201, {"cell": cell.name, "member": row.member.full_name})


def _suggestion_out(row: ReviewSuggestion) -> dict[str, Any]:
    target = row.member or row.collective or row.organization
    return {
        "id": row.pk,
        "issuer": row.issuer.name,
        "target": str(target),
        "content": row.content,
        "issued_on": row.issued_on,
    }


# ---------------------------------------------------------------- the member's self-review


def _review_data(review: SelfReview | None, items: list[Any]) -> dict[str, Any]:
    fields = s.SelfReviewIn.model_fields
    source = {"proposed": "self_rating"}  # the API's name → the model's
    data = {
        f: getattr(review, source.get(f, f))
        for f in fields
        if review is not None and hasattr(review, source.get(f, f))
    }
    data = {k: ("" if v is None and fields[k].annotation is str else v) for k, v in data.items()}
    data["remedy_items"] = items
    return data


def _preview(campaign: Campaign, member: Member, data: Any) -> dict[str, Any]:
    result = self_review_preview(campaign=campaign, member=member, data=data)
    subject = result.subject("member", "M")
    return {
        "status": subject.status,
        "ceiling": subject.ceiling,
        "ceiling_label": RATING_LABEL.get(subject.ceiling or "", ""),
        "reasons": [r.to_json() for r in subject.reasons],
        "checks": [c.message for c in result.checks if c.subject == "M"],
    }


@api.get("/campaigns/{pk}/self-review", response=s.SelfReviewOut, tags=["Bản tự kiểm điểm"])
def self_review_get(request: HttpRequest, pk: int) -> Any:
    member, c = _member(request), campaign_get(pk=pk)
    if not member.organization.path.startswith(c.organization.path):
        raise PermissionDenied("Đảng viên không thuộc tổ chức của kế hoạch này")
    review = SelfReview.objects.filter(campaign=c, member=member).first()
    items = list(review.remedy_items) if review and review.remedy_items else []
    items = items or remedy_prefill(campaign=c, member=member)
    data = _review_data(review, items)
    return {
        "status": review.status if review else "none",
        "submitted_at": review.submitted_at if review else None,
        "data": data,
        "preview": _preview(c, member, input_from(data)),
    }


@api.put(
    "/campaigns/{pk}/self-review",
    response={200: s.SelfReviewOut, 403: s.Errors, 422: s.Errors},
    tags=["Bản tự kiểm điểm"],
)
def self_review_put(request: HttpRequest, pk: int, payload: s.SelfReviewIn) -> Any:
    """Save the draft, or submit it with `"submit": true`."""
    member, c = _member(request), campaign_get(pk=pk)
    values = _from_api(payload.dict())
    submit = values.pop("submit")
    items = tuple((i["text"], i["status"]) for i in values.pop("remedy_items"))
    review = self_review_save(
        actor=request.user,
        campaign=c,
        member=member,
        data=SelfReviewInput(**values, remedy_items=items),
        submit=submit,
    )
    data = _review_data(review, list(review.remedy_items))
    return {
        "status": review.status,
        "submitted_at": review.submitted_at,
        "data": data,
        "preview": _preview(c, member, input_from(data)),
    }


# ---------------------------------------------------------------- the cell


def _report_out(report: CollectiveReport) -> dict[str, Any]:
    return {
        "status": report.status,
        "circulated_on": report.circulated_on,
        "results": report.results,
        "shortcomings": report.shortcomings,
        "remedy": report.remedy,
        "suggestions": report.suggestions,
        "direction": report.direction,
        "proposed": report.self_rating,
        "comments": [
            f"{x.author.full_name}: {x.body}" for x in report.comments.select_related("author")
        ],
    }


@api.get("/campaigns/{pk}/cells/{code}/report", response=s.ReportOut, tags=["Chi bộ"])
def report_get(request: HttpRequest, pk: int, code: str) -> Any:
    c = campaign_get(pk=pk)
    cell = get_object_or_404(PartyOrganization, code=code, path__startswith=c.organization.path)
    member = getattr(request.user, "member", None)
    participant = member is not None and member.organization.path.startswith(cell.path)
    runs = can_run(request.user, cell)
    if not runs and not participant:
        raise PermissionDenied("Ngoài phạm vi tổ chức được giao")
    report = get_object_or_404(
        CollectiveReport, campaign=c, organization=cell, collective__isnull=True
    )
    if not report_readable(request.user, report):
        raise PermissionDenied("Dự thảo chưa được gửi lấy ý kiến")
    return _report_out(report)


@api.put(
    "/campaigns/{pk}/cells/{code}/report",
    response={200: s.ReportOut, 403: s.Errors, 422: s.Errors},
    tags=["Chi bộ"],
)
def report_put(request: HttpRequest, pk: int, code: str, payload: s.ReportIn) -> Any:
    c, cell = _cell(request, pk, code)
    report = reports.report_save(
        actor=request.user,
        campaign=c,
        organization=cell,
        data=reports.ReportInput(**_from_api(payload.dict())),
    )
    return _report_out(report)


@api.post(
    "/campaigns/{pk}/cells/{code}/report/circulate",
    response={200: s.ReportOut, 403: s.Errors, 422: s.Errors},
    tags=["Chi bộ"],
)
def report_circulate(request: HttpRequest, pk: int, code: str, payload: s.CirculateIn) -> Any:
    c, cell = _cell(request, pk, code)
    report = get_object_or_404(
        CollectiveReport, campaign=c, organization=cell, collective__isnull=True
    )
    reports.report_circulate(
        actor=request.user, report=report, on=payload.circulated_on, accept_late=payload.accept_late
    )
    return _report_out(report)


@api.post(
    "/campaigns/{pk}/cells/{code}/report/comments",
    response={201: s.ReportOut, 403: s.Errors, 422: s.Errors},
    tags=["Chi bộ"],
)
def report_comment(request: HttpRequest, pk: int, code: str, payload: s.CommentIn) -> Any:
    c = campaign_get(pk=pk)
    cell = get_object_or_404(PartyOrganization, code=code, path__startswith=c.organization.path)
    report = get_object_or_404(
        CollectiveReport, campaign=c, organization=cell, collective__isnull=True
    )
    reports.report_comment_add(actor=request.user, report=report, body=payload.body)
    return Status(201, _report_out(report))


def _meeting_out(meeting: Meeting) -> dict[str, Any]:
    items = meeting.items.select_related("member", "collective", "tally").order_by("order")
    return {
        "id": meeting.pk,
        "status": meeting.status,
        "held_on": meeting.held_on,
        "started_at": meeting.started_at,
        "ended_at": meeting.ended_at,
        "items": [
            {
                "id": i.pk,
                "order": i.order,
                "kind": i.kind,
                "name": str(i),
                "member_id": i.member_id,
                "pending": i.pending,
                "follow_up_on": i.follow_up_on,
                "proposed": i.proposed_rating,
                "comments": i.comments,
                "tally": getattr(i, "tally", None) and i.tally.counts,
            }
            for i in items
        ],
    }


@api.get("/campaigns/{pk}/cells/{code}/meeting", response=s.MeetingOut, tags=["Chi bộ"])
def meeting_get(request: HttpRequest, pk: int, code: str) -> Any:
    c, cell = _cell(request, pk, code)
    return _meeting_out(_meeting(c, cell))


@api.post(
    "/campaigns/{pk}/cells/{code}/meeting",
    response={201: s.MeetingOut, 403: s.Errors, 422: s.Errors},
    tags=["Chi bộ"],
)
def meeting_prepare(request: HttpRequest, pk: int, code: str) -> Any:
    c, cell = _cell(request, pk, code)
    return Status(
        201, _meeting_out(meetings.meeting_prepare(actor=request.user, campaign=c, cell=cell))
    )


@api.put(
    "/campaigns/{pk}/cells/{code}/meeting",
    response={200: s.MeetingOut, 403: s.Errors, 422: s.Errors},
    tags=["Chi bộ"],
)
def meeting_minutes(request: HttpRequest, pk: int, code: str, payload: s.MinutesIn) -> Any:
    c, cell = _cell(request, pk, code)
    meeting = _meeting(c, cell)
    roll = {m.pk: m for m in Member.objects.filter(organization__path__startswith=cell.path)}

    def person(field: str, pk_: int | None) -> Member | None:
        if pk_ is None:
            return None
        if pk_ not in roll:
            raise ServiceError(field, f"Đảng viên mã {pk_} không sinh hoạt ở {cell.name}")
        return roll[pk_]

    data = meetings.MinutesInput(
        held_on=payload.held_on,
        started_at=payload.started_at,
        ended_at=payload.ended_at,
        chair=person("chair_id", payload.chair_id),
        head_chair=person("head_chair_id", payload.head_chair_id),
        attendees=[m for m in (person("attendee_ids", x) for x in payload.attendee_ids) if m],
        secretary=person("secretary_id", payload.secretary_id),
        minutes_taker=payload.minutes_taker,
        guests=payload.guests,
        counting_committee=payload.counting_committee,
        conclusion=payload.conclusion,
    )
    return _meeting_out(meetings.meeting_record(actor=request.user, meeting=meeting, data=data))


@api.put(
    "/campaigns/{pk}/cells/{code}/agenda/{item_id}",
    response={200: s.MeetingOut, 403: s.Errors, 422: s.Errors},
    tags=["Chi bộ"],
)
def agenda_item_put(
    request: HttpRequest, pk: int, code: str, item_id: int, payload: s.AgendaItemIn
) -> Any:
    """Comments on one subject, the residence comment read out, an absence to follow up."""
    c, cell = _cell(request, pk, code)
    meeting = _meeting(c, cell)
    meetings.agenda_item_record(actor=request.user, item=_item(meeting, item_id), **payload.dict())
    return _meeting_out(meeting)


@api.put(
    "/campaigns/{pk}/cells/{code}/members/{member_id}/record",
    response={200: s.RecordOut, 403: s.Errors, 422: s.Errors},
    tags=["Chi bộ"],
)
def record_put(
    request: HttpRequest, pk: int, code: str, member_id: int, payload: s.RecordIn
) -> Any:
    """The year's residence comment (the cell) and civil-service rating (the office)."""
    c, cell = _cell(request, pk, code)
    member = get_object_or_404(Member, pk=member_id, organization__path__startswith=cell.path)
    with transaction.atomic():
        if payload.residence.strip() or payload.comment.strip():
            residence_comment_set(
                actor=request.user,
                member=member,
                year=c.year,
                residence=payload.residence,
                comment=payload.comment,
                satisfactory=payload.satisfactory,
            )
        if payload.civil_service:
            civil_service_rating_set(
                actor=request.user, member=member, year=c.year, rating=payload.civil_service
            )
    comment = ResidenceComment.objects.filter(member=member, year=c.year).first()
    rating = CivilServiceRating.objects.filter(member=member, year=c.year).first()
    return {
        "member_id": member.pk,
        "residence": comment.residence if comment else "",
        "comment": comment.comment if comment else "",
        "satisfactory": comment.satisfactory if comment else True,
        "civil_service": rating.rating if rating else "",
    }


@api.put(
    "/campaigns/{pk}/cells/{code}/tallies/{item_id}",
    response={200: s.MeetingOut, 403: s.Errors, 422: s.Errors},
    tags=["Chi bộ"],
)
def tally_put(request: HttpRequest, pk: int, code: str, item_id: int, payload: s.TallyIn) -> Any:
    """The counting committee's counts for one subject: never who voted what."""
    c, cell = _cell(request, pk, code)
    meeting = _meeting(c, cell)
    meetings.tally_record(actor=request.user, item=_item(meeting, item_id), **payload.dict())
    return _meeting_out(meeting)


def _proposals_out(meeting: Meeting) -> dict[str, Any]:
    result = cell_result(meeting)
    checks = classify(meeting, result)
    by_id = {(x.type, x.id): x for x in result.subjects}
    rows = []
    for item in meeting.items.select_related("member", "collective").order_by("order"):
        subject = by_id.get(item.subject_key(meeting.organization.code))
        rows.append(
            {
                "item_id": item.pk,
                "name": str(item),
                "status": subject.status if subject else None,
                "ceiling": subject.ceiling if subject else None,
                "rating": subject.rating if subject else None,
                "proposed": item.proposed_rating,
                "reasons": [r.message for r in subject.reasons] if subject else [],
            }
        )
    return {
        "meeting_status": meeting.status,
        "rows": rows,
        "blocking": [x.message for x in checks.blocking],
        "quota": [x.message for x in checks.quota],
        "warnings": [x.message for x in checks.warnings],
    }


@api.get("/campaigns/{pk}/cells/{code}/proposals", response=s.ProposalsOut, tags=["Chi bộ"])
def proposals(request: HttpRequest, pk: int, code: str) -> Any:
    c, cell = _cell(request, pk, code)
    return _proposals_out(_meeting(c, cell))


@api.put(
    "/campaigns/{pk}/cells/{code}/proposals/{item_id}",
    response={200: s.ProposalsOut, 403: s.Errors, 422: s.Errors},
    tags=["Chi bộ"],
)
def proposal_put(
    request: HttpRequest, pk: int, code: str, item_id: int, payload: s.ProposalIn
) -> Any:
    c, cell = _cell(request, pk, code)
    meeting = _meeting(c, cell)
    meetings.proposal_set(
        actor=request.user, item=_item(meeting, item_id), proposed_rating=payload.proposed
    )
    return _proposals_out(meeting)


@api.post(
    "/campaigns/{pk}/cells/{code}/submit",
    response={200: s.ProposalsOut, 403: s.Errors, 422: s.Errors},
    tags=["Chi bộ"],
)
def submit(request: HttpRequest, pk: int, code: str, payload: s.SubmitIn) -> Any:
    """Send the cell's proposals to the đảng ủy."""
    c, cell = _cell(request, pk, code)
    meeting = meetings.meeting_submit(
        actor=request.user, meeting=_meeting(c, cell), quota_note=payload.quota_note
    )
    return _proposals_out(meeting)


# ---------------------------------------------------------------- a member's yearly record


def _record_member(request: HttpRequest, member_id: int) -> Member:
    member = get_object_or_404(Member.objects.select_related("organization"), pk=member_id)
    if not can_run(request.user, member.organization):
        raise PermissionDenied("Ngoài phạm vi tổ chức được giao")
    return member


@api.post(
    "/members/{member_id}/disciplines",
    response={201: s.Created, 403: s.Errors, 422: s.Errors},
    tags=["Đảng viên"],
)
def discipline_create(request: HttpRequest, member_id: int, payload: s.DisciplineIn) -> Any:
    row = discipline_record(
        actor=request.user, member=_record_member(request, member_id), **payload.dict()
    )
    return Status(201, {"id": row.pk, "action": "discipline.record"})


@api.post(
    "/members/{member_id}/leaves",
    response={201: s.Created, 403: s.Errors, 422: s.Errors},
    tags=["Đảng viên"],
)
def leave_create(request: HttpRequest, member_id: int, payload: s.LeaveIn) -> Any:
    row = leave_record(
        actor=request.user, member=_record_member(request, member_id), **payload.dict()
    )
    return Status(201, {"id": row.pk, "action": "leave.record"})


@api.post(
    "/members/{member_id}/absences",
    response={201: s.Created, 403: s.Errors, 422: s.Errors},
    tags=["Đảng viên"],
)
def absence_create(request: HttpRequest, member_id: int, payload: s.AbsenceIn) -> Any:
    row = absence_record(
        actor=request.user, member=_record_member(request, member_id), **payload.dict()
    )
    return Status(201, {"id": row.pk, "action": "absence.record"})


# The second half of a campaign lives in its own module (appraisal to closing).
from .after import router as after_router  # noqa: E402

api.add_router("", after_router)
api.add_router("", tokens_router)
