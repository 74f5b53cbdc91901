"""Stored results are recomputed by the worker, not inline in the request: `worker`."""

from __future__ import annotations

import pytest


@pytest.fixture
def worker(settings: object) -> None:
    settings.JOBS_INLINE = False  # type: ignore[attr-defined]
