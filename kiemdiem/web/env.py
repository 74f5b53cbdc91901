"""Typed settings from the environment that fail loudly on a bad value."""

from __future__ import annotations

import os
import secrets
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path


class SettingError(ValueError):
    pass


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise SettingError(f"{name} must be true or false, got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise SettingError(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_database(name: str) -> dict[str, object] | None:
    """A PostgreSQL database from `postgres://user:password@host:port/name`, or None when
    the variable is unset (the embedded SQLite default is used)."""
    from urllib.parse import unquote, urlsplit

    raw = os.environ.get(name)
    if not raw:
        return None
    url = urlsplit(raw)
    if url.scheme not in ("postgres", "postgresql") or not url.path.strip("/"):
        raise SettingError(f"{name} must look like postgres://user:password@host:port/db")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(url.path.lstrip("/")),
        "USER": unquote(url.username or ""),
        "PASSWORD": unquote(url.password or ""),
        "HOST": url.hostname or "",
        "PORT": str(url.port or ""),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }


def secret_key_file(path: Path) -> str:
    """The secret key kept in a file beside the data (created once, readable by the owner
    only), for an installation that does not pass KIEMDIEM_SECRET_KEY. A backup holds it
    with the data it signs."""
    try:
        key = path.read_text().strip()
    except FileNotFoundError:
        key = secrets.token_urlsafe(50)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(key)
        return key
    if len(key) < 40:
        raise SettingError(f"{path} holds a secret key shorter than 40 characters")
    return key


def env_networks(name: str) -> list[IPv4Network | IPv6Network]:
    """Addresses or networks (10.0.0.5, 10.0.0.0/24, ::1) from a comma-separated list."""
    out = []
    for item in env_list(name, []):
        try:
            out.append(ip_network(item, strict=False))
        except ValueError as exc:
            raise SettingError(f"{name}: {item!r} is not an address or a network") from exc
    return out
