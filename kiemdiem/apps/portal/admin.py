"""The administrator's read-only windows on the audit and the ledger (registered here,
above every app, because their scope follows the accounts' roles)."""

from django.apps import apps
from django.contrib import admin

from kiemdiem.apps.accounts.admin_mixins import ReadOnlyScopedAdmin
from kiemdiem.apps.audit.models import AuditEntry
from kiemdiem.apps.ledger.models import LedgerEntry

ACTIONS = {
    "organization.create": "Tạo tổ chức đảng",
    "collective.create": "Tạo tập thể lãnh đạo",
    "collective.member_add": "Thêm thành viên tập thể",
    "member.create": "Thêm đảng viên",
    "member.transfer": "Chuyển sinh hoạt đảng",
    "post.assign": "Giao chức vụ",
    "campaign.create": "Lập kế hoạch kiểm điểm",
    "milestone.reschedule": "Điều chỉnh mốc thời gian",
    "import.queue": "Gửi tệp nhập dữ liệu",
    "import.retry": "Chạy lại lần nhập dữ liệu",
    "import.fail": "Lần nhập dừng giữa chừng (hệ thống)",
    "api_token.issue": "Cấp khóa truy cập API",
    "api_token.revoke": "Thu hồi khóa truy cập API",
    "user.password_change": "Đổi mật khẩu",
}
# Actions written per record type by an import (`post.import`, `member.undo`, …): the
# record's type is in the next column.
ACTION_SUFFIXES = {
    "import": "Nhập từ tệp Excel",
    "undo": "Hoàn tác lần nhập không thành công",
}


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyScopedAdmin):
    scope_path = "organization__path"
    list_display = ("at", "actor", "action_label", "object_label", "object_id", "organization")
    list_filter = ("action",)
    list_select_related = ("actor", "organization")
    date_hierarchy = "at"

    @admin.display(description="thao tác", ordering="action")
    def action_label(self, obj: AuditEntry) -> str:
        suffix = obj.action.rpartition(".")[2]
        return ACTIONS.get(obj.action) or ACTION_SUFFIXES.get(suffix, obj.action)

    @admin.display(description="đối tượng", ordering="object_type")
    def object_label(self, obj: AuditEntry) -> str:
        try:
            return str(apps.get_model(obj.object_type)._meta.verbose_name)
        except (LookupError, ValueError):
            return obj.object_type


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyScopedAdmin):
    # The whole chain is one sequence: only system administrators read it here.
    list_display = ("seq", "at", "actor", "action", "object_type", "object_id", "hash")
    list_filter = ("action",)
    list_select_related = ("actor",)

    def has_view_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return bool(request.user.is_active and request.user.is_superuser)

    def has_module_permission(self, request):  # type: ignore[no-untyped-def]
        return bool(request.user.is_active and request.user.is_superuser)


# The job queue's own rows (django-tasks-db registers them, in English): an implementation
# detail. People follow a job on its own page (an import's bar, "Chạy lại").
if apps.is_installed("django_tasks_db"):
    from django_tasks_db.models import DBTaskResult

    if admin.site.is_registered(DBTaskResult):
        admin.site.unregister(DBTaskResult)
