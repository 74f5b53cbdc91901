from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "kiemdiem.apps.ledger"
    verbose_name = "Sổ ghi chống sửa đổi"
