"""The one error services raise for bad input or a forbidden write: Vietnamese, naming the field."""

from __future__ import annotations


class ServiceError(Exception):
    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


class PermissionDenied(ServiceError):
    def __init__(self, message: str) -> None:
        super().__init__("__all__", message)
