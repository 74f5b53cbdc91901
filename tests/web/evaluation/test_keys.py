"""Subject keys as the web application names its records (evaluation/keys.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiemdiem.apps.evaluation.keys import (
    collective_key,
    collective_pk,
    decided_key,
    kind_of,
    leader_key,
    member_key,
    member_pk,
    member_pk_of,
    organization_key,
    subject_key,
)

pks = st.integers(min_value=1, max_value=10**9)


@given(pks, pks)
def test_records_named_and_found_again(member: int, collective: int) -> None:
    assert member_pk(member_key(member)) == member
    assert member_pk(leader_key(member, collective)) == member
    assert collective_pk(leader_key(member, collective)) == collective
    assert collective_pk(collective_key(collective)) == collective
    assert kind_of(leader_key(member, collective)) == "leader"


def test_other_subjects_name_no_member() -> None:
    assert member_pk(organization_key("CB-TT")) is None
    assert member_pk("member/Mx") is None  # a scenario's own id, not a record
    assert collective_pk(member_key(3)) is None
    # Typed text that names no subject is no subject, never an error.
    assert (kind_of(""), member_pk("x/"), collective_pk("")) == ("", None, None)
    assert subject_key("member") == subject_key("") and not subject_key("").type
    with pytest.raises(ValueError, match="Không phải mã đảng viên"):
        member_pk_of(organization_key("CB-TT"))


def test_a_leader_is_decided_as_the_member() -> None:
    assert decided_key("leader", "M3@K4") == "member/M3"
    assert decided_key("member", "M3") == "member/M3"
    assert decided_key("organization", "CB-TT") == "organization/CB-TT"
