"""A cell's part of a campaign (/chi-bo/<campaign>/<cell code>/…) and a leadership
collective's (/tap-the/<campaign>/<collective>/…)."""

from django.urls import path

from . import views

urlpatterns = [
    # A cell's part of a campaign: /chi-bo/<campaign>/<cell code>/...
    path("chi-bo/<int:campaign_pk>/<str:code>/", views.cell_home, name="cell-home"),
    path("chi-bo/<int:campaign_pk>/<str:code>/bao-cao/", views.report_page, name="cell-report"),
    path("chi-bo/<int:campaign_pk>/<str:code>/hoi-nghi/", views.meeting_page, name="cell-meeting"),
    path(
        "chi-bo/<int:campaign_pk>/<str:code>/hoi-nghi/<int:item_pk>/",
        views.agenda_item,
        name="cell-agenda-item",
    ),
    path(
        "chi-bo/<int:campaign_pk>/<str:code>/kiem-phieu/", views.tallies_page, name="cell-tallies"
    ),
    path(
        "chi-bo/<int:campaign_pk>/<str:code>/kiem-phieu/<int:item_pk>/",
        views.tally,
        name="cell-tally",
    ),
    path(
        "chi-bo/<int:campaign_pk>/<str:code>/bien-ban-kiem-phieu/",
        views.tally_record_page,
        name="cell-tally-record",
    ),
    path(
        "chi-bo/<int:campaign_pk>/<str:code>/de-xuat/", views.proposals_page, name="cell-proposals"
    ),
    path("chi-bo/<int:campaign_pk>/<str:code>/nhan-xet/", views.records_page, name="cell-records"),
    path(
        "chi-bo/<int:campaign_pk>/<str:code>/nhan-xet/<int:member_pk>/",
        views.record,
        name="cell-record",
    ),
    path(
        "tap-the/<int:campaign_pk>/<int:collective_pk>/bao-cao/",
        views.collective_report_page,
        name="collective-report",
    ),
    path(
        "tap-the/<int:campaign_pk>/<int:collective_pk>/hoi-nghi/",
        views.collective_meeting_page,
        name="collective-meeting",
    ),
    path(
        "tap-the/<int:campaign_pk>/<int:collective_pk>/hoi-nghi/<int:item_pk>/",
        views.collective_agenda_item,
        name="collective-agenda-item",
    ),
]
