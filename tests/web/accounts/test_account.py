"""One's own account: the password changed by its owner (validators, audit, other
sessions ended), API tokens listed and revoked by the owner or the office above — a
revoked token is refused at once — by page, API and command."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client

from kiemdiem.apps.accounts.models import ApiToken
from kiemdiem.apps.accounts.tokens import (
    api_token_issue,
    api_token_list_visible,
    api_token_revoke,
)
from kiemdiem.apps.audit.models import AuditEntry
from kiemdiem.apps.core.errors import PermissionDenied, ServiceError
from kiemdiem.apps.organizations.models import PartyOrganization

NEW = "Mat-khau-moi-2026!"


def _bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_a_revoked_token_gets_401_at_once(secretary_a: User) -> None:
    token, raw = api_token_issue(actor=secretary_a, user=secretary_a, name="máy văn phòng")
    api = Client()
    assert api.get("/api/campaigns", **_bearer(raw)).status_code == 200
    listed = api.get("/api/tokens", **_bearer(raw)).json()
    assert [t["prefix"] for t in listed] == [token.prefix]
    answer = api.post(
        f"/api/tokens/{token.pk}/revoke",
        {"reason": "máy bị mất"},
        content_type="application/json",
        **_bearer(raw),
    )
    assert answer.status_code == 200 and answer.json()["revoked_at"]
    refused = api.get("/api/campaigns", **_bearer(raw))
    assert refused.status_code == 401
    assert "Cần khóa truy cập hợp lệ" in refused.json()["errors"][0]["message"]
    entry = AuditEntry.objects.get(action="api_token.revoke", object_id=str(token.pk))
    assert entry.reason == "máy bị mất" and entry.actor == secretary_a


def test_the_office_sees_and_revokes_the_tokens_of_its_subtree_only(
    secretary_a: User, alice: User, bob: User, charlie: User
) -> None:
    token, _ = api_token_issue(actor=secretary_a, user=secretary_a, name="đồng bộ")
    own, _ = api_token_issue(actor=charlie, user=charlie, name="của charlie")
    # alice: the đảng ủy's office; the secretary's cell is in its subtree, charlie is not.
    seen = {t.pk for t in api_token_list_visible(actor=alice)}
    assert token.pk in seen and own.pk not in seen
    with pytest.raises(PermissionDenied):
        api_token_revoke(actor=charlie, token=token)
    api_token_revoke(actor=alice, token=token, reason="đảng viên chuyển sinh hoạt")
    with pytest.raises(ServiceError, match="đã bị thu hồi"):
        api_token_revoke(actor=alice, token=token)
    page = Client()
    page.force_login(alice)
    listing = page.get("/tai-khoan/khoa-truy-cap/").content.decode()
    assert "đồng bộ" in listing and "của charlie" not in listing
    member = Client()
    member.force_login(User.objects.get(username="dangvien"))
    assert member.get("/tai-khoan/khoa-truy-cap/").status_code == 403


def test_the_owner_issues_and_revokes_on_the_account_page(member_a: User) -> None:
    page = Client()
    page.force_login(member_a)
    shown = page.post("/tai-khoan/", {"issue": "1", "name": "điện thoại"}).content.decode()
    token = ApiToken.objects.get(user=member_a)
    assert f"kd_{token.prefix}_" in shown  # the raw token, this once
    assert "kd_" not in page.get("/tai-khoan/").content.decode().replace(f"{token.prefix}…", "")
    page.post("/tai-khoan/", {"revoke": "1", "token": token.pk})
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_commands_list_and_revoke(secretary_a: User, superuser: User) -> None:
    token, raw = api_token_issue(actor=secretary_a, user=secretary_a, name="máy chủ")
    out = io.StringIO()
    call_command("api_token_list", "--active", stdout=out)
    assert token.prefix in out.getvalue() and "bithu" in out.getvalue()
    call_command("api_token_revoke", token.prefix, "--reason", "hết nhiệm kỳ", stdout=io.StringIO())
    assert Client().get("/api/campaigns", **_bearer(raw)).status_code == 401
    with pytest.raises(CommandError, match="đã bị thu hồi"):
        call_command("api_token_revoke", token.prefix, stdout=io.StringIO())
    with pytest.raises(CommandError, match="Không có đúng một khóa"):
        call_command("api_token_revoke", "khongco", stdout=io.StringIO())


@pytest.mark.parametrize(
    ("old", "new1", "new2", "field", "message"),
    [
        ("sai", NEW, NEW, "old_password", "Mật khẩu hiện tại không đúng"),
        ("{old}", NEW, NEW + "x", "new_password2", "không khớp"),
        ("{old}", "ngan", "ngan", "new_password1", "quá ngắn"),
        ("{old}", "{old}", "{old}", "new_password1", "phải khác"),
    ],
)
def test_a_bad_password_change_names_the_field_and_changes_nothing(
    demo: PartyOrganization, old: str, new1: str, new2: str, field: str, message: str
) -> None:
    current = "dangvien-demo-2026"
    user = User.objects.get(username="dangvien")
    page = Client()
    page.force_login(user)
    data = {
        "password": "1",
        "old_password": old.format(old=current),
        "new_password1": new1.format(old=current),
        "new_password2": new2.format(old=current),
    }
    answer = page.post("/tai-khoan/", data)
    assert answer.status_code == 422
    errors = answer.context["password_form"].errors
    assert field in errors and message in " ".join(errors[field])
    user.refresh_from_db()
    assert user.check_password(current)


def test_a_password_change_keeps_this_session_and_ends_the_others(
    demo: PartyOrganization,
) -> None:
    user = User.objects.get(username="dangvien")
    here, elsewhere = Client(), Client()
    for client in (here, elsewhere):
        signed_in = client.post(
            "/dang-nhap/", {"username": "dangvien", "password": "dangvien-demo-2026"}
        )
        assert signed_in.status_code == 302
    answer = here.post(
        "/tai-khoan/",
        {
            "password": "1",
            "old_password": "dangvien-demo-2026",
            "new_password1": NEW,
            "new_password2": NEW,
        },
    )
    assert answer.status_code == 302
    assert here.get("/tai-khoan/").status_code == 200  # still signed in here
    assert elsewhere.get("/tai-khoan/").status_code == 302  # signed out there
    user.refresh_from_db()
    assert user.check_password(NEW)
    entry = AuditEntry.objects.get(action="user.password_change", actor=user)
    assert NEW not in str(entry.after) and "password" not in str(entry.after)
