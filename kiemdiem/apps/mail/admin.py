from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import OutgoingMail


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin[OutgoingMail]):
    """For the system administrator: what waits, what left, what the server refused."""

    list_display = ("to", "subject", "status", "attempts", "error", "created_at", "sent_at")
    list_filter = ("status",)
    search_fields = ("to", "subject")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
