"""Any list to Excel: the page's own view renders what the user may see, every row (not one
page of 50), and its tables become sheets."""

from __future__ import annotations

import io

from django.contrib.auth.models import User
from django.test import Client
from python_calamine import CalamineWorkbook

from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.members.models import Member
from kiemdiem.apps.statistics.export import tables, workbook_bytes


def campaign() -> Campaign:
    return Campaign.objects.get(year=2026, organization__code="DBSNV")


def sheets(body: bytes) -> dict[str, list[list[object]]]:
    wb = CalamineWorkbook.from_filelike(io.BytesIO(body))
    return {n: wb.get_sheet_by_name(n).to_python() for n in wb.sheet_names}


def test_cells_read_as_a_person_reads_them() -> None:
    html = """<h1>x</h1><table class="kd-table" aria-label="Danh sách">
      <thead><tr><th rowspan="2">Tên</th><th colspan="2">Hoàn thành tốt</th></tr>
             <tr><th>Số</th><th>Tỷ lệ</th></tr></thead>
      <tbody><tr><th>An<span class="visually-hidden">ẩn</span></th>
        <td><select><option>1</option><option selected>12</option></select><button>Ghi</button></td>
        <td><input type="hidden" value="bí mật"><input value="1.234"><script>x()</script></td></tr>
      </tbody></table><table class="other"><tr><td>bỏ qua</td></tr></table>"""
    [found] = tables(html)
    assert found.header == ["Tên", "Hoàn thành tốt — Số", "Hoàn thành tốt — Tỷ lệ"]
    assert found.rows == [["An", "12", "1.234"]]
    book = sheets(workbook_bytes([found], "Tiêu đề"))
    assert book["Danh sách"][2] == ["An", 12.0, 1234.0]  # numbers as numbers


def test_the_subjects_list_exports_every_row_not_one_page(demo: object, alice: User) -> None:
    client = Client()
    client.force_login(alice)
    url = f"/ke-hoach/{campaign().pk}/"
    page = client.get(url).content.decode()
    assert "xuat=xlsx" in page  # the link is on the page
    members = Member.objects.filter(organization__path__startswith=campaign().organization.path)
    assert members.count() > 50  # the page shows 50 a page
    response = client.get(url + "?xuat=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "ke-hoach-kiem-diem" in response["Content-Disposition"]
    rows = sheets(response.content)["Đảng viên kiểm điểm"]
    names = {r[0] for r in rows[2:]}
    assert names == set(members.values_list("full_name", flat=True))


def test_an_export_holds_only_what_the_user_may_see(
    demo: object, secretary_a: User, member_a: User
) -> None:
    client = Client()
    client.force_login(secretary_a)
    book = sheets(client.get(f"/chi-bo/{campaign().pk}/CB-TT/?xuat=xlsx").content)
    listed = {r[0] for r in book["Bản tự kiểm điểm"][2:]}
    assert listed == set(
        Member.objects.filter(organization__code="CB-TT").values_list("full_name", flat=True)
    )
    client.force_login(member_a)  # a page they may not see is not exported either
    assert client.get(f"/ke-hoach/{campaign().pk}/?xuat=xlsx").status_code == 403
    # A page without a list says so.
    none = client.get(f"/tu-kiem-diem/{campaign().pk}/?xuat=xlsx")
    assert none.status_code == 404
    assert "không có danh sách" in none.content.decode()
