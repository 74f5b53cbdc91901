"""A backup restores: the demo with its issued papers, backed up, restored into an empty
installation, is the same table for table and file for file, and its ledger verifies.
On the database of this run (SQLite, or PostgreSQL in the PostgreSQL leg): the backup
and the restore are other processes, each with its own installation."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.installation import installation_python, installations

ROOT = Path(__file__).resolve().parents[3]

TABLES = """
import hashlib, json
from django.db import connection
out = {}
with connection.cursor() as cursor:
    for table in sorted(connection.introspection.table_names()):
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
        rows = sorted(repr(row) for row in cursor.fetchall())
        out[table] = [len(rows), hashlib.sha256("\\n".join(rows).encode()).hexdigest()]
print(json.dumps(out))
"""


@pytest.fixture
def installs(tmp_path: Path) -> Iterator[list[dict[str, str]]]:
    """Three empty installations (A, B, C); the ledger key travels with whoever restores
    (never in the archive)."""
    key = uuid.uuid4().hex * 2
    with installations(
        tmp_path, "abc", KIEMDIEM_LEDGER_KEY=key, KIEMDIEM_LOG_FORMAT="text"
    ) as envs:
        yield envs


def _manage(env: dict[str, str], *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if ok:
        assert done.returncode == 0, done.stderr[-3000:]
    return done


def _tables(env: dict[str, str]) -> dict[str, list[object]]:
    tables: dict[str, list[object]] = json.loads(installation_python(env, TABLES))
    return tables


def _files(env: dict[str, str]) -> dict[str, bytes]:
    media = Path(env["KIEMDIEM_DATA_DIR"]) / "media"
    return {
        p.relative_to(media).as_posix(): p.read_bytes()
        for p in sorted(media.rglob("*"))
        if p.is_file() and "tien-do" not in p.parts
    }


def test_backup_restore_round_trip_is_the_same_table_for_table_and_file_for_file(
    installs: list[dict[str, str]], tmp_path: Path
) -> None:
    a, b, c = installs
    _manage(a, "migrate", "-v0")
    _manage(a, "demo_load")
    _manage(a, "demo_complete")  # the 2020 decision issued: papers stored with hashes
    archive = tmp_path / "sao-luu.tar"
    said = _manage(a, "backup", str(archive)).stdout
    assert "Đã sao lưu" in said
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    assert any(name.startswith("media/luu-tru/") for name in manifest["files"])

    restored = _manage(b, "restore", str(archive)).stdout
    assert "Đã khôi phục" in restored and "Chuỗi bản ghi toàn vẹn" in restored
    before, after = _tables(a), _tables(b)
    assert before == after
    assert before["organizations_partyorganization"][0] > 0  # the demo is really there
    assert _files(a) == _files(b) and _files(a)

    # A second restore over data is refused, and writes nothing.
    again = _manage(b, "restore", str(archive), ok=False)
    assert again.returncode != 0 and "đã có dữ liệu" in again.stderr
    assert _tables(b) == before

    # A file changed inside the archive: refused before anything is written.
    tampered = tmp_path / "sua.tar"
    with tarfile.open(archive) as src, tarfile.open(tampered, "w") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()  # type: ignore[union-attr]
            if member.name.startswith("media/luu-tru/") and member.name.endswith(".docx"):
                data = data[:-1] + bytes([data[-1] ^ 1])
            dst.addfile(member, io.BytesIO(data))
    refused = _manage(c, "restore", str(tampered), ok=False)
    assert refused.returncode != 0 and "sai mã băm" in refused.stderr
    assert not _files(c)
    _manage(c, "migrate", "-v0")
    assert _tables(c)["organizations_partyorganization"][0] == 0


def test_an_archive_that_is_not_ours_is_refused(
    installs: list[dict[str, str]], tmp_path: Path
) -> None:
    stray = tmp_path / "la.tar"
    with tarfile.open(stray, "w") as tar:
        evil = b"x"
        info = tarfile.TarInfo("../../etc/passwd")
        info.size = len(evil)
        tar.addfile(info, io.BytesIO(evil))
    refused = _manage(installs[0], "restore", str(stray), ok=False)
    assert refused.returncode != 0 and "manifest.json" in refused.stderr
    assert not (tmp_path / "etc").exists()
