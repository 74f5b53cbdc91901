"""Issuing, checking and revoking API tokens; each issue and revocation is audited."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.utils import timezone

from kiemdiem.apps.audit.services import audit_record
from kiemdiem.apps.core.errors import PermissionDenied, ServiceError

from .models import ApiToken

Actor = User | AnonymousUser


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_issue(*, actor: Actor, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for `user` (one's own, or by a system administrator); the raw token
    is returned once and never stored."""
    if not isinstance(actor, User) or (actor.pk != user.pk and not actor.is_superuser):
        raise PermissionDenied("Chỉ chủ tài khoản hoặc quản trị hệ thống cấp khóa truy cập")
    if not name.strip():
        raise ServiceError("name", "Cần đặt tên cho khóa truy cập (dùng cho việc gì)")
    prefix = secrets.token_hex(4)
    raw = f"kd_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user, name=name.strip(), key_hash=_digest(raw), prefix=prefix
    )
    audit_record(
        actor=actor,
        action="api_token.issue",
        obj=token,
        organization=None,
        after={"user": user.username, "name": token.name, "prefix": prefix},
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    if not isinstance(actor, User) or (actor.pk != token.user_id and not actor.is_superuser):
        raise PermissionDenied("Chỉ chủ tài khoản hoặc quản trị hệ thống thu hồi khóa truy cập")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        action="api_token.revoke",
        obj=token,
        organization=None,
        after={"prefix": token.prefix, "revoked_at": token.revoked_at.isoformat()},
    )
    return token


def api_token_user(raw: str) -> User | None:
    """The active user behind a token, or None (unknown, revoked, inactive)."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_digest(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    # Written at most once a minute per token: reads stay reads under load.
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
