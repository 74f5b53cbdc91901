"""The browser tests' fixtures: Debian's Chromium once per module, and a fresh page on a
live server with the demo loaded for each test."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command

CHROMIUM = "/usr/bin/chromium"
# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
# fixtures here are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run `make browser` (scripts/install-browser.sh)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server, transactional_db):  # type: ignore[no-untyped-def]
    call_command("demo_load", stdout=io.StringIO())
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.base_url = live_server.url  # type: ignore[attr-defined]
    # An irreversible step asks first (kd/forms.js): the user reads and confirms; what
    # each question said is kept for the test to check.
    page.dialogs = []  # type: ignore[attr-defined]

    def answer(dialog):  # type: ignore[no-untyped-def]
        page.dialogs.append(dialog.message)  # type: ignore[attr-defined]
        dialog.accept()

    page.on("dialog", answer)
    # Every page runs under the Content-Security-Policy: whatever it refuses (an inline
    # script or style, a handler, a file from elsewhere) fails the test that met it.
    # (So tests wait on locators: Playwright's wait_for_function evaluates a string.)
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(f"{page.url}: {message.text[:160]} @ {message.location}")
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: refused.append(f"script error: {error}"))
    yield page
    context.close()
    assert not refused, "\n".join(refused)
