"""The committee's decision: never above the ceiling, below the proposal only with a
reason, issued only within the quota; the issue is chained."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.test import Client

from kiemdiem.apps.appraisals.services import appraisal_record
from kiemdiem.apps.core.errors import PermissionDenied, ServiceError
from kiemdiem.apps.decisions.models import ClassificationDecision
from kiemdiem.apps.decisions.services import decided_set, decision_issue, proposals
from kiemdiem.apps.ledger.models import LedgerEntry
from kiemdiem.apps.ledger.services import ledger_verify
from kiemdiem.apps.members.models import Member
from kiemdiem.apps.reviews.models import Meeting
from tests.web.flows import excuse_other_cells, submit_cell


@pytest.fixture
def submitted(demo: object, secretary_a: User, alice: User) -> Meeting:
    """Chi bộ Thanh tra Sở reports; the office records why the others are left out (the
    decision is issued over the cells that reported)."""
    meeting = submit_cell(secretary_a, ballots={3: "EXCELLENT", 5: "EXCELLENT"}, quota_note="Lý do")
    excuse_other_cells(alice)
    return meeting


def key(meeting: Meeting, order: int) -> str:
    return f"member/M{meeting.items.get(order=order).member_id}"


def decide_all(meeting: Meeting, actor: User, **changes: str) -> None:
    for subject, rating in proposals(meeting.campaign).items():
        decided_set(
            actor=actor,
            campaign=meeting.campaign,
            subject=subject,
            rating=changes.get(subject, rating),
            reason="Vượt tỷ lệ của đảng bộ" if subject in changes else "",
        )


def test_a_decision_above_the_ceiling_is_impossible(submitted: Meeting, alice: User) -> None:
    capped = Member.objects.get(full_name="Ngô Mỹ Thảo")  # her score allows COMPLETED
    with pytest.raises(ServiceError) as err:
        decided_set(
            actor=alice,
            campaign=submitted.campaign,
            subject=f"member/M{capped.pk}",
            rating="GOOD",
        )
    assert err.value.field == "rating" and "mức cao nhất được phép là Hoàn thành nhiệm vụ" in (
        err.value.message
    )


def test_below_the_proposal_needs_a_reason(submitted: Meeting, alice: User) -> None:
    subject = key(submitted, 3)  # proposed EXCELLENT by ballot
    with pytest.raises(ServiceError) as err:
        decided_set(actor=alice, campaign=submitted.campaign, subject=subject, rating="GOOD")
    assert err.value.field == "reason"
    decided_set(
        actor=alice, campaign=submitted.campaign, subject=subject, rating="GOOD", reason="Tỷ lệ"
    )


def test_the_quota_holds_the_issue_until_the_committee_chooses(
    submitted: Meeting, alice: User
) -> None:
    campaign = submitted.campaign
    decide_all(submitted, alice)
    with pytest.raises(ServiceError) as err:
        decision_issue(
            actor=alice, campaign=campaign, number="15-QĐ/ĐU", issued_on=date(2026, 12, 20)
        )
    assert "bớt 2" in err.value.message
    decide_all(submitted, alice, **{key(submitted, 3): "GOOD", key(submitted, 5): "GOOD"})
    decision = decision_issue(
        actor=alice, campaign=campaign, number="15-QĐ/ĐU", issued_on=date(2026, 12, 20)
    )
    assert decision.status == ClassificationDecision.Status.ISSUED
    entry = LedgerEntry.objects.get(action="decision.issue")
    assert entry.payload["ratings"][key(submitted, 3)] == "GOOD" and ledger_verify().ok
    with pytest.raises(ServiceError, match="đã ban hành"):
        decided_set(actor=alice, campaign=campaign, subject=key(submitted, 2), rating="GOOD")


def test_the_office_appraisal_becomes_the_proposal(submitted: Meeting, alice: User) -> None:
    subject = key(submitted, 5)
    appraisal_record(
        actor=alice,
        campaign=submitted.campaign,
        subject=subject,
        verdict="other",
        rating="GOOD",
        reason="Ít phiếu hơn",
    )
    assert proposals(submitted.campaign)[subject] == "GOOD"
    decided_set(actor=alice, campaign=submitted.campaign, subject=subject, rating="GOOD")


def test_every_subject_is_decided_before_the_issue(submitted: Meeting, alice: User) -> None:
    decided_set(actor=alice, campaign=submitted.campaign, subject=key(submitted, 2), rating="GOOD")
    with pytest.raises(ServiceError, match="chưa có mức quyết định"):
        decision_issue(
            actor=alice, campaign=submitted.campaign, number="1", issued_on=date(2026, 12, 20)
        )


def test_only_the_committees_office_and_above_decide(submitted: Meeting, secretary_a: User) -> None:
    with pytest.raises(PermissionDenied):
        decided_set(
            actor=secretary_a,
            campaign=submitted.campaign,
            subject=key(submitted, 2),
            rating="GOOD",
        )


def test_the_decision_page_decides_and_refuses_to_issue_over_the_quota(
    submitted: Meeting, alice: User
) -> None:
    from django.test import Client

    client = Client()
    client.force_login(alice)
    url = f"/ke-hoach/{submitted.campaign.pk}/quyet-dinh/"
    assert "Đã quyết định 0/7" in client.get(url).content.decode()
    for subject, rating in proposals(submitted.campaign).items():
        client.post(url, {"subject": subject, "rating": rating})
    refused = client.post(url, {"issue": "1", "number": "15-QĐ/ĐU", "issued_on": "20/12/2026"})
    assert refused.status_code == 422 and "bớt 2" in refused.content.decode()
    below = client.post(url, {"subject": key(submitted, 3), "rating": "GOOD"})
    assert below.status_code == 422 and "cần ghi lý do" in below.content.decode()


def test_the_issued_decision_is_notified_and_published(
    submitted: Meeting, alice: User, member_a: User, secretary_a: User, charlie: User
) -> None:
    from django.core import mail
    from django.test import Client

    from kiemdiem.apps.decisions.models import Notification

    Member.objects.filter(user=member_a).update(email="dangvien@example.vn")
    decide_all(submitted, alice, **{key(submitted, 3): "GOOD", key(submitted, 5): "GOOD"})
    with django_capture_on_commit():
        decision_issue(
            actor=alice,
            campaign=submitted.campaign,
            number="15-QĐ/ĐU",
            issued_on=date(2026, 12, 20),
        )
    mine = Notification.objects.get(user=member_a)
    assert "Quyết định số 15-QĐ/ĐU ngày 20/12/2026" in mine.text and "được xếp loại" in mine.text
    assert Notification.objects.filter(user=secretary_a).count() == 2  # her result, her cell's
    assert [m.to for m in mail.outbox] == [["dangvien@example.vn"]]
    client = Client()
    client.force_login(member_a)
    assert "Thông báo mới (1)" in client.get("/").content.decode()
    page = client.get(mine.url)
    assert page.status_code == 200 and "Quyết định số 15-QĐ/ĐU" in page.content.decode()
    assert Notification.objects.get(pk=mine.pk).read_at is not None
    outsider = Client()
    outsider.force_login(charlie)
    assert outsider.get(mine.url).status_code == 403


def django_capture_on_commit():  # type: ignore[no-untyped-def]
    """Run on_commit callbacks inside the test's transaction (they never commit here)."""
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


