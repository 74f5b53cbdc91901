from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    """Kiểm điểm of a collective and of its members at one meeting: the collective report
    (Mẫu 01), the meeting and its minutes, the secret-ballot tallies and the proposals —
    of a cell (chi bộ) or of a leadership collective (tập thể lãnh đạo)."""

    name = "kiemdiem.apps.reviews"
    # The app was first named for cells only; its tables and migrations keep that label
    # (renaming a label rebuilds every table and breaks the audit's model names).
    label = "cells"
    verbose_name = "Kiểm điểm tập thể và tại chi bộ"
