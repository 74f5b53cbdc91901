"""The mechanism registry and the per-subject accumulator.

A mechanism is code parameterised by a clause: `compile(clause, ruleset)`
returns a rule `rule(subject, facts, ctx, ev)` that may set a status, lower
the ceiling, or add a note, each time with a reason citing the clause.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..messages import cite
from ..ratings import TOP
from ..result import Reason

if TYPE_CHECKING:
    from ..context import Ctx
    from ..ruleset import Clause, RuleSet


def on_fact(name: str) -> Callable[[Clause], tuple[str, ...]]:
    """Triggers: the fact named by a fixed name."""
    return lambda clause: (name,)


def on_param_fact(clause: Clause) -> tuple[str, ...]:
    """Triggers: the fact the clause names in its `fact` parameter."""
    return (str(clause.params["fact"]),)


RATED = "rated"
NOT_RATED = "not_rated"
PENDING = "pending"

Rule = Callable[[Any, Any, "Ctx", "Ev"], None]
Reads = tuple[tuple[str, ...], tuple[str, ...]]
Compiler = Callable[["Clause", "RuleSet"], Any]

# When a rule runs: status rules first (the first that fires decides), then
# ceiling rules; "post" rules need the grassroots organization's result;
# "cross" rules look across subjects; "scoring" clauses feed the score-sheet API.
PHASES = ("status", "cap", "post", "cross", "scoring")


@dataclass(frozen=True, slots=True)
class Mechanism:
    name: str
    phase: str
    subjects: frozenset[str]
    params: dict[str, Any]
    required: frozenset[str]
    compile: Compiler
    # The facts whose default values guarantee the rule cannot act; None: it may always act.
    triggers: Callable[[Clause], tuple[str, ...] | None] | None = None
    # For a rule that always runs: everything its verdict reads, as (subject attributes,
    # facts); members equal on those share one verdict. None: not shareable.
    reads: Callable[[Clause], Reads | None] | None = None


REGISTRY: dict[str, Mechanism] = {}


def mechanism(
    name: str,
    *,
    phase: str,
    subjects: set[str] | frozenset[str],
    params: dict[str, Any] | None = None,
    required: set[str] | frozenset[str] = frozenset(),
    triggers: Callable[[Clause], tuple[str, ...] | None] | None = None,
    reads: Callable[[Clause], Reads | None] | None = None,
) -> Callable[[Compiler], Compiler]:
    def register(fn: Compiler) -> Compiler:
        REGISTRY[name] = Mechanism(
            name, phase, frozenset(subjects), params or {}, frozenset(required), fn, triggers, reads
        )
        return fn

    return register


class Ev:
    """What the rules have found about one subject so far."""

    __slots__ = ("ceiling", "reasons", "status", "vote_rank")

    def __init__(self) -> None:
        self.status = RATED
        self.ceiling = TOP
        # Caps carry their rank and check in the Reason: no second list per subject.
        self.reasons: list[Reason] | None = None
        self.vote_rank: int | None = None

    def _add(self, reason: Reason) -> None:
        if self.reasons is None:
            self.reasons = [reason]
        else:
            self.reasons.append(reason)

    def cap(
        self, rank: int, code: str, clause: str, message: str, check: str = "above_ceiling"
    ) -> None:
        self._add(Reason(code, clause, cite(message, clause), rank, check))
        if rank < self.ceiling:
            self.ceiling = rank

    def cap_with(self, rank: int, reason: Reason) -> None:
        """A cap whose reason was built once and is shared (the common wordings)."""
        self._add(reason)
        if rank < self.ceiling:
            self.ceiling = rank

    def note(self, code: str, clause: str, message: str) -> None:
        self._add(Reason(code, clause, cite(message, clause)))

    def set_status(self, status: str, code: str, clause: str, message: str) -> None:
        self.status = status
        self._add(Reason(code, clause, cite(message, clause)))
