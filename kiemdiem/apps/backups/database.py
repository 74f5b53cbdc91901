"""The database in and out of one file: SQLite's online backup API (a consistent copy
while the server keeps writing), or PostgreSQL's pg_dump / pg_restore (custom format)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db import connection

from kiemdiem.apps.core.errors import ServiceError


def vendor() -> str:
    return str(connection.vendor)


def _pg_env(settings: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PGHOST=str(settings.get("HOST") or ""),
        PGPORT=str(settings.get("PORT") or ""),
        PGUSER=str(settings.get("USER") or ""),
        PGPASSWORD=str(settings.get("PASSWORD") or ""),
        PGDATABASE=str(settings["NAME"]),
    )
    return env


def dump(target: Path) -> None:
    """Writes the whole database to `target`."""
    if vendor() == "sqlite":
        connection.ensure_connection()
        source = connection.connection
        with sqlite3.connect(target) as copy:
            source.backup(copy)
        copy.close()
    elif vendor() == "postgresql":
        done = subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "-f", str(target)],
            env=_pg_env(connection.settings_dict),
            capture_output=True,
            text=True,
            timeout=3600,
        )
        if done.returncode != 0:
            raise ServiceError("__all__", f"pg_dump không chạy được: {done.stderr.strip()[:500]}")
    else:
        raise ServiceError("__all__", f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {vendor()}")


def is_empty() -> bool:
    """No party organization and no account yet: nothing a restore would overwrite."""
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in ("organizations_partyorganization", "auth_user"):
            if table in tables:
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
                if cursor.fetchone():
                    return False
    return True


def load(source: Path) -> None:
    """Replaces the (empty) database with the dump in `source`."""
    if vendor() == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(source) as dumped:
            dumped.backup(connection.connection)
        dumped.close()
        connection.close()  # the next query reopens it with the restored schema
    elif vendor() == "postgresql":
        connection.close()
        done = subprocess.run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                "-d",
                str(connection.settings_dict["NAME"]),
                str(source),
            ],
            env=_pg_env(connection.settings_dict),
            capture_output=True,
            text=True,
            timeout=3600,
        )
        if done.returncode != 0:
            raise ServiceError(
                "__all__", f"pg_restore không chạy được: {done.stderr.strip()[:500]}"
            )
    else:
        raise ServiceError("__all__", f"Chưa hỗ trợ khôi phục cơ sở dữ liệu {vendor()}")
