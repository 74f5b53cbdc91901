from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "kiemdiem.apps.documents"
    verbose_name = "Văn bản, biểu mẫu"

    def ready(self) -> None:
        # The steps below (meetings, decisions, complaints) issue papers through
        # core.papers; this app renders and stores them (see core/papers.py).
        from kiemdiem.apps.core.papers import register_archiver

        from .archive import paper_issue

        register_archiver(paper_issue)
