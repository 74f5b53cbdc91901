"""Issued papers are archives: a decision, a re-rating decision, a complaint's answer, a
result letter, the minutes and the tally record of a closed meeting are rendered once, at
the moment they become final, stored with their SHA-256 and chained in the ledger; every
later download returns the stored bytes (000 §B.6: the records of the review are kept as
they were decided). `manage.py ledger_verify` checks the stored files against the chain.

The services that make a paper final call `paper_issue` inside their own transaction, so
the paper holds exactly that moment's data. A paper that is final but has no stored copy
(issued before this archive existed; a result letter, first printed on demand from the
decision's own ratings) is stored the first time it is asked for, and from then on never
again rendered."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from kiemdiem.apps.audit.services import audit_record
from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.complaints.models import Complaint
from kiemdiem.apps.core import jobs
from kiemdiem.apps.decisions.models import ClassificationDecision, Rerating
from kiemdiem.apps.ledger.services import ledger_append
from kiemdiem.apps.reviews.models import Meeting
from kiemdiem.safefiles.names import safe_name

from .contexts import BUILDERS, TITLES
from .models import IssuedPaper
from .pdf import pdf_bytes
from .render import docx_bytes

Actor = User | AnonymousUser | None
# The papers that are final once issued (the rest — a draft report, a self-review, the
# dossier list — are made from the live record each time, marked as drafts where they are).
ARCHIVED = ("decision", "rerating", "notification", "complaint_answer", "minutes", "tally_record")


def is_final(campaign: Campaign, kind: str, ref: str) -> bool:
    """Whether the paper of `kind` for `ref` is issued: from then on it is stored, not
    rendered again."""
    if kind in ("decision", "notification"):
        return ClassificationDecision.objects.filter(
            campaign=campaign, status=ClassificationDecision.Status.ISSUED
        ).exists()
    if kind == "rerating":
        return Rerating.objects.filter(
            pk=int(ref) if ref.isdigit() else 0,
            decision__campaign=campaign,
            status=Rerating.Status.ISSUED,
        ).exists()
    if kind == "complaint_answer":
        return Complaint.objects.filter(
            pk=int(ref) if ref.isdigit() else 0,
            campaign=campaign,
            status=Complaint.Status.ANSWERED,
        ).exists()
    if kind in ("minutes", "tally_record"):
        meetings = Meeting.objects.filter(campaign=campaign, status=Meeting.Status.SUBMITTED)
        if ref[:1] == "K" and ref[1:].isdigit():
            return meetings.filter(collective_id=int(ref[1:])).exists()
        return meetings.filter(organization__code=ref, collective__isnull=True).exists()
    return False


def digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def _store_name(campaign: Campaign, stem: str, sha: str, ext: str) -> str:
    # The hash in the name: a stored file is never overwritten, only added.
    return f"{campaign.year}/{campaign.pk}/{safe_name(stem, limit=100)}-{sha[:16]}.{ext}"


def paper_issue(*, actor: Actor, campaign: Campaign, kind: str, ref: str = "") -> IssuedPaper:
    """Render the paper now, store it once with its hash, chain the hash in the ledger.
    Runs inside the caller's transaction (the issuing write); a paper already stored is
    returned as it is."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("paper_issue must run inside the issuing write's transaction")
    existing = IssuedPaper.objects.filter(campaign=campaign, kind=kind, ref=ref).first()
    if existing is not None:
        return existing
    prepared = BUILDERS[kind](campaign, ref)
    body = docx_bytes(kind, campaign.ruleset, prepared.context)
    sha = digest(body)
    paper = IssuedPaper(
        campaign=campaign,
        kind=kind,
        ref=ref,
        organization=prepared.organization,
        subjects=sorted(prepared.subjects),
        title=_title(kind, prepared.context),
        filename=prepared.filename,
        sha256=sha,
        size=len(body),
        issued_at=timezone.now(),
        issued_by=actor if isinstance(actor, User) else None,
    )
    paper.docx.save(_store_name(campaign, prepared.filename, sha, "docx"), ContentFile(body), False)
    try:
        with transaction.atomic():  # two first downloads at once: the other one stored it
            paper.save()
    except IntegrityError:
        paper.docx.delete(save=False)
        return IssuedPaper.objects.get(campaign=campaign, kind=kind, ref=ref)
    audit_record(
        actor=actor if isinstance(actor, User) else None,
        action="paper.issue",
        obj=paper,
        organization=prepared.organization,
        after={"kind": kind, "ref": ref, "title": paper.title, "sha256": sha},
        subject=next(iter(prepared.subjects), "") if len(prepared.subjects) == 1 else "",
    )
    ledger_append(
        actor=actor,
        action="paper.issue",
        obj=paper,
        payload={"kind": kind, "ref": ref, "file": paper.docx.name, "sha256": sha},
    )
    if not jobs.inline():
        from .tasks import papers_pdf_convert  # the task module imports this one

        # Queued in the issuing transaction: the worker makes the PDF once it commits.
        jobs.enqueue_once(papers_pdf_convert, campaign.pk)
    return paper


