from django.apps import AppConfig


class BackupsConfig(AppConfig):
    """Backups that restore: the database, the uploaded files and the stored papers in one
    archive with a manifest of hashes (`manage.py backup`, `manage.py restore`)."""

    name = "kiemdiem.apps.backups"
    verbose_name = "Sao lưu, khôi phục"
