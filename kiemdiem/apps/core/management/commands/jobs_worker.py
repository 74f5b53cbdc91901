"""`manage.py jobs_worker`: takes background jobs off the queue and runs them, one at a
time per process (start several for more). First it fails, for retry, the jobs a dead
worker left running."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from kiemdiem.apps.core.jobs import jobs_reap


class Command(BaseCommand):
    help = "Chạy các công việc nền (nhập dữ liệu, …) đang chờ."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch", action="store_true", help="Chạy hết các việc đang chờ rồi dừng."
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Giây chờ giữa hai lần xem hàng đợi."
        )

    def handle(self, *args: Any, batch: bool, interval: float, **options: Any) -> None:
        reaped = jobs_reap()
        if reaped:
            self.stderr.write(f"Đã đánh dấu {reaped} việc bị bỏ dở (có thể chạy lại).")
        call_command(
            "db_worker",
            queue_name="*",
            batch=batch,
            interval=interval,
            reload=False,
            startup_delay=False,
            verbosity=options.get("verbosity", 1),
        )
