from django.contrib import admin

from kiemdiem.apps.accounts.admin_mixins import ReadOnlyInline, ReadOnlyScopedAdmin

from .models import Campaign, CellSupervisor, Milestone, ReviewSuggestion


class SupervisorInline(ReadOnlyInline):
    model = CellSupervisor
    fields = ("cell", "member")


class MilestoneInline(ReadOnlyInline):
    model = Milestone
    fields = ("order", "title", "due_on", "rule", "cite")


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyScopedAdmin):
    scope_path = "organization__path"
    list_display = ("title", "organization", "year", "ruleset", "meeting_on", "status")
    list_filter = ("year", "status")
    list_select_related = ("organization",)
    inlines = (MilestoneInline, SupervisorInline)


@admin.register(ReviewSuggestion)
class SuggestionAdmin(ReadOnlyScopedAdmin):
    scope_path = "campaign__organization__path"
    list_display = ("issued_on", "issuer", "member", "collective", "organization", "content")
    list_select_related = ("issuer", "member", "collective", "organization")
