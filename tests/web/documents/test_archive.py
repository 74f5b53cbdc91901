"""Issued means frozen: a paper is rendered once when it becomes final, stored with its
SHA-256 chained in the ledger, and every later download returns those bytes."""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.core.files.storage import default_storage
from django.test import Client
from django.utils import timezone
from docx import Document

from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.decisions.models import ClassificationDecision, DecidedRating
from kiemdiem.apps.decisions.rerating import rerating_cancel, rerating_issue
from kiemdiem.apps.documents.models import IssuedPaper
from kiemdiem.apps.ledger.models import LedgerEntry
from kiemdiem.apps.ledger.services import ledger_verify
from kiemdiem.apps.members.models import Member
from kiemdiem.apps.members.records import discipline_record

pytestmark = pytest.mark.django_db


def _text(body: bytes) -> str:
    doc = Document(io.BytesIO(body))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _get(client: Client, user: User, url: str) -> bytes:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]


def _rerate(office: User, member_user: User) -> str:
    member = Member.objects.get(user=member_user)
    subject = f"member/M{member.pk}"
    campaign = Campaign.objects.get(year=2026, organization__code="DBSNV")
    discipline_record(
        actor=office,
        member=member,
        form="reprimand",
        decided_on=date(2026, 6, 1),
        violation="Vi phạm quy định phát hiện sau kiểm tra",
    )
    rr = rerating_cancel(
        actor=office, campaign=campaign, subject=subject, cause="violation", reason="Bị kỷ luật"
    )
    rerating_issue(
        actor=office,
        rerating=rr,
        rating="NOT_COMPLETED",
        number="30-QĐ/ĐU",
        issued_on=timezone.localdate(),
    )
    return subject


def test_a_rerating_leaves_the_issued_decision_byte_for_byte(
    issued: ClassificationDecision, alice: User, member_a: User, client: Client
) -> None:
    campaign = issued.campaign
    paper = IssuedPaper.objects.get(campaign=campaign, kind="decision")
    url = f"/van-ban/{campaign.pk}/decision.docx"
    before = _get(client, alice, url)
    assert hashlib.sha256(before).hexdigest() == paper.sha256
    member = Member.objects.get(user=member_a)
    name = member.full_name
    old = DecidedRating.objects.get(decision=issued, subject=f"member/M{member.pk}").rating
    letter_url = f"/van-ban/{campaign.pk}/notification.docx?doi-tuong=member/M{member.pk}"
    letter_before = _get(client, alice, letter_url)

    subject = _rerate(alice, member_a)

    after = _get(client, alice, url)
    assert after == before  # the same bytes, the same hash
    paper.refresh_from_db()
    assert paper.sha256 == hashlib.sha256(after).hexdigest()
    assert _get(client, alice, letter_url) == letter_before
    # The re-rating issued its own paper, which says the new rating.
    rerating_paper = IssuedPaper.objects.get(campaign=campaign, kind="rerating")
    text = _text(default_storage.open(rerating_paper.docx.name, "rb").read())
    assert "Không hoàn thành nhiệm vụ" in text and name in text
    assert DecidedRating.objects.get(decision=issued, subject=subject).rating == "NOT_COMPLETED"
    assert old in _text(before).replace("Hoàn thành xuất sắc nhiệm vụ", "EXCELLENT").replace(
        "Hoàn thành tốt nhiệm vụ", "GOOD"
    )
    # The paper's hash is chained.
    entry = LedgerEntry.objects.get(action="paper.issue", object_id=str(paper.pk))
    assert entry.payload["sha256"] == paper.sha256
    assert ledger_verify().ok


