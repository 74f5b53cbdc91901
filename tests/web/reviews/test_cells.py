"""The cell's part of a campaign through its services: the report and its circulation,
the meeting, the tallies (counts only), the proposals and their submission."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from kiemdiem.apps.accounts.permissions import can_run
from kiemdiem.apps.audit.models import AuditEntry
from kiemdiem.apps.campaigns.models import Campaign, SelfReview
from kiemdiem.apps.campaigns.self_reviews import SelfReviewInput, self_review_save
from kiemdiem.apps.core import clock
from kiemdiem.apps.core.errors import PermissionDenied, ServiceError
from kiemdiem.apps.evaluation.scenario import cell_result
from kiemdiem.apps.members.models import Member
from kiemdiem.apps.organizations.models import PartyOrganization
from kiemdiem.apps.reviews import meetings, reports
from kiemdiem.apps.reviews.models import AgendaItem, CollectiveReport, Meeting, TallyRecord
from kiemdiem.rules import load
from kiemdiem.rules.calendar import shift
from kiemdiem.rules.process import AgendaEntry, order

TODAY = timezone.localdate


@pytest.fixture
def campaign(demo: PartyOrganization) -> Campaign:
    return Campaign.objects.get(organization=demo, year=2026)


@pytest.fixture
def cell(demo: PartyOrganization) -> PartyOrganization:
    return PartyOrganization.objects.get(code="CB-TT")


@pytest.fixture
def meeting(campaign: Campaign, cell: PartyOrganization) -> Meeting:
    return Meeting.objects.get(campaign=campaign, organization=cell)


def roll(cell: PartyOrganization) -> list[Member]:
    return list(Member.objects.filter(organization=cell).order_by("party_card_number"))


def minutes(cell: PartyOrganization, **overrides: object) -> meetings.MinutesInput:
    people = roll(cell)
    values: dict[str, object] = {
        "held_on": TODAY(),
        "started_at": time(7, 30),
        "ended_at": time(16, 30),
        "chair": people[0],  # the secretary
        "head_chair": people[1],  # the deputy chairs the secretary's own review
        "secretary": people[2],  # takes and signs the minutes
        "attendees": people,
        "counting_committee": "Phan Minh Mai (trưởng ban), Ngô Mỹ Thảo",
    }
    values.update(overrides)
    return meetings.MinutesInput(**values)  # type: ignore[arg-type]


def circulate(campaign: Campaign, cell: PartyOrganization, secretary: User) -> CollectiveReport:
    report = CollectiveReport.objects.get(campaign=campaign, organization=cell)
    return reports.report_circulate(
        actor=secretary, report=report, on=shift(TODAY(), -5, working=True)
    )


def _not_yet_sent(campaign: Campaign, cell: PartyOrganization) -> CollectiveReport:
    """The demo's draft as it was before it went out (the demo sent it five working days
    ago, so that the cell may meet today)."""
    CollectiveReport.objects.filter(campaign=campaign, organization=cell).update(
        status=CollectiveReport.Status.DRAFT, circulated_on=None
    )
    return CollectiveReport.objects.get(campaign=campaign, organization=cell)


def hold(meeting: Meeting, runner: User, cell: PartyOrganization, **kw: object) -> Meeting:
    report = CollectiveReport.objects.get(campaign=meeting.campaign, organization=cell)
    if report.circulated_on is None and can_run(runner, cell):
        circulate(meeting.campaign, cell, runner)
    return meetings.meeting_record(actor=runner, meeting=meeting, data=minutes(cell, **kw))


def tally_everyone(meeting: Meeting, secretary: User, votes: dict[str, dict[str, int]]) -> None:
    present = meeting.attendees.filter(full_member_on__isnull=False).count()
    eligible = Member.objects.filter(
        organization__path__startswith=meeting.organization.path, full_member_on__isnull=False
    ).count()
    for item in meeting.items.filter(kind="member", pending=False):
        counts = votes.get(item.member.full_name, {"GOOD": present})
        meetings.tally_record(
            actor=secretary,
            item=item,
            eligible=eligible,
            present=present,
            issued=present,
            valid=sum(counts.values()),
            counts=counts,
        )


# ---------------------------------------------------------------- the report (Mẫu 01)


def test_circulating_too_late_is_refused_with_the_clause_then_accepted_with_a_reason(
    campaign: Campaign, cell: PartyOrganization, secretary_a: User
) -> None:
    report = CollectiveReport.objects.get(campaign=campaign, organization=cell)
    # The cell meets on the next working day; the draft goes out today.
    late = TODAY()
    campaign.milestones.filter(code="cell_meeting").update(due_on=shift(late, 1, working=True))
    with pytest.raises(ServiceError) as err:
        reports.report_circulate(actor=secretary_a, report=report, on=late)
    assert err.value.field == "circulated_on"
    assert "cần gửi trước ít nhất 3 ngày làm việc — HD 43" in err.value.message
    report.refresh_from_db()
    assert report.circulated_on != late  # nothing written
    reports.report_circulate(
        actor=secretary_a, report=report, on=late, accept_late="Chi bộ họp sớm theo chỉ đạo"
    )
    entry = AuditEntry.objects.filter(action="report.circulate").latest("id")
    assert entry.after["circulated_on"] == late.isoformat()
    assert entry.reason.startswith("Chi bộ họp sớm theo chỉ đạo; Dự thảo báo cáo gửi ngày")


def test_the_draft_sent_is_the_text_typed_and_its_date_is_true(
    campaign: Campaign, cell: PartyOrganization, secretary_a: User, client: Client
) -> None:
    """Text typed then sent without a separate save goes out; a date before the text was
    written, or in the future, is refused."""
    report = CollectiveReport.objects.get(campaign=campaign, organization=cell)
    client.force_login(secretary_a)
    url = f"/chi-bo/{campaign.pk}/CB-TT/bao-cao/"
    fields = {
        "results": report.results,
        "shortcomings": report.shortcomings,
        "remedy": report.remedy,
        "direction": report.direction + " Bổ sung: rà soát hồ sơ hằng tháng.",
        "self_rating": report.self_rating,
        "circulated_on": TODAY().strftime("%d/%m/%Y"),
        "accept_late": "Bổ sung nội dung theo góp ý của Đảng ủy",
        "circulate": "1",
    }
    response = client.post(url, fields)
    assert response.status_code == 302, response.content.decode()[-2000:]
    report.refresh_from_db()
    assert report.direction.endswith("rà soát hồ sơ hằng tháng.")
    assert report.circulated_on == TODAY()
    # A date before the last change of the text: refused, nothing written.
    with pytest.raises(ServiceError) as err:
        reports.report_circulate(
            actor=secretary_a, report=report, on=shift(TODAY(), -3, working=True), accept_late="x"
        )
    assert "trước lần sửa dự thảo cuối" in err.value.message
    with pytest.raises(ServiceError, match="chưa đến"):
        reports.report_circulate(
            actor=secretary_a, report=report, on=TODAY() + timedelta(days=1), accept_late="x"
        )
    report.refresh_from_db()
    assert report.circulated_on == TODAY()


def test_a_draft_needs_its_sections_before_it_is_circulated(
    campaign: Campaign, secretary_b: User
) -> None:
    vp = PartyOrganization.objects.get(code="CB-VP")
    report = reports.report_save(
        actor=secretary_b,
        campaign=campaign,
        organization=vp,
        data=reports.ReportInput(results="Hoàn thành nhiệm vụ năm."),
    )
    with pytest.raises(ServiceError) as err:
        reports.report_circulate(actor=secretary_b, report=report, on=TODAY())
    assert err.value.field == "shortcomings"


def test_only_the_cell_committee_or_the_office_writes_the_report(
    campaign: Campaign,
    cell: PartyOrganization,
    secretary_b: User,
    member_a: User,
    upper: User,
    charlie: User,
) -> None:
    for outsider in (secretary_b, member_a, charlie):
        with pytest.raises(PermissionDenied):
            reports.report_save(
                actor=outsider, campaign=campaign, organization=cell, data=reports.ReportInput()
            )
    # The upper board reaches the whole subtree under it.
    reports.report_save(
        actor=upper,
        campaign=campaign,
        organization=PartyOrganization.objects.get(code="CB-CCHC"),
        data=reports.ReportInput(results="Dự thảo"),
    )


def test_participants_comment_on_the_circulated_draft_and_nobody_else(
    campaign: Campaign,
    cell: PartyOrganization,
    member_a: User,
    secretary_a: User,
    secretary_b: User,
) -> None:
    report = _not_yet_sent(campaign, cell)
    with pytest.raises(ServiceError, match="chưa được gửi"):
        reports.report_comment_add(actor=member_a, report=report, body="Quá sớm")
    report = circulate(campaign, cell, secretary_a)
    comment = reports.report_comment_add(actor=member_a, report=report, body="Bổ sung số liệu.")
    assert comment.author.user == member_a
    with pytest.raises(PermissionDenied):
        reports.report_comment_add(actor=secretary_b, report=report, body="Không phải chi bộ tôi")
    with pytest.raises(ServiceError) as err:
        reports.report_comment_add(actor=member_a, report=report, body="   ")
    assert err.value.field == "body"


# ---------------------------------------------------------------- the meeting


def test_the_agenda_puts_the_cell_first_and_leaders_before_members(
    meeting: Meeting, campaign: Campaign
) -> None:
    items = list(meeting.items.select_related("member").order_by("order"))
    assert items[0].kind == AgendaItem.Kind.ORGANIZATION
    assert items[1].member is not None and items[1].member.posts.filter(title="secretary").exists()
    leaders = {p.member_id for p in items[1].member.posts.model.objects.filter(ended_on=None)}
    entries = [
        AgendaEntry(i.kind, str(i), leader=i.member_id in leaders if i.member_id else False)
        for i in items
    ]
    assert order(load(campaign.ruleset), entries) == []
    # The check does fail on a wrong order: a member before the collective.
    assert order(load(campaign.ruleset), [entries[2], entries[0]])


def test_a_short_meeting_is_refused_citing_the_minimum(
    meeting: Meeting, cell: PartyOrganization, secretary_a: User
) -> None:
    with pytest.raises(ServiceError) as err:
        hold(meeting, secretary_a, cell, ended_at=time(11, 0))
    assert err.value.field == "ended_at"
    assert "tối thiểu 1 ngày (8 giờ) — QĐ 366" in err.value.message
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PREPARING and meeting.held_on is None


def test_hd21_cells_need_half_a_day(demo: PartyOrganization) -> None:
    from kiemdiem.rules.process import duration

    rules = load("hd21-2019")
    assert duration(rules, level="cell", minutes=240) == []
    assert (
        "tối thiểu 0,5 ngày (4 giờ) — 000 §A.4.2"
        in duration(rules, level="cell", minutes=239)[0].message
    )


def test_the_head_does_not_chair_their_own_review(
    meeting: Meeting, cell: PartyOrganization, secretary_a: User
) -> None:
    with pytest.raises(ServiceError) as err:
        hold(meeting, secretary_a, cell, head_chair=None)
    assert err.value.field == "head_chair" and "cấp phó chủ trì" in err.value.message


def test_absent_members_stay_pending_and_the_report_is_adopted(
    meeting: Meeting, campaign: Campaign, cell: PartyOrganization, secretary_a: User
) -> None:
    people = roll(cell)
    circulate(campaign, cell, secretary_a)
    hold(meeting, secretary_a, cell, attendees=people[:-1])
    absent = meeting.items.get(member=people[-1])
    assert absent.pending and absent.follow_up_on == TODAY() + timedelta(days=30)
    with pytest.raises(ServiceError) as err:
        meetings.agenda_item_record(
            actor=secretary_a, item=absent, pending=True, follow_up_on=TODAY()
        )
    assert err.value.field == "follow_up_on"
    later = TODAY() + timedelta(days=14)
    meetings.agenda_item_record(actor=secretary_a, item=absent, pending=True, follow_up_on=later)
    assert AgendaItem.objects.get(pk=absent.pk).follow_up_on == later
    result = cell_result(meeting)
    assert result.subject("member", f"M{people[-1].pk}").status == "pending"
    report = CollectiveReport.objects.get(campaign=campaign, organization=cell)
    assert report.status == CollectiveReport.Status.ADOPTED


def test_self_reviews_close_once_the_meeting_is_held(
    meeting: Meeting, campaign: Campaign, cell: PartyOrganization, secretary_a: User
) -> None:
    campaign.milestones.filter(code="cell_meeting").update(due_on=TODAY() + timedelta(days=20))
    hold(meeting, secretary_a, cell)
    member = Member.objects.get(user__username="dangvien")
    with pytest.raises(ServiceError, match="Chi bộ đã họp"):
        self_review_save(
            actor=member.user,  # type: ignore[arg-type]
            campaign=campaign,
            member=member,
            data=SelfReviewInput(strengths="Sửa sau hội nghị"),
        )


# ---------------------------------------------------------------- the tallies


@pytest.mark.parametrize(
    ("figures", "field", "words"),
    [
        ({"present": 7}, "present", "lớn hơn số đảng viên chính thức"),
        ({"issued": 6, "present": 5}, "issued", "Số phiếu phát ra (6) lớn hơn"),
        ({"valid": 6, "issued": 5}, "valid", "Số phiếu hợp lệ (6)"),
        ({"counts": {"GOOD": 4, "COMPLETED": 2}, "valid": 5}, "counts", "Tổng số phiếu"),
        ({"counts": {"CLEAN_STRONG": 1}}, "CLEAN_STRONG", "không có trong thang"),
    ],
)
def test_bad_tallies_are_refused_and_nothing_is_saved(
    meeting: Meeting,
    cell: PartyOrganization,
    secretary_a: User,
    figures: dict[str, object],
    field: str,
    words: str,
) -> None:
    hold(meeting, secretary_a, cell)
    item = meeting.items.filter(kind="member").first()
    assert item is not None
    args: dict[str, object] = {
        "eligible": 6,
        "present": 6,
        "issued": 6,
        "valid": 6,
        "counts": {"GOOD": 5},
    }
    args.update(figures)
    with pytest.raises(ServiceError) as err:
        meetings.tally_record(actor=secretary_a, item=item, **args)  # type: ignore[arg-type]
    assert err.value.field == field and words in err.value.message
    assert not TallyRecord.objects.filter(item=item).exists()


def test_more_voters_than_the_minutes_record_is_refused(
    meeting: Meeting, cell: PartyOrganization, secretary_a: User
) -> None:
    hold(meeting, secretary_a, cell, attendees=roll(cell)[:4])
    item = meeting.items.filter(kind="member", pending=False).first()
    assert item is not None
    with pytest.raises(ServiceError) as err:
        meetings.tally_record(
            actor=secretary_a, item=item, eligible=6, present=5, issued=5, valid=5, counts={}
        )
    assert err.value.field == "present" and "ghi trong biên bản" in err.value.message


def test_a_tally_stores_counts_and_nothing_that_names_a_voter(
    meeting: Meeting, cell: PartyOrganization, secretary_a: User
) -> None:
    hold(meeting, secretary_a, cell)
    tally_everyone(meeting, secretary_a, {})
    tally = TallyRecord.objects.first()
    assert tally is not None
    assert set(tally.counts) == {"EXCELLENT", "GOOD", "COMPLETED", "NOT_COMPLETED"}
    relations = {f.name for f in TallyRecord._meta.get_fields() if f.is_relation}
    assert relations == {"item"}  # no voter, no ballot row: only the subject's counts


# ---------------------------------------------------------------- proposals


def test_a_quota_breach_holds_the_submission_until_the_cell_corrects_it(
    meeting: Meeting, cell: PartyOrganization, secretary_a: User
) -> None:
    hold(meeting, secretary_a, cell)
    people = roll(cell)
    excellent = {"EXCELLENT": 6}
    tally_everyone(
        meeting, secretary_a, {people[1].full_name: excellent, people[3].full_name: excellent}
    )
    for person in (people[1], people[3]):
        meetings.proposal_set(
            actor=secretary_a, item=meeting.items.get(member=person), proposed_rating="EXCELLENT"
        )
    result = cell_result(meeting)
    quota = [c for c in result.checks if c.code == "quota_exceeded"]
    # QĐ 366: EXCELLENT at most 20 % of GOOD, rounded down: 4 GOOD allow none.
    assert quota and (quota[0].allowed, quota[0].actual) == (0, 2)
    with pytest.raises(ServiceError) as err:
        meetings.meeting_submit(actor=secretary_a, meeting=meeting)
    assert err.value.field == "quota_note" and "ghi lý do" in err.value.message
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.HELD
    # Lowering one is not enough here (one EXCELLENT is still over 20 % of 4 GOOD)...
    meetings.proposal_set(
        actor=secretary_a, item=meeting.items.get(member=people[3]), proposed_rating="GOOD"
    )
    assert [c.actual for c in cell_result(meeting).checks if c.code == "quota_exceeded"] == [1]
    # ...the cell follows the ballot for the other one too, and submits.
    meetings.proposal_set(
        actor=secretary_a, item=meeting.items.get(member=people[1]), proposed_rating="GOOD"
    )
    submitted = meetings.meeting_submit(actor=secretary_a, meeting=meeting)
    assert submitted.status == Meeting.Status.SUBMITTED and submitted.submitted_result
    ratings = {s["id"]: s["rating"] for s in submitted.submitted_result["subjects"]}
    assert ratings[f"M{people[1].pk}"] == "GOOD" and ratings[f"M{people[3].pk}"] == "GOOD"
    with pytest.raises(ServiceError, match="đã báo cáo đảng ủy"):
        meetings.proposal_set(
            actor=secretary_a, item=meeting.items.get(member=people[3]), proposed_rating=""
        )


def test_a_proposal_above_the_ceiling_blocks_the_submission(
    meeting: Meeting, cell: PartyOrganization, secretary_a: User
) -> None:
    hold(meeting, secretary_a, cell)
    tally_everyone(meeting, secretary_a, {})
    people = roll(cell)
    # Đỗ Ngọc Lan: civil-service rating GOOD, so the party rating cannot be EXCELLENT.
    meetings.proposal_set(
        actor=secretary_a, item=meeting.items.get(member=people[5]), proposed_rating="EXCELLENT"
    )
    with pytest.raises(ServiceError) as err:
        meetings.meeting_submit(actor=secretary_a, meeting=meeting)
    assert "cao hơn mức cao nhất" in err.value.message


def test_submission_needs_every_present_member_tallied(
    meeting: Meeting, cell: PartyOrganization, secretary_a: User
) -> None:
    hold(meeting, secretary_a, cell)
    with pytest.raises(ServiceError) as err:
        meetings.meeting_submit(actor=secretary_a, meeting=meeting)
    assert err.value.field == "tally" and "Chưa có kết quả kiểm phiếu" in err.value.message


def test_secretary_b_cannot_touch_cell_a(
    meeting: Meeting, cell: PartyOrganization, secretary_b: User, member_a: User
) -> None:
    for actor in (secretary_b, member_a):
        with pytest.raises(PermissionDenied):
            hold(meeting, actor, cell)  # type: ignore[arg-type]
        with pytest.raises(PermissionDenied):
            meetings.meeting_submit(actor=actor, meeting=meeting)


def test_every_cell_step_writes_one_audit_row(
    meeting: Meeting, campaign: Campaign, cell: PartyOrganization, secretary_a: User
) -> None:
    circulate(campaign, cell, secretary_a)
    before = AuditEntry.objects.count()
    hold(meeting, secretary_a, cell)
    item = meeting.items.filter(kind="member").first()
    assert item is not None
    meetings.agenda_item_record(actor=secretary_a, item=item, comments="Góp ý", residence_read=True)
    meetings.tally_record(
        actor=secretary_a, item=item, eligible=6, present=6, issued=6, valid=6, counts={"GOOD": 6}
    )
    meetings.proposal_set(actor=secretary_a, item=item, proposed_rating="GOOD")
    actions = list(
        AuditEntry.objects.filter(id__gt=0).order_by("id").values_list("action", flat=True)
    )[before:]
    assert actions == ["meeting.record", "agenda_item.record", "tally.record", "proposal.set"]
    assert all(e.actor == secretary_a for e in AuditEntry.objects.order_by("id")[before:])


def test_a_review_in_the_cell_feeds_the_engine(
    meeting: Meeting, campaign: Campaign, cell: PartyOrganization
) -> None:
    review = SelfReview.objects.filter(campaign=campaign, member__organization=cell).first()
    assert review is not None
    result = cell_result(meeting)
    subject = result.subject("member", f"M{review.member_id}")
    assert subject.status == "rated" and subject.ceiling is not None
    assert date(2026, 1, 1) <= campaign.meeting_on


def test_a_cell_may_submit_over_the_quota_with_its_reason_on_record(
    meeting: Meeting, cell: PartyOrganization, secretary_a: User
) -> None:
    hold(meeting, secretary_a, cell)
    people = roll(cell)
    tally_everyone(meeting, secretary_a, {people[1].full_name: {"EXCELLENT": 6}})
    meetings.proposal_set(
        actor=secretary_a, item=meeting.items.get(member=people[1]), proposed_rating="EXCELLENT"
    )
    meetings.proposal_set(
        actor=secretary_a, item=meeting.items.get(member=people[3]), proposed_rating="COMPLETED"
    )
    assert [c.code for c in cell_result(meeting).checks if c.code == "quota_exceeded"]
    meetings.meeting_submit(
        actor=secretary_a, meeting=meeting, quota_note="Đồng chí được đề nghị Bằng khen"
    )
    entry = AuditEntry.objects.filter(action="meeting.submit").latest("id")
    assert entry.reason.startswith("Đồng chí được đề nghị Bằng khen; Chi bộ Thanh tra Sở")
    assert Meeting.objects.get(pk=meeting.pk).quota_note == "Đồng chí được đề nghị Bằng khen"


def test_the_meeting_needs_the_draft_circulated_in_time(
    meeting: Meeting, campaign: Campaign, cell: PartyOrganization, secretary_a: User
) -> None:
    report = _not_yet_sent(campaign, cell)
    with pytest.raises(ServiceError, match="Chưa gửi dự thảo báo cáo"):
        meetings.meeting_record(actor=secretary_a, meeting=meeting, data=minutes(cell))
    yesterday = shift(TODAY(), -1, working=True)
    reports.report_circulate(actor=secretary_a, report=report, on=yesterday, accept_late="x")
    with pytest.raises(ServiceError) as err:
        meetings.meeting_record(actor=secretary_a, meeting=meeting, data=minutes(cell))
    assert err.value.field == "circulated_on" and "cần gửi trước ít nhất 3" in err.value.message


def test_a_collectives_report_goes_to_its_members(
    campaign: Campaign, alice: User, member_a: User, secretary_a: User
) -> None:
    from decimal import Decimal

    from kiemdiem.apps.organizations.models import LeadershipCollective

    committee = LeadershipCollective.objects.get(
        organization=campaign.organization, kind="party_committee"
    )
    with pytest.raises(ServiceError) as err:
        reports.report_save(
            actor=alice,
            campaign=campaign,
            organization=campaign.organization,
            collective=committee,
            data=reports.ReportInput(results="Kết quả", general_points=Decimal("31")),
        )
    assert err.value.field == "general_points"
    with clock.replay(shift(TODAY(), -5, working=True)):  # written before it went out
        report = reports.report_save(
            actor=alice,
            campaign=campaign,
            organization=campaign.organization,
            collective=committee,
            data=reports.ReportInput(
                results="Lãnh đạo hoàn thành nghị quyết năm.",
                shortcomings="Chậm sắp xếp đơn vị sự nghiệp.",
                suggestions="Giải trình theo gợi ý của Ban Thường vụ Đảng ủy Khối.",
                direction="Hoàn thành sắp xếp trong quý I.",
                general_points=Decimal("27.5"),
                results_points=Decimal("62"),
            ),
        )
    reports.report_circulate(actor=alice, report=report, on=shift(TODAY(), -5, working=True))
    # The secretary of Chi bộ Thanh tra sits on the Đảng ủy; the member does not.
    reports.report_comment_add(actor=secretary_a, report=report, body="Nêu rõ trách nhiệm.")
    with pytest.raises(PermissionDenied):
        reports.report_comment_add(actor=member_a, report=report, body="Không phải thành viên")


def test_a_leadership_collective_meets_head_last_for_a_whole_day(
    campaign: Campaign, alice: User, secretary_a: User
) -> None:
    from kiemdiem.apps.organizations.models import LeadershipCollective

    committee = LeadershipCollective.objects.get(
        organization=campaign.organization, kind="party_committee"
    )
    with pytest.raises(PermissionDenied):
        meetings.collective_meeting_prepare(
            actor=secretary_a, campaign=campaign, collective=committee
        )
    meeting = meetings.collective_meeting_prepare(
        actor=alice, campaign=campaign, collective=committee
    )
    items = list(meeting.items.select_related("member").order_by("order"))
    head = committee.memberships.get(role="head").member
    assert items[0].kind == AgendaItem.Kind.COLLECTIVE and items[-1].member == head
    assert len(items) == 1 + committee.memberships.count()
    with clock.replay(shift(TODAY(), -5, working=True)):  # written before it went out
        report = reports.report_save(
            actor=alice,
            campaign=campaign,
            organization=campaign.organization,
            collective=committee,
            data=reports.ReportInput(results="Kết quả", shortcomings="Hạn chế", direction="Hướng"),
        )
    reports.report_circulate(actor=alice, report=report, on=shift(TODAY(), -5, working=True))
    people = [ms.member for ms in committee.memberships.all()]
    deputy = committee.memberships.filter(role="deputy").first()
    assert deputy is not None
    data = meetings.MinutesInput(
        held_on=TODAY(),
        started_at=time(7, 30),
        ended_at=time(11, 30),  # half a day: enough for a cell, not for the Đảng ủy
        chair=head,
        head_chair=deputy.member,
        secretary=next(p for p in people if p not in (head, deputy.member)),
        attendees=people,
    )
    with pytest.raises(ServiceError) as err:
        meetings.meeting_record(actor=alice, meeting=meeting, data=data)
    assert err.value.field == "ended_at" and "tối thiểu 1 ngày (8 giờ)" in err.value.message
    outsider = Member.objects.exclude(pk__in=[p.pk for p in people]).first()
    assert outsider is not None
    with pytest.raises(ServiceError) as err:
        meetings.meeting_record(
            actor=alice,
            meeting=meeting,
            data=meetings.MinutesInput(**{**data.__dict__, "attendees": [*people, outsider]}),
        )
    assert err.value.field == "attendees" and committee.name in err.value.message
    held = meetings.meeting_record(
        actor=alice,
        meeting=meeting,
        data=meetings.MinutesInput(**{**data.__dict__, "ended_at": time(16, 30)}),
    )
    assert held.status == Meeting.Status.HELD
    assert CollectiveReport.objects.get(pk=report.pk).status == CollectiveReport.Status.ADOPTED
    with pytest.raises(ServiceError, match="không bỏ phiếu"):
        meetings.tally_record(
            actor=alice, item=items[1], eligible=9, present=9, issued=9, valid=9, counts={}
        )


def test_a_non_deputy_may_not_chair_the_secretarys_review_where_a_deputy_exists(
    meeting: Meeting, cell: PartyOrganization, secretary_a: User
) -> None:
    """000 §A.4.2: "khi kiểm điểm người đứng đầu thì phân công một đồng chí cấp phó chủ trì"."""
    people = roll(cell)  # [0] the secretary, [1] the deputy secretary
    with pytest.raises(ServiceError) as err:
        hold(meeting, secretary_a, cell, head_chair=people[3])
    assert err.value.field == "head_chair" and "cấp phó chủ trì" in err.value.message
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.PREPARING
    assert hold(meeting, secretary_a, cell).status == Meeting.Status.HELD


def test_the_minutes_are_signed_by_the_recorded_secretary_with_the_times(
    meeting: Meeting, cell: PartyOrganization, secretary_a: User, client: Client
) -> None:
    import io

    from docx import Document

    people = roll(cell)
    with pytest.raises(ServiceError) as err:
        hold(meeting, secretary_a, cell, secretary=None)
    assert err.value.field == "secretary"
    hold(meeting, secretary_a, cell, secretary=people[4], started_at=time(7, 45))
    client.force_login(secretary_a)
    body = client.get(f"/van-ban/{meeting.campaign_id}/minutes.docx?doi-tuong=CB-TT").content
    doc = Document(io.BytesIO(body))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert f"Thư ký: {people[4].full_name}" in text
    assert "bắt đầu lúc 07 giờ 45" in text and "kết thúc lúc 16 giờ 30" in text
    signature = doc.tables[-1].rows[0].cells
    assert "THƯ KÝ HỘI NGHỊ" in signature[0].text and people[4].full_name in signature[0].text
    assert people[0].full_name in signature[1].text  # the chair
    assert people[0].full_name not in signature[0].text


def test_a_refused_tally_without_javascript_says_why_on_the_reloaded_page(
    meeting: Meeting, cell: PartyOrganization, secretary_a: User
) -> None:
    from django.test import Client

    hold(meeting, secretary_a, cell)
    item = meeting.items.filter(kind="member").first()
    assert item is not None
    client = Client()
    client.force_login(secretary_a)
    p = f"t{item.pk}"
    page = client.post(
        f"/chi-bo/{meeting.campaign_id}/{cell.code}/kiem-phieu/{item.pk}/",
        {f"{p}-eligible": 6, f"{p}-present": 9, f"{p}-issued": 6, f"{p}-valid": 6},
        follow=True,
    )
    said = [m.message for m in page.context["messages"]]
    assert len(said) == 1 and str(item) in said[0] and "lớn hơn" in said[0]
    assert not TallyRecord.objects.filter(item=item).exists()
