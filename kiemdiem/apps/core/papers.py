"""Issuing a paper, as the step that issues it sees it.

A meeting submitted, a decision issued, an answer sent: each step stores its paper in its
own transaction, as the paper reads at that moment (an issued paper never changes). The
documents app renders papers from every step's records, so it sits above those steps and
they cannot import it; it registers its archiver here when Django starts
(DocumentsConfig.ready), and the steps call `paper_issue`. Not a signal: exactly one
archiver, called in the caller's transaction, and its errors roll the step back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured

Archiver = Callable[..., Any]
_archiver: list[Archiver] = []


def register_archiver(archiver: Archiver) -> None:
    _archiver[:] = [archiver]


def paper_issue(*, actor: Any, campaign: Any, kind: str, ref: str = "") -> None:
    """Render the paper of `kind` (and `ref`) now and store it with its hash."""
    if not _archiver:
        raise ImproperlyConfigured("kiemdiem.apps.documents is not installed: no archiver")
    _archiver[0](actor=actor, campaign=campaign, kind=kind, ref=ref)
