from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "kiemdiem.apps.demo"
    label = "demo"
    verbose_name = "Dữ liệu mẫu"
