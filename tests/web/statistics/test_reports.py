"""Statistics: every figure checked against the demo campaign counted another way (straight
from the decided ratings, the agenda and the roll), a few by hand; the same result on
screen, in Excel and in Word; the dashboard; who sees what."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from python_calamine import CalamineWorkbook

from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.decisions.models import ClassificationDecision, DecidedRating
from kiemdiem.apps.members.models import Member
from kiemdiem.apps.members.services import member_create
from kiemdiem.apps.organizations.models import PartyOrganization
from kiemdiem.apps.statistics.contract import Filters
from kiemdiem.apps.statistics.registry import REPORTS
from kiemdiem.rules.ratings import RATING_LABEL
from tests.web.documents.test_documents import text_of

SCALE = ("EXCELLENT", "GOOD", "COMPLETED", "NOT_COMPLETED")


def campaign() -> Campaign:
    return Campaign.objects.get(year=2026, organization__code="DBSNV")


def run(code: str, kind: str = "member", scope: str = "DBSNV") -> list[dict[str, object]]:
    org = PartyOrganization.objects.get(code=scope)
    return REPORTS[code].execute(Filters(campaign(), org, kind)).rows


def by_name(rows: list[dict[str, object]]) -> dict[str, dict[str, object]]:
    return {str(r["name"]): r for r in rows}


def test_member_ratings_per_cell_match_the_decision_counted_directly(
    issued: ClassificationDecision,
) -> None:
    rows = by_name(run("xep-loai"))
    decided = dict(
        DecidedRating.objects.filter(decision=issued, subject__startswith="member/").values_list(
            "subject", "rating"
        )
    )
    cells = PartyOrganization.objects.filter(
        path__startswith=campaign().organization.path, kind__in=("cell", "grassroots_cell")
    )
    for cell in cells:
        members = Member.objects.filter(organization__path__startswith=cell.path)
        expected = {code: 0 for code in SCALE}
        for m in members:
            rating = decided.get(f"member/M{m.pk}")
            if rating:
                expected[rating] += 1
        row = rows[cell.name]
        assert {code: row[code] for code in SCALE} == expected, cell.name
        rated = sum(expected.values())
        assert row["total"] == members.count()
        for code in SCALE:
            assert row[f"{code}_pct"] == pytest.approx(expected[code] / rated)
    total = rows["Tổng cộng"]
    assert (
        total["total"]
        == Member.objects.filter(
            organization__path__startswith=campaign().organization.path
        ).count()
    )
    assert sum(total[c] for c in SCALE) == len(decided)  # type: ignore[misc]
    # By hand: Chi bộ Thanh tra Sở's third member was voted HTXSNV by all six present and
    # the committee decided as proposed; nobody else in the đảng bộ was.
    assert rows["Chi bộ Thanh tra Sở"]["EXCELLENT"] == 1
    assert total["EXCELLENT"] == 1
    assert rows["Chi bộ Thanh tra Sở"]["EXCELLENT_pct"] == pytest.approx(1 / 6)


def test_a_re_rating_changes_the_figures_and_a_cancelled_result_counts_as_not_rated(
    issued: ClassificationDecision, alice: User
) -> None:
    from django.utils import timezone

    from kiemdiem.apps.decisions.rerating import rerating_cancel, rerating_issue

    subject = DecidedRating.objects.filter(decision=issued, rating="EXCELLENT").get().subject
    before = by_name(run("xep-loai"))["Tổng cộng"]
    rr = rerating_cancel(
        actor=alice, campaign=campaign(), subject=subject, cause="violation", reason="Vi phạm"
    )
    pending = by_name(run("xep-loai"))["Tổng cộng"]
    assert pending["EXCELLENT"] == 0 and pending["unrated"] == before["unrated"] + 1  # type: ignore[operator]
    rerating_issue(
        actor=alice,
        rerating=rr,
        rating="COMPLETED",
        number="31-QĐ/ĐU",
        issued_on=timezone.localdate(),
    )
    after = by_name(run("xep-loai"))["Tổng cộng"]
    assert after["COMPLETED"] == before["COMPLETED"] + 1  # type: ignore[operator]
    assert after["unrated"] == before["unrated"]


def test_before_the_decision_the_figures_are_the_proposals_and_say_so(
    demo: object, secretary_a: User
) -> None:
    from tests.web.flows import submit_cell

    submit_cell(secretary_a, ballots={3: "EXCELLENT"}, quota_note="Lý do")
    org = PartyOrganization.objects.get(code="DBSNV")
    result = REPORTS["xep-loai"].execute(Filters(campaign(), org, "member"))
    rows = by_name(result.rows)
    assert rows["Chi bộ Thanh tra Sở"]["EXCELLENT"] == 1
    assert rows["Chi bộ Văn phòng"]["unrated"] == rows["Chi bộ Văn phòng"]["total"]
    assert result.chart is not None and "đề xuất" in result.chart.title


def test_completion_sheet_6f_counts_required_done_and_the_new_member(
    demo: object, alice: User, secretary_a: User
) -> None:
    from tests.web.flows import submit_cell

    cell = PartyOrganization.objects.get(code="CB-TT")
    # A member admitted a month before the meeting: not reviewed (under 6 months).
    member_create(
        actor=alice,
        organization=cell,
        full_name="Lê Văn Mới",
        admitted_on=campaign().meeting_on - timedelta(days=30),
    )
    before = by_name(run("kiem-diem"))["Chi bộ Thanh tra Sở"]
    assert (before["all"], before["required"], before["done"], before["new"]) == (7, 6, 0, 1)
    submit_cell(secretary_a)
    after = by_name(run("kiem-diem"))
    tt = after["Chi bộ Thanh tra Sở"]
    assert (tt["required"], tt["done"], tt["not_done"]) == (6, 6, 0)
    total = after["Tổng cộng"]
    roll = Member.objects.filter(organization__path__startswith=campaign().organization.path)
    assert total["all"] == roll.count()
    assert total["required"] == roll.count() - 1
    assert total["done"] == 6
    assert total["not_done"] == total["required"] - 6  # type: ignore[operator]
    # The demo's suggestions: the Đảng bộ Khối's to the Đảng ủy's collective and the đảng
    # ủy's to members — each counted by the level that gave it.
    members = REPORTS["kiem-diem"].execute(Filters(campaign(), campaign().organization, "member"))
    from kiemdiem.apps.campaigns.models import ReviewSuggestion

    to_members = ReviewSuggestion.objects.filter(campaign=campaign(), member__isnull=False)
    counted = next(r for r in members.rows if r.get("_total"))
    assert counted["upper"] + counted["grassroots"] == to_members.count()  # type: ignore[operator]


def test_past_years_and_the_quota_report(issued: ClassificationDecision) -> None:
    from kiemdiem.apps.decisions.models import PastRating

    years = by_name(run("cac-nam"))
    archived = PastRating.objects.filter(subject__startswith="member/")
    for year in set(archived.values_list("year", flat=True)):
        assert years[str(year)]["total"] == archived.filter(year=year).count()
    assert (
        years["2026"]["total"]
        == DecidedRating.objects.filter(decision=issued, subject__startswith="member/").count()
    )
    quota = run("ty-le")
    member_row = next(r for r in quota if r["kind"] == "Đảng viên")
    assert member_row["actual"] == 1
    assert member_row["allowed"] >= member_row["actual"]  # type: ignore[operator]
    assert member_row["state"] == "Trong tỷ lệ"
    assert member_row["actual_pct"] == pytest.approx(1 / member_row["base"])  # type: ignore[operator]


def test_one_result_on_screen_in_excel_and_in_word(
    issued: ClassificationDecision, alice: User
) -> None:
    client = Client()
    client.force_login(alice)
    url = f"/ke-hoach/{campaign().pk}/thong-ke/xep-loai/?doi-tuong=member"
    page = client.get(url).content.decode()
    rows = by_name(run("xep-loai"))
    assert "Chi bộ Thanh tra Sở" in page and "16,7 %" in page
    assert RATING_LABEL["EXCELLENT"] in page
    xlsx = client.get(url + "&dinh-dang=xlsx")
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(xlsx.content)).get_sheet_by_index(0)
    data = sheet.to_python()
    header = [str(v) for v in data[3]]
    assert header[:2] == ["Tổ chức", "Tổng số"] and RATING_LABEL["EXCELLENT"] in header
    body = {str(r[0]): r for r in data[5:] if r and r[0]}
    assert body["Chi bộ Thanh tra Sở"][2] == rows["Chi bộ Thanh tra Sở"]["EXCELLENT"]
    assert body["Tổng cộng"][1] == rows["Tổng cộng"]["total"]
    word = text_of(client.get(url + "&dinh-dang=docx").content)
    assert "KẾT QUẢ XẾP LOẠI CHẤT LƯỢNG" in word and "ĐẢNG CỘNG SẢN VIỆT NAM" in word
    assert "Chi bộ Thanh tra Sở" in word and "16,7 %" in word
    workbook = client.get(f"/ke-hoach/{campaign().pk}/thong-ke/bieu-thong-ke.xlsx")
    names = CalamineWorkbook.from_filelike(io.BytesIO(workbook.content)).sheet_names
    assert len(names) == 8 and names[0] == "1. Xếp loại TCĐ"


def test_dashboard_and_who_sees_which_statistics(
    issued: ClassificationDecision, alice: User, secretary_a: User, member_a: User
) -> None:
    pk = campaign().pk
    client = Client()
    client.force_login(alice)
    page = client.get(f"/ke-hoach/{pk}/thong-ke/").content.decode()
    assert "chart-4.5.1.umd.min.js" in page and page.count('data-chart="chart-') == 3
    client.force_login(secretary_a)  # the cell's own figures by default, never another's
    own = client.get(f"/ke-hoach/{pk}/thong-ke/").content.decode()
    assert "Chi bộ Thanh tra Sở" in own
    assert client.get(f"/ke-hoach/{pk}/thong-ke/?to-chuc=CB-VP").status_code == 403
    assert client.get(f"/ke-hoach/{pk}/thong-ke/?to-chuc=DBSNV").status_code == 403
    client.force_login(member_a)
    assert client.get(f"/ke-hoach/{pk}/thong-ke/").status_code == 403
    assert client.get(f"/ke-hoach/{pk}/thong-ke/khong-co/").status_code == 404


def test_a_past_year_s_statistics_never_count_later_years(demo: object) -> None:
    from django.core.management import call_command

    from kiemdiem.apps.decisions.models import PastRating

    call_command("demo_complete", stdout=io.StringIO())
    old = Campaign.objects.get(year=2020, organization__code="DBSNV")
    assert PastRating.objects.filter(year__gt=2020).exists()  # the archive's later years
    rows = REPORTS["cac-nam"].execute(Filters(old, old.organization, "member")).rows
    assert [r["name"] for r in rows] == ["2020"]
    decided = DecidedRating.objects.filter(decision__campaign=old, subject__startswith="member/")
    assert rows[0]["total"] == decided.count()


def test_a_report_is_kept_until_a_write_or_a_recomputation_changes_what_it_counts(
    issued: ClassificationDecision, alice: User
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kiemdiem.apps.decisions.rerating import rerating_cancel
    from kiemdiem.apps.statistics.kept import report_result

    report, filters = REPORTS["xep-loai"], Filters(campaign(), campaign().organization, "member")
    first = report_result(report, filters)
    with CaptureQueriesContext(connection) as again:
        kept = report_result(report, Filters(campaign(), campaign().organization, "member"))
    assert kept == first
    assert not any("storedsubject" in q["sql"] for q in again.captured_queries)
    subject = DecidedRating.objects.filter(decision=issued, rating="EXCELLENT").get().subject
    rerating_cancel(
        actor=alice, campaign=campaign(), subject=subject, cause="violation", reason="Vi phạm"
    )
    after = report_result(report, Filters(campaign(), campaign().organization, "member"))
    total = by_name(after.rows)["Tổng cộng"]
    assert total["EXCELLENT"] == by_name(first.rows)["Tổng cộng"]["EXCELLENT"] - 1  # type: ignore[operator]
    assert after.rows == report.execute(Filters(campaign(), campaign().organization, "member")).rows
