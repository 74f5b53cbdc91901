from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

from kiemdiem.apps.campaigns.views import campaign_detail

admin.site.site_header = "kiemdiem — Kiểm điểm, đánh giá, xếp loại chất lượng"
admin.site.site_title = "kiemdiem"
admin.site.index_title = "Quản trị dữ liệu"

urlpatterns = [
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    path("admin/", admin.site.urls),
    path("ke-hoach/<int:pk>/", campaign_detail, name="campaign-detail"),
]
