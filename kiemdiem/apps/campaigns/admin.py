from django.contrib import admin

from kiemdiem.apps.core.admin_mixins import ReadOnlyInline, ReadOnlyScopedAdmin

from .models import Campaign, Milestone


class MilestoneInline(ReadOnlyInline):
    model = Milestone
    fields = ("order", "title", "due_on", "rule", "cite")


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyScopedAdmin):
    scope_path = "organization__path"
    list_display = ("title", "organization", "year", "ruleset", "meeting_on", "status")
    list_filter = ("year", "status")
    list_select_related = ("organization",)
    inlines = (MilestoneInline,)
