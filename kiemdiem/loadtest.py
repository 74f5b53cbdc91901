"""Load test at province size (`make loadtest`): the November mix against the production
server on loopback.

    python -m kiemdiem.loadtest setup --members 200000   # once: the province, imported
    python -m kiemdiem.loadtest run --users 200 --seconds 300

`setup` imports a province through the product's own Excel import (~2,000 cells), opens
a 2026 campaign at the province, gives accounts to members, cell secretaries (their
meeting held, ready for tallies) and the province's organization board, and writes them
to `loadtest.json` in the data folder. `run` starts gunicorn with the production settings
(debug off, WhiteNoise, a job worker not needed) and simulates `--users` people, each
signing in once and then working with a pause of 2–8 s between steps:

- members (70 %): open their self-review, save a draft;
- cell secretaries (15 %): open the tallies page, record a subject's counts;
- the organization board (15 %): read the progress board, the documents page, and
  export the board to Excel.

It prints, per page, the count, errors and p50/p95/p99 in milliseconds, and writes them
as JSON beside the setup. Bounded: loopback only, a fixed number of users and seconds.
The database is the one the environment names (KIEMDIEM_DATABASE_URL, or SQLite in
KIEMDIEM_DATA_DIR)."""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from datetime import date, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any

PASSWORD = "Tai-khoan-kiem-thu-2026"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _django(data_dir: Path) -> None:
    os.environ["KIEMDIEM_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kiemdiem.web.settings")
    os.environ.setdefault("KIEMDIEM_LOG_FORMAT", "text")
    import django

    django.setup()


