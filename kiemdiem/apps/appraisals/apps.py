from django.apps import AppConfig


class AppraisalsConfig(AppConfig):
    name = "kiemdiem.apps.appraisals"
    verbose_name = "Thẩm định"
