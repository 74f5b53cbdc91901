"""The demo's 2026 campaign walked from a self-review to the issued decision on the day the
demo is loaded, in Debian's Chromium, without changing any date by hand: the member
submits (and finds the form read-only after), the office sends another cell's draft, the
secretary records the meeting held today (the draft went out five working days before),
tallies and reports, the office appraises, records why the other cells are not in, and
issues — each irreversible step asked first. Screenshots in test-artifacts/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.web.browser.helpers import login, logout, shot

pytestmark = pytest.mark.browser


def test_the_2026_campaign_from_self_review_to_issued_decision_today(page) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from kiemdiem.apps.campaigns.models import Campaign
    from kiemdiem.apps.decisions.models import ClassificationDecision
    from kiemdiem.apps.documents.models import IssuedPaper
    from kiemdiem.apps.members.models import Member
    from kiemdiem.apps.reviews.models import Meeting

    today = timezone.localdate()
    campaign = Campaign.objects.get(year=2026, organization__code="DBSNV")
    people = list(Member.objects.filter(organization__code="CB-TT").order_by("party_card_number"))
    base = page.base_url

    # 1. The member writes and submits; the form then says it is final, before any typing.
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "dangvien", "dangvien-demo-2026")
    page.goto(f"{base}/tu-kiem-diem/{campaign.pk}/")
    page.get_by_label("1. Ưu điểm").fill("Hoàn thành đúng hạn các cuộc thanh tra được giao.")
    page.get_by_label("2. Hạn chế, khuyết điểm và nguyên nhân").fill("Có lúc chậm báo cáo.")
    page.get_by_label("5. Phương hướng, biện pháp khắc phục").fill("Báo cáo đúng hạn.")
    page.get_by_label("6. Cam kết tu dưỡng, rèn luyện, phấn đấu").fill("Giữ gìn phẩm chất.")
    page.get_by_label("Điểm nhóm tiêu chí chung (tối đa 30)").fill("27")
    page.get_by_label("Điểm nhóm kết quả thực hiện nhiệm vụ (tối đa 70)").fill("60")
    page.get_by_label("Tỷ lệ nhiệm vụ hoàn thành đúng hạn (%)").fill("100")
    page.get_by_label("Tỷ lệ chỉ tiêu, nhiệm vụ hoàn thành (%)").fill("100")
    # 87 points: HTTNV at most; HTXSNV chosen, the warning shows in plain sight.
    with page.expect_response("**/xem-truoc/"):
        page.get_by_label("Tự xếp loại").select_option("EXCELLENT")
    warning = page.locator("#vuot-muc")
    warning.wait_for()
    assert "cao hơn mức cao nhất" in warning.inner_text()
    shot(page, "50-dang-vien-canh-bao-vuot-muc", full_page=False)
    page.get_by_role("button", name="Nộp bản tự kiểm điểm").click()
    assert "Đánh dấu xác nhận" in page.locator(".errorlist, .errornote").first.inner_text()
    page.get_by_label("Tự xếp loại").select_option("GOOD")
    page.get_by_role("button", name="Nộp bản tự kiểm điểm").click()
    expect(page.locator("body")).to_contain_text("Đã nộp bản tự kiểm điểm.")
    assert "Nộp bản tự kiểm điểm" in page.dialogs[-1]  # asked first
    banner = page.locator("#chi-doc")
    assert "Chỉ xem, không sửa được" in banner.inner_text()
    assert page.get_by_label("1. Ưu điểm").is_disabled()
    shot(page, "51-dang-vien-da-nop-chi-xem")
    logout(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    # 2. The office sends Chi bộ Tổ chức - Biên chế's draft today, as typed.
    login(page, "vanphong", "vanphong-demo-2020")
    page.goto(f"{base}/chi-bo/{campaign.pk}/CB-TCBC/bao-cao/")
    page.get_by_label("3. Kết quả khắc phục hạn chế", exact=False).fill(
        "Đã khắc phục việc chậm thẩm định hồ sơ."
    )
    page.get_by_label("Ngày gửi dự thảo đến người dự họp").fill(today.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Lưu và gửi dự thảo").click()
    expect(page.locator("body")).to_contain_text("Đã gửi dự thảo báo cáo đến người dự họp.")
    expect(page.locator("body")).to_contain_text("Đã khắc phục việc chậm thẩm định hồ sơ.")
    shot(page, "52-van-phong-gui-du-thao")
    logout(page)

    # 3. The secretary records today's meeting, the tallies, and reports to the đảng ủy.
    login(page, "bithu", "bithu-demo-2026")
    page.goto(f"{base}/chi-bo/{campaign.pk}/CB-TT/hoi-nghi/")
    page.get_by_label("Ngày họp").fill(today.strftime("%d/%m/%Y"))
    page.get_by_label("Bắt đầu").fill("07:30")
    page.get_by_label("Kết thúc").fill("16:30")
    page.get_by_label("Chủ trì", exact=True).select_option(str(people[0].pk))
    # A member who is not the deputy may not chair the secretary's own review.
    page.get_by_label("Chủ trì khi kiểm điểm bí thư chi bộ (cấp phó)").select_option(
        str(people[3].pk)
    )
    page.get_by_label("Thư ký hội nghị (người ghi và ký biên bản)").select_option(str(people[2].pk))
    page.get_by_label("Ban kiểm phiếu (họ tên, chức danh)").fill(
        f"{people[4].full_name} (trưởng ban), {people[5].full_name}"
    )
    page.get_by_role("button", name="Ghi biên bản hội nghị").click()
    assert "cấp phó chủ trì" in page.locator(".errorlist, .errornote").first.inner_text()
    page.get_by_label("Chủ trì khi kiểm điểm bí thư chi bộ (cấp phó)").select_option(
        str(people[1].pk)
    )
    page.get_by_role("button", name="Ghi biên bản hội nghị").click()
    expect(page.locator("body")).to_contain_text("Đã ghi biên bản hội nghị.")
    page.get_by_role("link", name="Kiểm phiếu").click()
    rows = page.get_by_role("table", name="Kết quả kiểm phiếu").locator("tbody tr")
    for i in range(rows.count()):
        row = rows.nth(i)
        if row.get_by_role("button").count() == 0:
            continue
        name = row.locator("td").first.inner_text()
        present = int(row.get_by_label("Có mặt").input_value())
        # Her data allow HTNV at most: the meeting votes so.
        level = "Hoàn thành nhiệm vụ" if "Ngô Mỹ Thảo" in name else "Hoàn thành tốt nhiệm vụ"
        row.get_by_label("Phiếu hợp lệ").fill(str(present))
        row.get_by_label(level, exact=True).fill(str(present))
        row.get_by_role("button").click()
        page.locator(f"#{row.get_attribute('id')}").get_by_text("Đã ghi.").wait_for()
    page.get_by_role("link", name="Đề xuất xếp loại").click()
    page.get_by_role("button", name="Báo cáo kết quả đề xuất lên đảng ủy").click()
    expect(page.locator("body")).to_contain_text("Đã báo cáo kết quả đề xuất lên đảng ủy.")
    assert "không sửa được" in page.dialogs[-1]
    page.get_by_role("link", name="Hội nghị kiểm điểm").click()
    page.wait_for_url("**/hoi-nghi/")
    assert "Chỉ xem, không sửa được" in page.locator("#chi-doc").inner_text()
    shot(page, "53-bi-thu-da-bao-cao-chi-xem")
    assert Meeting.objects.get(campaign=campaign, organization__code="CB-TT").held_on == today
    logout(page)

    # 4. The office appraises, decides, records why the other cells are not in, issues.
    login(page, "vanphong", "vanphong-demo-2020")
    page.goto(f"{base}/ke-hoach/{campaign.pk}/tham-dinh/")
    table = page.get_by_role("table", name="Thẩm định Chi bộ Thanh tra Sở")
    buttons = table.get_by_role("button")
    for i in range(buttons.count()):
        table.get_by_role("button").nth(i).click()
        page.locator(".kd-badge.kd-ok").nth(i).wait_for()  # i + 1 agreed
    shot(page, "54-van-phong-tham-dinh")
    page.goto(f"{base}/ke-hoach/{campaign.pk}/quyet-dinh/")
    page.get_by_role("button", name="Quyết định theo đề xuất").click()
    page.get_by_label("Số quyết định").fill("21-QĐ/ĐU")
    page.get_by_role("button", name="Ban hành quyết định").click()
    assert "chi bộ chưa báo cáo" in page.locator(".errornote").first.inner_text()
    shot(page, "55-quyet-dinh-thieu-chi-bo")
    missing = page.locator("#chua-bao-cao tbody tr")
    for i in range(missing.count()):
        row = page.locator("#chua-bao-cao tbody tr").nth(i)
        row.get_by_role("textbox").fill("Chi bộ họp bổ sung ngày 18/12, báo cáo sau")
        row.get_by_role("button").click()
        page.locator("#chua-bao-cao tbody tr").nth(i).get_by_text("Đã ghi").wait_for()
    page.get_by_label("Số quyết định").fill("21-QĐ/ĐU")
    page.get_by_role("button", name="Ban hành quyết định").click()
    expect(page.locator("body")).to_contain_text("Đã ban hành Quyết định số 21-QĐ/ĐU")
    assert "Chi bộ chưa báo cáo, không có trong quyết định" in page.dialogs[-1]
    shot(page, "56-quyet-dinh-ban-hanh")
    decision = ClassificationDecision.objects.get(campaign=campaign)
    assert decision.status == "issued" and decision.issued_on == today
    assert IssuedPaper.objects.filter(campaign=campaign, kind="decision").exists()
    assert IssuedPaper.objects.filter(campaign=campaign, kind="minutes", ref="CB-TT").exists()
