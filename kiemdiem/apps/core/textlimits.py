"""How long a typed text may be, and the one check that holds every write to it.

Every free text has a length fit for its form — a self-review or report section some
thousands of characters, a reason or a comment a paragraph — declared as the model
field's `max_length` (the pages state it and the browser stops there). The check runs
before any row of ours is saved, so no path — page, API, command — stores a 9.5 MB
self-review, and PostgreSQL never meets a CharField longer than its column: the write is
refused with a Vietnamese message naming the field, inside the service's transaction,
which rolls back. It is a bound on data (like a column's width), not a business rule.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.signals import pre_save

from .errors import ServiceError

NOTE = 2_000  # a reason, a comment, an opinion
SECTION = 8_000  # one section of a self-review or a collective report
LONG = 20_000  # a complaint, its conclusion and answer, a meeting's conclusion


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def ensure_text_limits(instance: models.Model) -> None:
    for field in instance._meta.concrete_fields:
        limit = getattr(field, "max_length", None)
        if not limit or not isinstance(field, models.CharField | models.TextField):
            continue
        value = getattr(instance, field.attname, None)
        if isinstance(value, str) and len(value) > limit:
            raise ServiceError(
                field.name,
                f"“{str(field.verbose_name).capitalize()}” dài {_n(len(value))} ký tự, "
                f"tối đa {_n(limit)} ký tự",
            )


def _check(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if sender.__module__.startswith("kiemdiem."):
        ensure_text_limits(instance)


def connect() -> None:
    pre_save.connect(_check, dispatch_uid="kiemdiem.text_limits")
