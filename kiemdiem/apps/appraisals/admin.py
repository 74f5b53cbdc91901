from django.contrib import admin

from kiemdiem.apps.accounts.admin_mixins import ReadOnlyScopedAdmin

from .models import Appraisal


@admin.register(Appraisal)
class AppraisalAdmin(ReadOnlyScopedAdmin):
    scope_path = "cell__path"
    list_display = (
        "subject",
        "cell",
        "verdict",
        "rating",
        "reason",
        "appraised_by",
        "appraised_at",
    )
    list_filter = ("verdict", "campaign__year")
    list_select_related = ("cell", "appraised_by")
