"""Small template filters for Vietnamese display."""

from __future__ import annotations

from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def phut(value: timedelta | None) -> str:
    """A duration in whole minutes: "15 phút"."""
    if value is None:
        return ""
    return f"{int(value.total_seconds() // 60)} phút"
