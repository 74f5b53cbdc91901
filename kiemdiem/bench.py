"""`make bench`: a synthetic national-shaped campaign, evaluated in memory.

About 50,000 grassroots organizations (85 % đảng bộ cơ sở with ~7 cells, 15 % chi bộ
cơ sở), ~300,000 cells and ~5.5 million members, under 63 provincial committees, with
the distributions of posts, civil-service ratings, disciplines, leave, transfers and
absences a real year shows. Prints members per second and peak memory; it times
nothing in the test suite (a small size runs there only as a smoke check).
"""

from __future__ import annotations

import argparse
import gc
import platform
import random
import resource
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TypeVar

from .rules import evaluate, load
from .rules.facts import (
    Collective,
    Discipline,
    Facts,
    Leader,
    Levels,
    Member,
    Organization,
    Scenario,
)
from .rules.result import Result

YEAR = 2025
AS_OF = date(2025, 12, 10)
PROVINCES = 63
MEMBERS_PER_GRASSROOTS = 114  # 5.5 million members / 50,000 grassroots organizations


T = TypeVar("T")


def _weighted(rng: random.Random, table: Sequence[tuple[T, float]]) -> T:
    x = rng.random()
    for value, weight in table:
        if x < weight:
            return value
        x -= weight
    return table[-1][0]


LEVELS = [
    (Levels("OUTSTANDING", "GOOD"), 0.10),
    (Levels("OUTSTANDING", "OUTSTANDING"), 0.03),
    (Levels("GOOD", "GOOD"), 0.62),
    (Levels("GOOD", "AVERAGE"), 0.15),
    (Levels("AVERAGE", "AVERAGE"), 0.09),
    (Levels("POOR", "AVERAGE"), 0.01),
]
CIVIL = [("EXCELLENT", 0.12), ("GOOD", 0.70), ("COMPLETED", 0.16), ("NOT_COMPLETED", 0.02)]


@dataclass(frozen=True)
class Size:
    grassroots: int
    organizations: int
    cells: int
    members: int
    collectives: int
    leaders: int


# The task figures QĐ 366 reads: most members finish everything on time.
TASKS = {
    "tasks_on_time_pct": 100.0,
    "tasks_exceeded_pct": 35.0,
    "shortcomings_fixed_pct": 100.0,
    "targets_completed_pct": 100.0,
    "tasks_late_pct": 0.0,
}


