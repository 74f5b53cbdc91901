"""Admin pages show data; writes go through services (and, from the next issue, the
workflow pages), so the admin is read-only. Non-superusers see their subtree only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from .permissions import managed_roots


class ReadOnlyScopedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    # The path of the organization field that scopes a row, e.g. "organization__path".
    scope_path: str | None = None

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_staff)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_staff)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        if request.user.is_superuser or self.scope_path is None:
            return qs

        roots = managed_roots(request.user)
        if not roots:
            return qs.none()
        condition = Q()
        for root in roots:
            condition |= Q(**{f"{self.scope_path}__startswith": root.path})
        return qs.filter(condition)


class ReadOnlyInline(admin.TabularInline):  # type: ignore[type-arg]
    """A related list shown on a read-only page: nothing to add, change or delete."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
