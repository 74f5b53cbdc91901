"""List API tokens: `manage.py api_token_list [--user USERNAME] [--active]`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kiemdiem.apps.accounts.models import ApiToken


class Command(BaseCommand):
    help = "Liệt kê khóa truy cập API (tiền tố, tài khoản, tên, ngày cấp, dùng gần nhất)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", help="chỉ khóa của tài khoản này")
        parser.add_argument("--active", action="store_true", help="chỉ khóa chưa thu hồi")

    def handle(self, *args: Any, **options: Any) -> None:
        tokens = ApiToken.objects.select_related("user").order_by("user__username", "created_at")
        if options["user"]:
            tokens = tokens.filter(user__username=options["user"])
        if options["active"]:
            tokens = tokens.filter(revoked_at__isnull=True)
        for t in tokens:
            state = f"thu hồi {t.revoked_at:%d/%m/%Y %H:%M}" if t.revoked_at else "đang dùng"
            used = f"{t.last_used_at:%d/%m/%Y %H:%M}" if t.last_used_at else "chưa dùng"
            self.stdout.write(
                f"{t.prefix}\t{t.user.username}\t{t.name}\t{t.created_at:%d/%m/%Y}\t{used}\t{state}"
            )
