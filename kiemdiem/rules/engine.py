"""The engine: applies a rule set to a scenario and explains every result.

Order matters and follows the rules themselves (000 §B.6): members first
(their own facts), then organizations bottom-up, each followed by the
collectives that lead it (a collective is never above its unit), then the
"post" rules that need the grassroots result (004 §IV.3), then leaders
(a head is never above the collective), then the checks across subjects.

Post rules only ever lower EXCELLENT to GOOD, which no organization
condition reads (they count "COMPLETED or above" and "GOOD or above"), so
evaluating organizations before them is sound.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any

from .context import (
    DEGRADED,
    DISC_ANY,
    DISC_DUTY,
    FULL,
    N_RANK,
    NOT_RATED_I,
    PENDING_I,
    TOTAL,
    Ctx,
)
from .facts import SUBJECT_TYPES, Facts, Leader, Member, Scenario
from .mechanisms import REGISTRY
from .mechanisms.base import PENDING, RATED, Ev, Rule
from .mechanisms.quota import QuotaRule
from .messages import r
from .ratings import RANK, TOP
from .result import Check, Quota, Reason, Result, SubjectResult, Summary
from .ruleset import RuleSet, load

_EMPTY: list[Any] = []


@dataclass(slots=True)
class Compiled:
    status: dict[str, list[Rule]]
    cap: dict[str, list[Rule]]
    post: dict[str, list[Rule]]
    quotas: list[QuotaRule]
    cross: list[Callable[[Ctx], list[Check]]]
    # Members whose trigger facts are all at their defaults run only these rules (same
    # order): the others cannot act on them. One C-level getter decides it per member.
    quiet_status: list[Rule] = field(default_factory=list)
    quiet_cap: list[Rule] = field(default_factory=list)
    triggers: Callable[[Facts], tuple[Any, ...]] = lambda facts: ()
    quiet: tuple[Any, ...] = ()
    # Members equal on everything the always-run rules read (their declared `reads`,
    # plus the proposal and decision) get the same verdict: computed once, shared.
    memo_key: Callable[[Any], Any] | None = None
    memo_months: int | None = None


_COMPILED: dict[tuple[str, int], Compiled] = {}


def compile_ruleset(ruleset: RuleSet) -> Compiled:
    key = (ruleset.ref, id(ruleset))
    cached = _COMPILED.get(key)
    if cached is not None:
        return cached
    out = Compiled(
        status={t: [] for t in SUBJECT_TYPES},
        cap={t: [] for t in SUBJECT_TYPES},
        post={t: [] for t in SUBJECT_TYPES},
        quotas=[],
        cross=[],
    )
    watched: list[str] = []
    for clause in ruleset.clauses:
        mech = REGISTRY[clause.mechanism]
        compiled = mech.compile(clause, ruleset)
        if mech.phase in ("status", "cap", "post"):
            getattr(out, mech.phase)[clause.subject].append(compiled)
            if clause.subject == "member":
                names = mech.triggers(clause) if mech.triggers is not None else None
                if names is not None:
                    # Post rules count too: a member they may affect is never "quiet", so
                    # never gets a shared verdict that would skip them.
                    watched.extend(n for n in names if n not in watched)
                elif mech.phase != "post":
                    (out.quiet_status if mech.phase == "status" else out.quiet_cap).append(compiled)
        elif mech.name == "quota":
            out.quotas.append(compiled)
        elif mech.phase == "cross":
            out.cross.append(compiled)
    subject_reads: list[str] = []
    fact_reads: list[str] = []
    shareable = True
    for clause in ruleset.for_subject("member"):
        mech = REGISTRY[clause.mechanism]
        if mech.phase not in ("status", "cap") or mech.triggers is not None:
            continue  # trigger rules only run for members with something special
        reads = mech.reads(clause) if mech.reads is not None else None
        if reads is None:
            shareable = False
            break
        subject_reads.extend(a for a in reads[0] if a not in subject_reads)
        fact_reads.extend(f for f in reads[1] if f not in fact_reads)
    if shareable:
        by_subject = _getter(("proposed", "decided", *subject_reads))
        by_facts = _getter(tuple(fact_reads))
        out.memo_key = lambda m: (by_subject(m), by_facts(m.facts))
        # The admission rule reads the date itself (its reason names it): members under
        # the cutoff take the full path.
        new_member = ruleset.by_mechanism("new_member")
        if new_member:
            out.memo_months = int(new_member[0].params["months"])
    if watched:
        getter = attrgetter(*watched)
        out.triggers = getter if len(watched) > 1 else (lambda facts: (getter(facts),))
        out.quiet = out.triggers(Facts())
    _COMPILED[key] = out
    return out


_MESSAGES: dict[tuple[object, ...], str] = {}

_CHECK_TEXT = {
    "above_ceiling": "cao hơn mức cao nhất mà dữ liệu cho phép",
    "vote_threshold_not_met": "chưa đủ số phiếu tán thành theo quy định",
    "head_above_collective": "cao hơn mức xếp loại của tập thể do mình đứng đầu",
    "collective_above_organization": "cao hơn mức xếp loại của tổ chức, đơn vị do tập thể lãnh đạo",
}


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    if not names:
        return lambda obj: ()
    get = attrgetter(*names)
    return get if len(names) > 1 else (lambda obj: (get(obj),))


def _finalize(
    ev: Ev,
    subject: Any,
    type_: str,
    scale: tuple[str, ...],
    checks: list[Check],
    result: SubjectResult | None = None,
) -> tuple[SubjectResult, int]:
    """Pick the rating (decided, else proposed, else votes, else the ceiling), never above
    the ceiling, and name each breach by the rule that caused it."""
    if result is None:
        result = SubjectResult(type_, subject.id, ev.status)
    result.reasons = ev.reasons if ev.reasons is not None else ()
    if ev.status != RATED:
        return result, 0
    ceiling = ev.ceiling
    chosen = subject.decided or subject.proposed
    if chosen is not None:
        choice = RANK[chosen]
    elif ev.vote_rank is not None:
        choice = ev.vote_rank
    else:
        choice = ceiling
    rating = choice if choice <= ceiling else ceiling
    result.ceiling = scale[TOP - ceiling]
    result.rating = scale[TOP - rating]
    if choice > ceiling and ev.reasons:
        who = "Quyết định" if subject.decided else "Đề xuất" if subject.proposed else "Kết quả"
        by_code: dict[str, tuple[int, list[str]]] = {}
        for reason in ev.reasons:
            rank_, code, clause = reason.rank, reason.check, reason.clause
            if rank_ is not None and rank_ < choice:
                low, clauses = by_code.get(code, (TOP, []))
                if clause not in clauses:
                    clauses.append(clause)
                by_code[code] = (min(low, rank_), clauses)
        for code, (low, clauses) in by_code.items():
            cited = "; ".join(clauses)
            key = (who, choice, code, low, rating, cited, scale)
            message = _MESSAGES.get(key)
            if message is None:  # the wording repeats: share one string per wording
                message = _MESSAGES[key] = (
                    f"{who} {r(scale[TOP - choice])} {_CHECK_TEXT[code]} "
                    f"({r(scale[TOP - low])}): xếp loại {r(result.rating)} — {cited}"
                )
            checks.append(
                Check(
                    code=code,
                    clause=cited,
                    subject=result.id,
                    subject_type=type_,
                    rating=scale[TOP - choice],
                    message=message,
                )
            )
    return result, rating


def _run(subject: Any, facts: Facts, ctx: Ctx, status: list[Rule], caps: list[Rule]) -> Ev:
    ev = Ev()
    for rule in status:
        rule(subject, facts, ctx, ev)
        if ev.status != RATED:
            return ev
    for rule in caps:
        rule(subject, facts, ctx, ev)
    return ev


def _merge(base: Facts, over: Facts) -> Facts:
    """A leader's facts: the member's record, with what the leader entry adds on top."""
    default = Facts()
    values = {}
    for f in fields(Facts):
        mine = getattr(over, f.name)
        values[f.name] = mine if mine != getattr(default, f.name) else getattr(base, f.name)
    return Facts(**values)


@dataclass(slots=True)
class _Members:
    """The members' phase: results and ranks in roll order, and the evaluations kept
    for the rules that need the grassroots result."""

    results: list[SubjectResult]
    ranks: list[int]
    deferred: list[tuple[int, Ev]]


def _members(  # noqa: C901 — the hot loop: _run and _finalize inlined on purpose
    scenario: Scenario, rs: RuleSet, comp: Compiled, ctx: Ctx
) -> _Members:
    """Members on their own facts (000 §B.6: members first), with the tallies per
    organization the later phases read."""
    checks = ctx.checks
    scale = rs.scale("member")
    status_rules, cap_rules, post_rules = (
        comp.status["member"],
        comp.cap["member"],
        comp.post["member"],
    )
    member_results: list[SubjectResult] = []
    member_ranks: list[int] = []
    deferred: list[tuple[int, Ev]] = []
    own = ctx.own
    as_of = ctx.as_of
    triggers, quiet = comp.triggers, comp.quiet
    # Roll sizes and full members are read only by small-unit quotas and ballot rules.
    count_roll = any(q.small_unit_size is not None for q in comp.quotas) or bool(
        rs.by_mechanism("votes")
    )
    referenced = ctx.members
    memo: dict[Any, tuple[str, str, Sequence[Reason]]] | None = None
    memo_key = comp.memo_key
    cutoff = None
    if memo_key is not None:
        memo = {}
        if comp.memo_months is not None:
            cutoff = ctx.months_before(comp.memo_months)
    for index, m in enumerate(scenario.members):
        facts = m.facts
        # _run, inlined: this loop runs millions of times.
        key = hit = None
        if triggers(facts) == quiet:
            if (
                memo is not None
                and memo_key is not None
                and (cutoff is None or m.admitted_on is None or m.admitted_on <= cutoff)
            ):
                key = memo_key(m)
                try:
                    hit = memo.get(key)
                except TypeError:  # e.g. ballots (a dict): this member takes the full path
                    key = hit = None
            status_now, cap_now = comp.quiet_status, comp.quiet_cap
        else:
            status_now, cap_now = status_rules, cap_rules
        ev: Ev | None = None
        if hit is not None:
            # A shared verdict: the same bookkeeping below as a computed one.
            ceiling_code, rating_code, reasons = hit
            res = SubjectResult("member", m.id, RATED, ceiling_code, rating_code, reasons)
            rank_ = RANK[rating_code]
            status = RATED
        else:
            checks_before = len(checks)
            ev = Ev()
            for rule in status_now:
                rule(m, facts, ctx, ev)
                if ev.status != RATED:
                    break
            else:
                for rule in cap_now:
                    rule(m, facts, ctx, ev)
            status = ev.status
            if status == RATED:
                # _finalize's common path, inlined: the choice is within the ceiling.
                ceiling = ev.ceiling
                chosen = m.decided or m.proposed
                choice = RANK[chosen] if chosen is not None else (ev.vote_rank or ceiling)
                if choice <= ceiling:
                    rank_ = choice
                    res = SubjectResult(
                        "member",
                        m.id,
                        RATED,
                        scale[TOP - ceiling],
                        scale[TOP - choice],
                        ev.reasons if ev.reasons is not None else (),
                    )
                    # A verdict that raised a check (missing input names the member) is
                    # not shared: the next member must raise its own.
                    if key is not None and memo is not None and len(checks) == checks_before:
                        memo[key] = (scale[TOP - ceiling], scale[TOP - choice], res.reasons)
                else:
                    res, rank_ = _finalize(ev, m, "member", scale, checks)
            else:
                res, rank_ = _finalize(ev, m, "member", scale, checks)
        member_results.append(res)
        member_ranks.append(rank_)
        vector = own[m.organization]
        if count_roll:
            vector[TOTAL] += 1
            if m.full_member_on is not None and m.full_member_on <= as_of:
                vector[FULL] += 1
        if status == RATED:
            vector[N_RANK + rank_] += 1
            if ev is not None and post_rules and facts.posts:
                deferred.append((index, ev))
        elif status == PENDING:
            vector[PENDING_I] += 1
        else:
            vector[NOT_RATED_I] += 1
        if facts.disciplines:
            if ctx.disciplines(facts):
                vector[DISC_ANY] += 1
            if ctx.disciplines(facts, duty_related_only=True, exclude_previous_unit=True):
                vector[DISC_DUTY] += 1
        if facts.degradation:
            vector[DEGRADED] += 1
        if m.id in referenced:
            ctx.member_rank[m.id] = rank_

    ctx.roll_up()
    return _Members(member_results, member_ranks, deferred)


def _organizations(
    scenario: Scenario, rs: RuleSet, comp: Compiled, ctx: Ctx
) -> tuple[dict[str, SubjectResult], dict[str, SubjectResult]]:
    """Organizations bottom-up, each followed by the collectives that lead it."""
    checks = ctx.checks
    org_results: dict[str, SubjectResult] = {}
    coll_results: dict[str, SubjectResult] = {}
    org_scale, coll_scale = rs.scale("organization"), rs.scale("collective")
    led_by: dict[str, list[Any]] = {}
    for coll in sorted(scenario.collectives, key=lambda c: c.id):
        led_by.setdefault(coll.organization, []).append(coll)
    for org_id in sorted(ctx.orgs, key=lambda o: (-ctx.depth[o], o)):
        org = ctx.orgs[org_id]
        ev = _run(org, org.facts, ctx, comp.status["organization"], comp.cap["organization"])
        res, rank_ = _finalize(ev, org, "organization", org_scale, checks)
        org_results[org_id] = res
        if rank_:
            ctx.org_rank[org_id] = rank_
            ctx.org_rating[org_id] = org_scale[TOP - rank_]
        for coll in led_by.get(org_id, _EMPTY):
            ev = _run(coll, coll.facts, ctx, comp.status["collective"], comp.cap["collective"])
            cres, crank = _finalize(ev, coll, "collective", coll_scale, checks)
            coll_results[coll.id] = cres
            if crank:
                ctx.collective_rank[coll.id] = crank
                ctx.collective_rating[coll.id] = coll_scale[TOP - crank]
    return org_results, coll_results


def _members_after_grassroots(
    scenario: Scenario, rs: RuleSet, comp: Compiled, ctx: Ctx, members: _Members
) -> None:
    """Rules that need the grassroots result (004 §IV.3): a member's ceiling may fall."""
    checks = ctx.checks
    scale = rs.scale("member")
    post_rules = comp.post["member"]
    member_results, member_ranks = members.results, members.ranks
    for index, ev in members.deferred:
        m = scenario.members[index]
        before = ev.ceiling
        for rule in post_rules:
            rule(m, m.facts, ctx, ev)
        if ev.ceiling != before:
            _, rank_ = _finalize(ev, m, "member", scale, checks, member_results[index])
            if rank_ != member_ranks[index]:
                ctx.move_member(m.organization, member_ranks[index], rank_)
                member_ranks[index] = rank_
                if m.id in ctx.member_rank:
                    ctx.member_rank[m.id] = rank_


