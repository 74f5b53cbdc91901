"""The score-sheet rules a rule set sets (003 §I.6); read by `kiemdiem.rules.scoring`."""

from __future__ import annotations

from typing import Any

from ..ruleset import Clause, RuleSet
from .base import mechanism


@mechanism(
    "score_sheet_rules",
    phase="scoring",
    subjects={"member", "organization", "collective", "leader"},
    params={
        "scale_fixed": bool,
        "bonus_max_per_item": (int, float),
        "step": (int, float),
        "bonus_requires_achievement": bool,
        "deduction_requires": list,
        "max_total": (int, float),
        "groups": dict,
    },
    required={"scale_fixed", "step"},
)
def score_sheet_rules(clause: Clause, ruleset: RuleSet) -> Any:
    return dict(clause.params)
