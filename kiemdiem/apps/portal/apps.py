from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "kiemdiem.apps.portal"
    verbose_name = "Cổng thông tin"