def _leaders(scenario: Scenario, rs: RuleSet, comp: Compiled, ctx: Ctx) -> list[SubjectResult]:
    """Leaders after their collective, on the member's record and the leader's facts."""
    checks = ctx.checks
    leader_scale = rs.scale("leader")
    leader_results: list[SubjectResult] = []
    for leader in sorted(scenario.leaders, key=lambda x: x.id):
        member = ctx.members[leader.member]
        facts = _merge(member.facts, leader.facts)
        ev = _run(leader, facts, ctx, comp.status["leader"], comp.cap["leader"])
        res, _ = _finalize(ev, leader, "leader", leader_scale, checks)
        leader_results.append(res)
    return leader_results


def _across(
    scenario: Scenario,
    comp: Compiled,
    ctx: Ctx,
    results: dict[str, list[SubjectResult]],
) -> list[Quota]:
    """Quotas and consistency checks across subjects (reported, never enforced)."""
    checks = ctx.checks
    quotas: list[Quota] = []
    leaders_sorted = sorted(scenario.leaders, key=lambda x: x.id)
    streams: dict[str, tuple[list[Any], list[SubjectResult]]] = {
        "member": (scenario.members, results["member"]),
        "organization": (scenario.organizations, results["organization"]),
        "collective": (scenario.collectives, results["collective"]),
        "leader": (leaders_sorted, results["leader"]),
    }
    for quota in comp.quotas:
        stream, rated = streams[quota.subject]
        found, breaches = quota.run(ctx, stream, rated)
        quotas.extend(found)
        checks.extend(breaches)
    for cross in comp.cross:
        checks.extend(cross(ctx))
    return quotas