def test_a_letter_first_printed_after_a_rerating_says_what_the_decision_said(
    issued: ClassificationDecision, alice: User, member_a: User, client: Client
) -> None:
    member = Member.objects.get(user=member_a)
    old = DecidedRating.objects.get(decision=issued, subject=f"member/M{member.pk}")
    label = old.get_rating_display()
    _rerate(alice, member_a)
    body = _get(
        client,
        alice,
        f"/van-ban/{issued.campaign.pk}/notification.docx?doi-tuong=member/M{member.pk}",
    )
    assert label in _text(body) and "Không hoàn thành nhiệm vụ" not in _text(body)


def test_the_minutes_and_tally_record_are_stored_when_the_cell_submits(
    issued: ClassificationDecision, secretary_a: User, client: Client
) -> None:
    campaign = issued.campaign
    for kind in ("minutes", "tally_record"):
        paper = IssuedPaper.objects.get(campaign=campaign, kind=kind, ref="CB-TT")
        body = _get(client, secretary_a, f"/van-ban/{campaign.pk}/{kind}.docx?doi-tuong=CB-TT")
        assert hashlib.sha256(body).hexdigest() == paper.sha256


def test_ledger_verify_finds_a_stored_paper_changed_or_swapped(
    issued: ClassificationDecision,
) -> None:
    paper = IssuedPaper.objects.get(campaign=issued.campaign, kind="decision")
    assert ledger_verify().ok
    path = default_storage.path(paper.docx.name)
    with open(path, "rb") as f:
        original = f.read()
    with open(path, "wb") as f:
        f.write(original[:-1] + bytes([original[-1] ^ 1]))
    verdict = ledger_verify()
    assert not verdict.ok and "đã bị sửa đổi" in verdict.reason
    with open(path, "wb") as f:
        f.write(original)
    assert ledger_verify().ok
    # A row pointed at another file with that file's hash: not the file the chain holds.
    other = default_storage.save("luu-tru/gia-mao.docx", io.BytesIO(b"PK gia mao"))
    IssuedPaper.objects.filter(pk=paper.pk).update(
        docx=other, sha256=hashlib.sha256(b"PK gia mao").hexdigest()
    )
    verdict = ledger_verify()
    # The chain hashed the row as stored: the swap is named on the paper's own record.
    assert not verdict.ok and f"văn bản lưu trữ #{paper.pk} đã bị sửa" in verdict.reason


def test_a_download_of_a_tampered_file_is_refused_in_vietnamese(
    issued: ClassificationDecision, alice: User, client: Client
) -> None:
    paper = IssuedPaper.objects.get(campaign=issued.campaign, kind="decision")
    with open(default_storage.path(paper.docx.name), "ab") as f:
        f.write(b"x")
    client.force_login(alice)
    response = client.get(f"/van-ban/{issued.campaign.pk}/decision.docx")
    assert response.status_code == 503 and "mã băm" in response.content.decode()


def test_a_cells_letters_come_from_the_stored_papers(
    issued: ClassificationDecision, secretary_a: User, client: Client
) -> None:
    from kiemdiem.apps.documents.pdf import available

    if not available():
        pytest.skip("LibreOffice is not installed")
    body = _get(client, secretary_a, f"/ke-hoach/{issued.campaign.pk}/van-ban/thong-bao/CB-TT.zip")
    names = zipfile.ZipFile(io.BytesIO(body)).namelist()
    papers = IssuedPaper.objects.filter(campaign=issued.campaign, kind="notification")
    assert len(names) == papers.count() >= 6
    assert all(p.pdf and p.pdf_sha256 for p in papers)
    again = _get(client, secretary_a, f"/ke-hoach/{issued.campaign.pk}/van-ban/thong-bao/CB-TT.zip")
    assert [zipfile.ZipFile(io.BytesIO(again)).read(n) for n in names] == [
        zipfile.ZipFile(io.BytesIO(body)).read(n) for n in names
    ]
    assert ledger_verify().ok


