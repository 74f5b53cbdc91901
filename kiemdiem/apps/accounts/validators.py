"""Django's password validators, worded in Vietnamese (its Vietnamese catalogue lacks
them, and a member must never read an English refusal)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation as django_validators
from django.core.exceptions import ValidationError


class MinimumLengthValidator(django_validators.MinimumLengthValidator):
    def validate(self, password: str, user: Any = None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(
                f"Mật khẩu quá ngắn: cần ít nhất {self.min_length} ký tự.",
                code="password_too_short",
            )

    def get_help_text(self) -> str:
        return f"Ít nhất {self.min_length} ký tự."


class UserAttributeSimilarityValidator(django_validators.UserAttributeSimilarityValidator):
    def validate(self, password: str, user: Any = None) -> None:
        try:
            super().validate(password, user)
        except ValidationError as exc:
            raise ValidationError(
                "Mật khẩu quá giống tên đăng nhập, họ tên hoặc thư điện tử.",
                code="password_too_similar",
            ) from exc

    def get_help_text(self) -> str:
        return "Không giống tên đăng nhập, họ tên hay thư điện tử."


class CommonPasswordValidator(django_validators.CommonPasswordValidator):
    def validate(self, password: str, user: Any = None) -> None:
        try:
            super().validate(password, user)
        except ValidationError as exc:
            raise ValidationError(
                "Mật khẩu quá phổ biến, dễ bị đoán.", code="password_too_common"
            ) from exc

    def get_help_text(self) -> str:
        return "Không phải mật khẩu phổ biến."


class NumericPasswordValidator(django_validators.NumericPasswordValidator):
    def validate(self, password: str, user: Any = None) -> None:
        if password.isdigit():
            raise ValidationError(
                "Mật khẩu không được chỉ gồm chữ số.", code="password_entirely_numeric"
            )

    def get_help_text(self) -> str:
        return "Không chỉ gồm chữ số."
