"""`?xuat=xlsx` on any page with lists: the same view, the same user's rows, as Excel."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.text import slugify

from kiemdiem.apps.core.downloads import XLSX, attachment
from kiemdiem.apps.core.paging import exporting

from .export import tables, workbook_bytes


class ExcelExportMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not exporting(request) or response.status_code != 200:
            return response
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response.render()
        html = response.content.decode(response.charset or "utf-8")
        found = tables(html)
        if not found:
            return HttpResponse(
                "Trang này không có danh sách để xuất Excel.",
                status=404,
                content_type="text/plain; charset=utf-8",
            )
        title = _title(html)
        body = workbook_bytes(found, title)
        slug = slugify(title.replace("đ", "d").replace("Đ", "D"))[:60] or "danh-sach"
        name = f"{slug}-{timezone.localdate():%Y%m%d}.xlsx"
        return attachment(body, name, XLSX)


def _title(html: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    text = re.sub(r"<[^>]+>", "", match.group(1)) if match else "Danh sách"
    return " ".join(text.split())
