"""SubjectKey: the one place a result's "<type>/<id>" name is parsed and written."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiemdiem.rules import SubjectKey
from kiemdiem.rules.facts import SUBJECT_TYPES

ids = st.text(alphabet="ABCDEFGHIKMT0123456789-_.@", min_size=1, max_size=20)


@given(st.sampled_from(SUBJECT_TYPES), ids)
def test_written_and_read_back_unchanged(type_: str, id_: str) -> None:
    key = SubjectKey(type_, id_)
    assert SubjectKey.parse(str(key)) == key


@pytest.mark.parametrize("text", ["", "member", "member/", "/M1", "person/M1", "M12"])
def test_what_is_not_a_key_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="Không phải mã đối tượng"):
        SubjectKey.parse(text)


def test_a_leader_is_a_member_heading_a_collective() -> None:
    key = SubjectKey.parse("leader/M1@K3")
    assert (key.person, key.body) == ("M1", "K3")
    assert SubjectKey.parse("member/M12").person == "M12"
    assert SubjectKey.parse("member/M12").body is None
    assert SubjectKey.parse("organization/CB-TT").person is None
