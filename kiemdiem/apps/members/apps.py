from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "kiemdiem.apps.members"
    label = "members"
    verbose_name = "Đảng viên"
