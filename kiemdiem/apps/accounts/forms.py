"""Parsing the account page's forms; the rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import password_validators_help_texts


class PasswordForm(forms.Form):
    old_password = forms.CharField(
        label="Mật khẩu hiện tại",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        max_length=128,
    )
    new_password1 = forms.CharField(
        label="Mật khẩu mới",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        max_length=128,
        help_text=" ".join(password_validators_help_texts()),
    )
    new_password2 = forms.CharField(
        label="Nhập lại mật khẩu mới",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        max_length=128,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("new_password1") != data.get("new_password2"):
            self.add_error("new_password2", "Hai lần nhập mật khẩu mới không khớp")
        return data


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Tên khóa (dùng cho việc gì)",
        max_length=100,
        help_text="Ví dụ: “Đồng bộ với phần mềm quản lý đảng viên”.",
    )


class RevokeForm(forms.Form):
    token = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label="Lý do thu hồi", max_length=500, required=False)
