from django.contrib import admin

from kiemdiem.apps.accounts.admin_mixins import ReadOnlyInline, ReadOnlyScopedAdmin

from .models import ClassificationDecision, DecidedRating


class RatingInline(ReadOnlyInline):
    model = DecidedRating
    fields = ("subject", "rating", "reason", "decided_by", "decided_at")


@admin.register(ClassificationDecision)
class DecisionAdmin(ReadOnlyScopedAdmin):
    scope_path = "campaign__organization__path"
    list_display = ("campaign", "status", "number", "issued_on", "issued_by")
    list_select_related = ("campaign", "issued_by")
    inlines = (RatingInline,)
