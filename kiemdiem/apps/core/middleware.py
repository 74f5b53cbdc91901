"""A form value with a NUL character is refused before any view: PostgreSQL cannot store
it, and no office types one. (The API's schemas name the field instead.)"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest


class RejectNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            for values in request.POST.lists():
                if any("\x00" in v for v in values[1]) or "\x00" in values[0]:
                    return HttpResponseBadRequest(
                        "Dữ liệu gửi lên chứa ký tự không hợp lệ (NUL)".encode(),
                        content_type="text/plain; charset=utf-8",
                    )
        return self.get_response(request)
