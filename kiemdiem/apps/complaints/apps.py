from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "kiemdiem.apps.complaints"
    verbose_name = "Khiếu nại, bảo lưu ý kiến"
