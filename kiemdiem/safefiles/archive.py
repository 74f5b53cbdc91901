"""ZIP-based files (XLSX, DOCX) from outside: refused before anything inflates them when
they hold too many parts, inflate past a budget or compress abnormally well (a bomb)."""

from __future__ import annotations

import io
import zipfile

# Ratios are checked only for parts this large: a small part may compress very well and
# still cost nothing to inflate.
RATIO_FLOOR = 1 << 20


class FileRefused(Exception):
    """A file refused before it is read; `message` says why, in Vietnamese."""

    def __init__(self, message: str, sheet: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.sheet = sheet


def mb(value: int) -> str:
    return f"{value / (1024 * 1024):.0f} MB"


def check_parts(
    infos: list[zipfile.ZipInfo],
    *,
    max_uncompressed: int,
    max_ratio: int = 100,
    max_parts: int = 500,
) -> None:
    """The archive's declared sizes against the budget (the real sizes are enforced while
    inflating: Python's zipfile stops at the declared size and checks the CRC)."""
    if len(infos) > max_parts:
        raise FileRefused(f"Tệp có hơn {max_parts} phần bên trong")
    total = 0
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > max_ratio * max(info.compress_size, 1):
            raise FileRefused(
                f"Phần “{info.filename[:80]}” của tệp nén bất thường (tỷ lệ "
                f"{info.file_size // max(info.compress_size, 1)}:1, tối đa {max_ratio}:1)"
            )
        total += info.file_size
        if total > max_uncompressed:
            raise FileRefused(f"Tệp bung ra lớn hơn giới hạn {mb(max_uncompressed)}")


def check_archive(
    body: bytes, *, max_uncompressed: int, max_ratio: int = 100, max_parts: int = 500
) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            check_parts(
                archive.infolist(),
                max_uncompressed=max_uncompressed,
                max_ratio=max_ratio,
                max_parts=max_parts,
            )
    except zipfile.BadZipFile as exc:
        raise FileRefused("Tệp không đúng định dạng (không mở được như tệp nén Office)") from exc
