"""Adjusting a document template: an uploaded DOCX replaces the shipped one for a rule set
and a kind of document, after checking that it opens and asks for nothing the product
does not give; going back to the shipped file. Both audited."""

from __future__ import annotations

import io
from pathlib import PurePath

from django.contrib.auth.models import AnonymousUser, User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from kiemdiem.apps.audit.services import audit_record, snapshot
from kiemdiem.apps.core.errors import PermissionDenied, ServiceError
from kiemdiem.rules import available
from kiemdiem.safefiles.archive import FileRefused, check_archive
from kiemdiem.safefiles.templates import (
    TemplateRefused,
    check_template,
    docx_render,
    paragraphs,
)

from .contexts import TITLES
from .models import DocumentTemplate
from .render import template_path

Actor = User | AnonymousUser
MAX_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED = 50 * 1024 * 1024


def ensure_can_adjust(actor: Actor) -> User:
    """A template serves every organization on its rule set: the system's administrators
    adjust it."""
    if not isinstance(actor, User) or not actor.is_superuser:
        raise PermissionDenied("Chỉ quản trị hệ thống điều chỉnh mẫu văn bản")
    return actor


def _check(body: bytes) -> set[str]:
    """Every tag closed in its own paragraph (docxtpl silently drops a paragraph whose
    "{{ x }" lost a brace in Word), only fields read (no call, no hidden attribute: the
    sandbox would block them anyway, the clerk learns which tag now), and a trial render
    in the sandbox."""
    for text in paragraphs(body):
        if text.count("{{") != text.count("}}") or text.count("{%") != text.count("%}"):
            raise TemplateRefused(f"Thẻ mẫu chưa đóng trong đoạn: “{text.strip()[:120]}”")
    asked = check_template(body)
    docx_render(io.BytesIO(body), {})
    return asked


@transaction.atomic
def document_template_upload(
    *, actor: Actor, ruleset: str, kind: str, upload: UploadedFile
) -> DocumentTemplate:
    user = ensure_can_adjust(actor)
    if ruleset not in available():
        raise ServiceError("ruleset", f"Không có bộ quy tắc “{ruleset}”")
    if kind not in TITLES and kind != "report":
        raise ServiceError("kind", f"Không có loại văn bản “{kind}”")
    name = PurePath(upload.name or "").name
    if not name.lower().endswith(".docx"):
        raise ServiceError("file", f"Tệp “{name}”: mẫu văn bản là tệp Word .docx")
    if not upload.size or upload.size > MAX_BYTES:
        raise ServiceError("file", f"Tệp “{name}” rỗng hoặc lớn hơn 5 MB")
    upload.seek(0)
    body = upload.read(MAX_BYTES + 1)
    try:
        check_archive(body, max_uncompressed=MAX_UNCOMPRESSED)
        asked = _check(body)
    except (TemplateRefused, FileRefused) as exc:
        raise ServiceError("file", f"Tệp “{name}”: {exc.message}") from exc
    except Exception as exc:  # not a Word file at all
        raise ServiceError("file", f"Tệp “{name}” không mở được như tệp Word") from exc
    known = check_template(template_path(kind, ruleset).read_bytes())
    unknown = sorted(asked - known)
    if unknown:
        raise ServiceError(
            "file",
            f"Tệp “{name}” dùng trường không có trong văn bản này: {', '.join(unknown)} "
            f"(có: {', '.join(sorted(known))})",
        )
    upload.seek(0)
    previous = DocumentTemplate.objects.filter(ruleset=ruleset, kind=kind, active=True).first()
    if previous is not None:
        previous.active = False
        previous.save(update_fields=["active"])
    adjusted = DocumentTemplate.objects.create(
        ruleset=ruleset, kind=kind, file=upload, name=name, uploaded_by=user
    )
    audit_record(
        actor=user,
        action="document_template.upload",
        obj=adjusted,
        organization=None,
        before=snapshot(previous, ["name"]) if previous else None,
        after=snapshot(adjusted, ["ruleset", "kind", "name"]),
    )
    return adjusted


@transaction.atomic
def document_template_restore(*, actor: Actor, ruleset: str, kind: str) -> None:
    """Back to the shipped file (the adjusted one is kept, inactive, for the record)."""
    user = ensure_can_adjust(actor)
    current = DocumentTemplate.objects.filter(ruleset=ruleset, kind=kind, active=True).first()
    if current is None:
        raise ServiceError("kind", "Văn bản này đang dùng mẫu gốc")
    current.active = False
    current.save(update_fields=["active"])
    audit_record(
        actor=user,
        action="document_template.restore",
        obj=current,
        organization=None,
        before=snapshot(current, ["ruleset", "kind", "name"]),
    )
