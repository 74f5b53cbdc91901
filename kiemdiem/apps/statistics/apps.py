from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    """The statistics an office sends up the tree (Biểu thống kê), not the collective report
    (Mẫu 01, in `reviews`)."""

    name = "kiemdiem.apps.statistics"
    verbose_name = "Thống kê"
