"""Complaints (khiếu nại) and reservations of opinion (bảo lưu ý kiến) about an issued
result (003 §I.6): filed within the period, assigned, reviewed, concluded and answered in
writing by the authority; each step dated, audited and shown to the complainant."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import PurePath

from django.contrib.auth.models import AnonymousUser, User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from kiemdiem.apps.accounts.models import OrganizationRole
from kiemdiem.apps.accounts.permissions import (
    MANAGING_ROLES,
    can_manage,
    can_run,
    ensure_can_manage,
)
from kiemdiem.apps.audit.services import audit_record, snapshot
from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.campaigns.services import ensure_open
from kiemdiem.apps.core.errors import PermissionDenied, ServiceError
from kiemdiem.apps.core.papers import paper_issue
from kiemdiem.apps.decisions.models import ClassificationDecision, DecidedRating, Notification
from kiemdiem.apps.decisions.selectors import issued_decision_or_refuse
from kiemdiem.apps.evaluation.keys import collective_key, kind_of, member_key, organization_key
from kiemdiem.apps.evaluation.scenario import subject_names, subject_organization
from kiemdiem.apps.organizations.models import PartyOrganization
from kiemdiem.rules import load
from kiemdiem.rules.process import complaint_filing
from kiemdiem.safefiles.names import safe_name

from .models import Complaint, ComplaintAttachment, ComplaintStep, Reservation

Actor = User | AnonymousUser

MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ATTACHMENT_TYPES = (".pdf", ".doc", ".docx", ".odt", ".jpg", ".jpeg", ".png", ".xls", ".xlsx")


def speaks_for(user: Actor, subject: str) -> bool:
    """May `user` complain or reserve an opinion about `subject`'s result? The member about
    their own; the cell committee about its cell and its collectives."""
    if not isinstance(user, User):
        return False
    member = getattr(user, "member", None)
    if kind_of(subject) == "member":
        return member is not None and subject == member_key(member.pk)
    owner = subject_organization(subject)
    return owner is not None and can_run(user, owner)


def own_subjects(user: Actor) -> set[str]:
    """The results `user` speaks for, in a fixed number of queries (for list pages): their
    own, and those of the cells whose committee they sit on and of those cells' collectives."""
    if not isinstance(user, User):
        return set()
    out: set[str] = set()
    member = getattr(user, "member", None)
    if member is not None:
        out.add(member_key(member.pk))
    cells = PartyOrganization.objects.filter(
        pk__in=OrganizationRole.objects.filter(user=user, role="cell_committee").values(
            "organization_id"
        )
    )
    for cell in cells:
        out.add(organization_key(cell.code))
        out.update(collective_key(pk) for pk in cell.collectives.values_list("pk", flat=True))
    return out


def may_see(user: Actor, complaint: Complaint) -> bool:
    if not isinstance(user, User):
        return False
    return (
        complaint.filed_by_id == user.pk
        or speaks_for(user, complaint.subject)
        or can_manage(user, complaint.campaign.organization)
    )


def _decided(campaign: Campaign, subject: str) -> tuple[ClassificationDecision, DecidedRating]:
    decision = issued_decision_or_refuse(campaign)
    row = DecidedRating.objects.filter(decision=decision, subject=subject).first()
    if row is None:
        raise ServiceError("subject", "Đối tượng này không có trong quyết định xếp loại")
    return decision, row


def _check_files(files: Sequence[UploadedFile]) -> None:
    if len(files) > MAX_ATTACHMENTS:
        raise ServiceError("attachments", f"Đính kèm tối đa {MAX_ATTACHMENTS} tệp")
    for f in files:
        name = f.name or ""
        if PurePath(name).suffix.lower() not in ATTACHMENT_TYPES:
            raise ServiceError(
                "attachments",
                f"Tệp “{name}”: chỉ nhận {', '.join(t.lstrip('.') for t in ATTACHMENT_TYPES)}",
            )
        if (f.size or 0) > MAX_ATTACHMENT_BYTES:
            raise ServiceError("attachments", f"Tệp “{name}” lớn hơn 10 MB")
        if not f.size:
            raise ServiceError("attachments", f"Tệp “{name}” rỗng")


def _step(complaint: Complaint, kind: str, by: User, text: str = "") -> None:
    ComplaintStep.objects.create(
        complaint=complaint, kind=kind, at=timezone.now(), by=by, text=text
    )


def _managers(organization: PartyOrganization) -> list[int]:
    return list(
        OrganizationRole.objects.filter(organization=organization, role__in=MANAGING_ROLES)
        .values_list("user_id", flat=True)
        .distinct()
    )


