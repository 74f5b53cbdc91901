"""“Quyết định theo đề xuất”: every proposal not decided yet, decided as proposed in the
order the rules set — the same checks and words as `decided_set`, run over the whole list
in memory and written at once (a province: ~195,000 subjects in one step, not one engine
run and one round trip per subject)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from kiemdiem.apps.accounts.permissions import ensure_can_manage
from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.campaigns.services import ensure_open
from kiemdiem.apps.core.errors import ServiceError
from kiemdiem.apps.evaluation.keys import collective_key, member_pk_of, subject_key
from kiemdiem.apps.evaluation.scenario import recorded_result, subject_names
from kiemdiem.apps.evaluation.stored import Stored
from kiemdiem.apps.organizations.models import CollectiveMembership, PartyOrganization
from kiemdiem.rules import load
from kiemdiem.rules.ratings import RANK

from .models import DecidedRating
from .services import (
    Actor,
    _decided_save_all,
    _decision,
    _several_places,
    ensure_within_ceiling,
    proposals,
)

RANK_OF_TYPE = {"collective": 0, "organization": 1}  # then people


class _Acceptance:
    """What the checks of `decided_set` need, read once for the whole campaign."""

    def __init__(self, campaign: Campaign, proposed: dict[str, str], done: set[str]) -> None:
        self.rules: Any = load(campaign.ruleset)
        self.proposed, self.done = proposed, done
        root = campaign.organization
        self.orgs = dict(
            PartyOrganization.objects.filter(path__startswith=root.path).values_list("code", "path")
        )
        self.today: Stored = recorded_result(campaign, fresh=True)
        self.ceilings = dict(self.today.rows.exclude(ceiling="").values_list("key", "ceiling"))
        steps = set(self.rules.process.get("order", ()))
        self.cite = str(self.rules.process.get("cites", {}).get("order", self.rules.ref))
        self.collectives_first = bool(
            steps & {"collective_before_its_members", "head_after_collective", "heads_last"}
        )
        self.lower_first = "lower_before_upper" in steps
        self.seats: dict[int, list[str]] = {}
        for member_id, collective_id in CollectiveMembership.objects.filter(
            ended_on__isnull=True, collective__organization__path__startswith=root.path
        ).values_list("member_id", "collective_id"):
            self.seats.setdefault(member_id, []).append(collective_key(collective_id))
        # Proposed organizations not decided yet, counted at each organization above them.
        self.below: dict[str, int] = {}
        self.leaders: dict[str, dict[str, str]] = {}  # a person's leader subjects (§B.6)
        for text, rating in proposed.items():
            key = subject_key(text)
            if key.type == "organization" and text not in done:
                self._count_below(key.id, 1)
            if key.type == "leader" and key.person:
                self.leaders.setdefault(key.person, {})[text] = rating

    def _count_below(self, code: str, by: int) -> None:
        path, step = self.orgs.get(code, ""), PartyOrganization.steplen
        for n in range(step, len(path), step):
            self.below[path[:n]] = self.below.get(path[:n], 0) + by

    def order(self, item: tuple[str, str]) -> tuple[int, int, str]:
        key = subject_key(item[0])
        deep = -len(self.orgs.get(key.id, "")) if key.type == "organization" else 0
        return (RANK_OF_TYPE.get(key.type, 2), deep, item[0])

    def places(self, subject: str, rating: str) -> dict[str, str]:
        key = subject_key(subject)
        mine = self.leaders.get(key.person or "", {}) if key.body is not None else {}
        return mine | {subject: rating}

    def refusal(self, subject: str, rating: str, places: dict[str, str]) -> str:
        """Why `decided_set` would refuse this subject now ("" when it would not)."""
        if rating not in self.rules.scale(subject_key(subject).type):
            return "Chọn mức xếp loại trong thang của bộ quy tắc"
        if len({v for v in places.values() if v}) > 1:
            return _several_places(places, self.rules).message
        for target in places:
            cap = self.ceilings.get(target)
            if cap and RANK[rating] > RANK[cap]:
                try:
                    ensure_within_ceiling(self.today.subject(target), rating, verb="quyết định")
                except ServiceError as exc:
                    return exc.message
            waiting = self.waiting(target)
            if waiting:
                names = subject_names(waiting)
                return (
                    "Quyết định trước mức xếp loại của "
                    + ", ".join(sorted(names.get(k, k) for k in waiting))
                    + f" (cấp dưới trước, cấp trên sau; tập thể trước, cá nhân sau — {self.cite})"
                )
        return ""

    def waiting(self, target: str) -> list[str]:
        """What the rule set's order wants decided before `target` (000 §B.6)."""
        key = subject_key(target)
        if key.type == "member" and self.collectives_first:
            seats = self.seats.get(member_pk_of(key), ())
            return [k for k in seats if k in self.proposed and k not in self.done]
        path = self.orgs.get(key.id, "") if key.type == "organization" else ""
        if path and self.lower_first and self.below.get(path, 0):
            return [
                k
                for k in self.proposed
                if k.startswith("organization/")
                and k not in self.done
                and k != target
                and self.orgs.get(subject_key(k).id, "").startswith(path)
            ]
        return []

    def accept(self, target: str) -> None:
        self.done.add(target)
        key = subject_key(target)
        if key.type == "organization":
            self._count_below(key.id, -1)


@transaction.atomic
def decided_accept_proposals(*, actor: Actor, campaign: Campaign) -> tuple[int, list[str]]:
    """Decide every subject not yet decided as proposed, in the order the rules set
    (collectives, then organizations from the lowest, then people). A proposal the rules
    refuse (above today's ceiling, out of order, several places with different levels)
    is left for the committee, with why. Returns (how many decided, what is left)."""
    ensure_can_manage(actor, campaign.organization)
    if not isinstance(actor, User):
        raise ServiceError("__all__", "Cần đăng nhập")
    ensure_open(campaign)
    decision = _decision(campaign)
    proposed = proposals(campaign)
    existing = {d.subject: d for d in DecidedRating.objects.filter(decision=decision)}
    state = _Acceptance(campaign, proposed, set(existing))
    todo = sorted(((k, v) for k, v in proposed.items() if k not in existing), key=state.order)
    accepted: list[tuple[str, str]] = []
    refused: list[tuple[str, str]] = []
    count = 0
    for subject, rating in todo:
        if subject in state.done:  # decided with another place of the same person
            continue
        places = state.places(subject, rating)
        why = state.refusal(subject, rating, places)
        if why:
            refused.append((subject, why))
            continue
        count += 1
        for target in places:
            accepted.append((target, rating))
            state.accept(target)
    _decided_save_all(actor, campaign, decision, accepted, existing)
    names = subject_names(k for k, _ in refused)
    return count, [f"{names.get(k, k)}: {why}" for k, why in refused]
