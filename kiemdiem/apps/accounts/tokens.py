"""Issuing, listing, checking and revoking API tokens; each issue and revocation is
audited. A token is the owner's to see and revoke; an office sees and revokes the tokens
of the accounts in its subtree (a member of it, or a role held in it); a system
administrator, every token."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from kiemdiem.apps.audit.services import audit_record
from kiemdiem.apps.core.errors import PermissionDenied, ServiceError
from kiemdiem.apps.organizations.selectors import in_subtrees

from .models import ApiToken
from .permissions import managed_roots

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


def api_token_scope(*, actor: Actor) -> Q:
    """The one read rule for tokens (pages, API and the revoke service)."""
    if not isinstance(actor, User):
        return Q(pk__in=[])
    if actor.is_superuser:
        return Q()
    roots = managed_roots(actor)
    return (
        Q(user=actor)
        | in_subtrees(roots, path="user__member__organization__path")
        | in_subtrees(roots, path="user__org_roles__organization__path")
    )


def api_token_list_visible(*, actor: Actor) -> QuerySet[ApiToken]:
    """Active tokens first, newest first; the owner's name for the office's list."""
    pks = ApiToken.objects.filter(api_token_scope(actor=actor)).values("pk")
    return (
        ApiToken.objects.filter(pk__in=pks)
        .select_related("user")
        .order_by(F("revoked_at").desc(nulls_first=True), "-created_at")
    )


@transaction.atomic
def api_token_revoke(*, actor: Actor, token: ApiToken, reason: str = "") -> ApiToken:
    """Ends a token at once: the next request with it gets 401. Revoking twice is
    refused (the first revocation stands, with its date)."""
    if not ApiToken.objects.filter(api_token_scope(actor=actor), pk=token.pk).exists():
        raise PermissionDenied(
            "Chỉ chủ tài khoản, văn phòng quản lý tài khoản đó hoặc quản trị hệ thống "
            "thu hồi được khóa truy cập"
        )
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise ServiceError("__all__", f"Khóa {token.prefix}… đã bị thu hồi trước đó")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        action="api_token.revoke",
        obj=token,
        organization=None,
        after={"prefix": token.prefix, "revoked_at": token.revoked_at.isoformat()},
        reason=reason.strip()[:500],
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
