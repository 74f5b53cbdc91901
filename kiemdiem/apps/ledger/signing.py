"""The chain's head signed with a key the database does not hold (KIEMDIEM_LEDGER_KEY,
or a file beside the data readable by the server only). Whoever can rewrite the database
can rebuild a consistent chain, but not sign its head; and a head exported to the upper
level shows later whether the chain still passes through it."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from django.conf import settings


def _key() -> bytes:
    return str(settings.LEDGER_KEY).encode()


def sign(seq: int, hash_: str) -> str:
    return hmac.new(_key(), f"kiemdiem-ledger:{seq}:{hash_}".encode(), hashlib.sha256).hexdigest()


def valid(seq: int, hash_: str, signature: str) -> bool:
    return hmac.compare_digest(sign(seq, hash_), signature or "")


def exported(seq: int, hash_: str, at: str, site: str) -> dict[str, Any]:
    """A head as the upper level keeps it (JSON): where, when, which link, signed."""
    return {
        "format": "kiemdiem-ledger-head/1",
        "site": site,
        "at": at,
        "seq": seq,
        "hash": hash_,
        "signature": sign(seq, hash_),
    }


def read_exported(text: str) -> dict[str, Any]:
    head: dict[str, Any] = json.loads(text)
    if head.get("format") != "kiemdiem-ledger-head/1":
        raise ValueError("không phải tệp đầu chuỗi kiemdiem")
    if not isinstance(head.get("seq"), int) or not isinstance(head.get("hash"), str):
        raise ValueError("tệp đầu chuỗi thiếu số thứ tự hoặc mã băm")
    return head
