"""API tokens over the API: the caller's own, or (an office) those of its subtree; each
revocable at once. The same read rule and service as the account pages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from kiemdiem.apps.accounts.models import ApiToken
from kiemdiem.apps.accounts.tokens import api_token_list_visible, api_token_revoke

from . import schemas as s

router = Router(tags=["Tài khoản"])


class TokenOut(Schema):
    id: int
    username: str
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class RevokeIn(s.Strict):
    reason: str = ""


def _out(token: ApiToken) -> dict[str, Any]:
    return {
        "id": token.pk,
        "username": token.user.username,
        "name": token.name,
        "prefix": token.prefix,
        "created_at": token.created_at,
        "last_used_at": token.last_used_at,
        "revoked_at": token.revoked_at,
    }


@router.get("/tokens", response=list[TokenOut])
def token_list(request: HttpRequest) -> Any:
    """The tokens the caller may see: their own; an office's, its subtree's."""
    return [_out(t) for t in api_token_list_visible(actor=request.user)[:500]]


@router.post("/tokens/{pk}/revoke", response={200: TokenOut, 403: s.Errors, 422: s.Errors})
def token_revoke(request: HttpRequest, pk: int, payload: RevokeIn) -> Any:
    """Ends the token now: its next request is answered 401."""
    token = get_object_or_404(ApiToken.objects.select_related("user"), pk=pk)
    return _out(api_token_revoke(actor=request.user, token=token, reason=payload.reason))
