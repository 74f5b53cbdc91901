from django.contrib import admin

from kiemdiem.apps.core.admin_mixins import ReadOnlyScopedAdmin

from .models import CollectiveMembership, LeadershipCollective, PartyOrganization


@admin.register(PartyOrganization)
class PartyOrganizationAdmin(ReadOnlyScopedAdmin):
    scope_path = "path"
    list_display = ("indented_name", "code", "kind", "founded_on", "member_count")
    list_filter = ("kind",)
    search_fields = ("name", "code")
    ordering = ("path",)

    @admin.display(description="tên tổ chức đảng")
    def indented_name(self, obj: PartyOrganization) -> str:
        return "— " * (obj.depth - 1) + str(obj.name)

    @admin.display(description="số đảng viên")
    def member_count(self, obj: PartyOrganization) -> int:
        count: int = obj.members.count()
        return count


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = CollectiveMembership
    extra = 0
    can_delete = False
    fields = ("member", "role", "started_on", "ended_on")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(LeadershipCollective)
class LeadershipCollectiveAdmin(ReadOnlyScopedAdmin):
    scope_path = "organization__path"
    list_display = ("name", "kind", "organization", "founded_on")
    list_filter = ("kind",)
    search_fields = ("name",)
    list_select_related = ("organization",)
    inlines = (MembershipInline,)