@transaction.atomic
def complaint_file(
    *,
    actor: Actor,
    campaign: Campaign,
    subject: str,
    content: str,
    attachments: Sequence[UploadedFile] = (),
    filed_on: date | None = None,
    complainant: str = "",
) -> Complaint:
    """File a written complaint. The office may register one received on paper (with the
    day it was received and the complainant's name)."""
    if not isinstance(actor, User):
        raise ServiceError("__all__", "Cần đăng nhập")
    on_paper = can_manage(actor, campaign.organization)
    if not speaks_for(actor, subject) and not on_paper:
        raise PermissionDenied("Chỉ người, tập thể được xếp loại (hoặc văn phòng) gửi khiếu nại")
    ensure_open(campaign)
    decision, _ = _decided(campaign, subject)
    if not content.strip():
        raise ServiceError("content", "Cần ghi nội dung khiếu nại")
    today = timezone.localdate()
    if filed_on is None or not on_paper:
        filed_on = today
    if filed_on > today:
        raise ServiceError("filed_on", "Ngày nhận đơn sau ngày hôm nay")
    assert decision.issued_on is not None  # an issued decision has its date (constraint)
    issues = complaint_filing(
        load(campaign.ruleset), issued_on=decision.issued_on, filed_on=filed_on
    )
    if issues:
        raise ServiceError(issues[0].field, issues[0].message)
    _check_files(attachments)
    name = complainant.strip() if on_paper and complainant.strip() else ""
    if not name:
        name = subject_names([subject]).get(subject, subject)
    complaint = Complaint.objects.create(
        campaign=campaign,
        subject=subject,
        complainant=name,
        filed_by=actor,
        content=content.strip(),
        filed_on=filed_on,
    )
    for f in attachments:
        ComplaintAttachment.objects.create(
            complaint=complaint,
            file=f,
            name=safe_name(PurePath(f.name or "tep").name, limit=120),
            size=f.size or 0,
        )
    _step(complaint, ComplaintStep.Kind.FILED, actor, f"{len(attachments)} tệp đính kèm")
    audit_record(
        actor=actor,
        action="complaint.file",
        obj=complaint,
        organization=campaign.organization,
        after=snapshot(complaint),
        subject=subject,
    )
    url = reverse("complaint-detail", args=[complaint.pk])
    Notification.objects.bulk_create(
        Notification(
            user_id=uid,
            text=f"Khiếu nại mới về kết quả xếp loại năm {campaign.year} của {name}",
            url=url,
        )
        for uid in _managers(campaign.organization)
        if uid != actor.pk
    )
    return complaint


def _editable(actor: Actor, complaint: Complaint) -> User:
    ensure_can_manage(actor, complaint.campaign.organization)
    if not isinstance(actor, User):
        raise ServiceError("__all__", "Cần đăng nhập")
    ensure_open(complaint.campaign)
    if complaint.status == Complaint.Status.ANSWERED:
        raise ServiceError("__all__", "Khiếu nại đã trả lời bằng văn bản")
    return actor


def _save(actor: User, complaint: Complaint, action: str, before: dict[str, object]) -> None:
    complaint.save()
    audit_record(
        actor=actor,
        action=action,
        obj=complaint,
        organization=complaint.campaign.organization,
        before=before,
        after=snapshot(complaint),
        subject=complaint.subject,
    )


@transaction.atomic
def complaint_assign(*, actor: Actor, complaint: Complaint, assignee: User) -> Complaint:
    user = _editable(actor, complaint)
    if not can_manage(assignee, complaint.campaign.organization):
        raise ServiceError(
            "assignee",
            f"{assignee.get_full_name() or assignee.username} không thuộc cấp có thẩm quyền",
        )
    if complaint.status == Complaint.Status.CONCLUDED:
        raise ServiceError("__all__", "Khiếu nại đã có kết luận")
    before = snapshot(complaint)
    complaint.assignee = assignee
    complaint.status = Complaint.Status.ASSIGNED
    _save(user, complaint, "complaint.assign", before)
    _step(
        complaint,
        ComplaintStep.Kind.ASSIGNED,
        user,
        f"Giao {assignee.get_full_name() or assignee.username} xem xét",
    )
    if assignee.pk != user.pk:
        Notification.objects.create(
            user=assignee,
            text=f"Được giao xem xét khiếu nại của {complaint.complainant}",
            url=reverse("complaint-detail", args=[complaint.pk]),
        )
    return complaint


