from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "kiemdiem.apps.mail"
    verbose_name = "Thư điện tử"
