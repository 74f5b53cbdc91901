from django.contrib import admin

from kiemdiem.apps.core.admin_mixins import ReadOnlyScopedAdmin

from .models import LedgerEntry


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyScopedAdmin):
    # The whole chain is one sequence: only system administrators read it here.
    list_display = ("seq", "at", "actor", "action", "object_type", "object_id", "hash")
    list_filter = ("action",)
    list_select_related = ("actor",)

    def has_view_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return bool(request.user.is_active and request.user.is_superuser)

    def has_module_permission(self, request):  # type: ignore[no-untyped-def]
        return bool(request.user.is_active and request.user.is_superuser)
