"""`manage.py backup FILE`: the database, the uploaded files and the stored papers in
one archive with a manifest of hashes (restored by `manage.py restore FILE`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kiemdiem.apps.backups.archive import backup_write
from kiemdiem.apps.core.errors import ServiceError


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu, tệp tải lên và văn bản đã ban hành vào một tệp."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="tệp sao lưu sẽ ghi (.tar)")

    def handle(self, *args: Any, **options: Any) -> None:
        target = Path(options["file"])
        if target.exists():
            raise CommandError(f"“{target}” đã có: chọn tên khác (không ghi đè bản sao lưu)")
        try:
            written = backup_write(target)
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"Đã sao lưu vào {written.path}: cơ sở dữ liệu và {written.files} tệp "
            f"({written.bytes / 1e6:.1f} MB)."
        )
