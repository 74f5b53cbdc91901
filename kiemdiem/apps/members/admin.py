from django.contrib import admin

from kiemdiem.apps.accounts.admin_mixins import ReadOnlyInline, ReadOnlyScopedAdmin

from .models import (
    CivilServiceRating,
    Discipline,
    Leave,
    MeetingAbsence,
    Member,
    OrganizationMembership,
    Post,
    ResidenceComment,
)


class PostInline(ReadOnlyInline):
    model = Post
    fk_name = "member"
    fields = ("title", "organization", "unit_name", "started_on", "ended_on", "main_job")


class HistoryInline(ReadOnlyInline):
    model = OrganizationMembership
    fields = ("organization", "started_on", "ended_on")


class DisciplineInline(ReadOnlyInline):
    model = Discipline
    fields = ("form", "authority", "decided_on", "violation", "self_detected", "duty_related")


class LeaveInline(ReadOnlyInline):
    model = Leave
    fields = ("kind", "started_on", "ended_on")


class CivilServiceInline(ReadOnlyInline):
    model = CivilServiceRating
    fields = ("year", "rating")


class ResidenceInline(ReadOnlyInline):
    model = ResidenceComment
    fields = ("year", "residence", "comment", "satisfactory")


class AbsenceInline(ReadOnlyInline):
    model = MeetingAbsence
    fields = ("meeting_on", "excused", "note")


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
    inlines = (
        PostInline,
        HistoryInline,
        DisciplineInline,
        LeaveInline,
        CivilServiceInline,
        ResidenceInline,
        AbsenceInline,
    )
