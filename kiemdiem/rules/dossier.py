"""Dossiers (hồ sơ): what a rule set requires to be kept for each subject, and how complete
a subject's dossier is. The list is data (`[[process.dossier.items]]` in the rule set);
this module only reads it and counts.

An item names its `source`: a record or a document the product keeps (the self-review,
the minutes, the decision…), or "upload" for a paper only the office has (the party-
building summary, an asset declaration). `required = false` is the texts' "nếu có"."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .ruleset import RuleSet, RuleSetError

KINDS = ("organization", "collective", "member", "leader")


@dataclass(frozen=True, slots=True)
class DossierItem:
    code: str
    title: str
    of: tuple[str, ...]
    source: str
    required: bool
    cite: str
    only: str = ""  # "leaders": members holding a leading post; "civil_servants"


@dataclass(frozen=True, slots=True)
class Completeness:
    required: int
    done: int
    missing: tuple[DossierItem, ...]

    @property
    def complete(self) -> bool:
        return not self.missing


def items(ruleset: RuleSet) -> tuple[DossierItem, ...]:
    raw: Mapping[str, Any] = ruleset.process.get("dossier", {})
    out = []
    for entry in raw.get("items", ()):
        of = tuple(entry["of"])
        unknown = [k for k in of if k not in KINDS]
        if unknown:
            raise RuleSetError(f"rule set {ruleset.id}: dossier item {entry['code']}: {unknown}")
        out.append(
            DossierItem(
                code=entry["code"],
                title=entry["title"],
                of=of,
                source=entry.get("source", "upload"),
                required=bool(entry.get("required", True)),
                cite=entry.get("cite", raw.get("cite", "")),
                only=entry.get("only", ""),
            )
        )
    return tuple(out)


def checklist(
    ruleset: RuleSet, kind: str, *, leader: bool = False, civil_servant: bool = False
) -> tuple[DossierItem, ...]:
    """The items kept for one subject of `kind`; for a member, `leader` (holds a leading
    post) and `civil_servant` add the items kept only for them."""
    has = {"": True, "leaders": leader, "civil_servants": civil_servant}
    return tuple(i for i in items(ruleset) if kind in i.of and has.get(i.only, False))


def completeness(checklist: tuple[DossierItem, ...], present: Mapping[str, bool]) -> Completeness:
    """Required items present / required; an optional item never makes a dossier incomplete."""
    required = [i for i in checklist if i.required]
    missing = tuple(i for i in required if not present.get(i.code, False))
    return Completeness(len(required), len(required) - len(missing), missing)


def due_milestone(ruleset: RuleSet, level: str) -> str | None:
    """The milestone by which a level's dossiers go up ("cell": to the committee,
    "committee": to the level above)."""
    due: Mapping[str, str] = ruleset.process.get("dossier_due", {})
    return due.get(level)
