from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "kiemdiem.apps.campaigns"
    label = "campaigns"
    verbose_name = "Kế hoạch kiểm điểm"
