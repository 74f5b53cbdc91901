"""The published results, complaints and their attachments."""

from django.urls import path

from . import views
from .results import results_page

urlpatterns = [
    path("ket-qua/<int:campaign_pk>/", results_page, name="campaign-results"),
    path("ket-qua/<int:campaign_pk>/khieu-nai/", views.complaint_new, name="complaint-new"),
    path("khieu-nai/", views.complaint_list, name="complaint-list"),
    path("khieu-nai/<int:complaint_pk>/", views.complaint_detail, name="complaint-detail"),
    path(
        "khieu-nai/<int:complaint_pk>/tep/<int:file_pk>/",
        views.attachment_download,
        name="complaint-attachment",
    ),
]
