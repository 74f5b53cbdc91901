"""A campaign's pages and the member's self-review."""

from django.urls import path

from . import views

urlpatterns = [
    path("ke-hoach/<int:campaign_pk>/", views.campaign_detail, name="campaign-detail"),
    path("ke-hoach/<int:campaign_pk>/tien-do/", views.campaign_board, name="campaign-board"),
    path(
        "ke-hoach/<int:campaign_pk>/goi-y/", views.campaign_suggestions, name="campaign-suggestions"
    ),
    path("tu-kiem-diem/", views.self_review_list, name="self-review-list"),
    path("tu-kiem-diem/<int:campaign_pk>/", views.self_review, name="self-review"),
    path(
        "tu-kiem-diem/<int:campaign_pk>/xem-truoc/",
        views.self_review_preview_view,
        name="self-review-preview",
    ),
]
