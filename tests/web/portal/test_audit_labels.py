"""The audit list names actions in words, the import's per-record ones included."""

from __future__ import annotations

from django.contrib import admin

from kiemdiem.apps.audit.models import AuditEntry
from kiemdiem.apps.portal.admin import AuditEntryAdmin


def test_actions_are_named_in_vietnamese_import_and_undo_included() -> None:
    label = AuditEntryAdmin(AuditEntry, admin.site).action_label
    assert label(AuditEntry(action="import.retry")) == "Chạy lại lần nhập dữ liệu"
    assert label(AuditEntry(action="post.import")) == "Nhập từ tệp Excel"
    assert label(AuditEntry(action="member.undo")) == "Hoàn tác lần nhập không thành công"
    assert label(AuditEntry(action="partyorganization.undo")).startswith("Hoàn tác")
