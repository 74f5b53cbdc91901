"""The office's appraisal of the cells' proposals."""

from django.urls import path

from .views import appraisal_page

urlpatterns = [
    path("ke-hoach/<int:campaign_pk>/tham-dinh/", appraisal_page, name="campaign-appraisal"),
]
