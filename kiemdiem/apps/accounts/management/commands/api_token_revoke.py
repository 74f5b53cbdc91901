"""Revoke an API token by its prefix: `manage.py api_token_revoke PREFIX [--reason …]`
(as the system administrator; audited)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kiemdiem.apps.accounts.models import ApiToken
from kiemdiem.apps.accounts.tokens import api_token_revoke
from kiemdiem.apps.core.errors import ServiceError


class Command(BaseCommand):
    help = "Thu hồi khóa truy cập API theo tiền tố (có hiệu lực ngay)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("prefix")
        parser.add_argument("--reason", default="", help="lý do thu hồi")

    def handle(self, *args: Any, **options: Any) -> None:
        matches = list(ApiToken.objects.filter(prefix=options["prefix"]))
        if len(matches) != 1:
            raise CommandError(f"Không có đúng một khóa với tiền tố “{options['prefix']}”")
        system = User.objects.filter(is_superuser=True, is_active=True).order_by("id").first()
        if system is None:
            raise CommandError("Cần một tài khoản quản trị hệ thống để ghi nhật ký thu hồi")
        try:
            token = api_token_revoke(actor=system, token=matches[0], reason=options["reason"])
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Đã thu hồi {token.prefix}… ({token.user.username}: {token.name})")
