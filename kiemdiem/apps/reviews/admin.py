from django.contrib import admin

from kiemdiem.apps.accounts.admin_mixins import ReadOnlyInline, ReadOnlyScopedAdmin

from .models import AgendaItem, CollectiveReport, Meeting, ReportComment


class CommentInline(ReadOnlyInline):
    model = ReportComment
    fields = ("author", "body", "created_at")


@admin.register(CollectiveReport)
class ReportAdmin(ReadOnlyScopedAdmin):
    scope_path = "organization__path"
    list_display = ("organization", "collective", "campaign", "status", "circulated_on")
    list_filter = ("status", "campaign__year")
    list_select_related = ("organization", "collective", "campaign")
    inlines = (CommentInline,)


class ItemInline(ReadOnlyInline):
    model = AgendaItem
    fields = ("order", "kind", "member", "collective", "proposed_rating", "pending", "follow_up_on")


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyScopedAdmin):
    scope_path = "organization__path"
    list_display = ("organization", "campaign", "status", "held_on", "submitted_at")
    list_filter = ("status", "campaign__year")
    list_select_related = ("organization", "campaign")
    exclude = ("submitted_result",)
    inlines = (ItemInline,)
