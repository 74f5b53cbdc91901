"""The second half of a campaign in Debian's Chromium: the office appraises two cells with
a quota breach and resolves it, the committee decides and issues, a member sees the
result and files a complaint with an attachment, the office answers in writing; a
discipline found later leads to a re-rating that changes the result and keeps the history;
the campaign closes. Screenshots in test-artifacts/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.web.browser.helpers import login, logout, shot

pytestmark = pytest.mark.browser


def test_the_second_half_from_appraisal_to_closing(page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from django.contrib.auth.models import User

    from kiemdiem.apps.campaigns.models import Campaign
    from kiemdiem.apps.decisions.models import DecidedRating
    from kiemdiem.apps.members.models import Member
    from kiemdiem.apps.members.records import discipline_record
    from tests.web.flows import submit_cell, submit_other_cells

    office = User.objects.get(username="vanphong")
    secretary = User.objects.get(username="bithu")
    # The first half (its own browser test): every cell has met and reported; Chi bộ
    # Thanh tra proposes HTXSNV by ballot for three (two within their ceiling), the other
    # cells mostly HTNV: more HTXSNV than the đảng bộ's share of HTTNV allows.
    meeting = submit_cell(
        secretary,
        ballots={3: "EXCELLENT", 4: "EXCELLENT", 5: "EXCELLENT"},
        quota_note="Cả ba đồng chí có thành tích nổi bật",
    )
    submit_other_cells(office, excellent=1, others="COMPLETED")
    campaign = Campaign.objects.get(year=2026, organization__code="DBSNV")
    me = Member.objects.get(user__username="dangvien")
    mine = f"member/M{me.pk}"
    base = page.base_url

    # The office appraises: the quota is over; it proposes GOOD for one of the three and
    # agrees with a proposal of a second cell.
    login(page, "vanphong", "vanphong-demo-2020")
    page.goto(f"{base}/ke-hoach/{campaign.pk}/tham-dinh/")
    quotas = page.get_by_role("region", name="Tỷ lệ theo phạm vi")
    assert "tối đa" in quotas.inner_text()
    table = page.get_by_role("table", name="Thẩm định Chi bộ Thanh tra Sở")
    # The office agrees with one of those the cell rated HTXSNV, and with a proposal of a
    # second cell; the breach is left to the committee.
    top = [
        x["id"]
        for x in meeting.submitted_result["subjects"]
        if x["type"] == "member" and x["rating"] == "EXCELLENT"
    ]
    first = Member.objects.get(pk=int(top[0][1:]))
    table.get_by_role("button", name=f"Ghi thẩm định: {first.full_name}").click()
    page.wait_for_selector("text=Nhất trí với đề xuất")
    vp = page.get_by_role("table", name="Thẩm định Chi bộ Văn phòng")
    vp.get_by_role("button").first.click()
    page.locator(".kd-badge.kd-ok").nth(1).wait_for()  # two agreed
    shot(page, "40-van-phong-tham-dinh")

    # The committee decides: as proposed for everyone at once, then the quota screen names
    # who competes; it lowers one more with a reason, and issues.
    page.goto(f"{base}/ke-hoach/{campaign.pk}/quyet-dinh/")
    page.get_by_role("button", name="Quyết định theo đề xuất").click()
    expect(page.locator("body")).to_contain_text("Đã quyết định theo đề xuất")
    alert = page.get_by_role("alert").filter(has_text="vượt tỷ lệ")
    text = alert.inner_text()
    assert "bớt" in text and "phiếu HTXSNV" in text
    shot(page, "41-quyet-dinh-vuot-ty-le", full_page=False)
    # The last named competes least: the committee lowers them.
    competing = page.locator(".kd-competing li")
    names = [
        competing.nth(i).inner_text().split(" — ")[0].split(" · ")[0]
        for i in range(competing.count())
    ]
    excess = int(text.split("chọn ")[1].split(" ")[0])
    for name in names[-excess:]:
        page.get_by_label(f"Quyết định: {name}", exact=True).select_option("GOOD")
        page.get_by_label(f"Lý do: {name}", exact=True).fill("Cấp ủy cân nhắc tỷ lệ HTXSNV")
        page.get_by_role("button", name=f"Ghi quyết định: {name}").click()
    expect(page.get_by_role("alert").filter(has_text="vượt tỷ lệ")).to_have_count(0)
    page.get_by_label("Số quyết định").fill("15-QĐ/ĐU")
    page.get_by_role("button", name="Ban hành quyết định").click()
    expect(page.locator("body")).to_contain_text("Đã ban hành Quyết định số 15-QĐ/ĐU")
    shot(page, "42-quyet-dinh-ban-hanh")
    logout(page)

    # The member sees the result (notified), files a complaint with an attachment.
    login(page, "dangvien", "dangvien-demo-2026")
    page.get_by_role("link", name="Thông báo mới").first.click() if page.get_by_role(
        "link", name="Thông báo mới"
    ).count() else page.goto(f"{base}/ket-qua/{campaign.pk}/")
    page.goto(f"{base}/ket-qua/{campaign.pk}/")
    own = page.get_by_role("region", name=f"Kết quả của {me.full_name}")
    rating = DecidedRating.objects.get(decision__campaign=campaign, subject=mine)
    assert rating.get_rating_display() in own.inner_text()
    own.get_by_role("link", name="Gửi khiếu nại bằng văn bản").click()
    letter = tmp_path / "don-khieu-nai.pdf"
    letter.write_bytes(b"%PDF-1.4\n% don khieu nai\n")
    page.get_by_label("Nội dung khiếu nại").fill(
        "Đề nghị xem xét lại: tôi đã hoàn thành vượt mức các cuộc thanh tra được giao."
    )
    page.get_by_label("Tệp đính kèm", exact=False).set_input_files(str(letter))
    page.get_by_role("button", name="Gửi khiếu nại").click()
    steps = page.get_by_role("list", name="Các bước giải quyết")
    assert "Tiếp nhận đơn" in steps.inner_text()
    expect(page.get_by_role("link", name="don-khieu-nai.pdf")).to_have_count(1)
    complaint_url = page.url
    shot(page, "43-dang-vien-khieu-nai", full_page=False)
    logout(page)

    # The office assigns, concludes and answers in writing.
    login(page, "vanphong", "vanphong-demo-2020")
    page.goto(f"{base}/khieu-nai/")
    page.get_by_role("link", name=me.full_name).click()
    page.get_by_role("button", name="Giao xem xét").click()
    page.get_by_label("Nội dung đã xem xét").fill("Đã làm việc với chi ủy Chi bộ Thanh tra Sở")
    page.get_by_role("button", name="Ghi bước xem xét").click()
    page.get_by_label("Kết luận", exact=True).select_option("rejected")
    page.get_by_label("Nội dung kết luận").fill("Kết quả xếp loại đúng quy định, đúng tỷ lệ")
    page.get_by_role("button", name="Ghi kết luận").click()
    page.get_by_label("Số văn bản").fill("25-CV/ĐU")
    page.get_by_label("Nội dung trả lời").fill("Giữ nguyên kết quả xếp loại năm 2026.")
    page.get_by_role("button", name="Gửi văn bản trả lời").click()
    expect(page.locator("body")).to_contain_text("Văn bản trả lời số 25-CV/ĐU")
    shot(page, "44-van-phong-tra-loi")
    logout(page)

    login(page, "dangvien", "dangvien-demo-2026")
    page.goto(complaint_url)
    text = page.get_by_role("list", name="Các bước giải quyết").inner_text()
    for step in (
        "Tiếp nhận đơn",
        "Giao xem xét",
        "Xem xét, xác minh",
        "Kết luận",
        "Trả lời bằng văn bản",
    ):
        assert step in text
    logout(page)

    # A discipline found later: the office cancels the result and re-rates; a rating the
    # new data does not allow is refused with its reason.
    discipline_record(
        actor=office,
        member=me,
        form="reprimand",
        decided_on=date(campaign.year, 6, 1),
        violation="Vi phạm phát hiện qua kiểm tra sau kiểm điểm",
    )
    login(page, "vanphong", "vanphong-demo-2020")
    page.goto(f"{base}/ke-hoach/{campaign.pk}/xep-loai-lai/")
    page.get_by_label("Đối tượng").select_option(mine)
    page.get_by_label("Căn cứ").select_option("violation")
    page.get_by_label("Lý do hủy bỏ kết quả").fill(
        "Bị kỷ luật khiển trách ngày 01/06/2026, phát hiện sau"
    )
    page.get_by_role("button", name="Hủy bỏ kết quả").click()
    panel = page.get_by_role("region", name=f"Xếp loại lại {me.full_name}")
    panel.get_by_label("Mức xếp loại lại").select_option("COMPLETED")
    panel.get_by_label("Số quyết định xếp loại lại (Mẫu 03)").fill("30-QĐ/ĐU")
    panel.get_by_role("button", name="Ban hành quyết định xếp loại lại").click()
    assert (
        "mức cao nhất được phép là Không hoàn thành nhiệm vụ"
        in page.get_by_role("alert").first.inner_text()
    )
    panel = page.get_by_role("region", name=f"Xếp loại lại {me.full_name}")
    panel.get_by_label("Mức xếp loại lại").select_option("NOT_COMPLETED")
    panel.get_by_label("Số quyết định xếp loại lại (Mẫu 03)").fill("30-QĐ/ĐU")
    panel.get_by_role("button", name="Ban hành quyết định xếp loại lại").click()
    expect(page.locator("body")).to_contain_text("Quyết định xếp loại lại số 30-QĐ/ĐU")
    shot(page, "45-xep-loai-lai")
    page.get_by_role("link", name="Lịch sử").first.click()
    history = page.get_by_role("table", name="Lịch sử").inner_text()
    assert "Cấp ủy quyết định mức xếp loại" in history
    assert "Hủy bỏ kết quả xếp loại" in history
    assert "Không hoàn thành nhiệm vụ" in history and rating.get_rating_display() in history
    shot(page, "46-lich-su")

    # Everything decided, answered and re-rated: the campaign closes and is read-only.
    page.goto(f"{base}/ke-hoach/{campaign.pk}/quyet-dinh/")
    page.get_by_role("button", name="Kết thúc kế hoạch").click()
    expect(page.locator("body")).to_contain_text("Đã kết thúc kế hoạch")
    expect(page.get_by_role("button", name="Quyết định theo đề xuất")).to_have_count(0)
    shot(page, "47-ket-thuc")
    logout(page)

    login(page, "dangvien", "dangvien-demo-2026")
    page.goto(f"{base}/ket-qua/{campaign.pk}/")
    own = page.get_by_role("region", name=f"Kết quả của {me.full_name}").inner_text()
    assert "Không hoàn thành nhiệm vụ" in own and "30-QĐ/ĐU" in own
    expect(page.get_by_role("button", name="Ghi bảo lưu ý kiến")).to_have_count(0)  # closed
    shot(page, "48-dang-vien-ket-qua", full_page=False)
