"""`manage.py restore FILE`: a backup into an empty installation (migrated or not), every
hash checked before anything is written, then the ledger verified."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kiemdiem.apps.backups.archive import backup_restore
from kiemdiem.apps.core.errors import ServiceError


class Command(BaseCommand):
    help = "Khôi phục một bản sao lưu vào cài đặt trống, rồi kiểm tra chuỗi bản ghi."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="tệp sao lưu (.tar)")

    def handle(self, *args: Any, **options: Any) -> None:
        source = Path(options["file"])
        if not source.is_file():
            raise CommandError(f"Không có tệp “{source}”")
        try:
            restored = backup_restore(source)
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        # A backup from an older version: its migrations run forward.
        call_command("migrate", verbosity=0)
        self.stdout.write(
            f"Đã khôi phục bản sao lưu lúc {restored.created_at}: "
            f"cơ sở dữ liệu và {restored.files} tệp."
        )
        call_command("ledger_verify", stdout=self.stdout)
