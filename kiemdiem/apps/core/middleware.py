"""Requests no view could store or look up are refused before any view, in Vietnamese:

- a form value with a NUL character (PostgreSQL cannot store it, and no office types one;
  the API's schemas name the field instead);
- an id of more digits than a 64-bit integer holds, in the path or the query
  ("/ke-hoach/99…9/" with 5,000 digits made Python refuse the conversion and SQLite
  overflow — a 500 with a traceback). No id, code or card number of ours is that long.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from urllib.parse import unquote

from django.http import HttpRequest, HttpResponse

_LONG_NUMBER = re.compile(r"\d{19,}")


def _refuse(request: HttpRequest, field: str, message: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        body = json.dumps({"errors": [{"field": field, "message": message}]}, ensure_ascii=False)
        return HttpResponse(body, status=422, content_type="application/json; charset=utf-8")
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


class RejectMalformedMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _LONG_NUMBER.search(request.path):
            return _refuse(
                request, "path", "Đường dẫn chứa mã số quá dài (không có mã nào như vậy)"
            )
        query = unquote(request.META.get("QUERY_STRING", ""))
        if _LONG_NUMBER.search(query):
            field = next(
                (k for k, vs in request.GET.lists() if any(_LONG_NUMBER.search(v) for v in vs)),
                "query",
            )
            return _refuse(request, field, f"“{field}”: mã số quá dài")
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            for values in request.POST.lists():
                if any("\x00" in v for v in values[1]) or "\x00" in values[0]:
                    return _refuse(
                        request, values[0], "Dữ liệu gửi lên chứa ký tự không hợp lệ (NUL)"
                    )
        return self.get_response(request)
