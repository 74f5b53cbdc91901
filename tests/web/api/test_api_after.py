"""The API for the second half: decision, complaint, re-rating, closing, history — the
same services, so the same rules and scopes."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.members.models import Member
from tests.web.api.test_api import Api
from tests.web.flows import decide_and_issue, submit_cell, submit_other_cells


@pytest.fixture
def campaign(demo: object, alice: User, secretary_a: User) -> Campaign:
    submit_cell(secretary_a, ballots={3: "EXCELLENT", 5: "EXCELLENT"}, quota_note="Lý do")
    return Campaign.objects.get(year=2026, organization__code="DBSNV")


def test_the_decision_over_the_api_refuses_the_quota_then_issues(
    campaign: Campaign, alice: User, secretary_a: User
) -> None:
    api = Api(alice)
    page = api("get", f"/api/campaigns/{campaign.pk}/decision").json()
    assert page["status"] == "draft" and page["rows"]
    row = next(r for r in page["rows"] if r["proposed"] == "EXCELLENT")
    bad = api(
        "post",
        f"/api/campaigns/{campaign.pk}/decision/ratings",
        {"subject": row["subject"], "rating": "GOOD"},
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "reason"
    unknown = api(
        "post",
        f"/api/campaigns/{campaign.pk}/decision/ratings",
        {"subject": row["subject"], "rating": "GOOD", "ly_do": "x"},
    )
    assert unknown.status_code == 422
    ok = api(
        "post",
        f"/api/campaigns/{campaign.pk}/decision/ratings",
        {"subject": row["subject"], "rating": "GOOD", "reason": "Tỷ lệ"},
    )
    assert ok.status_code == 200
    assert next(r for r in ok.json()["rows"] if r["subject"] == row["subject"])["decided"] == "GOOD"
    issue = api(
        "post",
        f"/api/campaigns/{campaign.pk}/decision/issue",
        {"number": "15-QĐ/ĐU", "issued_on": timezone.localdate().isoformat()},
    )
    # Six cells have not reported: issued only once each has its reason.
    assert (
        issue.status_code == 422 and "6 chi bộ chưa báo cáo" in issue.json()["errors"][0]["message"]
    )
    page = api("get", f"/api/campaigns/{campaign.pk}/decision").json()
    assert {r["organization_code"] for r in page["not_reported"]} >= {"CB-VP", "CB-TCBC"}
    bad = api(
        "post",
        f"/api/campaigns/{campaign.pk}/decision/not-reported",
        {"organization_code": "CB-VP", "reason": " "},
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "reason"
    for row_ in page["not_reported"]:
        done = api(
            "post",
            f"/api/campaigns/{campaign.pk}/decision/not-reported",
            {"organization_code": row_["organization_code"], "reason": "Họp bổ sung"},
        )
        assert done.status_code == 200
    assert all(r["reason"] == "Họp bổ sung" for r in done.json()["not_reported"])
    issue = api(
        "post",
        f"/api/campaigns/{campaign.pk}/decision/issue",
        {"number": "15-QĐ/ĐU", "issued_on": timezone.localdate().isoformat()},
    )
    assert (
        issue.status_code == 422
        and "chưa có mức quyết định" in issue.json()["errors"][0]["message"]
    )
    cell = Api(secretary_a)
    assert cell("get", f"/api/campaigns/{campaign.pk}/decision").status_code == 403


def test_complaint_rerating_close_and_history_over_the_api(
    campaign: Campaign, alice: User, member_a: User, charlie: User
) -> None:
    submit_other_cells(alice)
    decide_and_issue(alice)
    me = f"member/M{Member.objects.get(user=member_a).pk}"
    member = Api(member_a)
    office = Api(alice)
    results = member("get", f"/api/campaigns/{campaign.pk}/results")
    assert results.status_code == 200 and any(r["subject"] == me for r in results.json()["rows"])
    assert Api(charlie)("get", f"/api/campaigns/{campaign.pk}/results").status_code == 403
    filed = member(
        "post", f"/api/campaigns/{campaign.pk}/complaints", {"subject": me, "content": "Xem lại"}
    )
    assert filed.status_code == 200, filed.content
    cid = filed.json()["id"]
    assert Api(charlie)("get", f"/api/complaints/{cid}").status_code == 403
    assert member("post", f"/api/complaints/{cid}/assign", {"assignee": "alice"}).status_code == 403
    assert office("post", f"/api/complaints/{cid}/assign", {"assignee": "alice"}).status_code == 200
    today = timezone.localdate().isoformat()
    office(
        "post",
        f"/api/complaints/{cid}/conclusion",
        {"outcome": "upheld", "conclusion": "Có cơ sở", "concluded_on": today},
    )
    answered = office(
        "post",
        f"/api/complaints/{cid}/answer",
        {"answer": "Xếp loại lại", "number": "27-CV/ĐU", "answered_on": today},
    )
    assert answered.json()["status"] == "answered"
    assert [s["kind"] for s in member("get", f"/api/complaints/{cid}").json()["steps"]] == [
        "filed",
        "assigned",
        "concluded",
        "answered",
    ]
    cancelled = office(
        "post",
        f"/api/campaigns/{campaign.pk}/reratings",
        {"subject": me, "cause": "complaint", "reason": "Theo kết luận", "complaint": cid},
    )
    assert cancelled.status_code == 200
    blocked = office("post", f"/api/campaigns/{campaign.pk}/close")
    assert (
        blocked.status_code == 422 and "chưa xếp loại lại" in blocked.json()["errors"][0]["message"]
    )
    rid = cancelled.json()["id"]
    reissued = office(
        "post",
        f"/api/reratings/{rid}/issue",
        {"rating": "GOOD", "number": "31-QĐ/ĐU", "issued_on": today},
    )
    assert reissued.json()["status"] == "issued"
    assert office("post", f"/api/campaigns/{campaign.pk}/close").json()["status"] == "closed"
    history = member("get", f"/api/history?subject={me}").json()
    actions = [h["action"] for h in history]
    assert (
        actions.index("decision.rate")
        < actions.index("complaint.file")
        < actions.index("decision.rerate")
    )
    assert all(h["actor"] == "" for h in history)  # a member sees steps, not officials
    assert Api(charlie)("get", f"/api/history?subject={me}").status_code == 403


def test_a_nul_character_is_refused_by_name_not_stored(campaign: Campaign, alice: User) -> None:
    """PostgreSQL cannot store it; SQLite could: refused on both, with the field named."""
    answer = Api(alice)(
        "post",
        f"/api/campaigns/{campaign.pk}/decision/ratings",
        {"subject": "member/M1", "rating": "GOOD", "reason": "lý\x00do"},
    )
    assert answer.status_code == 422
    assert answer.json()["errors"] == [
        {"field": "reason", "message": "reason: Không được chứa ký tự NUL (\\u0000)"}
    ]


def test_the_decisions_list_comes_a_page_at_a_time_and_the_pages_make_the_whole(
    campaign: Campaign, alice: User
) -> None:
    from kiemdiem.apps.appraisals.models import Appraisal
    from kiemdiem.apps.appraisals.services import appraisal_record
    from kiemdiem.apps.decisions.services import proposals

    submit_other_cells(alice)
    whole = proposals(campaign)
    # The office proposed another rating for one subject: its rating is the office's.
    changed = sorted(whole)[3]
    appraisal_record(
        actor=alice,
        campaign=campaign,
        subject=changed,
        verdict=Appraisal.Verdict.OTHER,
        rating="COMPLETED",
        reason="Thẩm định",
    )
    whole[changed] = "COMPLETED"
    api = Api(alice)
    seen: list[tuple[str, str]] = []
    offset = 0
    while True:
        page = api("get", f"/api/campaigns/{campaign.pk}/decision?offset={offset}&limit=7").json()
        assert page["count"] == len(whole) and page["offset"] == offset
        if not page["rows"]:
            break
        assert len(page["rows"]) <= 7
        seen += [(r["subject"], r["proposed"]) for r in page["rows"]]
        offset += 7
    assert seen == sorted(whole.items())