def evaluate(scenario: Scenario, ruleset: RuleSet | None = None) -> Result:
    """The scenario under its rule set, in the order the rules require (000 §B.6)."""
    rs = ruleset if ruleset is not None else load(scenario.ruleset)
    comp = compile_ruleset(rs)
    ctx = Ctx(scenario, rs)
    checks = ctx.checks
    members = _members(scenario, rs, comp, ctx)
    org_results, coll_results = _organizations(scenario, rs, comp, ctx)
    _members_after_grassroots(scenario, rs, comp, ctx, members)
    leader_results = _leaders(scenario, rs, comp, ctx)
    member_results = members.results
    quotas = _across(
        scenario,
        comp,
        ctx,
        {
            "member": member_results,
            "organization": [org_results[o.id] for o in scenario.organizations],
            "collective": [coll_results[c.id] for c in scenario.collectives],
            "leader": leader_results,
        },
    )

    subjects: list[SubjectResult] = [
        *(org_results[o] for o in sorted(org_results)),
        *(coll_results[c] for c in sorted(coll_results)),
        *member_results,
        *leader_results,
    ]
    checks.sort(key=Check.sort_key)
    quotas.sort(key=lambda q: (q.subject_type, q.clause_id, q.scope))
    return Result(
        ruleset=rs.header(),
        subjects=subjects,
        checks=checks,
        quotas=quotas,
        summary=_summaries(ctx, rs, org_results, coll_results, leader_results, scenario),
        parameters=_parameters(rs),
    )


