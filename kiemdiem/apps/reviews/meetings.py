"""The review meeting: its agenda in the order the rules require, the minutes (date,
length, chair, attendees, comments per subject, residence comments read out), the
secret-ballot tallies, the cell's proposals and their submission to the đảng ủy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.utils import timezone

from kiemdiem.apps.accounts.permissions import ensure_can_run
from kiemdiem.apps.audit.services import audit_record, snapshot
from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.core.choices import RatingChoice
from kiemdiem.apps.core.errors import ServiceError
from kiemdiem.apps.core.papers import paper_issue
from kiemdiem.apps.evaluation.scenario import cell_result
from kiemdiem.apps.ledger.services import ledger_append
from kiemdiem.apps.members.models import Member, Post
from kiemdiem.apps.organizations.models import LeadershipCollective, PartyOrganization
from kiemdiem.rules import Result, load
from kiemdiem.rules import process as rules_process
from kiemdiem.rules.messages import d

from .checks import classify
from .models import AgendaItem, CollectiveReport, Meeting, SubmittedProposal, TallyRecord

Actor = User | AnonymousUser
MEETING_KINDS = ("cell", "grassroots_cell")
# Who goes first among members (000 §A.4.2: committee members and leaders before others).
POST_RANK = {
    "secretary": 0,
    "deputy_secretary": 1,
    "committee_member": 2,
    "upper_committee_member": 3,
    "agency_head": 4,
    "deputy_head": 5,
    "department_head": 6,
    "inspection_member": 7,
}


def _editable(meeting: Meeting) -> None:
    if meeting.campaign.status != Campaign.Status.OPEN:
        raise ServiceError("__all__", "Kế hoạch đã kết thúc")
    if meeting.status == Meeting.Status.SUBMITTED:
        raise ServiceError("__all__", "Chi bộ đã báo cáo đảng ủy: không sửa được")


def _current_posts(members: list[Member], on: date) -> dict[int, list[str]]:
    posts: dict[int, list[str]] = {}
    for post in Post.objects.filter(member__in=members, started_on__lte=on).exclude(
        ended_on__lt=on
    ):
        posts.setdefault(post.member_id, []).append(post.title)
    return posts


@transaction.atomic
def meeting_prepare(*, actor: Actor, campaign: Campaign, cell: PartyOrganization) -> Meeting:
    """Open the cell's meeting with its agenda: the cell first, then its committee, then
    leaders by post, then the other members by name; those not reviewed are left out."""
    ensure_can_run(actor, cell)
    if campaign.status != Campaign.Status.OPEN:
        raise ServiceError("__all__", "Kế hoạch đã kết thúc")
    if cell.kind not in MEETING_KINDS or not cell.path.startswith(campaign.organization.path):
        raise ServiceError("organization", f"“{cell.name}” không phải chi bộ của kế hoạch này")
    if Meeting.objects.filter(
        campaign=campaign, organization=cell, collective__isnull=True
    ).exists():
        raise ServiceError("organization", f"{cell.name} đã có hội nghị kiểm điểm")
    meeting = Meeting.objects.create(campaign=campaign, organization=cell)
    skipped = _not_reviewed(campaign, cell_result(meeting))
    members = list(
        Member.objects.filter(organization__path__startswith=cell.path).order_by("full_name")
    )
    posts = _current_posts(members, campaign.meeting_on)
    members = [m for m in members if f"M{m.pk}" not in skipped]
    members.sort(key=lambda m: min((POST_RANK[t] for t in posts.get(m.pk, [])), default=99))
    items = [AgendaItem(meeting=meeting, order=1, kind=AgendaItem.Kind.ORGANIZATION)]
    for coll in LeadershipCollective.objects.filter(organization=cell).order_by("id"):
        items.append(
            AgendaItem(
                meeting=meeting,
                order=len(items) + 1,
                kind=AgendaItem.Kind.COLLECTIVE,
                collective=coll,
            )
        )
    for member in members:
        items.append(
            AgendaItem(
                meeting=meeting, order=len(items) + 1, kind=AgendaItem.Kind.MEMBER, member=member
            )
        )
    AgendaItem.objects.bulk_create(items)
    audit_record(
        actor=actor,
        action="meeting.prepare",
        obj=meeting,
        organization=cell,
        after={**snapshot(meeting), "agenda": [str(i) for i in items]},
    )
    return meeting


# The head is reviewed last (QĐ 366 "heads_last"; HD 21: after the collective, 000 §B.6).
COLLECTIVE_ROLE_ORDER = {"deputy": 0, "member": 1, "head": 2}


@transaction.atomic
def collective_meeting_prepare(
    *, actor: Actor, campaign: Campaign, collective: LeadershipCollective
) -> Meeting:
    """Open a leadership collective's review meeting: the collective first, then its
    members, the head last. The collective rates itself in its report (000 §B.3.5, Mẫu
    05); its members are rated where they are members, so this meeting has no ballot."""
    organization = collective.organization
    ensure_can_run(actor, organization)
    if campaign.status != Campaign.Status.OPEN:
        raise ServiceError("__all__", "Kế hoạch đã kết thúc")
    if not organization.path.startswith(campaign.organization.path):
        raise ServiceError("collective", f"“{collective.name}” không thuộc kế hoạch này")
    if Meeting.objects.filter(campaign=campaign, collective=collective).exists():
        raise ServiceError("collective", f"{collective.name} đã có hội nghị kiểm điểm")
    memberships = list(
        collective.memberships.filter(started_on__lte=campaign.meeting_on)
        .exclude(ended_on__lt=campaign.meeting_on)
        .select_related("member")
    )
    if not memberships:
        raise ServiceError("collective", f"{collective.name} chưa có thành viên")
    memberships.sort(key=lambda ms: (COLLECTIVE_ROLE_ORDER.get(ms.role, 1), ms.member.full_name))
    meeting = Meeting.objects.create(
        campaign=campaign, organization=organization, collective=collective
    )
    items = [
        AgendaItem(meeting=meeting, order=1, kind=AgendaItem.Kind.COLLECTIVE, collective=collective)
    ]
    for ms in memberships:
        items.append(
            AgendaItem(
                meeting=meeting, order=len(items) + 1, kind=AgendaItem.Kind.MEMBER, member=ms.member
            )
        )
    AgendaItem.objects.bulk_create(items)
    audit_record(
        actor=actor,
        action="meeting.prepare",
        obj=meeting,
        organization=organization,
        after={**snapshot(meeting), "agenda": [str(i) for i in items]},
    )
    return meeting


def _no_ballot(meeting: Meeting) -> None:
    if meeting.collective_id is not None:
        raise ServiceError(
            "__all__",
            "Tập thể lãnh đạo tự đánh giá, xếp loại trong báo cáo kiểm điểm; hội nghị của "
            "tập thể không bỏ phiếu xếp loại (000 §B.3.5)",
        )


def _not_reviewed(campaign: Campaign, result: Result) -> set[str]:
    """Members the rule set leaves out of the review (exempt, suspended, new where the
    plan does not review them); new members the plan reviews stay on the agenda."""
    reviewed_new = any(
        c.params.get("reviewed") for c in load(campaign.ruleset).by_mechanism("new_member")
    )
    return {
        s.id
        for s in result.subjects
        if s.type == "member"
        and s.status == "not_rated"
        and not (reviewed_new and s.reasons and s.reasons[0].code == "new_member")
    }


@dataclass(frozen=True)
class MinutesInput:
    held_on: date
    started_at: time
    ended_at: time
    chair: Member | None
    attendees: list[Member]
    head_chair: Member | None = None
    secretary: Member | None = None
    minutes_taker: str = ""
    guests: str = ""
    counting_committee: str = ""
    conclusion: str = ""


def _roll(meeting: Meeting, on: date) -> tuple[dict[int, Member], Member | None]:
    """Who belongs to the meeting (member id → member) and its head: a cell's members
    and its secretary, or a collective's members on the day and its head."""
    if meeting.collective is None:
        cell = meeting.organization
        members = Member.objects.filter(organization__path__startswith=cell.path)
        return {m.pk: m for m in members}, _head(cell, on)
    roll, head = {}, None
    for ms in (
        meeting.collective.memberships.filter(started_on__lte=on)
        .exclude(ended_on__lt=on)
        .select_related("member")
    ):
        roll[ms.member_id] = ms.member
        if ms.role == "head":
            head = ms.member
    return roll, head


