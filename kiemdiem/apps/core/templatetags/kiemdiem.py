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


@register.simple_tag(takes_context=True)
def export_link(context: dict[str, object], label: str = "Tải danh sách (Excel)") -> str:
    """A link to this very page as Excel (every row, not one page of them)."""
    from django.http import QueryDict
    from django.utils.html import format_html

    request = context.get("request")
    if request is None:
        return ""
    query: QueryDict = request.GET.copy()  # type: ignore[attr-defined]
    query.pop("trang", None)
    query["xuat"] = "xlsx"
    return format_html('<a class="kd-export" href="?{}" download>{}</a>', query.urlencode(), label)


@register.simple_tag(takes_context=True)
def page_url(context: dict[str, object], number: int) -> str:
    """This page's address at page `number`, keeping its search and filters."""
    request = context.get("request")
    if request is None:
        return f"?trang={int(number)}"
    query = request.GET.copy()  # type: ignore[attr-defined]
    query["trang"] = str(int(number))
    return "?" + str(query.urlencode())