def _title(kind: str, context: dict[str, Any]) -> str:
    number = str(context.get("number") or "")
    title = TITLES.get(kind, kind)
    if kind == "notification":
        return f"{title} — {context.get('subject', '')}"[:300]
    if number and "…" not in number and "." * 3 not in number:
        return f"{title} số {number}"[:300]
    return title[:300]


@transaction.atomic
def paper_stored(*, actor: Actor, campaign: Campaign, kind: str, ref: str) -> IssuedPaper | None:
    """The stored paper of a final record (stored now if it is final and was not yet);
    None while the record is not final (it is then rendered from the live record)."""
    if kind not in ARCHIVED:
        return None
    paper = IssuedPaper.objects.filter(campaign=campaign, kind=kind, ref=ref).first()
    if paper is not None:
        return paper
    if not is_final(campaign, kind, ref):
        return None
    return paper_issue(actor=actor, campaign=campaign, kind=kind, ref=ref)


def paper_pdf(*, actor: Actor, paper: IssuedPaper) -> bytes:
    """The PDF of a stored paper, converted once from the stored DOCX and kept. The
    conversion runs outside any transaction (it takes seconds; the database is not held)."""
    if paper.pdf:
        return _read(paper.pdf, paper.pdf_sha256)
    return paper_pdf_keep(actor=actor, paper=paper, body=pdf_bytes(paper_docx(paper)))


def paper_pdf_keep(*, actor: Actor, paper: IssuedPaper, body: bytes) -> bytes:
    """Keep the PDF converted from the stored DOCX (once: a PDF kept earlier wins)."""
    sha = digest(body)
    with transaction.atomic():
        locked = IssuedPaper.objects.select_for_update().get(pk=paper.pk)
        if locked.pdf:  # made by another request meanwhile: theirs is the record
            return _read(locked.pdf, locked.pdf_sha256)
        name = _store_name(paper.campaign, paper.filename, sha, "pdf")
        locked.pdf.save(name, ContentFile(body), False)
        locked.pdf_sha256 = sha
        locked.save(update_fields=["pdf", "pdf_sha256"])
        audit_record(
            actor=actor if isinstance(actor, User) else None,
            action="paper.pdf",
            obj=locked,
            organization=None,
            after={"pdf_sha256": sha},
        )
        ledger_append(
            actor=actor,
            action="paper.pdf",
            obj=locked,
            payload={"kind": paper.kind, "ref": paper.ref, "file": locked.pdf.name, "sha256": sha},
        )
    return body


class PaperAltered(Exception):
    """A stored file no longer matches the hash it was issued with."""


def _read(field: Any, sha: str) -> bytes:
    with field.open("rb") as f:
        body: bytes = f.read()
    if digest(body) != sha:
        raise PaperAltered(field.name)
    return body


def paper_docx(paper: IssuedPaper) -> bytes:
    return _read(paper.docx, paper.sha256)
