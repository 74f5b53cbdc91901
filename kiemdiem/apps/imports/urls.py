"""Excel imports, and the campaign as a scenario workbook out and back in."""

from django.urls import path

from . import scenario_views, views

urlpatterns = [
    path(
        "ke-hoach/<int:campaign_pk>/kich-ban/", scenario_views.scenario_page, name="scenario-page"
    ),
    path(
        "ke-hoach/<int:campaign_pk>/kich-ban.<str:fmt>",
        scenario_views.scenario_download,
        name="scenario-download",
    ),
    path("nhap-du-lieu/", views.import_page, name="import-page"),
    path("nhap-du-lieu/mau.xlsx", views.template_download, name="import-template"),
    path("nhap-du-lieu/<int:job_pk>/", views.import_job, name="import-job"),
]
