"""The production configuration: settings from the environment, the proxy's headers
trusted only from the proxy, the lock-out keyed on the real client, the CSP, the health
check and the static files as they are served."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from ipaddress import ip_network
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone

from kiemdiem.apps.organizations.models import PartyOrganization
from kiemdiem.web.proxy import client_address
from tests.web.installation import installation_env, installation_python

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "kiemdiem" / "templates"
PROXY = [ip_network("10.0.0.1/32"), ip_network("10.9.0.0/16")]


def _settings(tmp_path: Path, code: str, **env: str) -> str:
    """Runs `code` with production's settings loaded from a clean environment."""
    return installation_python(installation_env(tmp_path, **env), code, timeout=120)


def test_debug_is_off_unless_asked_for_and_the_secret_key_is_kept(tmp_path: Path) -> None:
    assert _settings(tmp_path, "print(settings.DEBUG)") == "False"
    assert _settings(tmp_path, "print(settings.DEBUG)", KIEMDIEM_DEBUG="1") == "True"
    key_file = tmp_path / "secret-key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    first = _settings(tmp_path, "print(settings.SECRET_KEY)")
    assert first == key_file.read_text() and len(first) >= 50
    assert _settings(tmp_path, "print(settings.SECRET_KEY)") == first  # kept, not remade
    given = "k" * 60
    assert _settings(tmp_path, "print(settings.SECRET_KEY)", KIEMDIEM_SECRET_KEY=given) == given


def test_check_deploy_is_clean_over_https(tmp_path: Path) -> None:
    code = (
        "from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING'); "
        "print(settings.SECURE_HSTS_SECONDS, settings.SESSION_COOKIE_SECURE, "
        "settings.SECURE_SSL_REDIRECT, getattr(settings, 'SECURE_PROXY_SSL_HEADER', None))"
    )
    out = _settings(tmp_path, code, KIEMDIEM_HTTPS="1", KIEMDIEM_TRUSTED_PROXIES="127.0.0.1")
    assert out.splitlines()[-1] == "31536000 True True ('HTTP_X_FORWARDED_PROTO', 'https')"
    # Plain http (make run): no secure-only cookie, no redirect, no proxy header believed.
    plain = _settings(tmp_path, code.split("; ", 2)[2])
    assert plain == "0 False False None"


@override_settings(TRUSTED_PROXIES=PROXY)
@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        ("203.0.113.7", "", "203.0.113.7"),  # no proxy
        ("203.0.113.7", "198.51.100.1", "203.0.113.7"),  # a client's claim is ignored
        ("10.0.0.1", "198.51.100.1", "198.51.100.1"),  # the proxy says who
        ("10.0.0.1", "1.2.3.4, 198.51.100.1", "198.51.100.1"),  # spoofed hop on the left
        ("10.0.0.1", "198.51.100.1, 10.9.3.3", "198.51.100.1"),  # two proxies in a row
        ("10.0.0.1", "not-an-address", "10.0.0.1"),  # a broken chain proves nothing
        ("10.0.0.1", "", "10.0.0.1"),
    ],
)
def test_the_client_address_is_believed_only_from_a_trusted_proxy(
    peer: str, forwarded: str, client: str
) -> None:
    meta = {"REMOTE_ADDR": peer, "HTTP_X_FORWARDED_FOR": forwarded}
    assert client_address(meta) == client


def _fail_logins(address: str, *, proxy: str = "10.0.0.1", times: int = 5) -> int:
    client = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=address)
    status = 0
    for _ in range(times):
        status = client.post(
            "/dang-nhap/", {"username": "vanphong", "password": "sai-mat-khau"}
        ).status_code
    return status


def test_behind_a_trusted_proxy_the_lock_out_is_per_client(demo: PartyOrganization) -> None:
    with override_settings(TRUSTED_PROXIES=PROXY):
        assert _fail_logins("198.51.100.1") == 429  # this client is locked out
        assert _fail_logins("198.51.100.2", times=1) == 200  # another is not


