from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "kiemdiem.apps.decisions"
    verbose_name = "Quyết định xếp loại"
