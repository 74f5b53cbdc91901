"""The recomputation of a stored result, run by the worker."""

from __future__ import annotations

from django_tasks import task

from kiemdiem.apps.campaigns.models import Campaign

from .stored import results_refresh, results_refresh_parts


@task()
def results_compute(campaign_id: int, variant: str) -> None:
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None:  # deleted since: nothing to keep
        return
    # The changed cells' grassroots units first, each in its own transaction: their
    # members see the change in seconds, while the whole campaign is recomputed.
    results_refresh_parts(campaign=campaign)
    results_refresh(campaign=campaign, variant=variant)
