from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "kiemdiem.apps.decisions"
    verbose_name = "Quyết định xếp loại"

    def ready(self) -> None:
        from kiemdiem.apps.evaluation.scenario import DECIDED
        from kiemdiem.apps.evaluation.stored import Variant, register_variant

        from .services import decision_compute

        # What is proposed and decided: issuing the paper or excusing a cell changes no rating.
        register_variant(
            Variant(DECIDED, decision_compute, ignore=("decision.issue", "decision.missing_report"))
        )
