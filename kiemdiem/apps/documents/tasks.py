"""PDFs made in the background: once a paper is stored, the worker converts it (and any
other stored paper of the campaign still without its PDF) in one start of LibreOffice, so
the office's first download, a single letter or a ZIP of them, finds the PDF kept."""

from __future__ import annotations

import logging

from django_tasks import task

from kiemdiem.apps.core import jobs
from kiemdiem.apps.core.errors import ServiceError

from .archive import PaperAltered, paper_docx, paper_pdf_keep
from .models import IssuedPaper
from .pdf import convert, too_long

logger = logging.getLogger(__name__)
BATCH = 40  # letters per start of LibreOffice; the next batch is queued as its own job


@task()
def papers_pdf_convert(campaign_id: int) -> int:
    """Converts up to BATCH stored papers of the campaign that have no PDF yet; queues
    itself again while some remain. Returns how many it kept."""
    papers = list(
        IssuedPaper.objects.filter(campaign_id=campaign_id, pdf="")
        .select_related("campaign")
        .order_by("pk")[: BATCH + 1]
    )
    if not papers:
        return 0
    batch, more = papers[:BATCH], len(papers) > BATCH
    try:
        letters = {f"{p.pk}.docx": paper_docx(p) for p in batch}
        # A paper too long for LibreOffice stays DOCX only; it must not hold up the rest.
        letters = {name: body for name, body in letters.items() if too_long(body) is None}
        made = convert(letters)
    except (ServiceError, PaperAltered) as exc:
        # The page converts on demand, and says why when it cannot: nothing is lost here.
        logger.warning("PDF conversion of campaign %s put off: %s", campaign_id, exc)
        return 0
    for paper in batch:
        body = made.get(f"{paper.pk}.docx")
        if body is not None:
            paper_pdf_keep(actor=None, paper=paper, body=body)
    if more:
        jobs.enqueue_once(papers_pdf_convert, campaign_id)
    return len(made)
