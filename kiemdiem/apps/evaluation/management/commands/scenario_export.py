"""Export an organization's subtree as a scenario file for `kiemdiem evaluate`."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import yaml
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kiemdiem.apps.evaluation.roster import scenario_for
from kiemdiem.apps.organizations.models import PartyOrganization
from kiemdiem.rules import RuleSetError, load


class Command(BaseCommand):
    help = "Xuất cây tổ chức (từ một tổ chức đảng) thành tệp kịch bản cho `kiemdiem evaluate`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="mã tổ chức đảng gốc, ví dụ DBSNV")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--as-of", required=True, help="ngày đánh giá, YYYY-MM-DD")
        parser.add_argument("--ruleset", required=True, help="mã bộ quy tắc, ví dụ hd21-2019")
        parser.add_argument("--format", choices=("yaml", "json"), default="yaml")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            root = PartyOrganization.objects.get(code=options["code"])
        except PartyOrganization.DoesNotExist as exc:
            raise CommandError(f"không có tổ chức đảng mã “{options['code']}”") from exc
        try:
            as_of = date.fromisoformat(options["as_of"])
        except ValueError as exc:
            raise CommandError(
                f"--as-of: cần ngày dạng YYYY-MM-DD, nhận được “{options['as_of']}”"
            ) from exc
        try:
            load(options["ruleset"])
        except RuleSetError as exc:
            raise CommandError(f"--ruleset: {exc}") from exc
        data = scenario_for(
            root=root, year=options["year"], as_of=as_of, ruleset=options["ruleset"]
        )
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