def generate(grassroots: int, *, seed: int = 2025, points: bool = False) -> Scenario:
    """`points`: every subject also gets a score and task figures (point-based rule sets)."""
    rng = random.Random(seed)

    def tasks(facts: Facts) -> Facts:
        if not points:
            return facts
        return replace(
            facts,
            tasks_on_time_pct=TASKS["tasks_on_time_pct"],
            tasks_exceeded_pct=TASKS["tasks_exceeded_pct"],
            shortcomings_fixed_pct=TASKS["shortcomings_fixed_pct"],
            targets_completed_pct=TASKS["targets_completed_pct"],
            tasks_late_pct=TASKS["tasks_late_pct"],
        )

    # Most members share one of a few fact records: facts are read, never written.
    common: dict[str | None, Facts] = {None: tasks(Facts())}
    common.update({code: tasks(Facts(civil_service_rating=code)) for code, _ in CIVIL})
    secretary: dict[str | None, Facts] = {None: tasks(Facts(posts=("secretary",)))}
    secretary.update(
        {c: tasks(Facts(civil_service_rating=c, posts=("secretary",))) for c, _ in CIVIL}
    )

    orgs: list[Organization] = []
    members: list[Member] = []
    collectives: list[Collective] = []
    leaders: list[Leader] = []
    for p in range(PROVINCES):
        orgs.append(
            Organization(
                id=f"P{p:02d}",
                name=f"Đảng bộ tỉnh {p:02d}",
                kind="upper_committee",
                founded_on=date(1975, 1, 1),
                levels=Levels("GOOD", "GOOD"),
            )
        )
    days: dict[tuple[int, int, int], date] = {}

    def day(y: int, m: int, d: int) -> date:  # shared, as the scenario loader shares them
        key = (y, m, d)
        found = days.get(key)
        if found is None:
            found = days[key] = date(y, m, d)
        return found

    n = 0
    for g in range(grassroots):
        gid = f"G{g}"
        province = f"P{g % PROVINCES:02d}"
        committee = rng.random() < 0.85
        orgs.append(
            Organization(
                id=gid,
                name=f"Đảng bộ cơ sở {g}" if committee else f"Chi bộ cơ sở {g}",
                kind="grassroots_committee" if committee else "grassroots_cell",
                parent=province,
                founded_on=date(2000, 1, 1),
                levels=_weighted(rng, LEVELS),
                score=80.0 if points else None,
                facts=tasks(
                    Facts(
                        targets_completed_pct=100.0,
                        mass_organizations=("GOOD", "GOOD"),
                        agency_rating="GOOD",
                    )
                ),
                proposed="GOOD",
            )
        )
        units = []
        if committee:
            cells = max(1, round(rng.gauss(7, 2)))
            for c in range(cells):
                cid = f"{gid}C{c}"
                orgs.append(
                    Organization(
                        id=cid,
                        name=f"Chi bộ {c}",
                        kind="cell",
                        parent=gid,
                        founded_on=date(2000, 1, 1),
                        levels=_weighted(rng, LEVELS),
                        score=80.0 if points else None,
                        facts=tasks(Facts(mass_organizations=("GOOD",))),
                        proposed="GOOD",
                    )
                )
                units.append(cid)
        else:
            units.append(gid)
        heads = []
        budget = max(3, int(rng.gauss(MEMBERS_PER_GRASSROOTS, 30)))
        per_unit = max(3, budget // len(units))
        for unit in units:
            size = max(3, int(rng.gauss(per_unit, per_unit / 3)))
            for i in range(size):
                n += 1
                cs: str | None = _weighted(rng, CIVIL) if rng.random() < 0.55 else None
                admitted = day(rng.randint(1975, 2024), rng.randint(1, 12), 19)
                facts = (secretary if i == 0 else common)[cs]
                x = rng.random()
                if x < 0.05:  # the special cases, about one member in twenty
                    facts = _special(rng, cs, facts)
                if x > 0.98:
                    admitted = day(2025, rng.randint(7, 11), 1)  # under 6 months
                member = Member(
                    id=f"M{n}",
                    name="",
                    organization=unit,
                    admitted_on=admitted,
                    full_member_on=None if admitted.year == 2025 else day(admitted.year + 1, 1, 1),
                    levels=_weighted(rng, LEVELS),
                    score=min(100.0, round(rng.gauss(82, 8) * 2) / 2) if points else None,
                    facts=facts,
                    # Most cells propose within what the facts allow (no proposal: the
                    # ceiling); a few propose above it, as real campaigns show.
                    proposed="EXCELLENT" if rng.random() < 0.03 else None,
                )
                members.append(member)
                if i == 0:
                    heads.append(member.id)
        ids = heads[:5] if len(heads) >= 3 else [m.id for m in members[-3:]]
        collectives.append(
            Collective(
                id=f"K{g}",
                name=f"Đảng ủy {g}",
                kind="party_committee",
                organization=gid,
                founded_on=date(2020, 10, 1),
                members=tuple(ids),
                head=ids[0],
                levels=Levels("GOOD", "GOOD"),
                score=85.0 if points else None,
                facts=tasks(Facts()),
                proposed="GOOD",
            )
        )
        leaders.append(
            Leader(
                member=ids[0],
                collective=f"K{g}",
                levels=Levels("GOOD", "GOOD"),
                score=85.0 if points else None,
                facts=tasks(Facts()),
                proposed="GOOD",
                main_job=rng.random() < 0.3,
            )
        )
    return Scenario(
        ruleset="hd21-2019",
        year=YEAR,
        as_of=AS_OF,
        organizations=orgs,
        members=members,
        collectives=collectives,
        leaders=leaders,
    )


def _special(rng: random.Random, cs: str | None, base: Facts) -> Facts:
    kind = rng.random()
    if kind < 0.10:
        on = date(YEAR, rng.randint(1, 11), 15)
        form = "reprimand" if rng.random() < 0.7 else "warning"
        return Facts(
            civil_service_rating=cs,
            posts=base.posts,
            disciplines=(Discipline(on=on, form=form, violation=f"V{rng.randint(1, 10**9)}"),),
        )
    if kind < 0.35:
        return Facts(
            civil_service_rating=cs, posts=base.posts, sick_leave_days=rng.randint(20, 200)
        )
    if kind < 0.60:
        return Facts(civil_service_rating=cs, posts=base.posts, maternity_leave=True)
    if kind < 0.75:
        return Facts(
            civil_service_rating=cs,
            posts=base.posts,
            transferred_on=date(YEAR, rng.randint(2, 11), 1),
            previous_cell_comment=rng.random() < 0.8,
        )
    if kind < 0.90:
        return Facts(civil_service_rating=cs, posts=base.posts, absences=rng.randint(1, 5))
    if kind < 0.97:
        return Facts(civil_service_rating=cs, posts=base.posts, reviewed=False)
    if kind < 0.99:
        return Facts(civil_service_rating=cs, posts=base.posts, suspended=True)
    return Facts(civil_service_rating=cs, posts=base.posts, degradation=True)


def size_of(scenario: Scenario) -> Size:
    kinds = [o.kind for o in scenario.organizations]
    return Size(
        grassroots=sum(k in ("grassroots_committee", "grassroots_cell") for k in kinds),
        organizations=len(kinds),
        cells=sum(k == "cell" for k in kinds),
        members=len(scenario.members),
        collectives=len(scenario.collectives),
        leaders=len(scenario.leaders),
    )


def run(
    grassroots: int, *, ruleset: str = "hd21-2019", repeat: int = 1
) -> tuple[Size, float, list[float], Result]:
    """Generate once, evaluate `repeat` times (the host is shared: timings vary)."""
    started = time.perf_counter()
    points = any(c.mechanism == "points_bands" for c in load(ruleset).for_subject("member"))
    scenario = generate(grassroots, points=points)
    scenario.ruleset = ruleset
    generated = time.perf_counter() - started
    load(ruleset)
    timings: list[float] = []
    result: Result | None = None
    for _ in range(max(1, repeat)):
        result = None  # drop the previous result before building the next one
        gc.collect()
        gc.disable()  # the result is millions of long-lived objects: no cycles to scan
        try:
            t0 = time.perf_counter()
            result = evaluate(scenario)
            timings.append(time.perf_counter() - t0)
        finally:
            gc.enable()
    assert result is not None
    return size_of(scenario), generated, timings, result


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--grassroots", type=int, default=50_000)
    parser.add_argument("--ruleset", default="hd21-2019")
    parser.add_argument("--repeat", type=int, default=1, help="evaluations to time")
    args = parser.parse_args(argv)
    size, generated, timings, result = run(
        args.grassroots, ruleset=args.ruleset, repeat=args.repeat
    )
    elapsed = min(timings)
    median = sorted(timings)[len(timings) // 2]
    rated = sum(1 for s in result.subjects if s.type == "member" and s.status == "rated")
    print(
        f"kiemdiem bench — {platform.python_implementation()} {platform.python_version()}, "
        f"{platform.machine()}, {args.ruleset}"
    )
    print(
        f"  organizations {size.organizations:,} (grassroots {size.grassroots:,}, cells "
        f"{size.cells:,}); members {size.members:,} ({rated:,} rated); collectives "
        f"{size.collectives:,}; leaders {size.leaders:,}"
    )
    print(f"  generate   {generated:8.1f} s")
    print(
        f"  evaluate   {elapsed:8.1f} s   {size.members / elapsed:,.0f} members/s (best of "
        f"{len(timings)}; median {size.members / median:,.0f}/s)"
    )
    print(f"  checks {len(result.checks):,}, quotas {len(result.quotas):,}")
    print(f"  total      {generated + elapsed:8.1f} s   peak memory {peak_rss_mib():,.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
