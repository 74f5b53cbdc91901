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


@dataclass
class _Undo:
    """One run's undo: who undoes (None: the system), where its audit rows sit, why."""

    actor: User | None
    organization: int
    reason: str
    out: Undone

    def audit(self, model: type[models.Model], changes: list[Change], reason: str = "") -> None:
        action = f"{model._meta.model_name}.undo"
        label = model._meta.label_lower
        audit_rows(self.actor, action, label, changes, reason=reason or self.reason)

    def restore(self, model: type[models.Model], entry: ImportJournal) -> None:
        for pk, values in entry.replaced.items():
            model._base_manager.filter(pk=int(pk)).update(**values)
        self.audit(
            model,
            [Change(int(pk), self.organization, "", v) for pk, v in entry.replaced.items()],
        )
        self.out.restored += len(entry.replaced)

    def delete(self, model: type[models.Model], ids: list[int]) -> None:
        """A raw delete: no cascade into others' records (the database refuses instead),
        no tree bookkeeping (the parents' counts are restored from the journal)."""
        qs: Any = model._base_manager.filter(pk__in=ids)
        qs._raw_delete(qs.db)
        self.audit(
            model, [Change(pk, self.organization, "", {"deleted": True}, {"id": pk}) for pk in ids]
        )
        self.out.deleted += len(ids)

    def one_by_one(self, model: type[models.Model], entry: ImportJournal) -> None:
        for pk in entry.created:
            try:
                with transaction.atomic():
                    self.delete(model, [pk])
            except (IntegrityError, ProtectedError, RestrictedError):
                self.out.kept += 1
                with transaction.atomic():
                    self.audit(
                        model,
                        [Change(pk, self.organization, "", {"kept": True})],
                        reason=f"{self.reason}; giữ lại vì đã có dữ liệu khác dùng đến",
                    )
        with transaction.atomic():
            self.restore(model, entry)
        ImportJournal.objects.filter(pk=entry.pk).delete()


def journal_undo(*, run: str, actor: User | None, organization: int, reason: str) -> Undone:
    """Undoes the run's batches, newest first, one transaction each (the same short
    writes as the import's)."""
    undo = _Undo(actor, organization, reason, Undone())
    for entry_id in (
        ImportJournal.objects.filter(run=run).order_by("-id").values_list("id", flat=True)
    ):
        entry = ImportJournal.objects.get(pk=entry_id)
        model = apps.get_model(entry.table)
        try:
            # The batch's new rows go first: a period it opened must be gone before the
            # one it closed is open again (one open period per member).
            with transaction.atomic():
                undo.delete(model, entry.created)
                undo.restore(model, entry)
                ImportJournal.objects.filter(pk=entry_id).delete()
        except (IntegrityError, ProtectedError, RestrictedError):
            undo.one_by_one(model, entry)
    return undo.out
