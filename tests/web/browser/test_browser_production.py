"""`make serve` as a province would run it: gunicorn with several workers, WhiteNoise,
HTTPS, debug off, the Content-Security-Policy enforced. A person signs in and works
through pages with htmx and charts; the browser refuses nothing and no script fails."""

from __future__ import annotations

import os
import signal
import ssl
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiemdiem.loadtest import free_port
from tests.web.installation import installation_env

from .helpers import ARTIFACTS, login, logout, shot

ROOT = Path(__file__).resolve().parents[3]


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], seconds: int = 300) -> None:
    unverified = ssl._create_unverified_context()  # the self-signed certificate of make serve
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"make serve stopped (exit {proc.returncode}); see serve.log")
        try:
            with urllib.request.urlopen(url + "/suc-khoe/", context=unverified, timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    pytest.fail("make serve did not become healthy in time")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """scripts/serve.sh (what `make serve` runs) on a fresh data folder and a free port."""
    data = tmp_path_factory.mktemp("serve")
    port = free_port()
    env = installation_env(data, KIEMDIEM_WORKERS="2", HOST="127.0.0.1", PORT=str(port))
    ARTIFACTS.mkdir(exist_ok=True)
    with open(ARTIFACTS / "serve.log", "wb") as log:
        proc = subprocess.Popen(
            ["sh", "scripts/serve.sh"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        url = f"https://127.0.0.1:{port}"
        try:
            _wait_healthy(url, proc)
            yield url
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=60)


def _sign_in(tab, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    login(tab, username, password)
    tab.wait_for_url(tab.base_url + "/")


def test_a_flow_under_the_production_server_and_its_csp(browser, served: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(ignore_https_errors=True, locale="vi-VN")
    tab = context.new_page()
    tab.base_url = served  # type: ignore[attr-defined]  # what helpers.login reads
    problems: list[str] = []
    tab.on(
        "console",
        lambda m: problems.append(f"{tab.url}: {m.text[:200]}") if m.type == "error" else None,
    )
    tab.on("pageerror", lambda e: problems.append(f"{tab.url}: script error {e}"))
    headers: dict[str, str] = {}
    tab.on("response", lambda r: headers.update(r.headers) if r.url.endswith("/") else None)

    _sign_in(tab, "vanphong", "vanphong-demo-2020")
    assert "max-age=31536000" in headers["strict-transport-security"]
    assert "unsafe-inline" not in headers["content-security-policy"]
    # Statistics of the finished 2020 campaign: Chart.js draws under the policy.
    tab.goto(served + "/ke-hoach/1/thong-ke/")
    charts = tab.locator("canvas")
    charts.first.wait_for()
    assert charts.count() >= 2
    assert tab.evaluate(
        "() => !!window.Chart && Chart.getChart(document.querySelector('canvas')) !== undefined"
    )
    shot(tab, "90-serve-thong-ke")
    # The 2026 campaign and its progress board.
    tab.goto(served + "/ke-hoach/2/")
    assert "Kế hoạch" in tab.title()
    # An Excel file checked in the background: the page queues it, the worker that
    # `make serve` starts beside the web server takes it, the bar ends with the outcome.
    tab.goto(served + "/nhap-du-lieu/")
    with tab.expect_download() as download:
        tab.get_by_role("link", name="Tải tệp mẫu (.xlsx)").click()
    template = ARTIFACTS / "mau-nhap-du-lieu.xlsx"
    download.value.save_as(template)
    tab.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(template))
    tab.get_by_role("button", name="Chỉ kiểm tra").click()
    tab.wait_for_url("**/nhap-du-lieu/*/")
    tab.get_by_role("alert").or_(tab.locator(".messagelist")).first.wait_for(timeout=60_000)
    assert "Đang chờ" not in tab.locator("#import-job").inner_text()
    shot(tab, "92-serve-nhap-du-lieu")
    logout(tab)

    # A member writes a draft of the self-review (htmx preview, the form's guards).
    _sign_in(tab, "dangvien", "dangvien-demo-2026")
    tab.goto(served + "/tu-kiem-diem/")
    tab.get_by_role(
        "link", name="Kế hoạch kiểm điểm, đánh giá, xếp loại chất lượng năm 2026"
    ).click()
    if tab.get_by_role("button", name="Lưu bản nháp").is_enabled():
        tab.get_by_label("1. Ưu điểm").fill("Hoàn thành đúng hạn các hồ sơ được giao.")
        tab.get_by_role("button", name="Lưu bản nháp").click()
        # The saved page, not the one still loading after the redirect.
        tab.get_by_text("Đã lưu bản nháp.").wait_for()
    shot(tab, "91-serve-tu-kiem-diem")
    context.close()
    # Failed loads of a 4xx answer are the app's own answers; anything else is a fault.
    assert not [p for p in problems if "Failed to load resource" not in p], problems