def test_issuing_with_a_cell_missing_is_refused_until_its_reason_is_recorded(
    demo: object, secretary_a: User, alice: User
) -> None:
    meeting = submit_cell(secretary_a, quota_note="Lý do")
    decide_all(meeting, alice)
    campaign = meeting.campaign
    with pytest.raises(ServiceError) as err:
        decision_issue(actor=alice, campaign=campaign, number="9-QĐ/ĐU", issued_on=date.today())
    assert "6 chi bộ chưa báo cáo" in err.value.message and "Chi bộ Văn phòng" in err.value.message
    assert not ClassificationDecision.objects.filter(status="issued").exists()
    from kiemdiem.apps.decisions.services import missing_report_record

    reported = Meeting.objects.get(campaign=campaign, organization__code="CB-TT").organization
    with pytest.raises(ServiceError) as err:
        missing_report_record(actor=alice, campaign=campaign, cell=reported, reason="x")
    assert "đã báo cáo" in err.value.message
    assert excuse_other_cells(alice, reason="Chi bộ họp bổ sung ngày 18/12") == 6
    decision = decision_issue(
        actor=alice, campaign=campaign, number="9-QĐ/ĐU", issued_on=date.today()
    )
    entry = LedgerEntry.objects.get(action="decision.issue")
    assert set(entry.payload["not_reported"]) == {
        "CB-VP",
        "CB-TCBC",
        "CB-XDCQ",
        "CB-CCHC",
        "CB-TDKT",
        "CB-VTLT",
    }
    # The decision says so: the paper names each cell left out, with its reason.
    import io

    from django.core.files.storage import default_storage
    from docx import Document

    from kiemdiem.apps.documents.models import IssuedPaper

    paper = IssuedPaper.objects.get(campaign=campaign, kind="decision")
    text = "\n".join(
        p.text
        for p in Document(io.BytesIO(default_storage.open(paper.docx.name).read())).paragraphs
    )
    assert "Chưa xếp loại trong quyết định này" in text
    assert "Chi bộ Văn phòng: Chi bộ họp bổ sung ngày 18/12" in text
    assert decision.status == "issued"


def test_the_decision_page_names_each_members_cell_beside_the_name(
    submitted: Meeting, alice: User, client: Client
) -> None:
    """Namesakes in a province are told apart by where they belong."""
    client.force_login(alice)
    html = client.get(f"/ke-hoach/{submitted.campaign.pk}/quyet-dinh/").content.decode()
    member = Member.objects.filter(organization=submitted.organization).order_by("pk").first()
    assert member is not None
    row = re.search(
        rf'<th scope="row">{re.escape(member.full_name)}<div class="kd-where">([^<]*)</div>', html
    )
    assert row is not None and row.group(1) == submitted.organization.name


def test_the_decision_pages_counts_are_kept_until_a_decision(
    submitted: Meeting, alice: User, client: Client
) -> None:
    """The proposed and undecided counts (a scan of a province's rows) are kept while
    the clerk pages; a decision counts them anew."""
    client.force_login(alice)
    url = f"/ke-hoach/{submitted.campaign_id}/quyet-dinh/"

    def counts() -> tuple[int, int, int]:
        page = client.get(url).content.decode()
        done, total = map(int, re.search(r"Đã quyết định (\d+)/(\d+)", page).groups())  # type: ignore[union-attr]
        undecided = int(re.search(r"theo đề xuất cho (\d+) đối tượng", page).group(1))  # type: ignore[union-attr]
        return done, total, undecided

    done, total, undecided = counts()
    assert done == 0 and undecided == total > 0
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as again:
        assert counts() == (done, total, undecided)
    counted = [q for q in again.captured_queries if 'COUNT("evaluation_storedsubject' in q["sql"]]
    assert not counted  # read again: kept, not counted
    for subject, rating in sorted(proposals(submitted.campaign).items()):
        try:  # the first the order of deciding allows (000 §B.6)
            decided_set(actor=alice, campaign=submitted.campaign, subject=subject, rating=rating)
            break
        except ServiceError:
            continue
    assert counts() == (1, total, undecided - 1)
