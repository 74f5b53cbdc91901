from django.contrib import admin

from kiemdiem.apps.accounts.admin_mixins import ReadOnlyScopedAdmin

from .models import OrganizationRole


@admin.register(OrganizationRole)
class OrganizationRoleAdmin(ReadOnlyScopedAdmin):
    scope_path = "organization__path"
    list_display = ("user", "role", "organization", "granted_at")
    list_select_related = ("user", "organization")
