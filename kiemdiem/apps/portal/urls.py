"""The portal's addresses: the starting page and a subject's history."""

from django.urls import path

from .views import home, subject_history

urlpatterns = [
    path("", home, name="home"),
    # A subject as the engine names it: "member/M12", "organization/CB-TT", "leader/M1@K1".
    path("lich-su/<path:subject>/", subject_history, name="subject-history"),
]
