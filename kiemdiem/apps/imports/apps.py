from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "kiemdiem.apps.imports"
    verbose_name = "Nhập dữ liệu từ Excel"

    def ready(self) -> None:
        from kiemdiem.apps.core.jobs import register_reaper

        from .jobs import import_jobs_reap

        register_reaper(import_jobs_reap)
