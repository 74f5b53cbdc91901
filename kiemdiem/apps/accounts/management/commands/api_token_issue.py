"""Issue an API token for an account: `manage.py api_token_issue USERNAME "what for"`."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kiemdiem.apps.accounts.tokens import api_token_issue


class Command(BaseCommand):
    help = "Cấp khóa truy cập API cho một tài khoản (khóa chỉ hiện một lần)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("name", help="dùng cho việc gì")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"Không có tài khoản “{options['username']}”")
        system = User.objects.filter(is_superuser=True).order_by("id").first()
        _, raw = api_token_issue(actor=system or user, user=user, name=options["name"])
        self.stdout.write(raw)
