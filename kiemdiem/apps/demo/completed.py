"""Seed 000's 2020 campaign run to its end for the demo, through the same services the pages
use: every cell meets on the plan's day (20/11/2020) and reports, the Đảng ủy decides and
issues its decision, a complaint received on paper is answered, a result is cancelled and
re-rated (Mẫu 03). So that every document, dossier and statistic can be seen on a finished
year while this year's campaign is still under way."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time, timedelta

from django.contrib.auth.models import User

from kiemdiem.apps.campaigns.board import CELL_KINDS
from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.complaints import services as complaints
from kiemdiem.apps.core import clock
from kiemdiem.apps.decisions.accepting import decided_accept_proposals
from kiemdiem.apps.decisions.models import ClassificationDecision, DecidedRating
from kiemdiem.apps.decisions.rerating import rerating_cancel, rerating_issue
from kiemdiem.apps.decisions.selectors import issued_decision
from kiemdiem.apps.decisions.services import (
    decided_set,
    decision_issue,
    decision_result,
)
from kiemdiem.apps.evaluation.keys import decided_key, member_pk_of
from kiemdiem.apps.evaluation.scenario import cell_result
from kiemdiem.apps.members.models import Member
from kiemdiem.apps.organizations.models import PartyOrganization
from kiemdiem.apps.reviews import meetings, reports
from kiemdiem.apps.reviews.checks import classify
from kiemdiem.apps.reviews.models import CollectiveReport, Meeting
from kiemdiem.rules.calendar import shift


def cell_run(
    *,
    office: User,
    campaign: Campaign,
    cell: PartyOrganization,
    held_on: date,
    votes: Callable[[int, int], dict[str, int]],
) -> Meeting:
    """One cell from its draft report to its submission: the report circulated five working
    days ahead, everyone at the meeting, each member's ballot `votes(position, voters)`, the
    proposals lowered to what the data allows, submitted (the office may run any cell).
    Each step is recorded on its day: the draft written and sent five working days ahead,
    the meeting and its submission on `held_on`."""
    sent = shift(held_on, -5, working=True)
    with clock.replay(sent):
        report = _draft(office, campaign, cell)
        if report.circulated_on is None:
            reports.report_circulate(actor=office, report=report, on=sent)
    with clock.replay(held_on, time(16, 45)):
        return _meet(office, campaign, cell, held_on, votes)


def _draft(office: User, campaign: Campaign, cell: PartyOrganization) -> CollectiveReport:
    return reports.report_save(
        actor=office,
        campaign=campaign,
        organization=cell,
        data=reports.ReportInput(
            results="Lãnh đạo thực hiện tốt nhiệm vụ chính trị của cơ quan; 100% đảng viên "
            "hoàn thành nhiệm vụ được giao.\nDuy trì sinh hoạt chi bộ định kỳ, nền nếp.",
            shortcomings="Sinh hoạt chuyên đề chưa đều; một số đảng viên chưa chủ động "
            "nghiên cứu văn bản mới.\nNguyên nhân: khối lượng công việc chuyên môn lớn.",
            direction="Sinh hoạt chuyên đề hằng quý; phân công đảng viên theo dõi văn bản mới.",
            self_rating="GOOD",
        ),
    )


def _meet(
    office: User,
    campaign: Campaign,
    cell: PartyOrganization,
    held_on: date,
    votes: Callable[[int, int], dict[str, int]],
) -> Meeting:
    meeting = Meeting.objects.filter(
        campaign=campaign, organization=cell, collective__isnull=True
    ).first() or meetings.meeting_prepare(actor=office, campaign=campaign, cell=cell)
    people = list(
        Member.objects.filter(
            organization__path__startswith=cell.path, admitted_on__lte=held_on
        ).order_by("party_card_number")
    )
    head = meetings._head(cell, held_on)
    chair = next(p for p in people if p != head)
    meetings.meeting_record(
        actor=office,
        meeting=meeting,
        data=meetings.MinutesInput(
            held_on=held_on,
            started_at=time(7, 30),
            ended_at=time(16, 30),
            chair=chair,
            head_chair=chair if head else None,
            attendees=people,
            secretary=next((p for p in people if p not in (head, chair)), people[-1]),
            counting_committee=f"{people[-1].full_name} (trưởng ban), {people[-2].full_name}",
            conclusion="Hội nghị thống nhất đánh giá chi bộ và từng đảng viên như biên bản; "
            "đề nghị Đảng ủy xem xét, quyết định.",
        ),
    )
    full = sum(1 for p in people if p.full_member_on is not None and p.full_member_on <= held_on)
    items = meeting.items.filter(kind="member", pending=False).order_by("order")
    for n, item in enumerate(items):
        meetings.tally_record(
            actor=office,
            item=item,
            eligible=full,
            present=full,
            issued=full,
            valid=full,
            counts=votes(n, full),
        )
    result = cell_result(meeting)
    blocked = {c.subject for c in classify(meeting, result).blocking}
    for item in meeting.items.filter(pending=False):
        kind, ref = item.subject_key(cell.code)
        ceiling = result.subject(kind, ref).ceiling
        if ref in blocked and ceiling:
            meetings.proposal_set(actor=office, item=item, proposed_rating=ceiling)
    return meetings.meeting_submit(
        actor=office, meeting=meeting, quota_note="Đề nghị Đảng ủy xem xét"
    )


def _votes_2020(first: bool) -> Callable[[int, int], dict[str, int]]:
    """One member of the first cell voted HTXSNV; one ballot in each vote goes lower."""

    def votes(n: int, full: int) -> dict[str, int]:
        top = "EXCELLENT" if first and n == 1 else "GOOD"
        return {top: full - 1, "COMPLETED": 1} if full > 1 else {top: full}

    return votes


def complete(office: User, campaign: Campaign) -> ClassificationDecision:
    """Idempotent: a campaign whose decision is issued is left as it is."""
    done = issued_decision(campaign)
    if done is not None:
        return done
    cells = PartyOrganization.objects.filter(
        path__startswith=campaign.organization.path, kind__in=CELL_KINDS
    ).order_by("code")
    for n, cell in enumerate(cells):
        meeting = Meeting.objects.filter(
            campaign=campaign, organization=cell, collective__isnull=True
        ).first()
        if meeting is None or meeting.status != Meeting.Status.SUBMITTED:
            cell_run(
                office=office,
                campaign=campaign,
                cell=cell,
                held_on=campaign.meeting_on,
                votes=_votes_2020(n == 0),
            )
    issued_on = campaign.meeting_on + timedelta(days=14)
    with clock.replay(issued_on - timedelta(days=2)):
        _decide(office, campaign)
    with clock.replay(issued_on, time(15, 0)):
        decision = decision_issue(
            actor=office, campaign=campaign, number="45-QĐ/ĐU", issued_on=issued_on
        )
    _after(office, campaign, decision, issued_on)
    return decision


def _decide(office: User, campaign: Campaign) -> None:
    decided_accept_proposals(actor=office, campaign=campaign)
    # Over a quota the committee lowers the least supported, as the decision page lists them.
    for check in decision_result(campaign).checks:
        if check.code != "quota_exceeded" or not check.subjects:
            continue
        excess = (check.actual or 0) - (check.allowed or 0)
        for ref in check.subjects[-excess:]:
            subject = decided_key(check.subject_type, ref)
            decided_set(
                actor=office,
                campaign=campaign,
                subject=subject,
                rating="GOOD",
                reason="Vượt tỷ lệ của đảng bộ",
            )


def _after(
    office: User, campaign: Campaign, decision: ClassificationDecision, issued_on: date
) -> None:
    # A member's complaint, received on paper and answered in writing; then a violation
    # found later cancels another member's result and the committee re-rates it.
    rated = list(
        DecidedRating.objects.filter(decision=decision, subject__startswith="member/").order_by(
            "subject"
        )
    )
    complained, rerated = rated[0], rated[1]
    member = Member.objects.get(pk=member_pk_of(complained.subject))
    with clock.replay(issued_on + timedelta(days=5)):
        complaint = complaints.complaint_file(
            actor=office,
            campaign=campaign,
            subject=complained.subject,
            content="Đề nghị Đảng ủy xem xét lại mức xếp loại: trong năm tôi hoàn thành vượt "
            "các chỉ tiêu được giao.",
            filed_on=issued_on + timedelta(days=5),
            complainant=member.full_name,
        )
        complaints.complaint_assign(actor=office, complaint=complaint, assignee=office)
    with clock.replay(issued_on + timedelta(days=8)):
        complaints.complaint_note(
            actor=office, complaint=complaint, text="Đã làm việc với chi ủy và đồng chí khiếu nại."
        )
    with clock.replay(issued_on + timedelta(days=12)):
        complaints.complaint_conclude(
            actor=office,
            complaint=complaint,
            outcome="rejected",
            conclusion="Mức xếp loại đúng quy định và đúng kết quả biểu quyết của chi bộ.",
            concluded_on=issued_on + timedelta(days=12),
        )
    with clock.replay(issued_on + timedelta(days=15)):
        complaints.complaint_answer(
            actor=office,
            complaint=complaint,
            answer="Đảng ủy giữ nguyên kết quả xếp loại chất lượng năm 2020 của đồng chí.",
            number="52-CV/ĐU",
            answered_on=issued_on + timedelta(days=15),
        )
    with clock.replay(issued_on + timedelta(days=18)):
        cancelled = rerating_cancel(
            actor=office,
            campaign=campaign,
            subject=rerated.subject,
            cause="violation",
            reason="Phát hiện vi phạm quy định về kê khai tài sản trong năm 2020 sau khi đã "
            "xếp loại.",
        )
    with clock.replay(issued_on + timedelta(days=20)):
        rerating_issue(
            actor=office,
            rerating=cancelled,
            rating="COMPLETED",
            number="58-QĐ/ĐU",
            issued_on=issued_on + timedelta(days=20),
        )


def complete_2020(office: User) -> ClassificationDecision | None:
    campaign = Campaign.objects.filter(year=2020, organization__code="DBSNV").first()
    return complete(office, campaign) if campaign is not None else None
