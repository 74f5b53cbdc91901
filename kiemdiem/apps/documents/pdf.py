"""DOCX → PDF with LibreOffice, on a budget.

One converter runs at a time in a worker process (LibreOffice takes a core and ~300 MB);
it gets a time limit, and when it passes, the converter's whole process group is killed —
`soffice` forks `soffice.bin`, and killing only the parent left the child at 97 % CPU.
Many documents go through one start (a cell's letters as one batch): the start costs
seconds, a page costs milliseconds.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import zipfile
from pathlib import Path

from django.conf import settings

from kiemdiem.apps.core.errors import ServiceError

_ONE_AT_A_TIME = threading.Lock()


def available() -> bool:
    return shutil.which("soffice") is not None


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def convert(documents: dict[str, bytes]) -> dict[str, bytes]:
    """{name: DOCX} → {name: PDF} in one start of LibreOffice; names are ours (ids), never
    typed text. Refused in Vietnamese when LibreOffice is missing, busy too long, too slow
    or fails."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise ServiceError(
            "format",
            "Máy chủ chưa cài LibreOffice để xuất PDF (chạy scripts/install-documents.sh); "
            "vẫn tải được bản DOCX.",
        )
    if not documents:
        return {}
    for body in documents.values():
        _ensure_convertible(body)
    if not _ONE_AT_A_TIME.acquire(timeout=settings.PDF_QUEUE_WAIT):
        raise ServiceError(
            "format", "Máy chủ đang chuyển văn bản khác sang PDF; thử lại sau ít phút."
        )
    try:
        return _run(soffice, documents)
    finally:
        _ONE_AT_A_TIME.release()


def _run(soffice: str, documents: dict[str, bytes]) -> dict[str, bytes]:
    limit = settings.PDF_TIMEOUT + settings.PDF_TIMEOUT_PER_DOCUMENT * len(documents)
    with tempfile.TemporaryDirectory(prefix="kiemdiem-pdf-") as tmp:
        sources = []
        for n, body in enumerate(documents.values()):
            src = Path(tmp) / f"{n:05d}.docx"
            src.write_bytes(body)
            sources.append(str(src))
        process = subprocess.Popen(
            [
                soffice,
                f"-env:UserInstallation=file://{tmp}/profile",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                *sources,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "HOME": tmp},
            start_new_session=True,  # its own process group, to be killed whole
        )
        try:
            process.wait(timeout=limit)
        except subprocess.TimeoutExpired as exc:
            _kill_group(process)
            raise ServiceError(
                "format",
                f"Chuyển sang PDF quá {limit} giây nên đã dừng (văn bản quá dài?); tải bản DOCX.",
            ) from exc
        finally:
            # soffice.bin may outlive a parent that exited: nothing of the group stays.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
        out: dict[str, bytes] = {}
        for n, name in enumerate(documents):
            pdf = Path(tmp) / f"{n:05d}.pdf"
            if process.returncode != 0 or not pdf.is_file():
                raise ServiceError("format", "Không chuyển được văn bản sang PDF; tải bản DOCX.")
            out[name] = pdf.read_bytes()
        return out


def too_long(docx: bytes) -> str | None:
    """Why LibreOffice is not given this document, or None. It lays a whole document out
    in memory: a province's decision list (202,000 rows, 258 MB of XML) passed 4 GB and
    kept growing. Beyond the limit the DOCX — the archived record — is the paper."""
    try:
        with zipfile.ZipFile(io.BytesIO(docx)) as z:
            size = z.getinfo("word/document.xml").file_size
    except (zipfile.BadZipFile, KeyError):
        return None  # not ours to judge: LibreOffice says what is wrong with it
    if size <= settings.PDF_MAX_XML_MB * 1024 * 1024:
        return None
    rows = f"{size // 1300:,}".replace(",", ".")  # Vietnamese thousands: 200.000
    return (
        f"Văn bản quá dài để chuyển sang PDF trên máy chủ (khoảng {rows} dòng danh sách); "
        "tải bản DOCX — bản lưu chính thức — để in."
    )


def _ensure_convertible(docx: bytes) -> None:
    why = too_long(docx)
    if why is not None:
        raise ServiceError("format", why)


def pdf_bytes(docx: bytes) -> bytes:
    return convert({"document": docx})["document"]
