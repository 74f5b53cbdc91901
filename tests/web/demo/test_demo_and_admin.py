from __future__ import annotations

import io

from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from kiemdiem.apps.audit.models import AuditEntry
from kiemdiem.apps.members.models import Member, Post
from kiemdiem.apps.organizations.models import LeadershipCollective, PartyOrganization


def test_demo_is_shaped_like_seed_000_and_loads_once(demo: PartyOrganization) -> None:
    members = Member.objects.filter(organization__path__startswith=demo.path)
    assert 40 <= members.count() <= 60
    assert demo.kind == "grassroots_committee" and demo.name == "Đảng bộ Sở Nội vụ"
    cells = PartyOrganization.objects.filter(path__startswith=demo.path, kind="cell")
    assert cells.count() == 7 and cells.filter(name="Chi bộ Văn phòng").exists()
    # 000 §A.4.2: the Văn phòng cell reviews its members in party groups.
    assert PartyOrganization.objects.filter(kind="party_group").count() == 2
    kinds = set(LeadershipCollective.objects.values_list("kind", flat=True))
    assert {
        "party_committee",
        "standing_committee",
        "agency_leadership",
        "inspection_committee",
        "cell_committee",
    } <= kinds
    assert (
        LeadershipCollective.objects.get(kind="agency_leadership").name
        == "Tập thể lãnh đạo Sở Nội vụ"
    )
    assert Post.objects.filter(title="secretary").count() >= 8
    assert Member.objects.filter(full_member_on__isnull=True).count() == 2  # admitted in 2020
    counts = (Member.objects.count(), AuditEntry.objects.count())
    out = io.StringIO()
    call_command("demo_load", stdout=out)
    assert (Member.objects.count(), AuditEntry.objects.count()) == counts
    assert "admin / kiemdiem-demo-2020" in out.getvalue()


def test_admin_speaks_vietnamese_and_lists_the_demo(
    demo: PartyOrganization, client: Client
) -> None:
    client.force_login(User.objects.get(username="admin"))
    page = client.get("/admin/").content.decode()
    assert "Tổ chức đảng" in page and "Đảng viên" in page
    assert "Tasks Database Backend" not in page and "dbtaskresult" not in page  # queue rows
    page = client.get("/admin/members/member/").content.decode()
    assert "52 đảng viên" in page or "52 đảng viên" in page.replace("\xa0", " ")


def test_organization_list_counts_whole_subtrees_in_one_query(
    demo: PartyOrganization, client: Client, django_assert_max_num_queries
) -> None:
    client.force_login(User.objects.get(username="admin"))
    with django_assert_max_num_queries(10):
        page = client.get("/admin/organizations/partyorganization/").content.decode()
    # The Đảng bộ counts all 52; the Văn phòng cell its two party groups' members.
    rows = {
        line.split("</a>")[0].split(">")[-1].strip("— "): line
        for line in page.split("<tr")
        if 'class="field-member_count"' in line
    }
    assert '<td class="field-member_count">52</td>' in rows["Đảng bộ Sở Nội vụ"]
    assert '<td class="field-member_count">10</td>' in rows["Chi bộ Văn phòng"]


def test_member_list_costs_a_fixed_number_of_queries(
    demo: PartyOrganization, client: Client, django_assert_max_num_queries
) -> None:
    client.force_login(User.objects.get(username="admin"))
    with django_assert_max_num_queries(12):
        assert client.get("/admin/members/member/").status_code == 200


def test_office_sees_its_subtree_only_and_cannot_write(bob: User, client: Client) -> None:
    client.force_login(bob)
    page = client.get("/admin/members/member/").content.decode()
    inside = Member.objects.filter(organization__code="CB-TT").count()
    assert f"{inside} đảng viên" in page.replace("\xa0", " ")
    assert client.get("/admin/members/member/add/").status_code == 403
    cell = PartyOrganization.objects.get(code="CB-VP")  # its members sit in party groups
    outsider = Member.objects.filter(organization__path__startswith=cell.path).first()
    assert outsider is not None
    assert client.get(f"/admin/members/member/{outsider.pk}/change/").status_code in (302, 404)


def test_anonymous_is_sent_to_login(client: Client, db: None) -> None:
    response = client.get("/admin/members/member/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_production_hashes_passwords_with_argon2(demo: PartyOrganization) -> None:
    """The tests hash with MD5 for speed (tests/settings.py); production must not."""
    from django.contrib.auth.hashers import check_password, make_password
    from django.test import override_settings

    from kiemdiem.web import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    with override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS):
        stored = make_password("kiemdiem-demo-2020")
        assert stored.startswith("argon2$")
        assert check_password("kiemdiem-demo-2020", stored)
        # The demo's administrator, given a password under production's settings.
        user = User.objects.get(username="admin")
        user.set_password("kiemdiem-demo-2020")
        user.save(update_fields=["password"])
        user.refresh_from_db()
        assert user.password.startswith("argon2$")
        assert user.check_password("kiemdiem-demo-2020")
