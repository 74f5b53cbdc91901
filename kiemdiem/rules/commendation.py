"""Candidates for commendation from a year's results (000 §B.5; 004 §VI.1): cells rated at
the top for "Trong sạch, vững mạnh tiêu biểu", members rated at the top for the year, and
both again when the top rating runs `excellent_years` years without a break (5; 3 in the
2014 plan). The committee selects among the candidates; `limits` caps a title where the
rule set gives a share (the 2014 plan: exemplary cells at most 20 % of the top cells).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from fractions import Fraction

from .ratings import RANK, RATING_LABEL
from .ruleset import RuleSet

TOP = 4  # EXCELLENT, or CLEAN_STRONG in the 2014 model
TITLES = ("cell_year", "cell_years", "member_year", "member_years")


@dataclass(frozen=True, slots=True)
class Candidate:
    subject: str  # as the engine names it: "member/M12", "organization/CB-TT"
    title: str  # one of TITLES
    years: tuple[int, ...]  # the unbroken run of top ratings ending with this year
    message: str


def _cite(ruleset: RuleSet) -> str:
    cites: Mapping[str, str] = ruleset.process.get("cites", {})
    return cites.get("commendation", f"{ruleset.ref} [process]")


def run_of_top(year: int, rating: str, past: Mapping[int, str]) -> tuple[int, ...]:
    """The years, oldest first, of the unbroken run of top ratings ending with `year`."""
    if RANK.get(rating, 0) < TOP:
        return ()
    years = [year]
    while RANK.get(past.get(years[-1] - 1, ""), 0) >= TOP:
        years.append(years[-1] - 1)
    return tuple(reversed(years))


def candidates(
    ruleset: RuleSet,
    *,
    year: int,
    ratings: Mapping[str, str],
    history: Mapping[str, Mapping[int, str]],
    cells: Collection[str],
) -> list[Candidate]:
    """`ratings`: this year's decided rating per subject; `history`: earlier years' ratings
    per subject; `cells`: which organization subjects are cells (chi bộ) or đảng bộ below
    the committee — the ones that may be named exemplary."""
    need = int(ruleset.process.get("commendation", {}).get("excellent_years", 5))
    cite = _cite(ruleset)
    out: list[Candidate] = []
    for subject in sorted(ratings):
        kind = subject.split("/", 1)[0]
        if kind == "organization" and subject not in cells:
            continue
        if kind not in ("organization", "member"):
            continue
        run = run_of_top(year, ratings[subject], history.get(subject, {}))
        if not run:
            continue
        label = RATING_LABEL[ratings[subject]]
        prefix = "cell" if kind == "organization" else "member"
        out.append(
            Candidate(
                subject,
                f"{prefix}_year",
                run,
                f"Xếp loại “{label}” năm {year} — {cite}",
            )
        )
        if len(run) >= need:
            out.append(
                Candidate(
                    subject,
                    f"{prefix}_years",
                    run,
                    f"“{label}” {len(run)} năm liền ({run[0]}–{run[-1]}), đủ {need} năm liền "
                    f"— {cite}",
                )
            )
    return out


def limits(ruleset: RuleSet, found: list[Candidate]) -> dict[str, int]:
    """The most that may be selected per title, where the rule set caps it."""
    share = ruleset.process.get("commendation", {}).get("exemplary_share")
    if share is None:
        return {}
    top_cells = sum(1 for c in found if c.title == "cell_year")
    return {"cell_year": int(Fraction(str(share)) * top_cells)}
