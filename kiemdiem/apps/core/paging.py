"""Lists shown 50 rows a page — and whole when the page is exported to Excel (`?xuat=xlsx`),
so an export holds every row the user may see, not one page of them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_SIZE = 50
EXPORT_PARAM, EXPORT_VALUE = "xuat", "xlsx"


def exporting(request: HttpRequest) -> bool:
    return request.method == "GET" and request.GET.get(EXPORT_PARAM) == EXPORT_VALUE


def page_of(
    request: HttpRequest, items: Any, size: int = PAGE_SIZE, *, count: int | None = None
) -> Page[Any]:
    """`items`: a list or a queryset; `count`: how many there are, when the caller has
    counted them already (a province's count costs a scan)."""
    if exporting(request):
        size = max(len(items) if isinstance(items, Sequence) else items.count(), 1)
    paginator = Paginator(items, size)
    if count is not None:
        paginator.count = count  # a cached_property: set, it is not counted again
    return paginator.get_page(request.GET.get("trang"))
