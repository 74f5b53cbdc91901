"""The recomputation of a stored result, run by the worker."""

from __future__ import annotations

from django_tasks import task

from kiemdiem.apps.campaigns.models import Campaign

from .stored import results_refresh


@task()
def results_compute(campaign_id: int, variant: str) -> None:
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is not None:  # deleted since: nothing to keep
        results_refresh(campaign=campaign, variant=variant)
