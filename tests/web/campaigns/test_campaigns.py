from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.test import Client

from kiemdiem.apps.audit.models import AuditEntry
from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.campaigns.selectors import campaign_milestones
from kiemdiem.apps.campaigns.services import campaign_create, milestone_reschedule
from kiemdiem.apps.core.errors import PermissionDenied, ServiceError
from kiemdiem.apps.organizations.models import PartyOrganization


def test_the_demo_has_seed_000s_campaign(demo: PartyOrganization) -> None:
    campaign = Campaign.objects.get(organization=demo, year=2020)
    assert campaign.ruleset == "so-noi-vu-2020@1"
    due = {m.code: m.due_on for m in campaign.milestones.all()}
    assert due["report_circulated"] == date(2020, 11, 17)
    assert due["dossiers_to_upper"] == date(2020, 12, 10)
    rows = campaign_milestones(campaign=campaign, today=date(2020, 11, 25))
    assert [r.overdue for r in rows][:3] == [True, True, True]
    assert not rows[-1].overdue and rows[-1].days_left == 15


def test_office_opens_a_campaign_within_its_subtree_only(alice: User, bob: User) -> None:
    root = PartyOrganization.objects.get(code="DBSNV")
    before = AuditEntry.objects.count()
    campaign = campaign_create(
        actor=alice,
        organization=root,
        year=2021,
        ruleset="hd21-2019",
        meeting_on=date(2021, 11, 19),
    )
    assert campaign.ruleset == "hd21-2019@1" and campaign.milestones.count() == 6
    assert AuditEntry.objects.count() == before + 1
    assert AuditEntry.objects.latest("id").after["milestones"]["cell_meeting"] == "2021-11-19"
    with pytest.raises(PermissionDenied):
        campaign_create(
            actor=bob,
            organization=root,
            year=2022,
            ruleset="hd21-2019",
            meeting_on=date(2022, 11, 18),
        )


@pytest.mark.parametrize(
    ("kwargs", "field", "words"),
    [
        ({"ruleset": "khong-co"}, "ruleset", "không tồn tại"),
        ({"year": 2020}, "year", "đã có kế hoạch"),
        ({"meeting_on": date(2019, 11, 1)}, "meeting_on", "không thuộc kỳ"),
        ({"organization_code": "CB-TT"}, "organization", "không lập kế hoạch"),
    ],
)
def test_bad_campaign_input_names_the_field(
    alice: User, kwargs: dict, field: str, words: str
) -> None:  # type: ignore[type-arg]
    args = {"ruleset": "hd21-2019", "year": 2021, "meeting_on": date(2021, 11, 19)}
    code = kwargs.pop("organization_code", "DBSNV")
    args.update(kwargs)
    count = Campaign.objects.count()
    with pytest.raises(ServiceError) as err:
        campaign_create(actor=alice, organization=PartyOrganization.objects.get(code=code), **args)  # type: ignore[arg-type]
    assert err.value.field == field and words in err.value.message
    assert Campaign.objects.count() == count


def test_moving_a_milestone_checks_the_rules_and_keeps_the_history(alice: User) -> None:
    campaign = Campaign.objects.get(year=2020)
    report = campaign.milestones.get(code="report_circulated")
    with pytest.raises(ServiceError) as err:
        milestone_reschedule(
            actor=alice, milestone=report, due_on=date(2020, 11, 19), reason="Chậm chuẩn bị"
        )
    assert err.value.field == "due_on" and "3 ngày làm việc" in err.value.message
    with pytest.raises(ServiceError, match="lý do"):
        milestone_reschedule(actor=alice, milestone=report, due_on=date(2020, 11, 16), reason=" ")
    milestone_reschedule(
        actor=alice,
        milestone=report,
        due_on=date(2020, 11, 16),
        reason="Gửi sớm để đảng viên có thời gian góp ý",
    )
    entry = AuditEntry.objects.latest("id")
    assert entry.action == "milestone.reschedule" and entry.before == {"due_on": "2020-11-17"}
    assert entry.reason.startswith("Gửi sớm")
    meeting = campaign.milestones.get(code="cell_meeting")
    milestone_reschedule(
        actor=alice, milestone=meeting, due_on=date(2020, 11, 24), reason="Đổi lịch"
    )
    campaign.refresh_from_db()
    assert campaign.meeting_on == date(2020, 11, 24)