def deputies(meeting: Meeting, on: date) -> list[int]:
    """The deputies on the day (a cell's phó bí thư; a collective's cấp phó): who chairs
    the head's own review where there is one (000 §A.4.2)."""
    if meeting.collective is not None:
        return list(
            meeting.collective.memberships.filter(role="deputy", started_on__lte=on)
            .exclude(ended_on__lt=on)
            .values_list("member_id", flat=True)
        )
    return list(
        Post.objects.filter(
            organization=meeting.organization, title="deputy_secretary", started_on__lte=on
        )
        .exclude(ended_on__lt=on)
        .values_list("member_id", flat=True)
    )


def _head(cell: PartyOrganization, on: date) -> Member | None:
    post = (
        Post.objects.filter(organization=cell, title="secretary", started_on__lte=on)
        .exclude(ended_on__lt=on)
        .select_related("member")
        .first()
    )
    return post.member if post else None


@transaction.atomic
def meeting_record(*, actor: Actor, meeting: Meeting, data: MinutesInput) -> Meeting:
    """The minutes: checked against the rule set (length, chair) before anything is saved;
    the circulated report is adopted with them."""
    cell = meeting.organization
    ensure_can_run(actor, cell)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _editable(meeting)
    rules = load(meeting.campaign.ruleset)
    if data.held_on > timezone.localdate():
        raise ServiceError("held_on", f"Ngày họp {d(data.held_on)} chưa đến")
    if data.held_on.year not in (meeting.campaign.year, meeting.campaign.year + 1):
        raise ServiceError("held_on", f"Ngày họp {d(data.held_on)} ngoài kỳ kiểm điểm")
    if data.ended_at <= data.started_at:
        raise ServiceError("ended_at", "Giờ kết thúc phải sau giờ bắt đầu")
    collective = meeting.collective
    place = collective.name if collective is not None else cell.name
    roll, head = _roll(meeting, data.held_on)
    for field, person in (
        ("chair", data.chair),
        ("head_chair", data.head_chair),
        ("secretary", data.secretary),
    ):
        if person is not None and person.pk not in roll:
            raise ServiceError(field, f"{person.full_name} không thuộc {place}")
    strangers = [m.full_name for m in data.attendees if m.pk not in roll]
    if strangers:
        raise ServiceError("attendees", f"Không thuộc {place}: {', '.join(strangers)}")
    if data.chair is not None and data.chair not in data.attendees:
        raise ServiceError("chair", "Người chủ trì phải có mặt tại hội nghị")
    if data.secretary is not None and data.secretary not in data.attendees:
        raise ServiceError("secretary", "Thư ký hội nghị phải có mặt tại hội nghị")
    if data.secretary is None and not data.minutes_taker.strip():
        raise ServiceError("secretary", "Chọn thư ký hội nghị: người ghi và ký biên bản")
    report = CollectiveReport.objects.filter(
        campaign=meeting.campaign, organization=cell, collective=collective
    ).first()
    if report is None or report.circulated_on is None:
        raise ServiceError(
            "held_on", "Chưa gửi dự thảo báo cáo kiểm điểm (Mẫu 01) đến người dự họp"
        )
    late = rules_process.circulation(
        rules, circulated_on=report.circulated_on, meeting_on=data.held_on
    )
    if late and report.circulated_on > data.held_on:
        raise ServiceError("held_on", "Ngày họp trước ngày gửi dự thảo báo cáo")
    minutes = (
        datetime.combine(data.held_on, data.ended_at)
        - datetime.combine(data.held_on, data.started_at)
    ).seconds // 60
    level = "committee" if collective is not None else "cell"
    issues = [
        *late,
        *rules_process.duration(rules, level=level, minutes=minutes),
        *rules_process.chair(
            rules,
            head=str(head.pk) if head else None,
            chair=str(data.chair.pk) if data.chair else None,
            head_chair=str(data.head_chair.pk) if data.head_chair else None,
            deputies={str(pk) for pk in deputies(meeting, data.held_on)},
        ),
    ]
    if issues:
        raise ServiceError(issues[0].field, issues[0].message)
    before = snapshot(meeting)
    for field in (
        "held_on",
        "started_at",
        "ended_at",
        "chair",
        "head_chair",
        "secretary",
        "minutes_taker",
        "guests",
        "counting_committee",
        "conclusion",
    ):
        value = getattr(data, field)
        setattr(meeting, field, value.strip() if isinstance(value, str) else value)
    meeting.status = Meeting.Status.HELD
    meeting.save()
    meeting.attendees.set(data.attendees)
    present = {m.pk for m in data.attendees}
    # Absent members stay pending, reviewed at the next meeting (000 §B.6, 004 §IV.3).
    for item in meeting.items.filter(kind=AgendaItem.Kind.MEMBER):
        absent = item.member_id not in present
        if absent and not item.pending:
            # By default at the cell's next monthly meeting; the secretary may change it.
            item.pending, item.follow_up_on = True, data.held_on + timedelta(days=30)
            item.save(update_fields=["pending", "follow_up_on"])
        elif not absent and item.pending:
            item.pending, item.follow_up_on = False, None
            item.save(update_fields=["pending", "follow_up_on"])
    if report.status == CollectiveReport.Status.CIRCULATED:
        report.status = CollectiveReport.Status.ADOPTED
        report.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="meeting.record",
        obj=meeting,
        organization=cell,
        before=before,
        after={**snapshot(meeting), "attendees": sorted(present)},
    )
    return meeting


