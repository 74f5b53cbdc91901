"""The client's real address and scheme behind a reverse proxy, trusted only from the
proxies the settings name (KIEMDIEM_TRUSTED_PROXIES).

Without this, every user would come "from" the proxy's address — one lock-out for a whole
province — and anyone could claim to be another address by sending X-Forwarded-For."""

from __future__ import annotations

from collections.abc import Callable
from ipaddress import IPv4Address, IPv6Address, ip_address

from django.conf import settings
from django.http import HttpRequest, HttpResponse

FORWARDED = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST")


def _address(text: str) -> IPv4Address | IPv6Address | None:
    try:
        return ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address: IPv4Address | IPv6Address | None) -> bool:
    return address is not None and any(address in network for network in settings.TRUSTED_PROXIES)


def client_address(meta: dict[str, str]) -> str:
    """The first address, from the right of X-Forwarded-For, that is not a trusted proxy;
    the peer itself when it is not a trusted proxy (then the header is anyone's claim)."""
    peer = meta.get("REMOTE_ADDR", "")
    if not _trusted(_address(peer)):
        return peer
    hops = [h for h in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            return peer  # a malformed chain proves nothing: keep the proxy's address
        if not _trusted(address):
            return str(address)
    return peer


class TrustedProxyMiddleware:
    """First in the chain: sets REMOTE_ADDR to the real client and drops forwarded headers
    that did not come from a trusted proxy, before anything reads them (the SSL redirect,
    the lock-out, the audit)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        if _trusted(_address(meta.get("REMOTE_ADDR", ""))):
            meta["REMOTE_ADDR"] = client_address(meta)
        else:
            for name in FORWARDED:
                meta.pop(name, None)
        return self.get_response(request)
