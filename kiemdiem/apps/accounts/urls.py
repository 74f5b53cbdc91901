"""One's account (/tai-khoan/) and, for an office, the API tokens of its subtree."""

from django.urls import path

from . import views

urlpatterns = [
    path("tai-khoan/", views.account_page, name="account"),
    path("tai-khoan/khoa-truy-cap/", views.token_list_page, name="account-tokens"),
]
