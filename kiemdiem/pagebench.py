"""Every page at province size (`make bench-pages`): the campaign of `make loadtest`'s
province (200,000 members imported through the product's own Excel import) carried
through its steps with the product's own services, and each page and API list timed for
each role — median and p95 of `--repeat` reads, queries, size — once its stored result
is up to date (the first read after a change is the worker's job, timed apart).

    python -m kiemdiem.pagebench report --data var/loadtest --cells 2100  # cells report
    python -m kiemdiem.pagebench decide --data var/loadtest               # accept all, issue
    python -m kiemdiem.pagebench pages --data var/loadtest --repeat 5     # the table

`report` has every (or `--cells`) cell hold its meeting, count each member's votes
(GOOD from every full member present) and submit, through the same services as a cell
secretary's pages. `decide` runs the office's steps: appraisal board, accept all
proposals, change a few, issue, the decision's documents. Each step prints its time and
the process's peak memory."""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from kiemdiem.loadtest import _django


def _setup(data_dir: Path) -> None:
    _django(data_dir)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # a province set up by an older version


def _peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def report(data_dir: Path, cells: int) -> None:
    _setup(data_dir)
    from datetime import date
    from datetime import time as clock_time

    from django.contrib.auth.models import User

    from kiemdiem.apps.campaigns.models import Campaign
    from kiemdiem.apps.core import clock
    from kiemdiem.apps.evaluation.scenario import cell_result
    from kiemdiem.apps.members.models import Member
    from kiemdiem.apps.organizations.models import PartyOrganization
    from kiemdiem.apps.reviews import meetings
    from kiemdiem.apps.reviews.models import CollectiveReport, Meeting
    from kiemdiem.apps.reviews.reports import ReportInput, report_circulate, report_save
    from kiemdiem.rules.calendar import shift
    from kiemdiem.rules.ratings import RANK

    spec = json.loads((data_dir / "loadtest.json").read_text())
    campaign = Campaign.objects.get(pk=spec["campaign"])
    board = User.objects.get(username=spec["board"][0]["username"])
    today = date.today()
    started, done = time.perf_counter(), 0
    for cell in PartyOrganization.objects.filter(kind="cell").order_by("code")[:cells]:
        people = list(Member.objects.filter(organization=cell).order_by("party_card_number"))
        if len(people) < 3:
            continue
        meeting = cell.meetings.filter(campaign=campaign).first() or meetings.meeting_prepare(
            actor=board, campaign=campaign, cell=cell
        )
        if meeting.status == Meeting.Status.SUBMITTED:
            continue
        if meeting.status == Meeting.Status.PREPARING:
            sent = shift(today, -5, working=True)
            with clock.replay(sent):
                if not CollectiveReport.objects.filter(
                    campaign=campaign, organization=cell, collective__isnull=True
                ).exists():
                    saved = report_save(
                        actor=board,
                        campaign=campaign,
                        organization=cell,
                        data=ReportInput(
                            results="Hoàn thành nhiệm vụ.",
                            shortcomings="Sinh hoạt chuyên đề chưa đều.",
                            direction="Sinh hoạt chuyên đề hằng quý.",
                            self_rating="GOOD",
                        ),
                    )
                    report_circulate(actor=board, report=saved, on=sent)
            meeting = meetings.meeting_record(
                actor=board,
                meeting=meeting,
                data=meetings.MinutesInput(
                    held_on=today,
                    started_at=clock_time(7, 30),
                    ended_at=clock_time(16, 30),
                    chair=people[0],
                    head_chair=None,
                    attendees=people,
                    secretary=people[1],
                    counting_committee=f"{people[-1].full_name}, {people[-2].full_name}",
                    conclusion="Thống nhất như biên bản.",
                ),
            )
        voters = sum(1 for m in people if m.full_member_on and m.full_member_on <= today)
        for item in meeting.items.filter(kind="member", pending=False, tally__isnull=True):
            meetings.tally_record(
                actor=board,
                item=item,
                eligible=voters,
                present=voters,
                issued=voters,
                valid=voters,
                counts={"GOOD": voters},
            )
        # Where the data allow less than the ballots' GOOD, the cell proposes what they
        # allow (as a secretary does when the page refuses the proposal).
        caps = {(s.type, s.id): s.ceiling for s in cell_result(meeting).subjects if s.ceiling}
        for item in meeting.items.all():
            cap = caps.get(item.subject_key(cell.code))
            if cap and RANK[cap] < RANK["GOOD"]:
                meetings.proposal_set(actor=board, item=item, proposed_rating=cap)
        meetings.meeting_submit(actor=board, meeting=meeting, quota_note="Theo kết quả phiếu")
        done += 1
        if done % 100 == 0:
            rate = done / (time.perf_counter() - started)
            print(f"{done} cells reported ({rate:.1f}/s, peak {_peak_mb()} MiB)", flush=True)
    print(f"{done} cells reported in {time.perf_counter() - started:.0f} s")


def _timed(label: str, step: Any) -> Any:
    t = time.perf_counter()
    out = step()
    print(f"{label}: {time.perf_counter() - t:.1f} s (peak {_peak_mb()} MiB)", flush=True)
    return out


