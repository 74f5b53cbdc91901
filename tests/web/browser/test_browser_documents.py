"""Documents, dossiers and statistics in Debian's Chromium, as the office, a cell secretary
and a member use them: members imported from Excel with the progress page, the campaign
run, the decision and the cell's papers printed (DOCX, PDF), the dossiers completed with an
upload and downloaded, the dashboard read, a statistics table and a list taken to Excel,
the scenario workbook evaluated. Screenshots in test-artifacts/ (61–69)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.web.browser.helpers import login, logout, shot

pytestmark = pytest.mark.browser


def fetch(tab, action) -> bytes:  # type: ignore[no-untyped-def]
    """Clicks something that downloads and returns the file's bytes. A PDF is converted by
    LibreOffice in the request, with a fresh profile each time: on a loaded CI machine that
    took over Playwright's default 30 s once, so the wait follows the server's own limit
    (settings.PDF_TIMEOUT, 60 s, plus a margin) rather than the browser's default."""
    with tab.expect_download(timeout=120_000) as info:
        action()
    return Path(info.value.path()).read_bytes()


def test_print_file_and_count_everything(page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import User
    from openpyxl import load_workbook

    from kiemdiem.apps.campaigns.models import Campaign
    from kiemdiem.apps.members.models import Member
    from tests.web.flows import decide_and_issue, submit_cell, submit_other_cells
    from tests.web.imports.test_imports import GOOD, workbook

    base = page.base_url
    campaign = Campaign.objects.get(year=2026, organization__code="DBSNV")

    # The office imports two new members from the Excel template's layout.
    login(page, "vanphong", "vanphong-demo-2020")
    page.goto(f"{base}/nhap-du-lieu/")
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(workbook(tmp_path / "moi.xlsx", GOOD))
    page.get_by_role("button", name="Nhập dữ liệu").click()
    page.wait_for_url("**/nhap-du-lieu/*/")
    page.wait_for_selector("text=Đã nhập “moi.xlsx”")
    assert "Đảng viên" in page.get_by_role("table", name="Kết quả nhập").inner_text()
    shot(page, "61-nhap-excel-xong")
    assert Member.objects.filter(party_card_number="52.000901").exists()

    # The campaign runs (its own browser tests show each step) and the decision is issued.
    submit_cell(User.objects.get(username="bithu"), ballots={3: "EXCELLENT"}, quota_note="Lý do")
    office = User.objects.get(username="vanphong")
    submit_other_cells(office)
    decide_and_issue(office)

    # Every document of the campaign in one place; the decision as PDF.
    page.goto(f"{base}/ke-hoach/{campaign.pk}/van-ban/")
    shot(page, "62-van-ban-ke-hoach")
    pdf = fetch(
        page, lambda: page.locator(f'a[href="/van-ban/{campaign.pk}/decision.pdf"]').click()
    )
    assert pdf.startswith(b"%PDF")
    (tmp_path / "qd.pdf").write_bytes(pdf)

    # Dossiers: the đảng bộ's list is long (every cell, collective and member, 50 a page);
    # the office opens Chi bộ Thanh tra Sở's, which lacks the party-building report, and
    # files it.
    page.goto(f"{base}/ke-hoach/{campaign.pk}/ho-so/?thieu=1")
    assert "Đủ hồ sơ:" in page.get_by_role("region", name="Tình trạng hồ sơ").inner_text()
    page.goto(f"{base}/chi-bo/{campaign.pk}/CB-TT/ho-so/?thieu=1")
    tt = page.locator("details", has_text="Chi bộ Thanh tra Sở (tổ chức đảng)")
    tt.evaluate("details => { details.open = true; }")  # the first one opens by itself
    assert "thiếu: Báo cáo tổng kết công tác xây dựng Đảng" in tt.inner_text()
    scan = tmp_path / "bao-cao-xay-dung-dang.pdf"
    scan.write_bytes(pdf)
    label = "Tệp: Báo cáo tổng kết công tác xây dựng Đảng (02 bản chính) — Chi bộ Thanh tra Sở"
    form = tt.locator("form", has=page.get_by_label(label))
    form.get_by_label(label).set_input_files(scan)
    form.get_by_role("button", name="Tải lên").click()
    page.wait_for_selector("text=Đã đưa tệp “bao-cao-xay-dung-dang.pdf” vào hồ sơ.")
    shot(page, "63-ho-so")
    archive = fetch(page, lambda: page.get_by_role("link", name="Tải toàn bộ hồ sơ (ZIP)").click())
    names = zipfile.ZipFile(io.BytesIO(archive)).namelist()
    assert names[0] == "00-danh-muc-ho-so-mau-04.docx"
    assert any(n.endswith("bao-cao-xay-dung-dang.pdf") for n in names)

    # The dashboard: three charts drawn by the shipped Chart.js, key figures.
    page.goto(f"{base}/ke-hoach/{campaign.pk}/thong-ke/")
    page.locator("canvas[data-drawn]").nth(2).wait_for()
    expect(page.locator("canvas[data-drawn]")).to_have_count(3)
    figures = page.get_by_label("Số liệu chính").inner_text()
    assert "HTXSNV: 1" in figures
    shot(page, "64-thong-ke")
    page.get_by_role("link", name="Kết quả xếp loại chất lượng").first.click()
    page.wait_for_selector("canvas[data-drawn]")
    shot(page, "65-bao-cao-xep-loai")
    book = fetch(page, lambda: page.get_by_role("link", name="Tải Excel").click())
    sheet = load_workbook(io.BytesIO(book)).active
    assert sheet["A4"].value == "Tổ chức" and sheet._charts  # type: ignore[union-attr]
    word = fetch(page, lambda: page.get_by_role("link", name="Tải Word").click())
    assert word[:2] == b"PK"

    # Any list: the subjects of the campaign, every row.
    page.goto(f"{base}/ke-hoach/{campaign.pk}/")
    listing = fetch(page, lambda: page.get_by_role("link", name="Tải danh sách (Excel)").click())
    rows = load_workbook(io.BytesIO(listing))["Đảng viên kiểm điểm"].max_row - 2
    assert (
        rows
        == Member.objects.filter(organization__path__startswith=campaign.organization.path).count()
    )

    # The scenario: downloaded as a workbook, brought back and evaluated.
    page.goto(f"{base}/ke-hoach/{campaign.pk}/kich-ban/")
    scenario = fetch(page, lambda: page.get_by_role("link", name="tải Excel").click())
    (tmp_path / "kich-ban.xlsx").write_bytes(scenario)
    page.get_by_label("Tệp kịch bản (.xlsx)").set_input_files(tmp_path / "kich-ban.xlsx")
    page.get_by_role("button", name="Đánh giá").click()
    expect(page.locator("body")).to_contain_text("Kết quả: kich-ban.xlsx")
    shot(page, "66-kich-ban")
    logout(page)

    # The secretary prints the cell's minutes; the member their result letter, on a phone.
    login(page, "bithu", "bithu-demo-2026")
    page.goto(f"{base}/chi-bo/{campaign.pk}/CB-TT/")
    shot(page, "67-chi-bo-van-ban")
    minutes = fetch(
        page,
        lambda: (
            page.get_by_role("region", name="Văn bản in").locator("a[href*='minutes.docx']").click()
        ),
    )
    assert minutes[:2] == b"PK"
    logout(page)
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "dangvien", "dangvien-demo-2026")
    page.goto(f"{base}/ket-qua/{campaign.pk}/")
    shot(page, "68-dang-vien-thong-bao")
    letter = fetch(page, lambda: page.locator("a[href*='notification.pdf']").first.click())
    assert letter.startswith(b"%PDF")
