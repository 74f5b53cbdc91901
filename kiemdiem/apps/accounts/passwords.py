"""A person changes their own password: checked by the validators in force and audited
(never the password). Django ties each session to the password's hash, so the account's
other sessions end with the change; the page keeps the one it was changed from."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from kiemdiem.apps.audit.services import audit_record
from kiemdiem.apps.core.errors import PermissionDenied, ServiceError


@transaction.atomic
def user_password_change(
    *, actor: User | AnonymousUser, old_password: str, new_password: str
) -> User:
    if not isinstance(actor, User) or not actor.is_active:
        raise PermissionDenied("Cần đăng nhập")
    if not actor.check_password(old_password):
        raise ServiceError("old_password", "Mật khẩu hiện tại không đúng")
    if new_password == old_password:
        raise ServiceError("new_password1", "Mật khẩu mới phải khác mật khẩu hiện tại")
    try:
        validate_password(new_password, user=actor)
    except ValidationError as exc:
        raise ServiceError("new_password1", " ".join(exc.messages)) from exc
    actor.set_password(new_password)
    actor.save(update_fields=["password"])
    audit_record(
        actor=actor,
        action="user.password_change",
        obj=actor,
        organization=None,
        after={"username": actor.username},
    )
    return actor
