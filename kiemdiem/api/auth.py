"""Bearer tokens: `Authorization: Bearer kd_…` (issued with `manage.py api_token_issue`)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest
from ninja.security import HttpBearer

from kiemdiem.apps.accounts.tokens import api_token_user


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user: User | None = api_token_user(token)
        if user is not None:
            request.user = user  # the services and permission checks read request.user
        return user
