"""Verify the tamper-evident chain: `manage.py ledger_verify [--head FILE …]` (exit 1 when
broken). With --head, each head exported earlier (ledger_export_head) must still be a link
of the chain."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kiemdiem.apps.ledger.services import ledger_verify
from kiemdiem.apps.ledger.signing import read_exported


class Command(BaseCommand):
    help = (
        "Kiểm tra chuỗi bản ghi kiểm phiếu, đề xuất, quyết định, văn bản (mã băm nối tiếp, "
        "bản ghi và tệp như đã lưu, chữ ký đầu chuỗi)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--head",
            action="append",
            default=[],
            metavar="FILE",
            help="tệp đầu chuỗi đã xuất cho cấp trên (có thể nhiều lần)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        heads = []
        for name in options["head"]:
            try:
                heads.append(read_exported(Path(name).read_text()))
            except (OSError, ValueError) as exc:
                raise CommandError(f"Tệp đầu chuỗi “{name}”: {exc}") from exc
        verdict = ledger_verify(heads=heads)
        if not verdict.ok:
            raise CommandError(f"Chuỗi bản ghi hỏng: {verdict.reason}")
        against = f", khớp {len(heads)} đầu chuỗi đã xuất" if heads else ""
        self.stdout.write(f"Chuỗi bản ghi toàn vẹn: {verdict.entries} bản ghi{against}.")
