"""JSON both databases keep alike: PostgreSQL's jsonb cannot hold the NUL character
(\\u0000) that SQLite accepts, so it is dropped from every key and string before a record
is stored — and before it is hashed, so the chain verifies on either."""

from __future__ import annotations

from typing import Any


def without_nul(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {without_nul(k): without_nul(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [without_nul(v) for v in value]
    return value
