from django.apps import AppConfig


class CellsConfig(AppConfig):
    name = "kiemdiem.apps.cells"
    verbose_name = "Chi bộ kiểm điểm"
