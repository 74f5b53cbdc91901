"""Who may read a subject's history: the member their own, and whoever runs or manages
the organization the subject belongs to (the page and the API ask the same)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User

from kiemdiem.apps.accounts.permissions import can_run
from kiemdiem.apps.evaluation.keys import member_key
from kiemdiem.apps.organizations.models import PartyOrganization


def history_reader(
    user: User | AnonymousUser, subject: str, owner: PartyOrganization
) -> bool | None:
    """True: the member reads their own (officials' names hidden); False: an official of
    the subject's organization; None: not allowed."""
    member = getattr(user, "member", None)
    if member is not None and subject == member_key(member.pk):
        return True
    return False if can_run(user, owner) else None
