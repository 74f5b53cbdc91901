"""`manage.py ledger_export_head [FILE]`: the chain's head now, signed, as JSON for the
upper level to keep. Later, `ledger_verify --head FILE` proves the chain still passes
through it (a rewritten chain does not)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from kiemdiem.apps.ledger.models import LedgerHead
from kiemdiem.apps.ledger.services import ledger_verify
from kiemdiem.apps.ledger.signing import exported


class Command(BaseCommand):
    help = "Xuất đầu chuỗi bản ghi (đã ký) để cấp trên lưu giữ."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="tệp sẽ ghi (mặc định: in ra màn hình)")

    def handle(self, *args: Any, **options: Any) -> None:
        verdict = ledger_verify()
        if not verdict.ok:  # never vouch for a broken chain
            raise CommandError(f"Chuỗi bản ghi hỏng, không xuất: {verdict.reason}")
        head = LedgerHead.objects.filter(id=1).first()
        seq, hash_ = (head.seq, head.hash) if head else (0, "0" * 64)
        site = (settings.ALLOWED_HOSTS or ["kiemdiem"])[0]
        text = json.dumps(
            exported(seq, hash_, timezone.now().isoformat(), site), ensure_ascii=False, indent=1
        )
        if options["file"]:
            Path(options["file"]).write_text(text + "\n")
            self.stdout.write(f"Đã xuất đầu chuỗi số {seq} vào {options['file']}.")
        else:
            self.stdout.write(text)