def _parameters(rs: RuleSet) -> dict[str, Any]:
    """What the output depends on that a reader may ask about (SCENARIO.md: stated)."""
    out: dict[str, Any] = {}
    for clause in rs.clauses:
        if clause.mechanism == "votes":
            out["votes"] = {
                "clause": clause.cite,
                "denominator": clause.params["denominator"],
                "cumulative": clause.params.get("cumulative", True),
                "binding": clause.params["binding"],
            }
    return out


def _summaries(
    ctx: Ctx,
    rs: RuleSet,
    org_results: dict[str, SubjectResult],
    coll_results: dict[str, SubjectResult],
    leader_results: list[SubjectResult],
    scenario: Scenario,
) -> dict[str, Summary]:
    scales = {t: rs.scale(t) for t in SUBJECT_TYPES}
    slot = {t: {code: i for i, code in enumerate(scales[t])} for t in SUBJECT_TYPES}
    for t in SUBJECT_TYPES:
        slot[t]["not_rated"] = len(scales[t])
        slot[t]["pending"] = len(scales[t]) + 1
    member_scale = scales["member"]
    out: dict[str, Summary] = {}
    for org_id in sorted(ctx.orgs):
        vector = ctx.subtree[org_id]
        members = [vector[N_RANK + RANK[code]] for code in member_scale]
        members.append(vector[NOT_RATED_I])
        members.append(vector[PENDING_I])
        width = len(scales["organization"]) + 2
        out[org_id] = Summary(
            scales,
            {
                "member": members,
                "organization": [0] * width,
                "collective": [0] * width,
                "leader": [0] * width,
            },
        )

    def count(subject_type: str, org_id: str, res: SubjectResult) -> None:
        key = res.rating if res.status == RATED and res.rating else res.status
        index = slot[subject_type][key]
        for target in (org_id, *ctx.ancestors[org_id]):
            out[target].counts[subject_type][index] += 1

    for org_id, res in org_results.items():
        count("organization", org_id, res)
    for coll_id, res in coll_results.items():
        count("collective", ctx.collectives[coll_id].organization, res)
    leaders: list[Leader] = sorted(scenario.leaders, key=lambda x: x.id)
    for leader, res in zip(leaders, leader_results, strict=True):
        count("leader", ctx.collectives[leader.collective].organization, res)
    return out


__all__ = ["Member", "evaluate"]