def test_without_trusted_proxies_forwarded_headers_are_dropped(demo: PartyOrganization) -> None:
    with override_settings(TRUSTED_PROXIES=[]):
        assert _fail_logins("198.51.100.1") == 429
        # Claiming another address does not get round the lock-out.
        assert _fail_logins("198.51.100.2", times=1) == 429


def test_pages_carry_a_strict_content_security_policy(client: Client, db: None) -> None:
    response = client.get("/dang-nhap/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"


INLINE = re.compile(
    r"""style\s*=\s*["']|<style|\son[a-z]+\s*=|javascript:|<script(?![^>]*\bsrc=)[^>]*>""",
    re.IGNORECASE,
)


def test_no_template_holds_inline_script_style_or_handler() -> None:
    found = [
        f"{path.relative_to(TEMPLATES)}: {m.group(0)}"
        for path in TEMPLATES.rglob("*.html")
        for m in INLINE.finditer(path.read_text())
    ]
    assert not found, found


def test_health_reports_database_jobs_and_disk(client: Client, db: None) -> None:
    response = client.get("/suc-khoe/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "jobs", "data_disk", "media_disk"}
    assert body["checks"]["data_disk"]["writable"] is True
    assert body["checks"]["jobs"]["mail"] == {"pending": 0, "failed": 0}


def test_health_fails_when_jobs_wait_or_the_disk_is_full(
    client: Client, demo: PartyOrganization
) -> None:
    from django_tasks_db.models import DBTaskResult

    from kiemdiem.apps.mail.tasks import mails_send

    mails_send.enqueue()  # any kind of job, due an hour ago and not taken: no worker runs
    DBTaskResult.objects.update(run_after=timezone.now() - timedelta(hours=1))
    body = json.loads(client.get("/suc-khoe/").content)
    assert body["status"] == "error" and body["checks"]["jobs"]["ok"] is False
    assert body["checks"]["jobs"]["oldest_queued_seconds"] >= 3600
    DBTaskResult.objects.update(status="SUCCESSFUL")
    with override_settings(HEALTH_MIN_FREE_MB=10**12):
        response = client.get("/suc-khoe/")
    assert response.status_code == 503
    assert response.json()["checks"]["data_disk"]["ok"] is False


def test_health_needs_no_https_redirect(client: Client, db: None) -> None:
    with override_settings(SECURE_SSL_REDIRECT=True):
        assert Client().get("/suc-khoe/").status_code == 200
        assert Client().get("/dang-nhap/").status_code == 301


def test_static_files_are_hashed_and_compressed_for_production(tmp_path: Path) -> None:
    production = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=production):
        call_command("collectstatic", interactive=False, verbosity=0)
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    hashed = manifest["kd/site.css"]
    assert re.fullmatch(r"kd/site\.[0-9a-f]{12}\.css", hashed)
    assert (tmp_path / f"{hashed}.gz").exists()


def test_a_request_factory_request_passes_untouched() -> None:
    # Sanity of the middleware's contract: it only rewrites what a trusted proxy sent.
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_PROTO="https")
    from kiemdiem.web.proxy import TrustedProxyMiddleware

    with override_settings(TRUSTED_PROXIES=[]):
        TrustedProxyMiddleware(lambda r: r)(request)  # type: ignore[arg-type,return-value]
    assert "HTTP_X_FORWARDED_PROTO" not in request.META and not request.is_secure()


def test_error_pages_speak_vietnamese(client: Client, db: None) -> None:
    missing = client.get("/khong-co-trang-nay/")
    assert missing.status_code == 404 and "Không tìm thấy trang này" in missing.content.decode()
    member = Client()
    member.force_login(User.objects.create_user("nguoi-la"))
    refused = member.get("/nhap-du-lieu/")
    assert refused.status_code == 403
    text = refused.content.decode()
    assert "không có quyền" in text and "Chỉ văn phòng, ban tổ chức cấp ủy nhập dữ liệu" in text


def test_the_500_page_stands_alone_in_vietnamese() -> None:
    from django.template.loader import render_to_string

    page = render_to_string("500.html")
    assert "Hệ thống đang gặp sự cố" in page and "Traceback" not in page
