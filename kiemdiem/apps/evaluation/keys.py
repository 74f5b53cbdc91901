"""Subject keys as the web application names its records in a scenario: a member is
"M<pk>", a collective "K<pk>", an organization its code, a leader "M<pk>@K<pk>". The
engine's SubjectKey parses and writes the "<type>/<id>" form; these say which record a
key means."""

from __future__ import annotations

from kiemdiem.rules import SubjectKey


def member_key(pk: int) -> str:
    return str(SubjectKey("member", f"M{pk}"))


def collective_key(pk: int) -> str:
    return str(SubjectKey("collective", f"K{pk}"))


def organization_key(code: str) -> str:
    return str(SubjectKey("organization", code))


def leader_key(member_pk: int, collective_pk: int) -> str:
    return str(SubjectKey("leader", f"M{member_pk}@K{collective_pk}"))


def key_prefix(subject_type: str, ref: str = "") -> str:
    """What the keys of a type begin with ("member/", "collective/K"): to find them, or
    cut their ids out, in stored text."""
    return str(SubjectKey(subject_type, ref))


def _parse(key: str | SubjectKey) -> SubjectKey | None:
    """A key as given: typed text may name nothing (then None, never an error)."""
    if isinstance(key, SubjectKey):
        return key
    try:
        return SubjectKey.parse(key)
    except ValueError:
        return None


def subject_key(text: str) -> SubjectKey:
    """The key typed text names, or an empty key (no type, no id) when it names none: a
    service given a bad subject then finds nothing under it, and says so."""
    return _parse(text) or SubjectKey("", "")


def _number(ref: str | None, prefix: str) -> int | None:
    if ref is None or not ref.startswith(prefix) or not ref[1:].isdigit():
        return None
    return int(ref[1:])


def member_pk(key: str | SubjectKey) -> int | None:
    """The member record a member's or a leader's result is about; None for others."""
    parsed = _parse(key)
    return _number(parsed.person, "M") if parsed else None


def collective_pk(key: str | SubjectKey) -> int | None:
    """The collective of a collective's result, or the one a leader heads."""
    parsed = _parse(key)
    if parsed is None:
        return None
    ref = parsed.id if parsed.type == "collective" else parsed.body
    return _number(ref, "K")


def kind_of(key: str) -> str:
    """ "member" of "member/M12": the subject's type, for labels and scales ("" when the
    text names no subject)."""
    return subject_key(key).type


def member_pk_of(key: str | SubjectKey) -> int:
    """member_pk where the key must name a member (a member's or a leader's result)."""
    pk = member_pk(key)
    if pk is None:
        raise ValueError(f"Không phải mã đảng viên: {key}")
    return pk


def decided_key(subject_type: str | None, ref: str) -> str:
    """The key a decision is taken under, from a check's subject: a leader is decided as
    the member they are ("M3@K4" → "member/M3")."""
    key = SubjectKey(subject_type or "", ref)
    person = key.person if "@" in ref else None
    return str(SubjectKey("member", person) if person else key)
