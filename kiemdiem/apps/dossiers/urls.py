"""Review dossiers: a campaign's, a cell's, one file, a cell's archive."""

from django.urls import path

from . import views

urlpatterns = [
    path("ke-hoach/<int:campaign_pk>/ho-so/", views.dossiers_page, name="campaign-dossiers"),
    path("ke-hoach/<int:campaign_pk>/ho-so/<str:code>.zip", views.dossier_zip, name="dossier-zip"),
    path("chi-bo/<int:campaign_pk>/<str:code>/ho-so/", views.dossiers_page, name="cell-dossiers"),
    path("ho-so/tep/<int:dossier_file_pk>/", views.dossier_file, name="dossier-file"),
]