def test_login_locks_out_after_repeated_failures(demo: PartyOrganization, client: Client) -> None:
    wrong = {"username": "vanphong", "password": "sai"}
    for _ in range(4):
        assert client.post("/admin/login/", wrong).status_code == 200
    # The fifth failure locks (AXES_FAILURE_LIMIT = 5); then even the right password waits.
    assert client.post("/admin/login/", wrong).status_code == 429
    right = {"username": "vanphong", "password": "vanphong-demo-2020"}
    locked = client.post("/admin/login/", right)
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Tài khoản tạm khóa" in page and "trong 15 phút" in page
    # Another user name is not locked by vanphong's failures.
    ok = client.post("/admin/login/", {"username": "admin", "password": "kiemdiem-demo-2020"})
    assert ok.status_code == 302


def test_subjects_are_computed_by_the_rule_set(demo: PartyOrganization) -> None:
    from kiemdiem.apps.evaluation.subjects import (
        NOT_REVIEWED,
        REVIEWED,
        REVIEWED_NOT_RATED,
        campaign_subjects,
    )
    from kiemdiem.apps.members.models import Member

    campaign = Campaign.objects.get(organization=demo, year=2020)
    collectives, members = campaign_subjects(campaign=campaign)
    assert len(members) == Member.objects.count()
    # 000 §B.6: members admitted under six months are reviewed but not rated.
    new = {m.full_name for m in Member.objects.filter(full_member_on__isnull=True)}
    assert {r.name for r in members if r.status == REVIEWED_NOT_RATED} == new
    assert not [r for r in members if r.status == NOT_REVIEWED]
    # 000 §A.2.b: a leader is reviewed at the cell and before each collective.
    director = next(r for r in members if "Tập thể lãnh đạo Sở Nội vụ" in r.places)
    assert director.places[0] == director.where and len(director.places) >= 3
    assert {c.status for c in collectives} == {REVIEWED}


def test_campaign_page_for_the_office_and_nobody_else(
    alice: User, bob: User, client: Client, django_assert_max_num_queries
) -> None:
    campaign = Campaign.objects.get(year=2020)
    client.force_login(alice)
    client.get(f"/ke-hoach/{campaign.pk}/")  # the roll evaluated once and stored
    with django_assert_max_num_queries(20):  # then read, paged and counted in the database
        response = client.get(f"/ke-hoach/{campaign.pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Gửi dự thảo báo cáo kiểm điểm tập thể (Mẫu 01)" in page and "17/11/2020" in page
    assert "Quá hạn" in page  # the 2020 milestones are past
    assert "Kiểm điểm, không xếp loại" in page
    client.force_login(bob)
    assert client.get(f"/ke-hoach/{campaign.pk}/").status_code == 403
    client.logout()
    response = client.get(f"/ke-hoach/{campaign.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


def test_the_board_assigns_a_supervisor_among_the_cells_it_shows(
    alice: User, client: Client
) -> None:
    """The supervisor's select lists the board's cells (searched, paged) — not a
    province's 2,000 — and assigns one of them."""
    from kiemdiem.apps.campaigns.models import CellSupervisor

    campaign = Campaign.objects.get(organization__code="DBSNV", year=2026)
    client.force_login(alice)
    url = f"/ke-hoach/{campaign.pk}/tien-do/?q=Thanh+tra"
    page = client.get(url).content.decode()
    form = page[page.index('name="cell"') : page.index("</select>", page.index('name="cell"'))]
    assert "Chi bộ Thanh tra Sở" in form and "Chi bộ Văn phòng" not in form
    cell = PartyOrganization.objects.get(code="CB-TT")
    member = client.get(url).context["supervisor_form"].fields["member"].choices[0][0]
    answer = client.post(url, {"cell": str(cell.pk), "member": member})
    assert answer.status_code == 302
    assert CellSupervisor.objects.filter(campaign=campaign, cell=cell).exists()
    before = CellSupervisor.objects.count()
    other = PartyOrganization.objects.get(code="CB-VP")  # not among the cells shown
    refused = client.post(url, {"cell": str(other.pk), "member": member})
    assert refused.status_code == 200 and "errorlist" in refused.content.decode()
    assert CellSupervisor.objects.count() == before
    nothing = client.get(f"/ke-hoach/{campaign.pk}/tien-do/?q=Kh%C3%B4ng+c%C3%B3").content.decode()
    assert 'name="cell"' not in nothing and "Tìm hoặc chuyển trang" in nothing
