"""List pages make a fixed number of queries whatever the size of the cell or đảng bộ:
each page is measured on the demo, then on the demo grown by twelve members and two
cells, and must make exactly as many queries (and stay under a ceiling)."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.members.services import member_create
from kiemdiem.apps.organizations.models import PartyOrganization
from kiemdiem.apps.organizations.services import organization_create
from kiemdiem.apps.reviews.meetings import meeting_prepare
from kiemdiem.apps.reviews.models import Meeting

# Page → most queries allowed (the figures measured are in docs/PERFORMANCE.md).
PAGES = {
    "/": 12,
    "/ke-hoach/{c}/": 25,
    "/ke-hoach/{c}/tien-do/": 20,
    "/ke-hoach/{c}/goi-y/": 16,
    "/chi-bo/{c}/CB-TT/": 16,
    "/chi-bo/{c}/CB-TT/bao-cao/": 16,
    "/chi-bo/{c}/CB-TT/hoi-nghi/": 16,
    "/chi-bo/{c}/CB-TT/kiem-phieu/": 16,
    "/chi-bo/{c}/CB-TT/de-xuat/": 30,
    "/chi-bo/{c}/CB-TT/nhan-xet/": 14,
    # The office's pages read the stored result (issue 15): no count grows with the tree.
    "/ke-hoach/{c}/tham-dinh/": 30,
    "/ke-hoach/{c}/quyet-dinh/": 30,
    "/ke-hoach/{c}/van-ban/": 20,
    "/ke-hoach/{c}/thong-ke/": 40,
    "/ke-hoach/{c}/thong-ke/kiem-diem/": 25,
    "/ke-hoach/{c}/thong-ke/xep-loai/": 25,
    "/ke-hoach/{c}/ho-so/": 30,
}


def _count(client: Client, url: str) -> int:
    """A page read once its stored result is up to date (the first read after a change
    computes it, as the worker would)."""
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _grow(superuser: User, campaign: Campaign) -> None:
    cell = PartyOrganization.objects.get(code="CB-TT")
    for i in range(12):
        member_create(
            actor=superuser,
            organization=cell,
            full_name=f"Đảng viên Bổ Sung {i:02d}",
            admitted_on=date(2010, 1, 1 + i),
            full_member_on=date(2011, 1, 1 + i),
            party_card_number=f"52.9{i:05d}",
        )
    for code in ("CB-MOI1", "CB-MOI2"):
        organization_create(
            actor=superuser,
            parent=campaign.organization,
            code=code,
            name=f"Chi bộ {code}",
            kind="cell",
            founded_on=date(2010, 1, 1),
        )
    # The agenda is drawn when the meeting is prepared: draw it again for the larger roll.
    Meeting.objects.filter(campaign=campaign, organization=cell).delete()
    meeting_prepare(actor=superuser, campaign=campaign, cell=cell)


@pytest.fixture
def campaign(demo: PartyOrganization) -> Campaign:
    return Campaign.objects.get(organization=demo, year=2026)


def test_list_pages_make_the_same_queries_for_a_larger_tree(
    campaign: Campaign, alice: User, superuser: User
) -> None:
    client = Client()
    client.force_login(alice)
    urls = {page: page.format(c=campaign.pk) for page in PAGES}
    client.get(urls["/"])  # warm the session and caches the first request fills
    before = {page: _count(client, url) for page, url in urls.items()}
    _grow(superuser, campaign)
    after = {page: _count(client, url) for page, url in urls.items()}
    print("QUERIES", after)  # the figures in docs/PERFORMANCE.md
    assert after == before
    over = {page: n for page, n in after.items() if n > PAGES[page]}
    assert not over, over


def test_api_lists_make_the_same_queries_for_a_larger_tree(
    campaign: Campaign, alice: User, superuser: User
) -> None:
    from kiemdiem.apps.accounts.tokens import api_token_issue

    token = api_token_issue(actor=alice, user=alice, name="đo truy vấn")[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    urls = [
        "/api/campaigns",
        f"/api/campaigns/{campaign.pk}/subjects?limit=500",
        f"/api/campaigns/{campaign.pk}/board",
        f"/api/campaigns/{campaign.pk}/cells/CB-TT/proposals",
        f"/api/campaigns/{campaign.pk}/cells/CB-TT/meeting",
    ]
    client.get(urls[0])  # the token's first use is written once (last_used_at)
    before = [_count(client, url) for url in urls]
    _grow(superuser, campaign)
    after = [_count(client, url) for url in urls]
    print("QUERIES", dict(zip(urls, after, strict=True)))
    assert after == before


# After the decision is issued: page → most queries allowed, as the office (alice) and as
# member A; measured with every cell reported and decided (figures in PERFORMANCE.md).
AFTER = {
    ("alice", "/ke-hoach/{c}/quyet-dinh/"): 40,
    ("alice", "/ke-hoach/{c}/xep-loai-lai/"): 15,
    ("alice", "/ke-hoach/{c}/khen-thuong/"): 20,
    ("alice", "/khieu-nai/"): 10,
    ("alice", "/lich-su/{m}/"): 12,
    ("member_a", "/ket-qua/{c}/"): 20,
    ("member_a", "/"): 16,
    # Documents, dossiers, statistics (issue 5).
    ("alice", "/ke-hoach/{c}/van-ban/"): 20,
    ("alice", "/ke-hoach/{c}/ho-so/"): 30,
    ("alice", "/ke-hoach/{c}/thong-ke/"): 70,
    ("alice", "/ke-hoach/{c}/thong-ke/xep-loai/"): 38,
    ("alice", "/ke-hoach/{c}/thong-ke/kiem-diem/"): 38,
    ("alice", "/van-ban/{c}/decision.docx"): 20,
    ("alice", "/ke-hoach/{c}/?xuat=xlsx"): 20,
}


def test_after_the_decision_pages_stay_within_their_query_budget(
    demo: PartyOrganization, alice: User, member_a: User, secretary_a: User
) -> None:
    from kiemdiem.apps.members.models import Member
    from tests.web.flows import decide_and_issue, submit_cell, submit_other_cells

    submit_cell(secretary_a, ballots={3: "EXCELLENT"}, quota_note="Lý do")
    submit_other_cells(alice)
    decide_and_issue(alice)
    campaign = Campaign.objects.get(organization=demo, year=2026)
    m = f"member/M{Member.objects.get(user=member_a).pk}"
    people = {"alice": alice, "member_a": member_a}
    measured = {}
    for (who, path), ceiling in AFTER.items():
        client = Client()
        client.force_login(people[who])
        url = path.format(c=campaign.pk, m=m)
        measured[(who, path)] = _count(client, url)
        assert measured[(who, path)] <= ceiling, (who, path, measured[(who, path)])
    print("after-decision queries:", measured)
