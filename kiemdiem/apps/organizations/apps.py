from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "kiemdiem.apps.organizations"
    label = "organizations"
    verbose_name = "Tổ chức đảng và tập thể lãnh đạo"
