"""The account pages: one's own password and API tokens; for an office, the tokens of
the accounts in its subtree."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from kiemdiem.apps.core.errors import PermissionDenied, ServiceError

from .forms import PasswordForm, RevokeForm, TokenForm
from .models import ApiToken
from .passwords import user_password_change
from .permissions import managed_roots
from .tokens import api_token_issue, api_token_list_visible, api_token_revoke


def _revoke(request: HttpRequest) -> None:
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Không rõ khóa cần thu hồi")
        return
    token = get_object_or_404(ApiToken, pk=form.cleaned_data["token"])
    try:
        api_token_revoke(actor=request.user, token=token, reason=form.cleaned_data["reason"])
        messages.success(request, f"Đã thu hồi khóa {token.prefix}… ({token.name}).")
    except ServiceError as exc:
        messages.error(request, exc.message)


@login_required
def account_page(request: HttpRequest) -> HttpResponse:
    password_form = PasswordForm()
    token_form = TokenForm()
    new_token = ""
    if request.method == "POST" and "password" in request.POST:
        password_form = PasswordForm(request.POST)
        if password_form.is_valid():
            try:
                user = user_password_change(
                    actor=request.user,
                    old_password=password_form.cleaned_data["old_password"],
                    new_password=password_form.cleaned_data["new_password1"],
                )
                update_session_auth_hash(request, user)  # this session stays signed in
                messages.success(request, "Đã đổi mật khẩu. Các phiên đăng nhập khác đã kết thúc.")
                return redirect("account")
            except ServiceError as exc:
                field = exc.field if exc.field in password_form.fields else None
                password_form.add_error(field, exc.message)
    elif request.method == "POST" and "issue" in request.POST:
        token_form = TokenForm(request.POST)
        if token_form.is_valid():
            assert request.user.is_authenticated
            try:
                _, new_token = api_token_issue(
                    actor=request.user, user=request.user, name=token_form.cleaned_data["name"]
                )
                token_form = TokenForm()
            except ServiceError as exc:
                token_form.add_error("name", exc.message)
    elif request.method == "POST" and "revoke" in request.POST:
        _revoke(request)
        return redirect("account")
    status = 422 if password_form.errors or token_form.errors else 200
    context: dict[str, Any] = {
        **admin.site.each_context(request),
        "password_form": password_form,
        "token_form": token_form,
        "new_token": new_token,
        "tokens": ApiToken.objects.filter(user_id=request.user.pk or 0).order_by("-created_at"),
        "manages": bool(managed_roots(request.user)) or request.user.is_superuser,
    }
    return render(request, "accounts/account.html", context, status=status)


@login_required
def token_list_page(request: HttpRequest) -> HttpResponse:
    """An office's list of the API tokens in its subtree, each revocable with a reason."""
    if not (managed_roots(request.user) or request.user.is_superuser):
        raise PermissionDenied("Chỉ văn phòng, ban tổ chức cấp ủy quản lý khóa truy cập")
    if request.method == "POST":
        _revoke(request)
        return redirect("account-tokens")
    context = {
        **admin.site.each_context(request),
        "tokens": api_token_list_visible(actor=request.user)[:500],
    }
    return render(request, "accounts/tokens.html", context)
