from django.contrib import admin

from kiemdiem.apps.core.admin_mixins import ReadOnlyInline, ReadOnlyScopedAdmin

from .models import Member, OrganizationMembership, Post


class PostInline(ReadOnlyInline):
    model = Post
    fk_name = "member"
    fields = ("title", "organization", "unit_name", "started_on", "ended_on", "main_job")


class HistoryInline(ReadOnlyInline):
    model = OrganizationMembership
    fields = ("organization", "started_on", "ended_on")


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