def setup(data_dir: Path, members: int, accounts: int, cells: int) -> None:
    _django(data_dir)
    from django.contrib.auth.models import User
    from django.core.management import call_command

    from kiemdiem.apps.accounts.models import OrganizationRole
    from kiemdiem.apps.campaigns.models import Campaign
    from kiemdiem.apps.campaigns.services import campaign_create
    from kiemdiem.apps.core import clock
    from kiemdiem.apps.imports.bench import write_workbook
    from kiemdiem.apps.imports.plan import build_plan
    from kiemdiem.apps.imports.reader import read_workbook
    from kiemdiem.apps.imports.services import import_apply
    from kiemdiem.apps.members.models import Member
    from kiemdiem.apps.organizations.models import PartyOrganization
    from kiemdiem.apps.reviews import meetings
    from kiemdiem.apps.reviews.reports import ReportInput, report_circulate, report_save
    from kiemdiem.rules.calendar import shift

    call_command("migrate", verbosity=0)
    root = PartyOrganization.objects.filter(code="TINH").first()
    manager: Any = PartyOrganization.objects  # treebeard: untyped
    if root is None:
        root = manager.add_root(
            create_kwargs={"code": "TINH", "name": "Đảng bộ Tỉnh", "kind": "upper_committee"}
        )
    board, _ = User.objects.get_or_create(username="bantochuc-tinh")
    board.set_password(PASSWORD)
    board.save()
    OrganizationRole.objects.get_or_create(user=board, organization=root, role="upper_board")
    if not Member.objects.exists():
        path = data_dir / "tinh.xlsx"
        t = time.perf_counter()
        write_workbook(path, members)
        data, problems = read_workbook(str(path))
        plan, more = build_plan(data, root=root)
        assert not problems and not more, (problems + more)[:5]
        import_apply(actor=board, plan=plan, file_name=path.name, digest="loadtest")
        print(f"imported {members:,} members in {time.perf_counter() - t:.0f} s")
    campaign = Campaign.objects.filter(organization=root, year=2026).first() or campaign_create(
        actor=board,
        organization=root,
        year=2026,
        ruleset="qd366-2025",
        meeting_on=date.today() + timedelta(days=20),
    )
    all_cells = list(PartyOrganization.objects.filter(kind="cell").order_by("code"))
    held, others = all_cells[:cells], all_cells[cells:]
    secretaries = []
    for n, cell in enumerate(held):
        user, _ = User.objects.get_or_create(username=f"bithu-{n:03d}")
        user.set_password(PASSWORD)
        user.save()
        OrganizationRole.objects.get_or_create(user=user, organization=cell, role="cell_committee")
        meeting = cell.meetings.filter(campaign=campaign).first() or meetings.meeting_prepare(
            actor=board, campaign=campaign, cell=cell
        )
        people = list(Member.objects.filter(organization=cell).order_by("party_card_number"))
        if meeting.status == "preparing":
            # The draft report went out five working days ago (000 §A.4.1), as the demo does.
            sent = shift(date.today(), -5, working=True)
            with clock.replay(sent):
                report = report_save(
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
                report_circulate(actor=board, report=report, on=sent)
            meetings.meeting_record(
                actor=board,
                meeting=meeting,
                data=meetings.MinutesInput(
                    held_on=date.today(),
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
        items = list(meeting.items.filter(kind="member").values_list("pk", flat=True))
        # Who may vote: full members on the day (000 §A.4.2), as the minutes count them.
        voters = sum(1 for m in people if m.full_member_on and m.full_member_on <= date.today())
        secretaries.append(
            {"username": user.username, "cell": cell.code, "items": items, "voters": voters}
        )
    members_out = []
    pool = list(
        Member.objects.filter(organization__in=others[: accounts * 2])
        .order_by("pk")
        .values_list("pk", flat=True)[:accounts]
    )
    for n, pk in enumerate(pool):
        user, _ = User.objects.get_or_create(username=f"dangvien-{n:04d}")
        user.set_password(PASSWORD)
        user.save()
        Member.objects.filter(pk=pk).update(user=user)
        members_out.append({"username": user.username})
    spec = {
        "campaign": campaign.pk,
        "board": [{"username": board.username}],
        "secretaries": secretaries,
        "members": members_out,
    }
    (data_dir / "loadtest.json").write_text(json.dumps(spec, indent=1))
    print(
        f"campaign {campaign.pk}; {len(members_out)} member accounts, "
        f"{len(secretaries)} secretaries (meetings held), 1 board account"
    )


class Browser:
    """One person's connection: cookies, CSRF, keep-alive."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)

    def request(
        self, method: str, path: str, form: dict[str, Any] | None = None, htmx: bool = False
    ) -> tuple[int, str]:
        body = urllib.parse.urlencode(form or {}) if form is not None else None
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if htmx:  # as the page's htmx sends it: the row comes back, 422 when refused
            headers["HX-Request"] = "true"
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
                if attempt == 2:
                    raise
        for header in response.msg.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, text

    def sign_in(self, username: str) -> None:
        status, page = self.request("GET", "/dang-nhap/")
        token = CSRF.search(page)
        assert status == 200 and token, status
        status, _ = self.request(
            "POST",
            "/dang-nhap/",
            {"csrfmiddlewaretoken": token.group(1), "username": username, "password": PASSWORD},
        )
        assert status == 302, f"sign-in of {username}: {status}"


def _said(html: str) -> str:
    """The first error a refused page shows, for the report."""
    found = re.search(r'class="(?:errorlist|errornote)[^"]*"[^>]*>(?:<li>)?([^<]{0,160})', html)
    return found.group(1) if found else ""


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, list[str]] = defaultdict(list)

    def timed(
        self, label: str, browser: Browser, method: str, path: str, expect: int = 200, **kw: Any
    ) -> str:
        """One step, timed; any answer but the expected one (a form refused, a 500, a
        timeout) is an error of the run."""
        started = time.perf_counter()
        try:
            status, text = browser.request(method, path, **kw)
            problem = "" if status == expect else f"HTTP {status} {path} {_said(text)}"
        except Exception as exc:  # a timeout or a reset is a failure of the run, counted
            text, problem = "", f"{type(exc).__name__} {path}"
        elapsed = (time.perf_counter() - started) * 1000
        with self.lock:
            self.times[label].append(elapsed)
            if problem:
                self.errors[label].append(problem)
        return text


def _member(rec: Recorder, b: Browser, spec: dict[str, Any], rng: random.Random) -> None:
    page = rec.timed("bản tự kiểm điểm (xem)", b, "GET", f"/tu-kiem-diem/{spec['campaign']}/")
    token = CSRF.search(page)
    form = {
        "csrfmiddlewaretoken": token.group(1) if token else "",
        "strengths": f"Hoàn thành nhiệm vụ được giao; lần lưu {rng.randrange(10**6)}.",
        "general_points": "27",
        "results_points": "62",
        "tasks_on_time_pct": "100",
        "tasks_exceeded_pct": "10",
    }
    rec.timed(
        "bản tự kiểm điểm (lưu nháp)",
        b,
        "POST",
        f"/tu-kiem-diem/{spec['campaign']}/",
        expect=302,
        form=form,
    )


def _secretary(
    rec: Recorder, b: Browser, spec: dict[str, Any], me: dict[str, Any], rng: random.Random
) -> None:
    base = f"/chi-bo/{spec['campaign']}/{me['cell']}/kiem-phieu/"
    page = rec.timed("kiểm phiếu (xem)", b, "GET", base)
    token = CSRF.search(page)
    item = rng.choice(me["items"])
    n = me["voters"]
    good = rng.randrange(n + 1)
    prefix = f"t{item}"
    form = {
        "csrfmiddlewaretoken": token.group(1) if token else "",
        f"{prefix}-eligible": n,
        f"{prefix}-present": n,
        f"{prefix}-issued": n,
        f"{prefix}-valid": n,
        f"{prefix}-n_GOOD": good,
        f"{prefix}-n_COMPLETED": n - good,
    }
    rec.timed("kiểm phiếu (ghi)", b, "POST", f"{base}{item}/", form=form, htmx=True)


def _board(rec: Recorder, b: Browser, spec: dict[str, Any], rng: random.Random) -> None:
    c = spec["campaign"]
    step = rng.random()
    if step < 0.5:
        rec.timed("bảng tiến độ", b, "GET", f"/ke-hoach/{c}/tien-do/")
    elif step < 0.8:
        rec.timed("văn bản", b, "GET", f"/ke-hoach/{c}/van-ban/")
    else:
        rec.timed("bảng tiến độ (Excel)", b, "GET", f"/ke-hoach/{c}/tien-do/?xuat=xlsx")


def _user(
    rec: Recorder,
    port: int,
    spec: dict[str, Any],
    role: str,
    me: dict[str, Any],
    until: float,
    seed: int,
) -> None:
    rng = random.Random(seed)
    time.sleep(rng.uniform(0, 20))  # people arrive over the first 20 s
    b = Browser(port)
    started = time.perf_counter()
    try:
        b.sign_in(me["username"])
    except Exception as exc:
        with rec.lock:
            rec.errors["đăng nhập"].append(f"{me['username']}: {exc}")
        return
    with rec.lock:
        rec.times["đăng nhập"].append((time.perf_counter() - started) * 1000)
    while time.monotonic() < until:
        if role == "member":
            _member(rec, b, spec, rng)
        elif role == "secretary":
            _secretary(rec, b, spec, me, rng)
        else:
            _board(rec, b, spec, rng)
        time.sleep(rng.uniform(2, 8))


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run(data_dir: Path, users: int, seconds: int, workers: int) -> int:
    spec = json.loads((data_dir / "loadtest.json").read_text())
    port = free_port()
    env = dict(os.environ, KIEMDIEM_DATA_DIR=str(data_dir), KIEMDIEM_BIND=f"127.0.0.1:{port}")
    env.update(
        KIEMDIEM_WORKERS=str(workers),
        KIEMDIEM_HTTPS="0",
        DJANGO_SETTINGS_MODULE="kiemdiem.web.settings",
    )
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env=env, check=True
    )
    log = open(data_dir / "loadtest-server.log", "wb")  # noqa: SIM115 - lives as long as the server
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "deploy/gunicorn.conf.py"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        for _ in range(120):
            try:
                if Browser(port).request("GET", "/suc-khoe/")[0] == 200:
                    break
            except OSError:
                time.sleep(1)
        roles = (
            [("member", m) for m in spec["members"]],
            [("secretary", s) for s in spec["secretaries"]],
            [("board", b) for b in spec["board"]],
        )
        shares = (0.70, 0.15, 0.15)
        people: list[tuple[str, dict[str, Any]]] = []
        for pool, share in zip(roles, shares, strict=True):
            count = max(1, round(users * share))
            people += [pool[i % len(pool)] for i in range(count)]
        rec = Recorder()
        until = time.monotonic() + seconds
        threads = [
            threading.Thread(target=_user, args=(rec, port, spec, role, me, until, n), daemon=True)
            for n, (role, me) in enumerate(people[:users])
        ]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=seconds + 600)
        wall = time.perf_counter() - t0
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
        log.close()
    rows: list[dict[str, Any]] = []
    for label in sorted(rec.times):
        values = rec.times[label]
        rows.append(
            {
                "page": label,
                "count": len(values),
                "errors": len(rec.errors.get(label, [])),
                "p50": round(_percentile(values, 50)),
                "p95": round(_percentile(values, 95)),
                "p99": round(_percentile(values, 99)),
                "mean": round(statistics.fmean(values)),
            }
        )
    total = sum(int(r["count"]) for r in rows)
    errors = sum(len(v) for v in rec.errors.values())
    rate = total / wall
    print(f"{len(threads)} users, {seconds} s, {total:,} requests ({rate:.1f}/s), {errors} errors")
    print(f"{'page':34} {'count':>6} {'err':>4} {'p50':>6} {'p95':>6} {'p99':>6}  (ms)")
    for r in rows:
        figures = " ".join(f"{r[k]:>6}" for k in ("p50", "p95", "p99"))
        print(f"{r['page']:34} {r['count']:>6} {r['errors']:>4} {figures}")
    for label, problems in rec.errors.items():
        print(f"  {label}: {problems[:3]}")
    out = {
        "users": len(threads),
        "seconds": seconds,
        "requests": total,
        "errors": errors,
        "pages": rows,
    }
    (data_dir / "loadtest-result.json").write_text(json.dumps(out, ensure_ascii=False, indent=1))
    return 1 if errors else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiemdiem.loadtest")
    parser.add_argument("step", choices=["setup", "run"])
    parser.add_argument("--data", default=os.environ.get("KIEMDIEM_DATA_DIR", "var/loadtest"))
    parser.add_argument("--members", type=int, default=200_000)
    parser.add_argument("--accounts", type=int, default=300, help="member accounts")
    parser.add_argument("--cells", type=int, default=40, help="cells with a held meeting")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--workers", type=int, default=5, help="gunicorn processes")
    args = parser.parse_args(argv)
    data = Path(args.data).resolve()
    data.mkdir(parents=True, exist_ok=True)
    if args.step == "setup":
        setup(data, args.members, args.accounts, args.cells)
        return 0
    return run(data, args.users, args.seconds, args.workers)


if __name__ == "__main__":
    sys.exit(main())
