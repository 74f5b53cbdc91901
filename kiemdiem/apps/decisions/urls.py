"""Deciding, and what follows the decision: re-rating, commendation, closing."""

from django.urls import path

from . import after_views
from .views import decision_page

urlpatterns = [
    path("ke-hoach/<int:campaign_pk>/quyet-dinh/", decision_page, name="campaign-decision"),
    path(
        "ke-hoach/<int:campaign_pk>/xep-loai-lai/",
        after_views.rerating_page,
        name="campaign-rerating",
    ),
    path(
        "ke-hoach/<int:campaign_pk>/khen-thuong/",
        after_views.commendation_page,
        name="campaign-commendation",
    ),
    path("ke-hoach/<int:campaign_pk>/ket-thuc/", after_views.close_page, name="campaign-close"),
]