def test_the_worker_makes_the_pdfs_of_the_stored_papers_once(
    issued: ClassificationDecision,
) -> None:
    """After the decision, the worker converts every stored paper still without its PDF
    in one start of LibreOffice; a second run finds nothing to do; the chain verifies."""
    from kiemdiem.apps.documents import tasks

    campaign = issued.campaign
    waiting = IssuedPaper.objects.filter(campaign=campaign, pdf="").count()
    assert waiting >= 3  # the decision, the cell's minutes and tally record at least
    made = tasks.papers_pdf_convert.call(campaign.pk)
    assert made == waiting
    assert not IssuedPaper.objects.filter(campaign=campaign, pdf="").exists()
    paper = IssuedPaper.objects.get(campaign=campaign, kind="decision")
    with default_storage.open(paper.pdf.name, "rb") as f:
        body = f.read()
    assert body.startswith(b"%PDF") and hashlib.sha256(body).hexdigest() == paper.pdf_sha256
    assert tasks.papers_pdf_convert.call(campaign.pk) == 0
    assert ledger_verify().ok


def test_issuing_a_paper_queues_its_pdf_for_the_worker(
    issued: ClassificationDecision, settings: object, alice: User
) -> None:
    from django_tasks_db.models import DBTaskResult

    from kiemdiem.apps.documents.archive import paper_stored

    settings.JOBS_INLINE = False  # type: ignore[attr-defined]
    before = DBTaskResult.objects.count()
    member = Member.objects.filter(organization__code="CB-TT").order_by("pk").first()
    assert member is not None
    paper_stored(
        actor=alice, campaign=issued.campaign, kind="notification", ref=f"member/M{member.pk}"
    )
    queued = DBTaskResult.objects.order_by("-enqueued_at").first()
    assert DBTaskResult.objects.count() == before + 1 and queued is not None
    assert queued.task_path.endswith("papers_pdf_convert") and queued.status == "READY"
    # Another letter stored while that conversion still waits: the one waiting takes it.
    other = Member.objects.filter(organization__code="CB-TT").order_by("pk")[1]
    paper_stored(
        actor=alice, campaign=issued.campaign, kind="notification", ref=f"member/M{other.pk}"
    )
    assert DBTaskResult.objects.count() == before + 1


def test_a_paper_too_long_for_libreoffice_is_offered_as_its_docx(
    issued: ClassificationDecision, alice: User, client: Client, settings: object
) -> None:
    """A province's decision list would take LibreOffice past 4 GB: beyond the limit the
    PDF is refused in words, without starting it, and the stored DOCX is the paper."""
    settings.PDF_MAX_XML_MB = 0  # type: ignore[attr-defined]  # every paper is "too long"
    client.force_login(alice)
    response = client.get(f"/van-ban/{issued.campaign.pk}/decision.pdf")
    assert response.status_code == 503
    page = response.content.decode()
    assert "quá dài để chuyển sang PDF" in page and "<h1>" in page  # a page, not a bare error
    assert f'href="/van-ban/{issued.campaign.pk}/decision.docx"' in page
    assert (
        not IssuedPaper.objects.filter(campaign=issued.campaign, kind="decision")
        .exclude(pdf="")
        .exists()
    )
    docx = client.get(f"/van-ban/{issued.campaign.pk}/decision.docx")
    assert docx.status_code == 200 and docx.content.startswith(b"PK")


def test_the_worker_converts_the_other_papers_when_one_is_too_long(
    issued: ClassificationDecision, settings: object
) -> None:
    from kiemdiem.apps.documents import tasks

    decision = IssuedPaper.objects.get(campaign=issued.campaign, kind="decision")
    limit = decision.size  # the decision's body is longer than its compressed file
    settings.PDF_MAX_XML_MB = limit / (1024 * 1024)  # type: ignore[attr-defined]
    others = IssuedPaper.objects.filter(campaign=issued.campaign, pdf="").exclude(pk=decision.pk)
    waiting = others.count()
    assert waiting >= 2
    assert tasks.papers_pdf_convert.call(issued.campaign.pk) == waiting
    assert not others.filter(pdf="").exists()
    decision.refresh_from_db()
    assert not decision.pdf
