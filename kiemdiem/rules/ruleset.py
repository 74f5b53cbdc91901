"""Rule sets: policy as data.

A rule set is a TOML file in `rulesets/`: metadata, rating scales, process
parameters (deadlines, advance days) and named clauses. Each clause names a
mechanism (code in `mechanisms/`), the subject type it applies to, the source
clause it cites, how sure that source is, and its parameters.

A local plan `extends` another rule set and may `remove` clauses, `amend`
named clauses (meta or parameters) and `add` new ones — the way seed 002
amends "Kế hoạch 15-KH/ĐU" clause by clause.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from .facts import SUBJECT_TYPES
from .ratings import RANK

META_KEYS = frozenset({"mechanism", "subject", "cite", "certainty", "title"})
CERTAINTIES = frozenset({"seed", "summary", "assumed"})
RULESET_KEYS = frozenset(
    {
        "id",
        "version",
        "title",
        "issuer",
        "issued_on",
        "model",
        "certainty",
        "sources",
        "notes",
        "extends",
        "scales",
        "process",
        "clauses",
        "amend",
        "add",
        "remove",
    }
)


class RuleSetError(Exception):
    """A rule-set file is malformed, or a reference to one cannot be resolved."""


@dataclass(frozen=True, slots=True)
class Clause:
    id: str
    mechanism: str
    subject: str
    cite: str
    certainty: str
    title: str
    params: Mapping[str, Any]
    origin: str

    def get(self, name: str, default: Any = None) -> Any:
        return self.params.get(name, default)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "mechanism": self.mechanism,
            "subject": self.subject,
            "clause": self.cite,
            "certainty": self.certainty,
            "title": self.title,
            "params": dict(self.params),
            "defined_in": self.origin,
        }


@dataclass(frozen=True, slots=True)
class RuleSet:
    id: str
    version: str
    title: str
    issuer: str
    issued_on: date
    model: str
    certainty: str
    sources: tuple[str, ...]
    extends: str | None
    scales: Mapping[str, tuple[str, ...]]
    process: Mapping[str, Any]
    clauses: tuple[Clause, ...]
    notes: tuple[str, ...] = field(default=())

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    def clause(self, clause_id: str) -> Clause:
        for clause in self.clauses:
            if clause.id == clause_id:
                return clause
        raise KeyError(clause_id)

    def has(self, clause_id: str) -> bool:
        return any(c.id == clause_id for c in self.clauses)

    def for_subject(self, subject: str) -> Iterator[Clause]:
        return (c for c in self.clauses if c.subject == subject)

    def by_mechanism(self, mechanism: str) -> list[Clause]:
        return [c for c in self.clauses if c.mechanism == mechanism]

    def scale(self, subject: str) -> tuple[str, ...]:
        return self.scales[subject]

    def header(self) -> dict[str, str]:
        return {"id": self.id, "version": self.version, "title": self.title}

    def describe(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "version": self.version,
            "title": self.title,
            "issuer": self.issuer,
            "issued_on": self.issued_on.isoformat(),
            "model": self.model,
            "certainty": self.certainty,
            "extends": self.extends,
            "sources": list(self.sources),
            "clauses": [c.cite for c in self.clauses],
            "clause_ids": [c.id for c in self.clauses],
            "notes": list(self.notes),
        }


def _files() -> dict[str, str]:
    folder = resources.files("kiemdiem.rules").joinpath("rulesets")
    out: dict[str, str] = {}
    for entry in folder.iterdir():
        if entry.name.endswith(".toml"):
            out[entry.name.removesuffix(".toml")] = entry.read_text(encoding="utf-8")
    return out


def available() -> list[str]:
    return sorted(_files())


def _parse_clause(
    ruleset_id: str, clause_id: str, raw: Mapping[str, Any], base: Clause | None
) -> Clause:
    where = f"rule set {ruleset_id}, clause {clause_id}"
    if base is None:
        for key in ("mechanism", "subject", "cite", "certainty", "title"):
            if key not in raw:
                raise RuleSetError(f"{where}: missing '{key}'")
    mechanism = str(raw.get("mechanism", base.mechanism if base else ""))
    subject = str(raw.get("subject", base.subject if base else ""))
    cite = str(raw.get("cite", base.cite if base else ""))
    certainty = str(raw.get("certainty", base.certainty if base else ""))
    title = str(raw.get("title", base.title if base else ""))
    if subject not in SUBJECT_TYPES and subject != "scenario":
        raise RuleSetError(f"{where}: unknown subject '{subject}'")
    if certainty not in CERTAINTIES:
        raise RuleSetError(f"{where}: certainty must be one of {sorted(CERTAINTIES)}")
    params = dict(base.params) if base else {}
    params.update({k: v for k, v in raw.items() if k not in META_KEYS})
    return Clause(clause_id, mechanism, subject, cite, certainty, title, params, ruleset_id)


def _clauses(ruleset_id: str, raw: dict[str, Any], parent: RuleSet | None) -> dict[str, Clause]:
    """A rule set's own clauses, or its parent's with the overlay's remove, amend and add
    applied in that order (a local plan names the clauses it changes)."""
    clauses: dict[str, Clause] = {}
    if parent is not None:
        clauses = {c.id: c for c in parent.clauses}
        for clause_id in raw.get("remove", []):
            if clause_id not in clauses:
                raise RuleSetError(f"rule set {ruleset_id}: cannot remove unknown {clause_id}")
            del clauses[clause_id]
        for clause_id, body in raw.get("amend", {}).items():
            if clause_id not in clauses:
                raise RuleSetError(f"rule set {ruleset_id}: cannot amend unknown {clause_id}")
            clauses[clause_id] = _parse_clause(ruleset_id, clause_id, body, clauses[clause_id])
        for clause_id, body in raw.get("add", {}).items():
            if clause_id in clauses:
                raise RuleSetError(f"rule set {ruleset_id}: {clause_id} exists; amend it")
            clauses[clause_id] = _parse_clause(ruleset_id, clause_id, body, None)
    else:
        for clause_id, body in raw.get("clauses", {}).items():
            clauses[clause_id] = _parse_clause(ruleset_id, clause_id, body, None)
    return clauses


def _scales(
    ruleset_id: str, raw: dict[str, Any], parent: RuleSet | None
) -> dict[str, tuple[str, ...]]:
    scales: dict[str, tuple[str, ...]] = dict(parent.scales) if parent else {}
    for subject, codes in raw.get("scales", {}).items():
        if subject not in SUBJECT_TYPES or any(code not in RANK for code in codes):
            raise RuleSetError(f"rule set {ruleset_id}: bad scale for {subject}")
        scales[subject] = tuple(codes)
    missing = [s for s in SUBJECT_TYPES if s not in scales]
    if missing:
        raise RuleSetError(f"rule set {ruleset_id}: no scale for {missing}")
    return scales


def _parse(ruleset_id: str, text: str, seen: tuple[str, ...]) -> RuleSet:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleSetError(f"rule set {ruleset_id}: {exc}") from exc
    unknown = set(raw) - RULESET_KEYS
    if unknown:
        raise RuleSetError(f"rule set {ruleset_id}: unknown keys {sorted(unknown)}")
    if raw.get("id") != ruleset_id:
        raise RuleSetError(f"rule set file {ruleset_id}.toml declares id {raw.get('id')!r}")

    parent: RuleSet | None = None
    extends = raw.get("extends")
    if extends:
        if extends in seen:
            raise RuleSetError(f"rule set {ruleset_id}: extends cycle {(*seen, extends)}")
        parent = _load(extends, (*seen, ruleset_id))
        if "clauses" in raw:
            raise RuleSetError(
                f"rule set {ruleset_id} extends {extends}: use [amend.*], [add.*] and remove"
            )
    elif any(k in raw for k in ("amend", "add", "remove")):
        raise RuleSetError(f"rule set {ruleset_id}: amend/add/remove need 'extends'")

    clauses = _clauses(ruleset_id, raw, parent)
    scales = _scales(ruleset_id, raw, parent)

    process: dict[str, Any] = dict(parent.process) if parent else {}
    process.update(raw.get("process", {}))

    def inherit(key: str) -> Any:
        if key in raw:
            return raw[key]
        if parent is None:
            raise RuleSetError(f"rule set {ruleset_id}: missing '{key}'")
        return getattr(parent, key)

    issued_on = inherit("issued_on")
    if not isinstance(issued_on, date):
        raise RuleSetError(f"rule set {ruleset_id}: issued_on must be a date")
    ruleset = RuleSet(
        id=ruleset_id,
        version=str(inherit("version")),
        title=str(inherit("title")),
        issuer=str(inherit("issuer")),
        issued_on=issued_on,
        model=str(inherit("model")),
        certainty=str(inherit("certainty")),
        sources=tuple(inherit("sources")),
        extends=extends,
        scales=scales,
        process=process,
        clauses=tuple(clauses.values()),
        notes=tuple(raw.get("notes", ())),
    )
    from .mechanisms import validate_clause  # the registry imports this module

    for clause in ruleset.clauses:
        validate_clause(ruleset, clause)
    return ruleset


def _load(ruleset_id: str, seen: tuple[str, ...]) -> RuleSet:
    files = _files()
    if ruleset_id not in files:
        raise RuleSetError(f"unknown rule set '{ruleset_id}'")
    return _parse(ruleset_id, files[ruleset_id], seen)


@cache
def load(ref: str) -> RuleSet:
    """Load a rule set by id, or by "id@version" to pin a version."""
    ruleset_id, _, version = ref.partition("@")
    ruleset = _load(ruleset_id, ())
    if version and version != ruleset.version:
        raise RuleSetError(f"rule set '{ruleset_id}' has version {ruleset.version}, not {version}")
    return ruleset


def load_text(ruleset_id: str, text: str) -> RuleSet:
    """Parse a rule set from text (used by tests of malformed files)."""
    return _parse(ruleset_id, text, ())
