from django.contrib import admin

from kiemdiem.apps.core.admin_mixins import ReadOnlyScopedAdmin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyScopedAdmin):
    scope_path = "organization__path"
    list_display = ("at", "actor", "action", "object_type", "object_id", "organization")
    list_filter = ("action",)
    list_select_related = ("actor", "organization")
    date_hierarchy = "at"
