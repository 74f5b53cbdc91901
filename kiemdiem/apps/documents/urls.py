"""Papers and forms: a campaign's documents, letters in bulk, blank templates."""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "van-ban/<int:campaign_pk>/<str:kind>.<str:fmt>", views.document, name="campaign-document"
    ),
    path(
        "ke-hoach/<int:campaign_pk>/van-ban/thong-bao/<str:code>.zip",
        views.letters_batch,
        name="campaign-letters",
    ),
    path("ke-hoach/<int:campaign_pk>/van-ban/", views.documents_page, name="campaign-documents"),
    path("mau-van-ban/", views.templates_page, name="document-templates"),
    path(
        "mau-van-ban/<str:ruleset>/<str:kind>.docx",
        views.template_download,
        name="document-template",
    ),
]