def decide(data_dir: Path) -> None:
    _setup(data_dir)
    from datetime import date

    from django.contrib.auth.models import User

    from kiemdiem.apps.campaigns.models import Campaign
    from kiemdiem.apps.decisions.accepting import decided_accept_proposals
    from kiemdiem.apps.decisions.services import (
        cells_not_reported,
        decision_issue,
        missing_report_record,
    )
    from kiemdiem.apps.evaluation.scenario import DECIDED, RECORDED
    from kiemdiem.apps.evaluation.stored import results_refresh

    spec = json.loads((data_dir / "loadtest.json").read_text())
    campaign = Campaign.objects.get(pk=spec["campaign"])
    board = User.objects.get(username=spec["board"][0]["username"])
    _timed(
        "recompute what the cells recorded (the worker's job)",
        lambda: results_refresh(campaign=campaign, variant=RECORDED),
    )
    count, left = _timed(
        "accept every proposal", lambda: decided_accept_proposals(actor=board, campaign=campaign)
    )
    print(f"  {count} decided, {len(left)} left: {left[:3]}")
    _timed(
        "recompute the decided result (the worker's job)",
        lambda: results_refresh(campaign=campaign, variant=DECIDED),
    )
    for cell in _timed("cells not reported", lambda: cells_not_reported(campaign)):
        missing_report_record(
            actor=board, campaign=campaign, cell=cell, reason="Chi bộ họp bổ sung sau thời hạn"
        )
    _timed(
        "issue the decision",
        lambda: decision_issue(
            actor=board, campaign=campaign, number="99-QĐ/TU", issued_on=date.today()
        ),
    )


def pages(data_dir: Path, repeat: int, out: Path | None) -> None:
    _setup(data_dir)
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["*"]
    # The pages, not the static files: no collected manifest needed to time them.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    spec = json.loads((data_dir / "loadtest.json").read_text())
    pk = spec["campaign"]
    secretary = spec["secretaries"][0]
    roles = {
        "Ban tổ chức tỉnh": (
            spec["board"][0]["username"],
            [
                f"/ke-hoach/{pk}/",
                f"/ke-hoach/{pk}/?q=Chi+b%E1%BB%99&trang=3",
                f"/ke-hoach/{pk}/tien-do/",
                f"/ke-hoach/{pk}/tham-dinh/",
                f"/ke-hoach/{pk}/quyet-dinh/",
                f"/ke-hoach/{pk}/quyet-dinh/?chua=1",
                f"/ke-hoach/{pk}/van-ban/",
                f"/ke-hoach/{pk}/ho-so/",
                f"/ke-hoach/{pk}/thong-ke/",
                f"/ke-hoach/{pk}/thong-ke/kiem-diem/",
                f"/ke-hoach/{pk}/thong-ke/xep-loai/",
                f"/ket-qua/{pk}/",
                f"/ket-qua/{pk}/?q=Nguy%E1%BB%85n&trang=2",
                f"/api/campaigns/{pk}/subjects",
                f"/api/campaigns/{pk}/decision",
            ],
        ),
        "Đảng viên": (
            spec["members"][0]["username"],
            ["/", f"/tu-kiem-diem/{pk}/", f"/ket-qua/{pk}/"],
        ),
        "Chi ủy": (
            secretary["username"],
            [f"/chi-bo/{pk}/{secretary['cell']}/", f"/chi-bo/{pk}/{secretary['cell']}/de-xuat/"],
        ),
    }
    from kiemdiem.apps.accounts.tokens import api_token_issue

    rows = []
    for role, (username, urls) in roles.items():
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        # The API reads a bearer token, as a province's own systems would call it.
        _, raw = api_token_issue(actor=user, user=user, name="pagebench")
        bearer = {"Authorization": f"Bearer {raw}"}
        for url in urls:
            headers: dict[str, str] = bearer if url.startswith("/api/") else {}
            first = time.perf_counter()
            response = client.get(url, headers=headers)
            first_s = time.perf_counter() - first
            times, queries = [], 0
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as ctx:
                    t = time.perf_counter()
                    response = client.get(url, headers=headers)
                    times.append((time.perf_counter() - t) * 1000)
                queries = len(ctx.captured_queries)
            times.sort()
            row = {
                "role": role,
                "url": url,
                "status": response.status_code,
                "first_s": round(first_s, 1),
                "median_ms": round(statistics.median(times)),
                "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))]),
                "queries": queries,
                "kb": len(response.content) // 1024,
                "peak_mib": _peak_mb(),
            }
            rows.append(row)
            print(
                f"| {role} | `{url}` | {row['status']} | {row['median_ms']} | {row['p95_ms']} "
                f"| {queries} | {row['kb']} | {row['first_s']} |",
                flush=True,
            )
    if out is not None:
        out.write_text(json.dumps(rows, indent=1, ensure_ascii=False))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiemdiem.pagebench")
    parser.add_argument("step", choices=["report", "decide", "pages"])
    parser.add_argument("--data", default="var/loadtest")
    parser.add_argument("--cells", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    data = Path(args.data)
    if args.step == "report":
        report(data, args.cells)
    elif args.step == "decide":
        decide(data)
    else:
        pages(data, args.repeat, data / "pages.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
