"""Verify the tamper-evident chain: `manage.py ledger_verify` (exit 1 when broken)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kiemdiem.apps.ledger.services import ledger_verify


class Command(BaseCommand):
    help = "Kiểm tra chuỗi bản ghi kiểm phiếu, đề xuất, quyết định (mã băm nối tiếp)."

    def handle(self, *args: Any, **options: Any) -> None:
        verdict = ledger_verify()
        if not verdict.ok:
            raise CommandError(f"Chuỗi bản ghi hỏng: {verdict.reason}")
        self.stdout.write(f"Chuỗi bản ghi toàn vẹn: {verdict.entries} bản ghi.")
