from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "kiemdiem.apps.documents"
    verbose_name = "Văn bản, biểu mẫu"
