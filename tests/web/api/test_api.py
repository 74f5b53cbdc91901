"""The REST API: tokens, the cell's work end to end, and bad input answered in Vietnamese
with the field named and nothing saved."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from kiemdiem.apps.accounts.models import ApiToken
from kiemdiem.apps.accounts.tokens import api_token_issue, api_token_revoke
from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.members.models import Member
from kiemdiem.apps.organizations.models import PartyOrganization
from kiemdiem.apps.reviews.models import Meeting, TallyRecord
from kiemdiem.rules.calendar import shift


@pytest.fixture
def campaign(demo: PartyOrganization) -> Campaign:
    return Campaign.objects.get(organization=demo, year=2026)


class Api:
    def __init__(self, user: User) -> None:
        self.token = api_token_issue(actor=user, user=user, name="kiểm thử")[1]
        self.client = Client()

    def __call__(self, method: str, path: str, body: Any = None) -> Any:
        return getattr(self.client, method)(
            path,
            body,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {self.token}",
        )


def test_tokens_are_stored_hashed_and_revocable(secretary_a: User) -> None:
    token, raw = api_token_issue(actor=secretary_a, user=secretary_a, name="máy tính văn phòng")
    assert raw.startswith(f"kd_{token.prefix}_") and raw not in token.key_hash
    ok = Client().get("/api/campaigns", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert ok.status_code == 200
    api_token_revoke(actor=secretary_a, token=token)
    refused = Client().get("/api/campaigns", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert refused.status_code == 401
    assert "khóa truy cập" in refused.json()["errors"][0]["message"]
    assert Client().get("/api/campaigns", HTTP_AUTHORIZATION="Bearer kd_x_y").status_code == 401
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None


def test_nobody_issues_a_token_for_someone_else(secretary_a: User, member_a: User) -> None:
    from kiemdiem.apps.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        api_token_issue(actor=member_a, user=secretary_a, name="x")


def test_the_cell_runs_its_meeting_through_the_api(campaign: Campaign, secretary_a: User) -> None:
    api = Api(secretary_a)
    base = f"/api/campaigns/{campaign.pk}/cells/CB-TT"
    today = timezone.localdate()
    sent = shift(today, -5, working=True)
    response = api("post", f"{base}/report/circulate", {"circulated_on": sent.isoformat()})
    assert response.status_code == 200 and response.json()["status"] == "circulated"
    people = list(Member.objects.filter(organization__code="CB-TT").order_by("party_card_number"))
    minutes = {
        "held_on": today.isoformat(),
        "started_at": "07:30",
        "ended_at": "16:30",
        "chair_id": people[0].pk,
        "head_chair_id": people[1].pk,
        "secretary_id": people[2].pk,
        "attendee_ids": [p.pk for p in people],
    }
    meeting = api("put", f"{base}/meeting", minutes)
    assert meeting.status_code == 200, meeting.json()
    items = [i for i in meeting.json()["items"] if i["kind"] == "member"]
    for item in items:
        tally = {"eligible": 6, "present": 6, "issued": 6, "valid": 6, "counts": {"GOOD": 6}}
        assert api("put", f"{base}/tallies/{item['id']}", tally).status_code == 200
    proposals = api("get", f"{base}/proposals").json()
    assert proposals["blocking"] == [] and proposals["quota"] == []
    done = api("post", f"{base}/submit", {})
    assert done.status_code == 200 and done.json()["meeting_status"] == "submitted"
    assert Meeting.objects.get(campaign=campaign, organization__code="CB-TT").submitted_result


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"eligible": 6, "present": 6, "issued": 6, "valid": 7, "counts": {}}, "valid", "hợp lệ"),
        (
            {"eligible": "sáu", "present": 6, "issued": 6, "valid": 6, "counts": {}},
            "eligible",
            "Phải là số nguyên",
        ),
        ({"eligible": 6, "present": 6, "issued": 6, "valid": 6}, "counts", "Thiếu trường"),
        (
            {"eligible": 6, "present": 6, "issued": 6, "valid": 6, "counts": {}, "voter": "A"},
            "voter",
            "không được phép",
        ),
        (
            {"eligible": -1, "present": 0, "issued": 0, "valid": 0, "counts": {}},
            "eligible",
            "nhỏ hơn",
        ),
    ],
)
def test_bad_tallies_are_answered_in_vietnamese_and_nothing_is_saved(
    campaign: Campaign, secretary_a: User, body: dict[str, Any], field: str, words: str
) -> None:
    api = Api(secretary_a)
    base = f"/api/campaigns/{campaign.pk}/cells/CB-TT"
    api(
        "post",
        f"{base}/report/circulate",
        {"circulated_on": shift(timezone.localdate(), -5, working=True).isoformat()},
    )
    people = list(Member.objects.filter(organization__code="CB-TT").order_by("party_card_number"))
    meeting = api(
        "put",
        f"{base}/meeting",
        {
            "held_on": timezone.localdate().isoformat(),
            "started_at": "07:30",
            "ended_at": "16:30",
            "chair_id": people[0].pk,
            "head_chair_id": people[1].pk,
            "secretary_id": people[2].pk,
            "attendee_ids": [p.pk for p in people],
        },
    ).json()
    item = next(i for i in meeting["items"] if i["kind"] == "member")
    response = api("put", f"{base}/tallies/{item['id']}", body)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors[0]["field"] == field and words in errors[0]["message"]
    assert not TallyRecord.objects.exists()


def test_a_bad_date_names_the_field(campaign: Campaign, secretary_a: User) -> None:
    response = Api(secretary_a)(
        "post",
        f"/api/campaigns/{campaign.pk}/cells/CB-TT/report/circulate",
        {"circulated_on": "31/02/2026"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "circulated_on"
    assert "Ngày không hợp lệ" in response.json()["errors"][0]["message"]


def test_the_member_writes_and_submits_through_the_api(campaign: Campaign, member_a: User) -> None:
    campaign.milestones.filter(code="cell_meeting").update(
        due_on=timezone.localdate() + timezone.timedelta(days=20)
    )
    api = Api(member_a)
    url = f"/api/campaigns/{campaign.pk}/self-review"
    incomplete = api("put", url, {"strengths": "Tốt", "submit": True})
    assert (
        incomplete.status_code == 422 and incomplete.json()["errors"][0]["field"] == "shortcomings"
    )
    full = {
        "strengths": "Hoàn thành nhiệm vụ.",
        "shortcomings": "Có lúc chậm.",
        "direction": "Khắc phục.",
        "commitment": "Rèn luyện.",
        "general_points": "28",
        "results_points": "64",
        "tasks_on_time_pct": 100,
        "tasks_exceeded_pct": 35,
        "targets_completed_pct": 100,
        "tasks_late_pct": 0,
        "proposed": "EXCELLENT",
        "submit": True,
    }
    done = api("put", url, full)
    assert done.status_code == 200, done.json()
    assert done.json()["status"] == "submitted"
    assert done.json()["preview"]["ceiling"] == "EXCELLENT"


def test_the_openapi_document_lists_the_calls(db: None) -> None:
    paths = Client().get("/api/openapi.json").json()["paths"]
    assert "/api/campaigns/{pk}/cells/{code}/tallies/{item_id}" in paths
    assert "/api/campaigns/{pk}/self-review" in paths


def test_agenda_records_and_supervisors_through_the_api(
    campaign: Campaign, secretary_a: User, secretary_b: User, alice: User
) -> None:
    from kiemdiem.apps.campaigns.models import CellSupervisor
    from kiemdiem.apps.members.models import CivilServiceRating, ResidenceComment
    from kiemdiem.apps.organizations.models import CollectiveMembership

    base = f"/api/campaigns/{campaign.pk}/cells/CB-TT"
    meeting = Meeting.objects.get(campaign=campaign, organization__code="CB-TT")
    item = meeting.items.filter(kind="member").first()
    assert item is not None
    sec_a, sec_b, office = Api(secretary_a), Api(secretary_b), Api(alice)
    body = {"comments": "Cần chủ động hơn.", "residence_read": True}
    assert sec_b("put", f"{base}/agenda/{item.pk}", body).status_code == 403
    ok = sec_a("put", f"{base}/agenda/{item.pk}", body)
    assert ok.status_code == 200
    assert next(i for i in ok.json()["items"] if i["id"] == item.pk)["comments"] == body["comments"]

    member_id = item.member_id
    record = {"residence": "Tổ 3", "comment": "Gương mẫu.", "civil_service": "COMPLETED"}
    # The secretary may enter the residence comment, not the civil-service rating: the
    # whole call is refused and nothing of it is saved.
    refused = sec_a("put", f"{base}/members/{member_id}/record", record)
    assert refused.status_code == 403
    assert not ResidenceComment.objects.filter(member_id=member_id, comment="Gương mẫu.").exists()
    record.pop("civil_service")
    assert sec_a("put", f"{base}/members/{member_id}/record", record).status_code == 200
    rated = office("put", f"{base}/members/{member_id}/record", {"civil_service": "GOOD"})
    assert rated.status_code == 200 and rated.json()["comment"] == "Gương mẫu."
    assert CivilServiceRating.objects.get(member_id=member_id, year=2026).rating == "GOOD"

    committee = CollectiveMembership.objects.filter(
        collective__organization=campaign.organization, collective__kind="party_committee"
    ).exclude(member__in=CellSupervisor.objects.filter(cell__code="CB-VP").values("member"))
    someone = committee.first()
    assert someone is not None
    url = f"/api/campaigns/{campaign.pk}/supervisors"
    assert (
        sec_a("post", url, {"cell_code": "CB-VP", "member_id": someone.member_id}).status_code
        == 403
    )
    made = office("post", url, {"cell_code": "CB-VP", "member_id": someone.member_id})
    assert made.status_code == 201
    again = office("post", url, {"cell_code": "CB-VP", "member_id": someone.member_id})
    assert again.status_code == 422 and again.json()["errors"][0]["field"] == "member"


def test_a_members_record_through_the_api(
    campaign: Campaign, secretary_a: User, secretary_b: User, alice: User
) -> None:
    from kiemdiem.apps.members.models import Discipline, MeetingAbsence

    member = Member.objects.get(user__username="dangvien")
    base = f"/api/members/{member.pk}"
    absence = {"meeting_on": "2026-06-05", "note": "Đi công tác"}
    assert Api(secretary_b)("post", f"{base}/absences", absence).status_code == 403
    assert Api(secretary_a)("post", f"{base}/absences", absence).status_code == 201
    again = Api(secretary_a)("post", f"{base}/absences", absence)
    assert again.status_code == 422 and again.json()["errors"][0]["field"] == "meeting_on"
    assert MeetingAbsence.objects.filter(member=member).count() == 1
    # Disciplines are the office's to record (the cell committee runs the meeting book).
    discipline = {"form": "reprimand", "decided_on": "2026-04-02", "violation": "V1"}
    assert Api(secretary_a)("post", f"{base}/disciplines", discipline).status_code == 403
    bad = Api(alice)("post", f"{base}/disciplines", {**discipline, "form": "nhắc nhở"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "form"
    assert Api(alice)("post", f"{base}/disciplines", discipline).status_code == 201
    assert Discipline.objects.filter(member=member).count() == 1
    leave = {"kind": "sick", "started_on": "2026-05-10", "ended_on": "2026-05-01"}
    wrong = Api(alice)("post", f"{base}/leaves", leave)
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "ended_on"
