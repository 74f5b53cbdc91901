"""Writes to the dossiers: a file kept for one item of one subject's dossier, and its
removal. The cell's committee files its cell's papers; those who manage the organization
file any."""

from __future__ import annotations

from pathlib import PurePath

from django.contrib.auth.models import AnonymousUser, User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from kiemdiem.apps.accounts.permissions import ensure_can_run
from kiemdiem.apps.audit.services import audit_record, snapshot
from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.campaigns.services import ensure_open
from kiemdiem.apps.complaints.services import ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES
from kiemdiem.apps.core.errors import ServiceError
from kiemdiem.apps.evaluation.scenario import subject_organization
from kiemdiem.rules import load
from kiemdiem.rules.dossier import items
from kiemdiem.safefiles.names import safe_name

from .models import DossierFile

Actor = User | AnonymousUser


def _place(actor: Actor, campaign: Campaign, subject: str) -> User:
    owner = subject_organization(subject)
    if owner is None or not owner.path.startswith(campaign.organization.path):
        raise ServiceError("subject", f"Đối tượng “{subject}” không thuộc kế hoạch này")
    ensure_can_run(actor, owner)
    if not isinstance(actor, User):
        raise ServiceError("__all__", "Cần đăng nhập")
    return actor


@transaction.atomic
def dossier_file_upload(
    *, actor: Actor, campaign: Campaign, subject: str, item: str, upload: UploadedFile
) -> DossierFile:
    user = _place(actor, campaign, subject)
    ensure_open(campaign)
    known = {i.code: i for i in items(load(campaign.ruleset))}
    if item not in known:
        raise ServiceError("item", f"Mục hồ sơ “{item}” không có trong danh mục của kế hoạch")
    name = safe_name(PurePath(upload.name or "").name, limit=120)
    upload.name = name
    if PurePath(name).suffix.lower() not in ATTACHMENT_TYPES:
        allowed = ", ".join(t.lstrip(".") for t in ATTACHMENT_TYPES)
        raise ServiceError("file", f"Tệp “{name}”: chỉ nhận {allowed}")
    if not upload.size:
        raise ServiceError("file", f"Tệp “{name}” rỗng")
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ServiceError("file", f"Tệp “{name}” lớn hơn 10 MB")
    kept = DossierFile.objects.create(
        campaign=campaign,
        subject=subject,
        item=item,
        file=upload,
        name=name,
        size=upload.size,
        uploaded_by=user,
    )
    audit_record(
        actor=user,
        action="dossier.upload",
        obj=kept,
        organization=campaign.organization,
        after=snapshot(kept, ["subject", "item", "name", "size"]),
        reason=known[item].title,
        subject=subject,
    )
    return kept


@transaction.atomic
def dossier_file_remove(*, actor: Actor, kept: DossierFile) -> None:
    user = _place(actor, kept.campaign, kept.subject)
    ensure_open(kept.campaign)
    audit_record(
        actor=user,
        action="dossier.remove",
        obj=kept,
        organization=kept.campaign.organization,
        before=snapshot(kept, ["subject", "item", "name", "size"]),
        subject=kept.subject,
    )
    stored = kept.file.name
    kept.delete()
    # The stored file goes only once the removal is committed.
    transaction.on_commit(lambda: kept.file.storage.delete(stored))
