from django.contrib import admin

from kiemdiem.apps.core.admin_mixins import ReadOnlyScopedAdmin

from .models import Member, OrganizationMembership, Post


class PostInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Post
    fk_name = "member"
    extra = 0
    can_delete = False
    fields = ("title", "organization", "unit_name", "started_on", "ended_on", "main_job")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class HistoryInline(admin.TabularInline):  # type: ignore[type-arg]
    model = OrganizationMembership
    extra = 0
    can_delete = False
    fields = ("organization", "started_on", "ended_on")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Member)
class MemberAdmin(ReadOnlyScopedAdmin):
    scope_path = "organization__path"
    list_display = (
        "full_name",
        "party_card_number",
        "organization",
        "admitted_on",
        "full_member_on",
        "is_civil_servant",
    )
    list_filter = ("is_civil_servant", "organization")
    search_fields = ("full_name", "party_card_number")
    list_select_related = ("organization",)
    list_per_page = 50
    inlines = (PostInline, HistoryInline)