@transaction.atomic
def agenda_item_record(
    *,
    actor: Actor,
    item: AgendaItem,
    comments: str = "",
    residence_read: bool = False,
    pending: bool | None = None,
    follow_up_on: date | None = None,
) -> AgendaItem:
    """Comments on one subject, the residence comment read out, or an absence to follow up."""
    # The meeting as it is now, locked: a stale copy could miss a submission.
    meeting = (
        Meeting.objects.select_for_update()
        .select_related("campaign", "organization")
        .get(pk=item.meeting_id)
    )
    ensure_can_run(actor, meeting.organization)
    _editable(meeting)
    if pending is not None:
        if pending and follow_up_on is None:
            raise ServiceError("follow_up_on", "Cần ghi ngày kiểm điểm bổ sung cho người vắng")
        if pending and item.kind != AgendaItem.Kind.MEMBER:
            raise ServiceError("pending", "Chỉ đảng viên vắng mặt mới để kiểm điểm sau")
        held = meeting.held_on
        if pending and follow_up_on is not None and held is not None and follow_up_on <= held:
            raise ServiceError(
                "follow_up_on", f"Ngày kiểm điểm bổ sung phải sau ngày họp {d(held)}"
            )
        item.pending = pending
        item.follow_up_on = follow_up_on if pending else None
    before = snapshot(item)
    item.comments = comments.strip()
    item.residence_read = residence_read
    item.save()
    audit_record(
        actor=actor,
        action="agenda_item.record",
        obj=item,
        organization=meeting.organization,
        before=before,
        after=snapshot(item),
        subject="/".join(item.subject_key(meeting.organization.code)),
    )
    return item


