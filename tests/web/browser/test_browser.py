"""The demo as a person uses it: Debian's Chromium, driven by Playwright, against a live server.

Screenshots land in test-artifacts/ to be looked at.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.web.browser.helpers import login, shot

pytestmark = pytest.mark.browser


def test_admin_logs_in_and_browses_the_demo_dang_bo(page) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base_url + "/")
    expect(page.locator("body")).to_contain_text("Đăng nhập")
    shot(page, "01-dang-nhap")
    login(page, "admin", "kiemdiem-demo-2020")
    assert page.locator("#site-name").inner_text().startswith("kiemdiem")
    page.goto(page.base_url + "/admin/")
    shot(page, "02-trang-quan-tri")
    page.get_by_role("link", name="Tổ chức đảng", exact=True).click()
    page.wait_for_selector("#result_list")
    table = page.locator("#result_list").inner_text()
    assert "Đảng bộ Sở Nội vụ" in table and "Chi bộ Văn phòng" in table and "Tổ đảng số 1" in table
    shot(page, "03-to-chuc-dang")
    page.goto(page.base_url + "/admin/members/member/?q=52.0000")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() >= 9
    shot(page, "04-dang-vien-tim-kiem")
    rows.first.locator("th a").click()
    page.wait_for_selector("text=Quá trình sinh hoạt đảng")
    expect(page.locator("body")).to_contain_text("Chức vụ")
    shot(page, "05-ho-so-dang-vien")
    page.goto(page.base_url + "/admin/organizations/leadershipcollective/")
    page.get_by_role("link", name="Tập thể lãnh đạo Sở Nội vụ", exact=True).click()
    members = page.locator("#memberships-group").inner_text()
    assert "Người đứng đầu" in members and "Cấp phó" in members
    shot(page, "06-tap-the-lanh-dao")


def test_office_sees_only_its_dang_bo_and_a_wrong_password_is_refused(page) -> None:  # type: ignore[no-untyped-def]
    login(page, "vanphong", "sai-mat-khau")
    note = page.locator(".errornote").inner_text().lower()
    assert "tên đăng nhập hoặc mật khẩu không đúng" in note
    shot(page, "07-sai-mat-khau")
    login(page, "vanphong", "vanphong-demo-2020")
    page.goto(page.base_url + "/admin/members/member/")
    assert "52 đảng viên" in page.locator("#changelist-form").inner_text().replace("\xa0", " ")
    expect(page.locator("text=Thêm đảng viên")).to_have_count(
        0
    )  # read-only: writes go through services
    shot(page, "08-van-phong-danh-sach")


def test_office_opens_the_campaign_page(page) -> None:  # type: ignore[no-untyped-def]
    from kiemdiem.apps.campaigns.models import Campaign

    campaign = Campaign.objects.get(year=2020)
    login(page, "vanphong", "vanphong-demo-2020")
    page.goto(page.base_url + f"/ke-hoach/{campaign.pk}/")
    milestones = page.get_by_role("table", name="Mốc thời gian")
    assert "Chi bộ họp kiểm điểm, đánh giá, bỏ phiếu xếp loại" in milestones.inner_text()
    assert "20/11/2020" in milestones.inner_text()
    members = page.get_by_role("table", name="Đảng viên kiểm điểm")
    expect(members.locator("tbody tr")).to_have_count(50)  # 52, fifty a page
    expect(page.locator("body")).to_contain_text("Trang 1/2")
    page.get_by_label("Tên đảng viên hoặc chi bộ").fill("Thanh tra")
    page.get_by_role("button", name="Lọc").click()
    expect(members.locator("tbody tr")).to_have_count(6)
    expect(page.locator("body")).to_contain_text("6 đảng viên")
    shot(page, "09-ke-hoach-kiem-diem")
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    shot(page, "10-ke-hoach-tren-dien-thoai", full_page=False)


def test_member_writes_the_self_review_on_a_phone(page) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from django.utils import timezone

    from kiemdiem.apps.campaigns.models import Milestone

    Milestone.objects.filter(campaign__year=2026, code="cell_meeting").update(
        due_on=timezone.localdate() + timedelta(days=20)
    )
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base_url + "/tu-kiem-diem/")  # not signed in: to the members' login
    page.get_by_label("Tên đăng nhập").fill("dangvien")
    page.get_by_label("Mật khẩu").fill("dangvien-demo-2026")
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role(
        "link", name="Kế hoạch kiểm điểm, đánh giá, xếp loại chất lượng năm 2026"
    ).click()
    page.get_by_label("1. Ưu điểm").fill("Hoàn thành đúng hạn các hồ sơ thanh tra được giao.")
    page.get_by_label("Điểm nhóm tiêu chí chung (tối đa 30)").fill("28")
    page.get_by_label("Điểm nhóm kết quả thực hiện nhiệm vụ (tối đa 70)").fill("64")
    page.get_by_label("Tỷ lệ nhiệm vụ hoàn thành đúng hạn (%)").fill("100")
    page.get_by_label("Tỷ lệ nhiệm vụ vượt yêu cầu (%)").fill("35")
    page.get_by_role("button", name="Lưu bản nháp").click()
    preview = page.get_by_role("region", name="Mức cao nhất có thể tự xếp")
    assert "Hoàn thành xuất sắc nhiệm vụ" in preview.inner_text()  # 92 points, tasks met
    shot(page, "11-tu-kiem-diem-nhap", full_page=False)
    page.get_by_role("button", name="Nộp bản tự kiểm điểm").click()
    assert "Cần viết phần" in page.locator(".errornote, .errorlist").first.inner_text()
    page.get_by_label("2. Hạn chế, khuyết điểm và nguyên nhân").fill("Có lúc chậm báo cáo.")
    page.get_by_label("5. Phương hướng, biện pháp khắc phục").fill("Báo cáo đúng hạn.")
    page.get_by_label("6. Cam kết tu dưỡng, rèn luyện, phấn đấu").fill("Hoàn thành tốt nhiệm vụ.")
    page.get_by_label("Tự xếp loại").select_option("EXCELLENT")
    page.get_by_role("button", name="Nộp bản tự kiểm điểm").click()
    expect(page.locator("body")).to_contain_text("Đã nộp bản tự kiểm điểm.")
    shot(page, "12-tu-kiem-diem-da-nop")
