"""Dossiers: each subject's checklist against what the product holds, uploads kept and
audited within one's part of the tree, the list (Mẫu 04) and the whole dossier as a ZIP."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kiemdiem.apps.audit.models import AuditEntry
from kiemdiem.apps.campaigns.models import Campaign, SelfReview
from kiemdiem.apps.core.errors import PermissionDenied, ServiceError
from kiemdiem.apps.decisions.models import ClassificationDecision
from kiemdiem.apps.dossiers.models import DossierFile
from kiemdiem.apps.dossiers.selectors import MADE, MISSING, UPLOADED, campaign_dossiers
from kiemdiem.apps.dossiers.services import dossier_file_remove, dossier_file_upload
from kiemdiem.apps.members.models import Member
from kiemdiem.apps.organizations.models import PartyOrganization
from tests.web.documents.test_documents import text_of


def campaign() -> Campaign:
    return Campaign.objects.get(year=2026, organization__code="DBSNV")


def pdf(name: str = "bao-cao-xay-dung-dang.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 ban ky", "application/pdf")


def dossier(subject: str) -> object:
    return next(d for d in campaign_dossiers(campaign()) if d.subject == subject)


def states(subject: str) -> dict[str, str]:
    return {s.item.code: s.state for s in dossier(subject).items}  # type: ignore[attr-defined]


def test_a_reported_cell_s_dossier_has_what_the_product_made_and_lacks_the_papers(
    issued: ClassificationDecision, secretary_a: User
) -> None:
    found = states("organization/CB-TT")
    for code in ("collective_report", "score_summary", "minutes", "tally_record"):
        assert found[code] == MADE, code
    assert found["classification_decision"] == MADE  # issued
    assert found["party_building_report"] == MISSING  # a paper only the office has
    d = dossier("organization/CB-TT")
    assert [i.code for i in d.status.missing] == ["party_building_report"]  # type: ignore[attr-defined]
    # The secretary files the signed report: the dossier is complete, the upload audited.
    kept = dossier_file_upload(
        actor=secretary_a,
        campaign=campaign(),
        subject="organization/CB-TT",
        item="party_building_report",
        upload=pdf(),
    )
    assert states("organization/CB-TT")["party_building_report"] == UPLOADED
    assert dossier("organization/CB-TT").status.complete  # type: ignore[attr-defined]
    entry = AuditEntry.objects.get(action="dossier.upload", object_id=str(kept.pk))
    assert entry.subject == "organization/CB-TT" and entry.actor == secretary_a
    dossier_file_remove(actor=secretary_a, kept=kept)
    assert states("organization/CB-TT")["party_building_report"] == MISSING
    assert AuditEntry.objects.filter(action="dossier.remove").count() == 1


def test_each_leadership_collective_has_its_dossier(issued: ClassificationDecision) -> None:
    from kiemdiem.apps.organizations.models import LeadershipCollective
    from kiemdiem.apps.reviews.models import CollectiveReport

    found = {d.subject: d for d in campaign_dossiers(campaign())}
    collectives = LeadershipCollective.objects.filter(
        organization__path__startswith=campaign().organization.path
    )
    assert collectives.exists()
    reported = set(
        CollectiveReport.objects.filter(campaign=campaign(), collective__isnull=False).values_list(
            "collective_id", flat=True
        )
    )
    for k in collectives:
        d = found[f"collective/K{k.pk}"]
        states = {s.item.code: s.state for s in d.items}
        assert states["classification_decision"] == MADE
        assert (states["collective_report"] == MADE) == (k.pk in reported)


def test_a_member_s_dossier_follows_the_checklist_for_what_they_are(
    issued: ClassificationDecision,
) -> None:
    review = SelfReview.objects.filter(
        campaign__year=2026, status="submitted", member__organization__code="CB-TT"
    ).first()
    assert review is not None
    found = states(f"member/M{review.member_id}")
    assert found["self_review"] == MADE
    assert ("civil_service_rating" in found) == review.member.is_civil_servant
    holds_post = review.member.posts.filter(ended_on__isnull=True).exists()
    assert ("asset_declaration" in found) == holds_post


def test_bad_uploads_are_refused_by_name_and_write_nothing(
    issued: ClassificationDecision, secretary_a: User, secretary_b: User
) -> None:
    cases = [
        (secretary_a, "organization/CB-TT", "party_building_report", pdf("virus.exe"), "chỉ nhận"),
        (secretary_a, "organization/CB-TT", "no_such_item", pdf(), "không có trong danh mục"),
        (secretary_a, "organization/DBK", "party_building_report", pdf(), "không thuộc kế hoạch"),
        (
            secretary_a,
            "organization/CB-TT",
            "party_building_report",
            SimpleUploadedFile("rong.pdf", b"", "application/pdf"),
            "rỗng",
        ),
    ]
    for actor, subject, item, upload, message in cases:
        with pytest.raises(ServiceError) as err:
            dossier_file_upload(
                actor=actor, campaign=campaign(), subject=subject, item=item, upload=upload
            )
        assert message in err.value.message
    with pytest.raises(PermissionDenied):  # another cell's secretary
        dossier_file_upload(
            actor=secretary_b,
            campaign=campaign(),
            subject="organization/CB-TT",
            item="party_building_report",
            upload=pdf(),
        )
    assert not DossierFile.objects.exists()
    assert not AuditEntry.objects.filter(action="dossier.upload").exists()


def test_reading_every_dossier_takes_the_same_queries_for_one_cell_or_all(
    issued: ClassificationDecision,
) -> None:
    cell = PartyOrganization.objects.get(code="CB-TT")
    with CaptureQueriesContext(connection) as one:
        campaign_dossiers(campaign(), cell=cell)
    with CaptureQueriesContext(connection) as every:
        every_dossier = campaign_dossiers(campaign())
    assert len(every_dossier) > 50
    assert len(every.captured_queries) == len(one.captured_queries) <= 22


def test_the_page_the_list_mau_04_and_the_zip(
    issued: ClassificationDecision, secretary_a: User, secretary_b: User
) -> None:
    client = Client()
    client.force_login(secretary_a)
    pk = campaign().pk
    page = client.get(f"/chi-bo/{pk}/CB-TT/ho-so/")
    assert page.status_code == 200
    assert "Bản kiểm điểm cá nhân" in page.content.decode() or "Bản tự kiểm điểm" in (
        page.content.decode()
    )
    posted = client.post(
        f"/chi-bo/{pk}/CB-TT/ho-so/",
        {"subject": "organization/CB-TT", "item": "party_building_report", "file": pdf()},
    )
    assert posted.status_code == 302
    kept = DossierFile.objects.get()
    assert client.get(f"/ho-so/tep/{kept.pk}/").status_code == 200
    listing = text_of(client.get(f"/van-ban/{pk}/dossier_list.docx?doi-tuong=CB-TT").content)
    assert "DANH MỤC HỒ SƠ" in listing and "Mẫu 04" in listing
    cell_dossiers = campaign_dossiers(campaign(), cell=PartyOrganization.objects.get(code="CB-TT"))
    done = sum(d.status.done for d in cell_dossiers)
    required = sum(d.status.required for d in cell_dossiers)
    assert f"Đủ {done}/{required} tài liệu bắt buộc." in listing
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/ke-hoach/{pk}/ho-so/CB-TT.zip").content))
    names = archive.namelist()
    assert names[0] == "00-danh-muc-ho-so-mau-04.docx"
    # The entry carries the file's id: two uploads of one name never overwrite each other.
    assert any(
        re.search(r"/party_building_report-\d+-bao-cao-xay-dung-dang\.pdf$", n) for n in names
    )
    assert any("bien-ban-hoi-nghi-CB-TT" in n for n in names)
    submitted = SelfReview.objects.filter(
        campaign__year=2026, status="submitted", member__organization__code="CB-TT"
    ).count()
    assert sum("ban-tu-kiem-diem" in n for n in names) == submitted
    missing_only = client.get(f"/chi-bo/{pk}/CB-TT/ho-so/?thieu=1").content.decode()
    assert "Chi bộ Thanh tra Sở</strong> (tổ chức đảng)" not in missing_only  # complete now
    client.force_login(secretary_b)
    assert client.get(f"/chi-bo/{pk}/CB-TT/ho-so/").status_code == 403
    assert client.get(f"/ho-so/tep/{kept.pk}/").status_code == 403
    assert client.get(f"/ke-hoach/{pk}/ho-so/CB-TT.zip").status_code == 403


def test_the_counted_completeness_is_each_built_dossiers(
    issued: ClassificationDecision, secretary_a: User
) -> None:
    """The page counts completeness per holdings (dossiers.selectors._member_status), not
    per member: for each dossier, the count's status is the built dossier's — members with
    files uploaded, with a self-review or none, leaders and not."""
    member = Member.objects.filter(organization__code="CB-TT").order_by("pk").first()
    assert member is not None
    dossier_file_upload(
        actor=secretary_a,
        campaign=campaign(),
        subject=f"member/M{member.pk}",
        item="self_review",
        upload=pdf("ban-tu-kiem-diem.pdf"),
    )
    dossiers = campaign_dossiers(campaign())
    counted = [status for status, _, _ in dossiers._entries]
    built = [d.status for d in dossiers]
    assert counted == built
    assert len({(s.done, s.required) for s in counted}) > 2  # holdings of several kinds
    refs = dossiers.refs()
    assert refs.complete_count() == sum(1 for s in built if s.complete)
    assert [dossiers[i].subject for i in refs.positions(missing_only=True)] == [
        d.subject for d in dossiers if d.status.missing
    ]


def test_a_page_built_from_its_refs_is_the_same_as_in_the_whole_list(
    issued: ClassificationDecision, secretary_a: User, alice: User, client: Client
) -> None:
    """The page keeps only which dossiers there are (`refs`) and builds its own from what
    is held for them (`dossiers_of`): the same names, states, documents and files as the
    whole list has, page by page, for the đảng bộ and for one cell; a write is seen."""
    from kiemdiem.apps.dossiers.selectors import dossiers_of

    member = Member.objects.filter(organization__code="CB-TT").order_by("pk").first()
    assert member is not None
    for subject, item in (
        (f"member/M{member.pk}", "self_review"),
        ("organization/CB-TT", "party_building_report"),
    ):
        dossier_file_upload(
            actor=secretary_a, campaign=campaign(), subject=subject, item=item, upload=pdf()
        )

    def seen(d: object) -> tuple[object, ...]:
        return (
            d.subject,  # type: ignore[attr-defined]
            d.name,  # type: ignore[attr-defined]
            d.cell.pk,  # type: ignore[attr-defined]
            d.status,  # type: ignore[attr-defined]
            [(s.item.code, s.state, s.document, [f.pk for f in s.files]) for s in d.items],  # type: ignore[attr-defined]
        )

    for cell in (None, PartyOrganization.objects.get(code="CB-TT")):
        whole = campaign_dossiers(campaign(), cell=cell)
        refs = whole.refs()
        assert [r.complete for r in refs] == [d.status.complete for d in whole]
        for start in range(0, len(refs), 7):
            page = dossiers_of(campaign(), refs[start : start + 7], cell=cell)
            assert [seen(d) for d in page] == [seen(d) for d in whole[start : start + 7]]

    client.force_login(alice)
    url = f"/ke-hoach/{campaign().pk}/ho-so/"
    before = client.get(url).context["complete"]
    assert before == campaign_dossiers(campaign()).refs().complete_count()
    kept = DossierFile.objects.get(subject="organization/CB-TT")
    dossier_file_remove(actor=secretary_a, kept=kept)  # the cell's dossier lacks it again
    assert client.get(url).context["complete"] == before - 1
