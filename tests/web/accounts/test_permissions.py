"""The permission matrix: every page and every API call, for a fixed cast — a member of
cell A, the secretary of cell A, the secretary of cell B, the office of the đảng bộ, the
upper organization board, an outsider. Each cell of the table is an HTTP status."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from kiemdiem.apps.accounts.tokens import api_token_issue
from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.organizations.models import PartyOrganization
from kiemdiem.apps.reviews.models import CollectiveReport

CAST = ("member_a", "secretary_a", "secretary_b", "alice", "upper", "charlie")


def row(*statuses: int) -> dict[str, int]:
    return dict(zip(CAST, statuses, strict=True))


# Pages. {c}: this year's campaign.
PAGES = {
    "/": row(200, 200, 200, 200, 200, 200),
    "/ke-hoach/{c}/": row(403, 403, 403, 200, 200, 403),
    "/ke-hoach/{c}/tien-do/": row(403, 403, 403, 200, 200, 403),
    "/ke-hoach/{c}/goi-y/": row(403, 403, 403, 200, 200, 403),
    "/ke-hoach/{c}/tham-dinh/": row(403, 403, 403, 200, 200, 403),
    "/ke-hoach/{c}/quyet-dinh/": row(403, 403, 403, 200, 200, 403),
    "/ket-qua/{c}/": row(200, 200, 200, 200, 200, 403),
    "/tu-kiem-diem/": row(200, 200, 200, 403, 403, 403),
    "/tu-kiem-diem/{c}/": row(200, 200, 200, 403, 403, 403),
    "/chi-bo/{c}/CB-TT/": row(403, 200, 403, 200, 200, 403),
    "/chi-bo/{c}/CB-TT/bao-cao/": row(200, 200, 403, 200, 200, 403),
    "/chi-bo/{c}/CB-TT/hoi-nghi/": row(403, 200, 403, 200, 200, 403),
    "/chi-bo/{c}/CB-TT/kiem-phieu/": row(403, 200, 403, 200, 200, 403),
    "/chi-bo/{c}/CB-TT/de-xuat/": row(403, 200, 403, 200, 200, 403),
    "/chi-bo/{c}/CB-TT/nhan-xet/": row(403, 200, 403, 200, 200, 403),
    "/chi-bo/{c}/CB-VP/": row(403, 403, 200, 200, 200, 403),
    "/chi-bo/{c}/CB-TT/ho-so/": row(403, 200, 403, 200, 200, 403),
    "/ke-hoach/{c}/ho-so/": row(403, 403, 403, 200, 200, 403),
    "/ke-hoach/{c}/ho-so/CB-TT.zip": row(403, 200, 403, 200, 200, 403),
    # The Đảng ủy's own report: the office and above draft it, its members (the secretary
    # of cell A sits on it) read and comment.
    "/tap-the/{c}/{k}/bao-cao/": row(403, 200, 403, 200, 200, 403),
    "/tap-the/{c}/{k}/hoi-nghi/": row(403, 403, 403, 200, 200, 403),
    # Importing is the office's: the template itself is no secret.
    "/nhap-du-lieu/": row(403, 403, 403, 200, 200, 403),
    "/nhap-du-lieu/mau.xlsx": row(200, 200, 200, 200, 200, 200),
    # A document template serves every organization on its rule set: administrators only.
    "/mau-van-ban/": row(403, 403, 403, 403, 403, 403),
    "/ke-hoach/{c}/thong-ke/": row(403, 200, 200, 200, 200, 403),
    "/ke-hoach/{c}/kich-ban/": row(403, 403, 403, 200, 200, 403),
}

API_GET = {
    "/api/campaigns": row(200, 200, 200, 200, 200, 200),
    "/api/campaigns/{c}": row(200, 200, 200, 200, 200, 403),
    "/api/campaigns/{c}/subjects": row(403, 403, 403, 200, 200, 403),
    "/api/campaigns/{c}/board": row(403, 403, 403, 200, 200, 403),
    "/api/campaigns/{c}/self-review": row(200, 200, 200, 403, 403, 403),
    "/api/campaigns/{c}/cells/CB-TT/report": row(200, 200, 403, 200, 200, 403),
    "/api/campaigns/{c}/cells/CB-TT/meeting": row(403, 200, 403, 200, 200, 403),
    "/api/campaigns/{c}/cells/CB-TT/proposals": row(403, 200, 403, 200, 200, 403),
}

API_WRITE = {
    ("put", "/api/campaigns/{c}/cells/CB-TT/report"): (
        {"results": "Dự thảo kết quả", "proposed": "GOOD"},
        row(403, 200, 403, 200, 200, 403),
    ),
    ("post", "/api/campaigns/{c}/suggestions"): (
        {"content": "Làm rõ trách nhiệm", "organization_code": "CB-TT"},
        row(403, 403, 403, 201, 201, 403),
    ),
    # The secretary's own review is submitted in the demo: final, refused with why (422).
    ("put", "/api/campaigns/{c}/self-review"): (
        {"strengths": "Nháp"},
        row(200, 422, 200, 403, 403, 403),
    ),
    ("post", "/api/campaigns/{c}/cells/CB-TT/report/comments"): (
        {"body": "Góp ý"},
        row(201, 201, 403, 403, 403, 403),
    ),
}


@pytest.fixture
def campaign(demo: PartyOrganization) -> Campaign:
    return Campaign.objects.get(organization=demo, year=2026)


@pytest.fixture
def cast(request: pytest.FixtureRequest) -> dict[str, User]:
    return {name: request.getfixturevalue(name) for name in CAST}


@pytest.mark.parametrize("path", list(PAGES))
def test_pages(path: str, campaign: Campaign, cast: dict[str, User]) -> None:
    from kiemdiem.apps.organizations.models import LeadershipCollective

    committee = LeadershipCollective.objects.get(
        organization=campaign.organization, kind="party_committee"
    )
    url = path.format(c=campaign.pk, k=committee.pk)
    got = {}
    for name, user in cast.items():
        client = Client()
        client.force_login(user)
        got[name] = client.get(url).status_code
    assert got == PAGES[path]
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/dang-nhap/")


def _token(user: User) -> str:
    return api_token_issue(actor=user, user=user, name="kiểm thử")[1]


@pytest.mark.parametrize("path", list(API_GET))
def test_api_reads(path: str, campaign: Campaign, cast: dict[str, User]) -> None:
    CollectiveReport.objects.filter(organization__code="CB-TT").update(
        status="circulated", circulated_on=campaign.meeting_on
    )
    url = path.format(c=campaign.pk)
    got = {
        name: Client().get(url, HTTP_AUTHORIZATION=f"Bearer {_token(user)}").status_code
        for name, user in cast.items()
    }
    assert got == API_GET[path]
    assert Client().get(url).status_code == 401


@pytest.mark.parametrize(("method", "path"), list(API_WRITE))
def test_api_writes(method: str, path: str, campaign: Campaign, cast: dict[str, User]) -> None:
    from django.utils import timezone

    CollectiveReport.objects.filter(organization__code="CB-TT").update(
        status="circulated", circulated_on=timezone.localdate()
    )
    campaign.milestones.filter(code="cell_meeting").update(
        due_on=timezone.localdate() + timezone.timedelta(days=20)
    )
    body, expected = API_WRITE[(method, path)]
    url = path.format(c=campaign.pk)
    got = {}
    for name, user in cast.items():
        response = getattr(Client(), method)(
            url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {_token(user)}"
        )
        got[name] = response.status_code
        if response.status_code == 403:
            assert response.json()["errors"][0]["message"]  # says why, in Vietnamese
    assert got == expected


def test_the_outsider_lists_no_campaign(charlie: User) -> None:
    response = Client().get("/api/campaigns", HTTP_AUTHORIZATION=f"Bearer {_token(charlie)}")
    assert response.json() == {"items": [], "count": 0}


# After the decision: {c} campaign, {m} member A's subject (rated HTXSNV, so a candidate
# for commendation), {x} her complaint, {f} its file.
AFTER_PAGES = {
    "/ket-qua/{c}/": row(200, 200, 200, 200, 200, 403),
    "/ket-qua/{c}/khieu-nai/": row(200, 200, 200, 200, 200, 403),
    "/khieu-nai/": row(200, 200, 200, 200, 200, 200),
    "/khieu-nai/{x}/": row(200, 403, 403, 200, 200, 403),
    "/khieu-nai/{x}/tep/{f}/": row(200, 403, 403, 200, 200, 403),
    "/ke-hoach/{c}/quyet-dinh/": row(403, 403, 403, 200, 200, 403),
    "/ke-hoach/{c}/xep-loai-lai/": row(403, 403, 403, 200, 200, 403),
    "/ke-hoach/{c}/khen-thuong/": row(403, 403, 403, 200, 200, 403),
    "/lich-su/{m}/": row(200, 200, 403, 200, 200, 403),
    "/lich-su/organization/CB-TT/": row(403, 200, 403, 200, 200, 403),
    "/lich-su/organization/CB-VP/": row(403, 403, 200, 200, 200, 403),
    # Documents: the campaign's list to those who manage it; the published decision to its
    # organization; a cell's minutes to its committee; a result letter to its subject.
    "/ke-hoach/{c}/van-ban/": row(403, 403, 403, 200, 200, 403),
    "/van-ban/{c}/decision.docx": row(200, 200, 200, 200, 200, 403),
    "/van-ban/{c}/minutes.docx?doi-tuong=CB-TT": row(403, 200, 403, 200, 200, 403),
    "/van-ban/{c}/notification.docx?doi-tuong={m}": row(200, 403, 403, 200, 200, 403),
}
AFTER_API = {
    "/api/campaigns/{c}/decision": row(403, 403, 403, 200, 200, 403),
    "/api/campaigns/{c}/results": row(200, 200, 200, 200, 200, 403),
    "/api/campaigns/{c}/commendation": row(403, 403, 403, 200, 200, 403),
    "/api/complaints/{x}": row(200, 403, 403, 200, 200, 403),
    "/api/history?subject={m}": row(200, 200, 403, 200, 200, 403),
}
AFTER_WRITES = {
    # (method, path, body): who may
    ("post", "/api/campaigns/{c}/reservations", '{"subject": "{m}", "content": "Bảo lưu"}'): row(
        200, 403, 403, 403, 403, 403
    ),
    ("post", "/api/complaints/{x}/notes", '{"text": "Đã xác minh"}'): row(
        403, 403, 403, 200, 200, 403
    ),
    ("post", "/api/campaigns/{c}/commendation", '{"subject": "{m}", "title": "member_year"}'): row(
        403, 403, 403, 200, 200, 403
    ),
}


def test_after_the_decision_every_page_and_call_keeps_to_its_scope(
    campaign: Campaign, cast: dict[str, User]
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kiemdiem.apps.complaints.services import complaint_assign, complaint_file
    from kiemdiem.apps.members.models import Member
    from tests.web.flows import decide_and_issue, submit_cell, submit_other_cells

    submit_cell(cast["secretary_a"], ballots={3: "EXCELLENT"}, quota_note="Lý do")
    submit_other_cells(cast["alice"])
    decide_and_issue(cast["alice"])
    m = f"member/M{Member.objects.get(user=cast['member_a']).pk}"
    complaint = complaint_file(
        actor=cast["member_a"],
        campaign=campaign,
        subject=m,
        content="Đề nghị xem xét lại",
        attachments=[SimpleUploadedFile("don.pdf", b"%PDF-1.4", "application/pdf")],
    )
    complaint_assign(actor=cast["alice"], complaint=complaint, assignee=cast["alice"])
    values = {"c": campaign.pk, "m": m, "x": complaint.pk, "f": complaint.attachments.get().pk}

    def fill(text: str) -> str:
        for key, value in values.items():
            text = text.replace("{" + key + "}", str(value))
        return text

    got: dict[str, dict[str, int]] = {}
    for path in AFTER_PAGES:
        for name, user in cast.items():
            client = Client()
            client.force_login(user)
            got.setdefault(path, {})[name] = client.get(fill(path)).status_code
        assert Client().get(fill(path)).status_code == 302
    for path in AFTER_API:
        for name, user in cast.items():
            got.setdefault(path, {})[name] = (
                Client().get(fill(path), HTTP_AUTHORIZATION=f"Bearer {_token(user)}").status_code
            )
    assert got == {**AFTER_PAGES, **AFTER_API}
    wrote: dict[tuple[str, str, str], dict[str, int]] = {}
    for key in AFTER_WRITES:
        method, path, body = key
        for name, user in cast.items():
            wrote.setdefault(key, {})[name] = getattr(Client(), method)(
                fill(path),
                fill(body),
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {_token(user)}",
            ).status_code
    assert wrote == AFTER_WRITES
