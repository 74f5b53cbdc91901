from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kiemdiem.apps.core"
    label = "core"
    verbose_name = "Chung"

    def ready(self) -> None:
        from .textlimits import connect

        connect()
