"""Import benchmark (`make bench`): a province's workbook — 200,000 members in ~2,000
cells under 100 đảng bộ cơ sở, with civil-service ratings and disciplines — read, checked
and written into a fresh SQLite database, then imported again (nothing changes). Prints
seconds per phase and peak memory; the target is under a minute for the first import.

    python -m kiemdiem.apps.imports.bench --members 200000
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

CELLS_PER_COMMITTEE = 20


def write_workbook(path: Path, members: int, seed: int = 2026) -> None:
    from openpyxl import Workbook

    rng = random.Random(seed)
    committees = max(1, members // (CELLS_PER_COMMITTEE * 100))
    cells = committees * CELLS_PER_COMMITTEE
    wb = Workbook(write_only=True)
    orgs = wb.create_sheet("Tổ chức đảng")
    orgs.append(["Mã tổ chức", "Tên tổ chức", "Loại hình", "Tổ chức cấp trên (mã hoặc tên)"])
    for c in range(committees):
        orgs.append([f"DB{c:03d}", f"Đảng bộ Cơ quan số {c}", "Đảng bộ cơ sở", "TINH"])
    for c in range(cells):
        orgs.append(
            [
                f"CB{c:05d}",
                f"Chi bộ số {c}",
                "Chi bộ trực thuộc",
                f"DB{c // CELLS_PER_COMMITTEE:03d}",
            ]
        )
    sheet = wb.create_sheet("Đảng viên")
    sheet.append(
        [
            "Số thẻ đảng viên",
            "Họ và tên",
            "Ngày sinh",
            "Ngày vào Đảng",
            "Ngày chính thức",
            "Chi bộ sinh hoạt (mã hoặc tên)",
            "Cán bộ, công chức, viên chức",
        ]
    )
    surnames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ"]
    given = ["Văn An", "Thị Bình", "Hữu Cường", "Thu Dung", "Minh Đức", "Thanh Hà", "Quốc Huy"]
    civil = wb.create_sheet("Xếp loại CCVC")
    civil.append(["Số thẻ đảng viên", "Năm", "Mức xếp loại"])
    discipline = wb.create_sheet("Kỷ luật")
    discipline.append(["Số thẻ đảng viên", "Hình thức", "Ngày quyết định"])
    for i in range(members):
        card = f"79.{i:07d}"
        born = date(1960, 1, 1) + timedelta(days=rng.randrange(14000))
        # Admitted at 18 to 26, so before today (a later admission is refused).
        admitted = born + timedelta(days=365 * 18 + rng.randrange(3000))
        # Dates as offices type them: half as date cells, half as text.
        typed = admitted.strftime("%d/%m/%Y") if i % 2 else admitted
        sheet.append(
            [
                card,
                f"{rng.choice(surnames)} {rng.choice(given)}",
                born,
                typed,
                admitted + timedelta(days=366),
                f"CB{rng.randrange(cells):05d}",
                "Có" if i % 3 else "Không",
            ]
        )
        if i % 3:
            civil.append([card, 2026, "Hoàn thành tốt nhiệm vụ"])
        if i % 97 == 0:
            discipline.append([card, "Khiển trách", date(2026, 5, 1)])
    wb.save(path)


def hostile_files(work: Path) -> None:
    """Each hostile workbook of the security review through the import reader, in a child
    process of its own capped at 1.5 GB of address space: time, outcome, peak memory."""
    import subprocess

    from kiemdiem.safefiles import hostile

    header = ["Số thẻ đảng viên", "Họ và tên", "Mã chi bộ"]
    cases = {**hostile.CASES, "2 GB khoảng trắng nén": None}
    print("hostile workbooks (import reader, child capped at 1.5 GB address space):")
    for name, make in cases.items():
        path = work / "hostile.xlsx"
        body = (
            make("Đảng viên", header)
            if make
            else hostile.whitespace_bomb("Đảng viên", header, megabytes=2048)
        )
        path.write_bytes(body)
        code = (
            "import resource, time, django; django.setup()\n"
            "resource.setrlimit(resource.RLIMIT_AS, (1536 << 20, 1536 << 20))\n"
            "from kiemdiem.apps.imports.reader import read_workbook\n"
            "t = time.perf_counter()\n"
            f"data, problems = read_workbook({str(path)!r})\n"
            "took = time.perf_counter() - t\n"
            # VmHWM, not ru_maxrss: the latter keeps the parent's size across fork and exec.
            "status = open('/proc/self/status').read().split('VmHWM:')[1]\n"
            "peak = int(status.split()[0]) / 1024\n"
            "said = str(problems[0]) if problems else 'read'\n"
            "print(f'{took:.2f} s, peak {peak:.0f} MiB: {said}')\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=600
        )
        said = done.stdout.strip() or f"exit {done.returncode}: {done.stderr.strip()[-200:]}"
        print(f"  {name} ({len(body) / 1024:.0f} KB): {said}")
        path.unlink()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=200_000)
    parser.add_argument("--keep", action="store_true", help="keep the generated workbook")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="kiemdiem-import-bench-"))
    os.environ["KIEMDIEM_DATA_DIR"] = str(work)
    os.environ.pop("KIEMDIEM_DATABASE_URL", None)
    # As served: no query log kept in memory.
    os.environ["KIEMDIEM_DEBUG"] = "false"
    os.environ.setdefault("KIEMDIEM_SECRET_KEY", "bench-only-" + "x" * 40)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kiemdiem.web.settings")
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command

    from kiemdiem.apps.accounts.models import OrganizationRole
    from kiemdiem.apps.imports.plan import build_plan
    from kiemdiem.apps.imports.reader import read_workbook
    from kiemdiem.apps.imports.services import import_apply
    from kiemdiem.apps.members.models import Member
    from kiemdiem.apps.organizations.models import PartyOrganization

    call_command("migrate", verbosity=0)
    manager: Any = PartyOrganization.objects  # treebeard: untyped
    root = manager.add_root(
        create_kwargs={"code": "TINH", "name": "Đảng bộ Tỉnh", "kind": "upper_committee"}
    )
    office = User.objects.create_user("bantochuc-tinh")
    OrganizationRole.objects.create(user=office, organization=root, role="upper_board")
    path = work / "tinh.xlsx"
    t = time.perf_counter()
    write_workbook(path, args.members)
    print(
        f"workbook: {args.members:,} members, {path.stat().st_size / 1e6:.1f} MB, "
        f"written in {time.perf_counter() - t:.1f} s (not counted)"
    )
    figures = []
    for attempt in ("first import", "same file again"):
        t0 = time.perf_counter()
        data, problems = read_workbook(str(path))
        t1 = time.perf_counter()
        plan, more = build_plan(data, root=root)
        t2 = time.perf_counter()
        assert not problems and not more, (problems + more)[:5]
        marks: list[float] = []

        def mark(done: int, total: int, marks: list[float] = marks) -> None:
            marks.append(time.perf_counter())

        out = import_apply(
            actor=office,
            plan=plan,
            file_name=path.name,
            digest="bench",
            progress=mark,
        )
        t3 = time.perf_counter()
        figures.append(t3 - t0)
        steps = [b - a for a, b in zip([t2, *marks], marks, strict=False)]
        print("  write steps (s): " + ", ".join(f"{x:.1f}" for x in steps))
        print(
            f"{attempt}: read {t1 - t0:.1f} s, check {t2 - t1:.1f} s, write {t3 - t2:.1f} s "
            f"— total {t3 - t0:.1f} s; created {out.created.get('members', 0):,}, "
            f"unchanged {out.unchanged.get('members', 0):,}"
        )
    assert Member.objects.count() == args.members
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:.0f} MiB; Python {platform.python_version()}, {platform.machine()}")
    hostile_files(work)
    if not args.keep:
        for f in work.iterdir():
            f.unlink()
        work.rmdir()
    return 0 if figures[0] < 60 else 1


if __name__ == "__main__":
    sys.exit(main())
