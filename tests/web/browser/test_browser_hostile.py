"""Hostile files as a person meets them in Debian's Chromium: the administrator uploads a
template that would run code and is told which tag is refused; the office uploads a tiny
workbook that asked for 512 GB and reads why it is refused on the job's page; a member
sees the length of each self-review section; the server is still up after each.
Screenshots in test-artifacts/ (71–73)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from docx import Document
from playwright.sync_api import expect

from kiemdiem.safefiles import hostile
from tests.web.browser.helpers import login, logout, shot

pytestmark = pytest.mark.browser


def test_hostile_files_are_refused_with_the_reason(page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from kiemdiem.apps.campaigns.models import Campaign, Milestone
    from kiemdiem.apps.documents import render
    from kiemdiem.apps.documents.models import DocumentTemplate

    base = page.base_url
    campaign = Campaign.objects.get(year=2026, organization__code="DBSNV")
    Milestone.objects.filter(campaign=campaign, code="cell_meeting").update(
        due_on=timezone.localdate() + timedelta(days=20)
    )

    # The administrator uploads a notification template with a Jinja attack in it.
    doc = Document(str(render.template_path("notification", "qd366-2025")))
    doc.add_paragraph("{{ cycler.__init__.__globals__.os.system('id') }}")
    attack = tmp_path / "thong-bao.docx"
    out = io.BytesIO()
    doc.save(out)
    attack.write_bytes(out.getvalue())
    login(page, "admin", "kiemdiem-demo-2020")
    page.goto(f"{base}/mau-van-ban/?bo-quy-tac=qd366-2025")
    page.get_by_label("Mẫu đã sửa: Thông báo kết quả xếp loại").set_input_files(attack)
    page.get_by_role("row", name="Thông báo kết quả xếp loại").get_by_role(
        "button", name="Tải lên"
    ).click()
    page.wait_for_selector("text=không được phép")
    said = page.locator(".messagelist, .errornote, [role=alert]").first.inner_text()
    assert "gọi hàm “cycler.__init__.__globals__.os.system(…)”" in said
    shot(page, "71-mau-van-ban-bi-tu-choi")
    assert not DocumentTemplate.objects.exists()
    logout(page)

    # The office uploads 2 KB that would have asked the reader for 512 GB.
    bomb = tmp_path / "dang-vien.xlsx"
    bomb.write_bytes(hostile.far_cell("Đảng viên", ["Số thẻ đảng viên", "Họ và tên"]))
    login(page, "vanphong", "vanphong-demo-2020")
    page.goto(f"{base}/nhap-du-lieu/")
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(bomb)
    page.get_by_role("button", name="Nhập dữ liệu").click()
    page.wait_for_url("**/nhap-du-lieu/*/")
    page.wait_for_selector("text=vượt giới hạn")
    expect(page.locator("body")).to_contain_text("XFD1048576")
    shot(page, "72-nhap-excel-tep-doc-hai")
    page.goto(f"{base}/nhap-du-lieu/")  # the server is still there
    assert page.get_by_role("button", name="Nhập dữ liệu").is_visible()
    logout(page)

    # A member on a phone sees each section's length, and the browser holds it.
    login(page, "dangvien", "dangvien-demo-2026")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/tu-kiem-diem/{campaign.pk}/")
    strengths = page.get_by_label("1. Ưu điểm")
    assert strengths.get_attribute("maxlength") == "8000"
    assert page.get_by_text("Tối đa 8.000 ký tự").first.is_visible()
    strengths.fill("x" * 8_100)
    assert len(strengths.input_value()) == 8_000
    shot(page, "73-tu-kiem-diem-gioi-han")