@transaction.atomic
def tally_record(
    *,
    actor: Actor,
    item: AgendaItem,
    eligible: int,
    present: int,
    issued: int,
    valid: int,
    counts: dict[str, int],
) -> TallyRecord:
    """The counting committee's figures for one subject: counts only (no ballot, no voter)."""
    # The meeting as it is now, locked: a stale copy could miss a submission.
    meeting = (
        Meeting.objects.select_for_update()
        .select_related("campaign", "organization")
        .get(pk=item.meeting_id)
    )
    ensure_can_run(actor, meeting.organization)
    _editable(meeting)
    _no_ballot(meeting)
    if meeting.status == Meeting.Status.PREPARING:
        raise ServiceError("__all__", "Cần ghi biên bản hội nghị (ngày họp, người có mặt) trước")
    if item.pending:
        raise ServiceError("__all__", f"{item}: vắng mặt, chưa bỏ phiếu")
    rules = load(meeting.campaign.ruleset)
    scale = rules.scale(item.kind)
    full_members = sum(
        1
        for m in meeting.attendees.all()
        if m.full_member_on is not None and m.full_member_on <= (meeting.held_on or date.max)
    )
    issues = rules_process.tally(
        rules,
        eligible=eligible,
        present=present,
        issued=issued,
        valid=valid,
        counts=counts,
        scale=scale,
    )
    if not issues and present > full_members:
        issues.append(
            rules_process.ProcessIssue(
                "present_over_minutes",
                "present",
                f"Số đảng viên chính thức có mặt ({present}) lớn hơn số ghi trong biên bản "
                f"hội nghị ({full_members})",
            )
        )
    if issues:
        raise ServiceError(issues[0].field, issues[0].message)
    clean = {code: int(counts.get(code, 0)) for code in scale}
    tally, created = TallyRecord.objects.select_for_update().get_or_create(
        item=item,
        defaults={
            "eligible": eligible,
            "present": present,
            "issued": issued,
            "valid": valid,
            "counts": clean,
        },
    )
    before = None if created else snapshot(tally)
    tally.eligible, tally.present, tally.issued, tally.valid, tally.counts = (
        eligible,
        present,
        issued,
        valid,
        clean,
    )
    tally.save()
    audit_record(
        actor=actor,
        action="tally.record",
        obj=tally,
        organization=meeting.organization,
        before=before,
        after=snapshot(tally),
        subject="/".join(item.subject_key(meeting.organization.code)),
    )
    # Tamper-evident: the counts as recorded, chained to every record before them.
    ledger_append(
        actor=actor,
        action="tally.record",
        obj=tally,
        payload={
            "meeting": meeting.pk,
            "subject": "/".join(item.subject_key(meeting.organization.code)),
            "eligible": eligible,
            "present": present,
            "issued": issued,
            "valid": valid,
            "counts": clean,
        },
    )
    return tally


