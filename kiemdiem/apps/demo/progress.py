"""This year's demo campaign in progress, written through the same services as the
pages: the members' record of the year, supervisors and suggestions, self-reviews in
Chi bộ Thanh tra Sở, its report sent to the members, its meeting prepared.
Everything is dated relative to the day the demo is loaded, so it can be walked honestly on
that day: the members submit, the cell meets that very day (its draft went out five
working days before), tallies and reports, and the đảng ủy appraises and issues."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.utils import timezone

from kiemdiem.apps.campaigns.committee import suggestion_issue, supervisor_assign
from kiemdiem.apps.campaigns.models import Campaign, SelfReview
from kiemdiem.apps.campaigns.self_reviews import SelfReviewInput, self_review_save
from kiemdiem.apps.core import clock
from kiemdiem.apps.decisions.commendations import past_rating_record
from kiemdiem.apps.demo.dataset import UPPER
from kiemdiem.apps.evaluation.keys import member_key
from kiemdiem.apps.members.models import Member
from kiemdiem.apps.members.records import (
    absence_record,
    civil_service_rating_set,
    discipline_record,
    residence_comment_set,
)
from kiemdiem.apps.organizations.models import LeadershipCollective, PartyOrganization
from kiemdiem.apps.reviews.meetings import meeting_prepare
from kiemdiem.apps.reviews.reports import (
    ReportInput,
    report_circulate,
    report_save,
)
from kiemdiem.rules.calendar import shift

STRENGTHS = (
    "Giữ vững lập trường chính trị, chấp hành nghiêm chủ trương của Đảng, chính sách, "
    "pháp luật của Nhà nước; hoàn thành các nhiệm vụ được giao đúng tiến độ."
)
SHORTCOMINGS = (
    "Có lúc chưa chủ động nghiên cứu văn bản mới; một số hồ sơ còn chậm so với kế hoạch. "
    "Nguyên nhân chủ yếu là khối lượng công việc lớn, phân bổ thời gian chưa hợp lý."
)
DIRECTION = "Chủ động lập kế hoạch công việc theo tuần; tăng cường tự học, cập nhật văn bản."
COMMITMENT = "Cam kết tu dưỡng, rèn luyện, giữ gìn phẩm chất đạo đức, lối sống."


def _account(member: Member) -> User:
    """Every member may sign in; the demo's other members get an account without a
    password (an administrator sets one)."""
    if member.user is None:
        user = get_user_model().objects.create_user(
            f"dv{member.party_card_number or member.pk}".replace(".", ""),
            first_name=member.full_name,
        )
        user.set_unusable_password()
        user.save()
        member.user = user
        member.save(update_fields=["user"])
    assert member.user is not None
    return member.user


def progress(actor: User, campaign: Campaign) -> None:
    if campaign.supervisors.exists():
        return  # already in progress: idempotent
    year = campaign.year
    root = campaign.organization
    today = timezone.localdate()
    cells = list(PartyOrganization.objects.filter(path__startswith=root.path, kind="cell"))
    committee = LeadershipCollective.objects.get(organization=root, kind="party_committee")
    committee_members = [ms.member for ms in committee.memberships.select_related("member")]

    # The record of the year the rules read.
    for cell in cells:
        roll = list(
            Member.objects.filter(organization__path__startswith=cell.path).order_by(
                "party_card_number"
            )
        )
        # One civil servant rated EXCELLENT per cell; two in Chi bộ Thanh tra (the demo
        # member among them), so its meeting can run into the cell's quota of one.
        excellent = (1, 3) if cell.code == "CB-TT" else (2,)
        for i, member in enumerate(roll):
            if member.is_civil_servant:
                rating = "EXCELLENT" if i in excellent else "GOOD"
                civil_service_rating_set(actor=actor, member=member, year=year, rating=rating)
        supervisor_assign(
            actor=actor,
            campaign=campaign,
            cell=cell,
            member=committee_members[(cells.index(cell) + 3) % len(committee_members)],
        )
    tcbc = list(Member.objects.filter(organization__code="CB-TCBC").order_by("full_name"))
    for month in (3, 6, 9):
        absence_record(actor=actor, member=tcbc[-1], meeting_on=date(year, month, 5))
    xdcq = Member.objects.filter(organization__code="CB-XDCQ").order_by("full_name").last()
    assert xdcq is not None
    discipline_record(
        actor=actor,
        member=xdcq,
        form="reprimand",
        decided_on=date(year, 6, 12),
        violation="Vi phạm quy định về quản lý hồ sơ công vụ",
    )

    # Earlier years from the archive (before this system): two members of Chi bộ Thanh tra
    # were HTXSNV in each of the last four years, so HTXSNV this year makes five in a row.
    tt_roll = list(Member.objects.filter(organization__code="CB-TT").order_by("party_card_number"))
    for member in (tt_roll[0], tt_roll[3]):
        for past in range(year - 4, year):
            past_rating_record(
                actor=actor,
                organization=root,
                subject=member_key(member.pk),
                year=past,
                rating="EXCELLENT",
                source=f"Quyết định xếp loại năm {past} của Đảng ủy (hồ sơ lưu trữ)",
            )

    # Suggestions from the upper level and from the Đảng ủy.
    suggestion_issue(
        actor=actor,
        campaign=campaign,
        issuer=PartyOrganization.objects.get(code=UPPER[0]),
        collective=committee,
        content="Làm rõ trách nhiệm của tập thể trong việc chậm triển khai đề án sắp xếp "
        "đơn vị sự nghiệp công lập.",
        issued_on=shift(today, -8, working=True),
    )

    # Chi bộ Thanh tra Sở: residence comments, self-reviews, the report, the meeting.
    tt = PartyOrganization.objects.get(code="CB-TT")
    roll = list(Member.objects.filter(organization=tt).order_by("party_card_number"))
    suggestion_issue(
        actor=actor,
        campaign=campaign,
        issuer=root,
        member=roll[2],
        content="Giải trình việc chậm kết luận 02 cuộc thanh tra theo kế hoạch năm.",
        issued_on=shift(today, -8, working=True),
    )
    for i, member in enumerate(roll):
        residence_comment_set(
            actor=actor,
            member=member,
            year=year,
            residence=f"Chi bộ khu phố {i + 1}, phường Phú Hội",
            comment="Gương mẫu chấp hành chủ trương của Đảng, pháp luật của Nhà nước và quy "
            "định nơi cư trú; tham gia đầy đủ các hoạt động của khu dân cư.",
        )
    for i, member in enumerate(roll):
        if i == 1:
            continue  # the demo member ("dangvien") writes their own
        self_review_save(
            actor=_account(member),
            campaign=campaign,
            member=member,
            data=SelfReviewInput(
                strengths=STRENGTHS,
                shortcomings=SHORTCOMINGS,
                direction=DIRECTION,
                commitment=COMMITMENT,
                general_points=Decimal("27.5") if i != 3 else Decimal("29"),
                results_points=Decimal("61") if i != 3 else Decimal("66.5"),
                tasks_on_time_pct=100 if i != 4 else 95,
                tasks_exceeded_pct=40 if i == 3 else 10,
                targets_completed_pct=100,
                tasks_late_pct=0 if i != 4 else 5,
                self_rating="EXCELLENT" if i == 3 else "GOOD",
            ),
            submit=i != 5,
            # The fifth proposes HTTNV though 5 % of tasks were late: warned, they submit
            # it anyway, and the cell sees it flagged.
            confirm_above_ceiling=True,
        )
    # Its draft report was written and went out to the members five working days ago, so
    # the cell can meet today within the rule of three working days (recorded on that day).
    sent = shift(today, -5, working=True)
    with clock.replay(sent):
        tt_report = report_save(
            actor=actor,
            campaign=campaign,
            organization=tt,
            data=ReportInput(
                results="Lãnh đạo hoàn thành 100% cuộc thanh tra theo kế hoạch; công tác tiếp "
                "công dân, giải quyết khiếu nại, tố cáo đúng quy định.",
                shortcomings="Một số cuộc thanh tra kết luận chậm; sinh hoạt chuyên đề chưa đều. "
                "Nguyên nhân: biên chế thiếu, nhiều nhiệm vụ đột xuất.",
                remedy="Đã khắc phục việc chậm nộp báo cáo định kỳ được chỉ ra năm trước.",
                direction="Xây dựng lịch thanh tra sát thực tế; sinh hoạt chuyên đề mỗi quý.",
                self_rating="GOOD",
            ),
        )
        report_circulate(actor=actor, report=tt_report, on=sent)
    # Chi bộ Tổ chức - Biên chế wrote its draft a week ago and has not sent it yet.
    with clock.replay(shift(today, -6, working=True)):
        report_save(
            actor=actor,
            campaign=campaign,
            organization=PartyOrganization.objects.get(code="CB-TCBC"),
            data=ReportInput(
                results="Hoàn thành thẩm định đề án vị trí việc làm của 28 đơn vị.",
                shortcomings="Tham mưu sắp xếp tổ chức bộ máy còn chậm so với kế hoạch.",
                direction="Bám sát lộ trình sắp xếp; phân công rõ người, rõ việc.",
                self_rating="GOOD",
            ),
        )
    meeting_prepare(actor=actor, campaign=campaign, cell=tt)
    assert SelfReview.objects.filter(campaign=campaign).exists()
