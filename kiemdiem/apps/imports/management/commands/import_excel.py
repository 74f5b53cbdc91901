"""manage.py import_excel FILE --root CODE --user NAME [--check]: the same checks and
writes as the upload page, from the command line (for large files and scripts)."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kiemdiem.apps.imports.plan import build_plan
from kiemdiem.apps.imports.reader import ordered, read_workbook
from kiemdiem.apps.imports.services import import_apply
from kiemdiem.apps.organizations.models import PartyOrganization


class Command(BaseCommand):
    help = "Nhập tổ chức, đảng viên và hồ sơ từ tệp Excel theo mẫu"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--root", required=True, help="mã tổ chức nhận dữ liệu")
        parser.add_argument("--user", required=True, help="tài khoản thực hiện")
        parser.add_argument("--check", action="store_true", help="chỉ kiểm tra, không ghi")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"Không có tệp {path}")
        root = PartyOrganization.objects.filter(code=options["root"]).first()
        user = User.objects.filter(username=options["user"]).first()
        if root is None or user is None:
            raise CommandError("Không có tổ chức hoặc tài khoản này")
        started = time.perf_counter()
        data, problems = read_workbook(str(path))
        plan, more = build_plan(data, root=root)
        problems = ordered(problems + more)
        if problems:
            for p in problems:
                self.stdout.write(str(p))
            raise CommandError(f"{len(problems)} lỗi: chưa ghi gì")
        if options["check"]:
            self.stdout.write(f"Tệp hợp lệ: {len(plan.members)} đảng viên")
            return
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        out = import_apply(actor=user, plan=plan, file_name=path.name, digest=digest)
        self.stdout.write(
            f"Đã nhập trong {time.perf_counter() - started:.1f} giây — thêm {out.created}, "
            f"cập nhật {out.updated}, không đổi {out.unchanged}"
        )
