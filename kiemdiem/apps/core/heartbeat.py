"""A running job says it is alive by touching a file, not a row: its writes sit in one
transaction that no one else can see into (and on SQLite would block a second writer),
while a file's time is read the same way by every server. A job whose file went quiet
has lost its worker (killed, out of memory, the machine restarted)."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings


def stale_seconds() -> float:
    """Quiet this long (a dozen beats missed) and the worker is taken for dead."""
    return float(settings.JOBS_STALE_SECONDS)


def beat_seconds() -> float:
    return stale_seconds() / 12


def _touch(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()
    os.utime(path)


@contextmanager
def heartbeat(path: Path) -> Iterator[None]:
    """Touches `path` every few seconds from a thread while the block runs; removes it
    after (a finished job needs no heartbeat)."""
    stop = threading.Event()
    every = beat_seconds()

    def beat() -> None:
        while not stop.wait(every):
            _touch(path)

    _touch(path)
    thread = threading.Thread(target=beat, name=f"heartbeat {path.name}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        path.unlink(missing_ok=True)


def quiet_for(path: Path, *, now: float | None = None) -> float | None:
    """Seconds since the last beat, or None when there is no heartbeat file."""
    try:
        return (now if now is not None else time.time()) - path.stat().st_mtime
    except FileNotFoundError:
        return None
