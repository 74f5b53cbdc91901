"""Statistics: the dashboard, the tables and the workbook."""

from django.urls import path

from . import views

urlpatterns = [
    path("ke-hoach/<int:campaign_pk>/thong-ke/", views.dashboard, name="campaign-dashboard"),
    path(
        "ke-hoach/<int:campaign_pk>/thong-ke/bieu-thong-ke.xlsx",
        views.statistics_workbook,
        name="statistics-workbook",
    ),
    path(
        "ke-hoach/<int:campaign_pk>/thong-ke/<str:code>/", views.report_page, name="campaign-report"
    ),
]
