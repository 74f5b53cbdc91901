"""The import's undo journal: each batch records, in its own transaction, the rows it
created and the values it replaced; an import that fails, is interrupted or whose worker
died is undone from it, newest batch first, and each undone row is audited.

A row the import created that someone else's record has come to use in the meantime
(a self-review started for a new member between two batches) is kept, not deleted with
their work: the database refuses the delete, the row is counted as kept and named in the
audit."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.auth.models import User
from django.db import IntegrityError, models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError

from .bulk import Change, audit_rows
from .models import ImportJournal


@dataclass
class Undone:
    deleted: int = 0
    restored: int = 0
    kept: int = 0


def journal_write(
    *,
    run: str,
    model: type[models.Model],
    created: Iterable[int] = (),
    replaced: dict[int, dict[str, Any]] | None = None,
) -> None:
    """Inside the batch's own transaction: the journal holds exactly what was committed."""
    ids = list(created)
    if ids or replaced:
        ImportJournal.objects.create(
            run=run,
            table=model._meta.label_lower,
            created=ids,
            replaced={str(k): v for k, v in (replaced or {}).items()},
        )


def journal_pending(*, run: str) -> bool:
    return ImportJournal.objects.filter(run=run).exists()


def journal_clear(*, run: str) -> None:
    """In the import's last transaction, with its summary audit row: it stands."""
    ImportJournal.objects.filter(run=run).delete()


def journal_undo(*, run: str, actor: User | None, organization: int, reason: str) -> Undone:
    """Undoes the run's batches, newest first, one transaction each (the same short
    writes as the import's)."""
    out = Undone()
    for entry_id in (
        ImportJournal.objects.filter(run=run).order_by("-id").values_list("id", flat=True)
    ):
        entry = ImportJournal.objects.get(pk=entry_id)
        model = apps.get_model(entry.table)
        try:
            # The batch's new rows go first: a period it opened must be gone before the
            # one it closed is open again (one open period per member).
            with transaction.atomic():
                _delete(model, entry.created, actor, organization, reason, out)
                _restore(model, entry, actor, organization, reason, out)
                ImportJournal.objects.filter(pk=entry_id).delete()
        except (IntegrityError, ProtectedError, RestrictedError):
            _undo_one_by_one(model, entry, actor, organization, reason, out)
    return out


def _restore(
    model: type[models.Model],
    entry: ImportJournal,
    actor: User | None,
    organization: int,
    reason: str,
    out: Undone,
) -> None:
    for pk, values in entry.replaced.items():
        model._base_manager.filter(pk=int(pk)).update(**values)
    audit_rows(
        actor,
        f"{model._meta.model_name}.undo",
        model._meta.label_lower,
        [Change(int(pk), organization, "", values) for pk, values in entry.replaced.items()],
        reason=reason,
    )
    out.restored += len(entry.replaced)


def _delete(
    model: type[models.Model],
    ids: list[int],
    actor: User | None,
    organization: int,
    reason: str,
    out: Undone,
) -> None:
    """A raw delete: no cascade into others' records (the database refuses instead), no
    tree bookkeeping (the parents' counts are restored from the journal)."""
    qs: Any = model._base_manager.filter(pk__in=ids)
    qs._raw_delete(qs.db)
    audit_rows(
        actor,
        f"{model._meta.model_name}.undo",
        model._meta.label_lower,
        [Change(pk, organization, "", {"deleted": True}, {"id": pk}) for pk in ids],
        reason=reason,
    )
    out.deleted += len(ids)


def _undo_one_by_one(
    model: type[models.Model],
    entry: ImportJournal,
    actor: User | None,
    organization: int,
    reason: str,
    out: Undone,
) -> None:
    for pk in entry.created:
        try:
            with transaction.atomic():
                _delete(model, [pk], actor, organization, reason, out)
        except (IntegrityError, ProtectedError, RestrictedError):
            out.kept += 1
            with transaction.atomic():
                audit_rows(
                    actor,
                    f"{model._meta.model_name}.undo",
                    model._meta.label_lower,
                    [Change(pk, organization, "", {"kept": True})],
                    reason=f"{reason}; giữ lại vì đã có dữ liệu khác dùng đến",
                )
    with transaction.atomic():
        _restore(model, entry, actor, organization, reason, out)
    ImportJournal.objects.filter(pk=entry.pk).delete()
