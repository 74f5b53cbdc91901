from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "kiemdiem.apps.evaluation"
    verbose_name = "Đánh giá theo quy định"
