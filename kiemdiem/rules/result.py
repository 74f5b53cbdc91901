"""What the engine gives back: per-subject results, checks across subjects, quotas, summaries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .facts import SUBJECT_TYPES


@dataclass(slots=True, frozen=True)
class Reason:
    code: str
    clause: str
    message: str
    # For a cap: the rank it allows and the check a rating above it raises. Not part of
    # the output; kept here so a result needs no separate list of caps.
    rank: int | None = field(default=None, compare=False)
    check: str = field(default="above_ceiling", compare=False)

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "clause": self.clause, "message": self.message}


@dataclass(slots=True, frozen=True)
class SubjectKey:
    """How a result names its subject, "<type>/<id>": "member/M12", "organization/CB-TT",
    "collective/K3", and "leader/M1@K3" — member M1 as head of collective K3. Parsed and
    written here only; everything else holds a SubjectKey or its string."""

    type: str
    id: str

    @classmethod
    def parse(cls, key: str) -> SubjectKey:
        type_, slash, id_ = key.partition("/")
        if not slash or type_ not in SUBJECT_TYPES or not id_:
            raise ValueError(f"Không phải mã đối tượng đánh giá: {key!r}")
        return cls(type_, id_)

    def __str__(self) -> str:
        return f"{self.type}/{self.id}"

    @property
    def person(self) -> str | None:
        """The member a member's or a leader's result is about ("M1" of "leader/M1@K3")."""
        if self.type == "member":
            return self.id
        if self.type == "leader":
            return self.id.split("@", 1)[0]
        return None

    @property
    def body(self) -> str | None:
        """The collective a leader heads ("K3" of "leader/M1@K3")."""
        return self.id.split("@", 1)[1] if self.type == "leader" and "@" in self.id else None


@dataclass(slots=True)
class SubjectResult:
    type: str
    id: str
    status: str = "rated"  # rated | not_rated | pending
    ceiling: str | None = None
    rating: str | None = None
    # A tuple, and shared when empty: millions of results hold no reason at all.
    reasons: Sequence[Reason] = ()

    @property
    def key(self) -> SubjectKey:
        return SubjectKey(self.type, self.id)

    def to_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "id": self.id,
            "status": self.status,
            "ceiling": self.ceiling,
            "rating": self.rating,
            "reasons": [reason.to_json() for reason in self.reasons],
        }


@dataclass(slots=True)
class Check:
    code: str
    clause: str
    message: str
    subject: str | None = None
    subject_type: str | None = None
    scope: str | None = None
    rating: str | None = None
    allowed: int | None = None
    actual: int | None = None
    subjects: list[str] | None = None
    fact: str | None = None

    def sort_key(self) -> tuple[str, str, str, str, str]:
        return (
            self.code,
            self.subject_type or "",
            self.scope or "",
            self.subject or "",
            self.clause,
        )

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code}
        for name in ("scope", "subject", "subject_type", "rating", "allowed", "actual"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.subjects is not None:
            out["subjects"] = list(self.subjects)
        if self.fact is not None:
            out["fact"] = self.fact
        out["clause"] = self.clause
        out["message"] = self.message
        return out


@dataclass(slots=True, frozen=True)
class Quota:
    """One quota as counted in one scope; reported whether or not it is exceeded."""

    clause_id: str
    clause: str
    scope: str
    subject_type: str
    rating: str
    base: str
    base_count: int
    share: float
    allowed: int
    actual: int

    def to_json(self) -> dict[str, Any]:
        return {
            "clause_id": self.clause_id,
            "clause": self.clause,
            "scope": self.scope,
            "subject_type": self.subject_type,
            "rating": self.rating,
            "base": self.base,
            "base_count": self.base_count,
            "share": self.share,
            "allowed": self.allowed,
            "actual": self.actual,
        }


@dataclass(slots=True)
class Summary:
    """Counts for one organization's subtree, kept as small int vectors per subject type
    (one slot per rating of the scale, top first, then not_rated and pending): a national
    result holds 350,000 of them. Dicts are built only for output."""

    scales: dict[str, tuple[str, ...]]
    counts: dict[str, list[int]]

    def get(self, subject_type: str) -> dict[str, int]:
        vector = self.counts[subject_type]
        row = dict(zip(self.scales[subject_type], vector, strict=False))
        row["not_rated"] = vector[-2]
        row["pending"] = vector[-1]
        return row

    def to_json(self) -> dict[str, dict[str, int]]:
        return {t: self.get(t) for t in SUBJECT_TYPES if t in self.counts}


@dataclass(slots=True)
class Result:
    ruleset: dict[str, str]
    subjects: list[SubjectResult]
    checks: list[Check]
    quotas: list[Quota]
    summary: dict[str, Summary]
    parameters: dict[str, Any] = field(default_factory=dict)

    def subject(self, type_: str, id_: str) -> SubjectResult:
        for item in self.subjects:
            if item.type == type_ and item.id == id_:
                return item
        raise KeyError(f"{type_} {id_}")

    def to_json(self) -> dict[str, Any]:
        # Sorted here, not during evaluation: the output never depends on input order,
        # and a national run that is not printed does not pay for the sort.
        order = {t: i for i, t in enumerate(SUBJECT_TYPES)}
        subjects = sorted(self.subjects, key=lambda s: (order[s.type], s.id))
        return {
            "version": 1,
            "ruleset": dict(self.ruleset),
            "parameters": self.parameters,
            "subjects": [s.to_json() for s in subjects],
            "checks": [c.to_json() for c in self.checks],
            "quotas": [q.to_json() for q in self.quotas],
            "summary": {org: s.to_json() for org, s in self.summary.items()},
        }
