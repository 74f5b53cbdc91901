"""One backup archive (tar): `manifest.json`, the database dump, and every file under
MEDIA_ROOT (uploads, issued papers) except progress files. The manifest lists each member
with its SHA-256 and size; a restore checks every hash before it writes anything, and
takes nothing the manifest does not list (an archive from outside is hostile too).

Secrets are not in it: the secret key and the ledger's signing key stay on the server."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from kiemdiem.apps.core.errors import ServiceError

from . import database

FORMAT = "kiemdiem-backup/1"
SKIP = ("nhap-du-lieu/tien-do/",)  # a job's progress and heartbeat: not data
CHUNK = 1024 * 1024


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _media_files(root: Path) -> list[tuple[str, Path]]:
    if not root.exists():
        return []
    out = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            name = path.relative_to(root).as_posix()
            if not name.startswith(SKIP):
                out.append((name, path))
    return out


def _migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder.Migration.objects.values_list("app", "name"):
        latest[app] = max(latest.get(app, ""), name)
    return latest


@dataclass(frozen=True)
class Written:
    path: Path
    files: int
    bytes: int


def backup_write(target: Path) -> Written:
    """Writes the archive to `target` (through a temporary name: a half-written archive
    never carries the final name)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="kiemdiem-backup-") as work:
        dump = Path(work) / (
            "database.sqlite3" if database.vendor() == "sqlite" else "database.pgdump"
        )
        database.dump(dump)
        members = [(f"db/{dump.name}", dump)] + [(f"media/{n}", p) for n, p in _media_files(media)]
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "vendor": database.vendor(),
            "migrations": _migrations(),
            "files": {
                name: {"sha256": _sha256(p), "size": p.stat().st_size} for name, p in members
            },
        }
        partial = target.with_name(target.name + ".tmp")
        with tarfile.open(partial, "w") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
            for name, path in members:
                tar.add(path, arcname=name, recursive=False)
        partial.replace(target)
    size = sum(f["size"] for f in manifest["files"].values())
    return Written(target, len(members) - 1, size)


def _safe(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ServiceError("file", f"Tệp sao lưu có đường dẫn không hợp lệ: “{name}”")
    return path


def _manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = tar.getmember("manifest.json")
        raw = tar.extractfile(member)
        assert raw is not None and member.size < 64 * 1024 * 1024
        manifest: dict[str, Any] = json.loads(raw.read())
    except (KeyError, AssertionError, ValueError) as exc:
        raise ServiceError("file", "Không phải tệp sao lưu kiemdiem (thiếu manifest.json)") from exc
    if manifest.get("format") != FORMAT:
        raise ServiceError("file", f"Định dạng sao lưu không hỗ trợ: “{manifest.get('format')}”")
    if manifest.get("vendor") != database.vendor():
        raise ServiceError(
            "file",
            f"Bản sao lưu từ cơ sở dữ liệu {manifest.get('vendor')}, "
            f"nơi khôi phục dùng {database.vendor()}",
        )
    return manifest


def _checked(tar: tarfile.TarFile, manifest: dict[str, Any], into: Path) -> dict[str, Path]:
    """Every listed member extracted into `into` and its hash checked; anything else in
    the archive is ignored. Nothing is written outside `into`."""
    out: dict[str, Path] = {}
    for name, expected in manifest["files"].items():
        rel = _safe(name)
        try:
            member = tar.getmember(name)
        except KeyError as exc:
            raise ServiceError("file", f"Tệp sao lưu thiếu “{name}”") from exc
        if not member.isfile() or member.size != expected["size"]:
            raise ServiceError("file", f"“{name}” trong tệp sao lưu không đúng kích thước")
        source = tar.extractfile(member)
        assert source is not None
        path = into / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        with path.open("wb") as fh:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                fh.write(chunk)
        if digest.hexdigest() != expected["sha256"]:
            raise ServiceError("file", f"“{name}” trong tệp sao lưu đã bị thay đổi (sai mã băm)")
        out[name] = path
    return out


@dataclass(frozen=True)
class Restored:
    files: int
    created_at: str


def backup_restore(source: Path) -> Restored:
    """Restores the archive into an empty installation: hashes first, then the database,
    then the files. Refuses an installation that already holds data."""
    if not database.is_empty():
        raise ServiceError(
            "__all__", "Nơi khôi phục đã có dữ liệu: chỉ khôi phục vào một cài đặt trống"
        )
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="kiemdiem-restore-") as work:
        try:
            with tarfile.open(source, "r") as tar:
                manifest = _manifest(tar)
                files = _checked(tar, manifest, Path(work))
        except (tarfile.TarError, OSError) as exc:
            raise ServiceError("file", f"Không đọc được tệp sao lưu: {exc}") from exc
        dumps = [p for n, p in files.items() if n.startswith("db/")]
        if len(dumps) != 1:
            raise ServiceError("file", "Tệp sao lưu phải có đúng một bản cơ sở dữ liệu")
        database.load(dumps[0])
        count = 0
        for name, path in files.items():
            if name.startswith("media/"):
                target = media / _safe(name.removeprefix("media/"))
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(path, target)
                count += 1
    return Restored(count, str(manifest["created_at"]))
