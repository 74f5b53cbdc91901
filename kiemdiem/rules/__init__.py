"""The rules engine: typed facts in, ratings with reasons out. No Django here.

from kiemdiem.rules import read_file, evaluate
result = evaluate(read_file("scenario.yaml"))
"""

from .engine import evaluate
from .facts import Collective, Discipline, Facts, Leader, Levels, Member, Organization, Scenario
from .result import Check, Quota, Reason, Result, SubjectKey, SubjectResult
from .ruleset import Clause, RuleSet, RuleSetError, available, load
from .scenario import ScenarioError, parse, read_file

__all__ = [
    "Check",
    "Clause",
    "Collective",
    "Discipline",
    "Facts",
    "Leader",
    "Levels",
    "Member",
    "Organization",
    "Quota",
    "Reason",
    "Result",
    "RuleSet",
    "RuleSetError",
    "Scenario",
    "ScenarioError",
    "SubjectKey",
    "SubjectResult",
    "available",
    "evaluate",
    "load",
    "parse",
    "read_file",
]
