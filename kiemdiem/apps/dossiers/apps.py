from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "kiemdiem.apps.dossiers"
    verbose_name = "Hồ sơ kiểm điểm"
