from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "kiemdiem.apps.evaluation"
    verbose_name = "Đánh giá theo quy định"

    def ready(self) -> None:
        from .scenario import RECORDED, campaign_result
        from .stored import Variant, register_variant
        from .subjects import ROLL, roll_result

        # What the cells recorded: the committee's appraisal and decisions do not change it.
        register_variant(
            Variant(
                RECORDED,
                campaign_result,
                ignore=("decision.", "appraisal.", "rerating.", "campaign.close"),
            )
        )
        # The roll alone: nothing the campaign's steps record changes it.
        register_variant(
            Variant(
                ROLL,
                roll_result,
                ignore=(
                    "decision.",
                    "appraisal.",
                    "rerating.",
                    "campaign.close",
                    "self_review.",
                    "tally.",
                    "meeting.",
                    "report.",
                    "agenda_item.",
                    "absence.",
                    "proposal.",
                    "reservation.",
                ),
            )
        )
