"""Writes to a member's yearly record: disciplines, leave, the civil-service rating, the
residence comment, meeting absences. Each is a fact the rules engine reads."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction

from kiemdiem.apps.accounts.permissions import ensure_can_manage, ensure_can_run
from kiemdiem.apps.audit.services import audit_record, snapshot
from kiemdiem.apps.core.choices import DisciplineAuthority, DisciplineForm, LeaveKind, RatingChoice
from kiemdiem.apps.core.errors import ServiceError
from kiemdiem.apps.evaluation.keys import member_key

from .models import (
    CivilServiceRating,
    Discipline,
    Leave,
    MeetingAbsence,
    Member,
    ResidenceComment,
)

Actor = User | AnonymousUser


@transaction.atomic
def discipline_record(
    *,
    actor: Actor,
    member: Member,
    form: str,
    decided_on: date,
    authority: str = "party",
    violation: str = "",
    self_detected: bool = False,
    duty_related: bool = True,
) -> Discipline:
    ensure_can_manage(actor, member.organization)
    if form not in DisciplineForm.values:
        raise ServiceError("form", f"Hình thức kỷ luật không hợp lệ: “{form}”")
    if authority not in DisciplineAuthority.values:
        raise ServiceError("authority", f"Loại kỷ luật không hợp lệ: “{authority}”")
    if decided_on < member.admitted_on:
        raise ServiceError("decided_on", "Ngày quyết định kỷ luật trước ngày vào Đảng")
    discipline = Discipline.objects.create(
        member=member,
        form=form,
        authority=authority,
        decided_on=decided_on,
        violation=violation.strip(),
        self_detected=self_detected,
        duty_related=duty_related,
    )
    audit_record(
        actor=actor,
        action="discipline.record",
        obj=discipline,
        organization=member.organization,
        subject=member_key(member.pk),
        after=snapshot(discipline),
    )
    return discipline


@transaction.atomic
def leave_record(
    *, actor: Actor, member: Member, kind: str, started_on: date, ended_on: date
) -> Leave:
    ensure_can_manage(actor, member.organization)
    if kind not in LeaveKind.values:
        raise ServiceError("kind", f"Loại nghỉ không hợp lệ: “{kind}”")
    if ended_on < started_on:
        raise ServiceError("ended_on", "Ngày kết thúc nghỉ trước ngày bắt đầu")
    leave = Leave.objects.create(member=member, kind=kind, started_on=started_on, ended_on=ended_on)
    audit_record(
        actor=actor,
        action="leave.record",
        obj=leave,
        organization=member.organization,
        subject=member_key(member.pk),
        after=snapshot(leave),
    )
    return leave


@transaction.atomic
def civil_service_rating_set(
    *, actor: Actor, member: Member, year: int, rating: str
) -> CivilServiceRating:
    """The year's civil-service rating; setting it again replaces it (audited)."""
    ensure_can_manage(actor, member.organization)
    if rating not in RatingChoice.values:
        raise ServiceError("rating", f"Mức xếp loại không hợp lệ: “{rating}”")
    if not member.is_civil_servant:
        raise ServiceError("member", f"{member.full_name} không là cán bộ, công chức, viên chức")
    row, created = CivilServiceRating.objects.select_for_update().get_or_create(
        member=member, year=year, defaults={"rating": rating}
    )
    before = None if created else snapshot(row)
    row.rating = rating
    row.save()
    audit_record(
        actor=actor,
        action="civil_service_rating.set",
        obj=row,
        organization=member.organization,
        subject=member_key(member.pk),
        before=before,
        after=snapshot(row),
    )
    return row


@transaction.atomic
def residence_comment_set(
    *,
    actor: Actor,
    member: Member,
    year: int,
    residence: str,
    comment: str,
    satisfactory: bool = True,
) -> ResidenceComment:
    ensure_can_run(actor, member.organization)
    if not residence.strip():
        raise ServiceError("residence", "Cần ghi nơi cư trú")
    if not comment.strip():
        raise ServiceError("comment", "Cần ghi nội dung nhận xét của nơi cư trú")
    row, created = ResidenceComment.objects.select_for_update().get_or_create(
        member=member,
        year=year,
        defaults={"residence": residence.strip(), "comment": comment.strip()},
    )
    before = None if created else snapshot(row)
    row.residence, row.comment, row.satisfactory = residence.strip(), comment.strip(), satisfactory
    row.save()
    audit_record(
        actor=actor,
        action="residence_comment.set",
        obj=row,
        organization=member.organization,
        subject=member_key(member.pk),
        before=before,
        after=snapshot(row),
    )
    return row


@transaction.atomic
def absence_record(
    *, actor: Actor, member: Member, meeting_on: date, excused: bool = False, note: str = ""
) -> MeetingAbsence:
    ensure_can_run(actor, member.organization)
    if MeetingAbsence.objects.filter(member=member, meeting_on=meeting_on).exists():
        raise ServiceError("meeting_on", f"Đã ghi vắng buổi sinh hoạt ngày {meeting_on:%d/%m/%Y}")
    absence = MeetingAbsence.objects.create(
        member=member, meeting_on=meeting_on, excused=excused, note=note.strip()
    )
    audit_record(
        actor=actor,
        action="absence.record",
        obj=absence,
        organization=member.organization,
        subject=member_key(member.pk),
        after=snapshot(absence),
    )
    return absence
