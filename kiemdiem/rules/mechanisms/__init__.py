"""Mechanisms: the code that rule-set clauses parameterise.

Importing this package registers every mechanism in `REGISTRY`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..ratings import RANK
from . import common, consistency, member, organization, quota, scoring_rules, status
from .base import NOT_RATED, PENDING, RATED, REGISTRY, Ev, Mechanism

if TYPE_CHECKING:
    from ..ruleset import Clause, RuleSet

__all__ = [
    "NOT_RATED",
    "PENDING",
    "RATED",
    "REGISTRY",
    "Ev",
    "Mechanism",
    "common",
    "consistency",
    "member",
    "organization",
    "quota",
    "scoring_rules",
    "status",
    "validate_clause",
]

_RATING_PARAMS = ("cap", "at_most", "rating", "unless_grassroots")


def validate_clause(ruleset: RuleSet, clause: Clause) -> None:
    """Fail loudly on a clause the code cannot honour: unknown mechanism, wrong subject,
    unknown or missing parameter, a parameter of the wrong type or a rating off the scale."""
    from ..ruleset import RuleSetError

    where = f"rule set {ruleset.id}, clause {clause.id}"
    mech = REGISTRY.get(clause.mechanism)
    if mech is None:
        raise RuleSetError(f"{where}: unknown mechanism '{clause.mechanism}'")
    if clause.subject not in mech.subjects:
        raise RuleSetError(f"{where}: mechanism {mech.name} does not apply to {clause.subject}")
    unknown = set(clause.params) - set(mech.params)
    if unknown:
        raise RuleSetError(f"{where}: unknown parameters {sorted(unknown)}")
    missing = mech.required - set(clause.params)
    if missing:
        raise RuleSetError(f"{where}: missing parameters {sorted(missing)}")
    for name, value in clause.params.items():
        expected: Any = mech.params[name]
        if isinstance(value, bool) and expected in (int, float, (int, float)):
            raise RuleSetError(f"{where}: parameter {name} must be a number")
        if not isinstance(value, expected):
            raise RuleSetError(f"{where}: parameter {name} has the wrong type")
    for name in _RATING_PARAMS:
        value = clause.params.get(name)
        if isinstance(value, str) and name != "unless_grassroots" and value not in RANK:
            raise RuleSetError(f"{where}: {name} '{value}' is not a rating code")
        if isinstance(value, str) and name == "cap" and value not in ruleset.scale(clause.subject):
            raise RuleSetError(f"{where}: {name} '{value}' is not on the {clause.subject} scale")
    try:
        mech.compile(clause, ruleset)
    except (KeyError, ValueError, TypeError) as exc:
        raise RuleSetError(f"{where}: {exc}") from exc
