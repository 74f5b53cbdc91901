"""What the browser tests do as a person would: sign in, sign out, take a screenshot to
look at (test-artifacts/)."""

from __future__ import annotations

from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def shot(page, name: str, *, full_page: bool = True) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


def login(page, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(page.base_url + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def logout(tab) -> None:  # type: ignore[no-untyped-def]
    tab.get_by_role("button", name="Đăng xuất").click()
    tab.wait_for_url("**/dang-nhap/")