@transaction.atomic
def complaint_note(*, actor: Actor, complaint: Complaint, text: str) -> ComplaintStep:
    """A review step (verification, hearing the cell, …), visible to the complainant."""
    user = _editable(actor, complaint)
    if complaint.status != Complaint.Status.ASSIGNED:
        raise ServiceError("__all__", "Giao người xem xét trước")
    if not text.strip():
        raise ServiceError("text", "Cần ghi nội dung xem xét")
    _step(complaint, ComplaintStep.Kind.NOTE, user, text.strip())
    audit_record(
        actor=user,
        action="complaint.note",
        obj=complaint,
        organization=complaint.campaign.organization,
        reason=text.strip(),
        subject=complaint.subject,
    )
    return complaint.steps.latest("at", "id")


@transaction.atomic
def complaint_conclude(
    *, actor: Actor, complaint: Complaint, outcome: str, conclusion: str, concluded_on: date
) -> Complaint:
    user = _editable(actor, complaint)
    if complaint.status != Complaint.Status.ASSIGNED:
        raise ServiceError("__all__", "Giao người xem xét trước khi kết luận")
    if outcome not in Complaint.Outcome.values:
        raise ServiceError("outcome", "Chọn kết luận: đúng, đúng một phần hoặc không đúng")
    if not conclusion.strip():
        raise ServiceError("conclusion", "Cần ghi nội dung kết luận")
    if concluded_on < complaint.filed_on:
        raise ServiceError("concluded_on", "Ngày kết luận trước ngày nhận đơn")
    before = snapshot(complaint)
    complaint.outcome, complaint.conclusion = outcome, conclusion.strip()
    complaint.concluded_on = concluded_on
    complaint.status = Complaint.Status.CONCLUDED
    _save(user, complaint, "complaint.conclude", before)
    _step(
        complaint,
        ComplaintStep.Kind.CONCLUDED,
        user,
        f"{Complaint.Outcome(outcome).label}: {conclusion.strip()}",
    )
    return complaint


@transaction.atomic
def complaint_answer(
    *, actor: Actor, complaint: Complaint, answer: str, number: str, answered_on: date
) -> Complaint:
    """The written answer to the complainant (003 §I.6)."""
    user = _editable(actor, complaint)
    if complaint.status != Complaint.Status.CONCLUDED:
        raise ServiceError("__all__", "Cần kết luận trước khi trả lời bằng văn bản")
    if not answer.strip():
        raise ServiceError("answer", "Cần ghi nội dung văn bản trả lời")
    if not number.strip():
        raise ServiceError("number", "Cần ghi số văn bản trả lời")
    if complaint.concluded_on and answered_on < complaint.concluded_on:
        raise ServiceError("answered_on", "Ngày trả lời trước ngày kết luận")
    before = snapshot(complaint)
    complaint.answer, complaint.answer_number = answer.strip(), number.strip()
    complaint.answered_on = answered_on
    complaint.status = Complaint.Status.ANSWERED
    _save(user, complaint, "complaint.answer", before)
    _step(complaint, ComplaintStep.Kind.ANSWERED, user, f"Văn bản số {complaint.answer_number}")
    # The answer as sent, stored with its hash.
    paper_issue(
        actor=user, campaign=complaint.campaign, kind="complaint_answer", ref=str(complaint.pk)
    )
    Notification.objects.create(
        user=complaint.filed_by,
        text=(
            f"Đã trả lời khiếu nại (văn bản số {complaint.answer_number} ngày "
            f"{answered_on:%d/%m/%Y}): {Complaint.Outcome(complaint.outcome).label}"
        ),
        url=reverse("complaint-detail", args=[complaint.pk]),
    )
    return complaint


@transaction.atomic
def reservation_record(
    *, actor: Actor, campaign: Campaign, subject: str, content: str
) -> Reservation:
    """Bảo lưu ý kiến: recorded with the result; the result stands (003 §I.6)."""
    if not isinstance(actor, User):
        raise ServiceError("__all__", "Cần đăng nhập")
    if not speaks_for(actor, subject):
        raise PermissionDenied("Chỉ người, tập thể được xếp loại bảo lưu ý kiến của mình")
    ensure_open(campaign)
    _decided(campaign, subject)
    if not content.strip():
        raise ServiceError("content", "Cần ghi nội dung bảo lưu")
    row = Reservation.objects.create(
        campaign=campaign,
        subject=subject,
        by=actor,
        author=subject_names([subject]).get(subject, subject),
        content=content.strip(),
    )
    audit_record(
        actor=actor,
        action="reservation.record",
        obj=row,
        organization=campaign.organization,
        after=snapshot(row),
        subject=subject,
    )
    return row
