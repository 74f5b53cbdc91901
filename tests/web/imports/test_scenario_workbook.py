"""A campaign as a scenario workbook: downloaded, brought back and evaluated to the same
result as the campaign itself; a bad cell named; only for those who manage the campaign."""

from __future__ import annotations

import io
import json

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.evaluation.scenario import campaign_result
from kiemdiem.rules import evaluate
from kiemdiem.rules.scenario import read_workbook
from kiemdiem.rules.workbook import SHEETS


def campaign() -> Campaign:
    return Campaign.objects.get(year=2026, organization__code="DBSNV")


def test_the_campaign_round_trips_through_excel(demo: object, alice: User) -> None:
    client = Client()
    client.force_login(alice)
    book = client.get(f"/ke-hoach/{campaign().pk}/kich-ban.xlsx").content
    again = evaluate(read_workbook(book, source="kich-ban.xlsx")).to_json()
    assert again == campaign_result(campaign()).to_json()
    data = json.loads(client.get(f"/ke-hoach/{campaign().pk}/kich-ban.json").content)
    sheets = load_workbook(io.BytesIO(book))
    assert sheets[SHEETS["members"]].max_row - 2 == len(data["members"])
    page = client.post(
        f"/ke-hoach/{campaign().pk}/kich-ban/",
        {"file": SimpleUploadedFile("kich-ban.xlsx", book)},
    )
    assert page.status_code == 200
    html = page.content.decode()
    first = data["members"][0]["name"]
    assert first in html and "Kết quả: kich-ban.xlsx" in html


def test_an_edited_workbook_with_a_bad_cell_is_refused_by_its_place(
    demo: object, alice: User
) -> None:
    client = Client()
    client.force_login(alice)
    book = load_workbook(io.BytesIO(client.get(f"/ke-hoach/{campaign().pk}/kich-ban.xlsx").content))
    sheet = book[SHEETS["members"]]
    columns = [c.value for c in sheet[1]]
    sheet.cell(row=5, column=columns.index("admitted_on") + 1, value="31/02/2020")
    out = io.BytesIO()
    book.save(out)
    page = client.post(
        f"/ke-hoach/{campaign().pk}/kich-ban/",
        {"file": SimpleUploadedFile("sua.xlsx", out.getvalue())},
    )
    assert page.status_code == 422
    assert "Đảng viên, dòng 5, cột admitted_on" in page.content.decode()


def test_only_those_who_manage_the_campaign(demo: object, secretary_a: User) -> None:
    client = Client()
    client.force_login(secretary_a)
    assert client.get(f"/ke-hoach/{campaign().pk}/kich-ban.xlsx").status_code == 403
    assert client.get(f"/ke-hoach/{campaign().pk}/kich-ban/").status_code == 403
