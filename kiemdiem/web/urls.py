from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from kiemdiem.api.api import api

from .health import health

admin.site.site_header = "kiemdiem — Kiểm điểm, đánh giá, xếp loại chất lượng"
admin.site.site_title = "kiemdiem"
admin.site.index_title = "Quản trị dữ liệu"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("suc-khoe/", health, name="health"),
    # Members are not staff: they sign in here, not through the admin.
    path("dang-nhap/", auth_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(next_page="/dang-nhap/"), name="logout"),
    # One URL map per app, in the order the work flows; every parameter says what it names.
    path("", include("kiemdiem.apps.portal.urls")),
    path("", include("kiemdiem.apps.accounts.urls")),
    path("", include("kiemdiem.apps.campaigns.urls")),
    path("", include("kiemdiem.apps.reviews.urls")),
    path("", include("kiemdiem.apps.appraisals.urls")),
    path("", include("kiemdiem.apps.decisions.urls")),
    path("", include("kiemdiem.apps.complaints.urls")),
    path("", include("kiemdiem.apps.documents.urls")),
    path("", include("kiemdiem.apps.dossiers.urls")),
    path("", include("kiemdiem.apps.statistics.urls")),
    path("", include("kiemdiem.apps.imports.urls")),
]
