"""The portal's pages: each role's starting page, and a subject's whole history — every
write that concerned it, with who, when, before and after (the audit rows the services
wrote in their own transactions)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from kiemdiem.apps.audit.models import AuditEntry
from kiemdiem.apps.core.errors import PermissionDenied
from kiemdiem.apps.evaluation.scenario import subject_names, subject_organization
from kiemdiem.rules.ratings import RATING_LABEL

from .home import home_sections
from .readers import history_reader

ACTIONS = {
    "self_review.save": "Lưu bản tự kiểm điểm",
    "self_review.submit": "Nộp bản tự kiểm điểm",
    "self_review.withdraw": "Rút lại bản tự kiểm điểm đã nộp để sửa",
    "self_review.return": "Chi bộ trả lại bản tự kiểm điểm để sửa",
    "paper.issue": "Lưu trữ văn bản đã ban hành",
    "decision.missing_report": "Ghi lý do chi bộ chưa báo cáo",
    "agenda_item.record": "Ghi ý kiến tại hội nghị",
    "tally.record": "Ghi kết quả kiểm phiếu",
    "proposal.set": "Chi bộ đề xuất mức xếp loại",
    "appraisal.record": "Thẩm định",
    "decision.rate": "Cấp ủy quyết định mức xếp loại",
    "decision.rerate": "Xếp loại lại",
    "rerating.cancel": "Hủy bỏ kết quả xếp loại",
    "rerating.issue": "Ban hành quyết định xếp loại lại",
    "complaint.file": "Gửi khiếu nại",
    "complaint.assign": "Giao xem xét khiếu nại",
    "complaint.note": "Xem xét khiếu nại",
    "complaint.conclude": "Kết luận khiếu nại",
    "complaint.answer": "Trả lời khiếu nại bằng văn bản",
    "reservation.record": "Bảo lưu ý kiến",
    "commendation.select": "Chọn đề nghị khen thưởng",
    "commendation.unselect": "Bỏ chọn đề nghị khen thưởng",
    "past_rating.record": "Ghi kết quả năm trước",
    "discipline.record": "Ghi kỷ luật",
    "leave.record": "Ghi thời gian nghỉ",
    "absence.record": "Ghi vắng sinh hoạt",
    "civil_service_rating.set": "Ghi xếp loại công chức, viên chức",
    "residence_comment.set": "Ghi nhận xét nơi cư trú",
}
# The fields worth showing as "before → after"; the rest is bookkeeping.
SHOWN = {
    "rating": "Mức xếp loại",
    "proposed": "Đề xuất",  # records written before the fields took the glossary's names
    "self_rating": "Tự xếp loại",
    "proposed_rating": "Chi bộ đề xuất",
    "verdict": "Ý kiến thẩm định",
    "status": "Trạng thái",
    "reason": "Lý do",
    "counts": "Số phiếu",
    "outcome": "Kết luận",
    "previous_rating": "Mức trước",
    "number": "Số quyết định",
    "key_level": "Tiêu chí chủ yếu",
    "other_level": "Tiêu chí còn lại",
    "pending": "Vắng, kiểm điểm sau",
    "form": "Hình thức",
}


def _choices(object_type: str, field: str) -> dict[Any, str]:
    """The labels of a coded field ("filed" → "Đã tiếp nhận") from the model itself."""
    try:
        model = apps.get_model(object_type)
        return {k: str(v) for k, v in (model._meta.get_field(field).choices or ())}
    except (LookupError, ValueError, FieldDoesNotExist):
        return {}


def _show(value: Any, labels: dict[Any, str] | None = None) -> str:
    if labels and value in labels:
        return labels[value]
    if isinstance(value, str) and value in RATING_LABEL:
        return RATING_LABEL[value]
    if isinstance(value, dict):
        return ", ".join(f"{RATING_LABEL.get(k, k)}: {v}" for k, v in value.items() if v)
    if value is None or value == "":
        return "—"
    return str(value)


def _changes(entry: AuditEntry) -> list[tuple[str, str, str]]:
    before, after = entry.before or {}, entry.after or {}
    out = []
    for field, label in SHOWN.items():
        if field not in before and field not in after:
            continue
        old, new = before.get(field), after.get(field)
        if old == new or (entry.before is None and new in ("", None, {})):
            continue
        labels = _choices(entry.object_type, field)
        out.append(
            (label, _show(old, labels) if entry.before is not None else "", _show(new, labels))
        )
    return out


@login_required
def subject_history(request: HttpRequest, subject: str) -> HttpResponse:
    owner = subject_organization(subject)
    if owner is None:
        raise Http404("Không có đối tượng này")
    own = history_reader(request.user, subject, owner)
    if own is None:
        raise PermissionDenied("Ngoài phạm vi tổ chức được giao")
    entries = list(
        AuditEntry.objects.filter(subject=subject)
        .select_related("actor", "campaign")
        .order_by("at", "id")
    )

    def year(e: AuditEntry) -> int:
        # A write of a campaign counts in its year; a record of the year (a discipline, a
        # residence comment) in the year it was written.
        return e.campaign.year if e.campaign is not None else e.at.year

    years = sorted({year(e) for e in entries}, reverse=True)
    chosen = request.GET.get("nam", "")
    if chosen.isdigit():
        entries = [e for e in entries if year(e) == int(chosen)]
    entries.sort(key=lambda e: (-year(e), e.at, e.id))
    # A member reading their own history sees the steps, not the officials' account names.
    rows = [
        {
            "year": year(e),
            "campaign": e.campaign.title if e.campaign is not None else "",
            "at": e.at,
            "action": ACTIONS.get(e.action, e.action),
            "actor": (e.actor.get_full_name() or e.actor.username) if e.actor and not own else "",
            "reason": e.reason,
            "changes": _changes(e),
        }
        for e in entries
    ]
    return render(
        request,
        "audit/history.html",
        {
            **admin.site.each_context(request),
            "name": subject_names([subject]).get(subject, subject),
            "organization": owner,
            "rows": rows,
            "own": own,
            "years": years,
            "chosen": int(chosen) if chosen.isdigit() else None,
        },
    )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "campaigns/home.html",
        {**admin.site.each_context(request), **home_sections(user=request.user)},
    )
