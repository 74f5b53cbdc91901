from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "kiemdiem.apps.reports"
    verbose_name = "Thống kê, báo cáo"
