"""The errors services and pages raise: Vietnamese, naming the field."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied


class ServiceError(Exception):
    """Bad input or a refused step: the form shows the message beside the field."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


class PermissionDenied(ServiceError, DjangoPermissionDenied):
    """The one refusal of the project. A service raises it and the form shows its message
    (it is a ServiceError); raised from a page, Django answers 403 (it is Django's
    PermissionDenied); the API answers 403 with the message."""

    def __init__(self, message: str = "Ngoài phạm vi tổ chức được giao") -> None:
        super().__init__("__all__", message)