@transaction.atomic
def proposal_set(*, actor: Actor, item: AgendaItem, proposed_rating: str) -> AgendaItem:
    """The cell's proposed rating for one subject ("" = follow the ballot)."""
    # The meeting as it is now, locked: a stale copy could miss a submission.
    meeting = (
        Meeting.objects.select_for_update()
        .select_related("campaign", "organization")
        .get(pk=item.meeting_id)
    )
    ensure_can_run(actor, meeting.organization)
    _editable(meeting)
    _no_ballot(meeting)
    if proposed_rating and proposed_rating not in RatingChoice.values:
        raise ServiceError("proposed_rating", f"Mức đề xuất không hợp lệ: “{proposed_rating}”")
    if proposed_rating and proposed_rating not in load(meeting.campaign.ruleset).scale(item.kind):
        raise ServiceError("proposed_rating", "Mức đề xuất không có trong thang của bộ quy tắc")
    before = snapshot(item, ["proposed_rating"])
    item.proposed_rating = proposed_rating
    item.save(update_fields=["proposed_rating"])
    audit_record(
        actor=actor,
        action="proposal.set",
        obj=item,
        organization=meeting.organization,
        before=before,
        after=snapshot(item, ["proposed_rating"]),
        subject="/".join(item.subject_key(meeting.organization.code)),
    )
    return item


@transaction.atomic
def meeting_submit(*, actor: Actor, meeting: Meeting, quota_note: str = "") -> Meeting:
    """Send the cell's proposals to the đảng ủy: refused while a proposal is above what the
    rules allow, or over a quota without the cell's reason; the engine's result is kept
    with the submission."""
    ensure_can_run(actor, meeting.organization)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _editable(meeting)
    _no_ballot(meeting)
    if meeting.status != Meeting.Status.HELD:
        raise ServiceError("__all__", "Cần ghi biên bản hội nghị trước khi báo cáo đảng ủy")
    missing = [
        str(item)
        for item in meeting.items.filter(kind=AgendaItem.Kind.MEMBER, pending=False)
        .select_related("member", "tally")
        .order_by("order")
        if getattr(item, "tally", None) is None
    ]
    if missing:
        raise ServiceError("tally", f"Chưa có kết quả kiểm phiếu: {', '.join(missing)}")
    result = cell_result(meeting)
    checks = classify(meeting, result)
    if checks.blocking:
        raise ServiceError("proposed_rating", checks.blocking[0].message)
    over = [c.message for c in checks.quota]
    if over and not quota_note.strip():
        raise ServiceError(
            "quota_note",
            f"{over[0]}. Sửa đề xuất, hoặc ghi lý do chi bộ vẫn đề nghị để đảng ủy xem xét",
        )
    before = snapshot(meeting, ["status"])
    meeting.status = Meeting.Status.SUBMITTED
    meeting.submitted_at = timezone.now()
    meeting.submitted_by = actor if isinstance(actor, User) else None
    meeting.submitted_result = result.to_json()
    meeting.quota_note = quota_note.strip() if over else ""
    meeting.save()
    SubmittedProposal.objects.bulk_create(SubmittedProposal.rows_of(meeting))
    audit_record(
        actor=actor,
        action="meeting.submit",
        obj=meeting,
        organization=meeting.organization,
        before=before,
        after=snapshot(meeting, ["status", "submitted_at"]),
        reason="; ".join([quota_note.strip(), *over]) if over else "",
    )
    ledger_append(
        actor=actor,
        action="meeting.submit",
        obj=meeting,
        payload={
            "organization": meeting.organization.code,
            "ruleset": meeting.campaign.ruleset,
            "ratings": {str(x.key): x.rating or x.status for x in result.subjects},
            "quota_note": meeting.quota_note,
        },
    )
    # The minutes and the tally record are closed with the submission: stored as they
    # read now.
    ref = f"K{meeting.collective_id}" if meeting.collective_id else meeting.organization.code
    paper_issue(actor=actor, campaign=meeting.campaign, kind="minutes", ref=ref)
    if meeting.collective_id is None:
        paper_issue(actor=actor, campaign=meeting.campaign, kind="tally_record", ref=ref)
    return meeting
