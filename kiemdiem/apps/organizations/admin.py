from typing import Any

from django.contrib import admin
from django.db.models import Func, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest

from kiemdiem.apps.accounts.admin_mixins import ReadOnlyInline, ReadOnlyScopedAdmin

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

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        # Members of the whole subtree (a cell's party groups, a committee's cells),
        # counted inside the page's one query by a prefix match on the path.
        from kiemdiem.apps.members.models import Member

        members = (
            Member.objects.filter(organization__path__startswith=OuterRef("path"))
            .order_by()
            .values(n=Func("id", function="COUNT"))
        )
        total = Coalesce(Subquery(members, output_field=IntegerField()), 0)
        qs: QuerySet[Any] = super().get_queryset(request).annotate(member_total=total)
        return qs

    @admin.display(description="số đảng viên (cả cấp dưới)", ordering="member_total")
    def member_count(self, obj: Any) -> int:
        return int(obj.member_total)


class MembershipInline(ReadOnlyInline):
    model = CollectiveMembership
    fields = ("member", "role", "started_on", "ended_on")


@admin.register(LeadershipCollective)
class LeadershipCollectiveAdmin(ReadOnlyScopedAdmin):
    scope_path = "organization__path"
    list_display = ("name", "kind", "organization", "founded_on")
    list_filter = ("kind",)
    search_fields = ("name",)
    list_select_related = ("organization",)
    inlines = (MembershipInline,)
