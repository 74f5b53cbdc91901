"""`manage.py demo_complete`: the demo's 2020 campaign run to its end (decided, a complaint
answered, a result re-rated), so its documents, dossiers and statistics can be seen.
`make run` runs it after `demo_load`; it does nothing a second time."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand
from django.db import transaction

from kiemdiem.apps.demo.completed import complete_2020


class Command(BaseCommand):
    help = "Hoàn tất kế hoạch năm 2020 của dữ liệu mẫu (quyết định, khiếu nại, xếp loại lại)."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        office = User.objects.get(username="vanphong")
        decision = complete_2020(office)
        if decision is None:
            self.stdout.write("Chưa có kế hoạch năm 2020: chạy demo_load trước.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Kế hoạch năm 2020 đã có quyết định {decision.number}: "
                f"/ke-hoach/{decision.campaign_id}/van-ban/"
            )
        )
