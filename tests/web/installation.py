"""Another installation of kiemdiem in a subprocess (make serve, a worker, a backup and a
restore): production's settings, not the suite's, on its own data folder."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def installation_env(data: Path, **settings: str) -> dict[str, str]:
    """This process's environment without the suite's settings, its async switch or any
    KIEMDIEM_ setting, then production's settings module, `data` as the data folder and
    `settings` (KIEMDIEM_… values) on top."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("KIEMDIEM_")
        and k not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(DJANGO_SETTINGS_MODULE="kiemdiem.web.settings", KIEMDIEM_DATA_DIR=str(data))
    env.update(settings)
    return env


def installation_python(env: dict[str, str], code: str, timeout: int = 600) -> str:
    """Runs `code` in that installation (Django set up, `settings` imported) and returns
    what it printed; fails the test with its error output when it fails."""
    script = "import django; django.setup(); from django.conf import settings\n" + code
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip()


@contextmanager
def installations(base: Path, folders: str, **settings: str) -> Iterator[list[dict[str, str]]]:
    """Empty installations, one per letter of `folders`: a data folder each under `base`
    and, in the PostgreSQL leg (KIEMDIEM_DATABASE_URL set), a database each, dropped after."""
    url = os.environ.get("KIEMDIEM_DATABASE_URL")
    names = [f"kd_install_{uuid.uuid4().hex[:8]}_{x}" for x in folders]
    envs = []
    for name, folder in zip(names, folders, strict=True):
        env = installation_env(base / folder, **settings)
        if url:
            env["KIEMDIEM_DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + name
        envs.append(env)
    if url:
        import psycopg

        with psycopg.connect(url, autocommit=True) as admin:
            for name in names:
                admin.execute(f"CREATE DATABASE {name}")
    try:
        yield envs
    finally:
        if url:
            import psycopg

            with psycopg.connect(url, autocommit=True) as admin:
                for name in names:
                    admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
