"""Names for files and archive entries made from text someone typed: a member named
"../../../../outside/x" or an upload named with 300 characters must give one short name
that stays in its folder."""

from __future__ import annotations

import re
import unicodedata

_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')
_SPACES = re.compile(r"\s+")


def safe_name(text: str, *, limit: int = 80, fallback: str = "tep") -> str:
    """One path component: no separators, no control characters, no leading dots, at most
    `limit` characters with the extension kept. Vietnamese letters stay."""
    name = unicodedata.normalize("NFC", text or "")
    name = _UNSAFE.sub("-", name)
    name = _SPACES.sub(" ", name).strip(" .-")
    while ".." in name:
        name = name.replace("..", ".")
    if not name:
        return fallback
    if len(name) <= limit:
        return name
    stem, dot, ext = name.rpartition(".")
    if dot and 0 < len(ext) <= 8 and stem:
        return stem[: limit - len(ext) - 1].rstrip(" .-") + "." + ext
    return name[:limit].rstrip(" .-")


def entry(*parts: str) -> str:
    """An archive entry from parts already made safe: "001-M12-Nguyen Van A/bien-ban.docx"."""
    return "/".join(safe_name(p) for p in parts)
