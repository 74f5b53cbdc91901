"""The committee decides each rating (never above the ceiling; below the proposal only
with a reason) and issues the decision (refused while a quota is exceeded)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from kiemdiem.apps.accounts.models import OrganizationRole
from kiemdiem.apps.accounts.permissions import ensure_can_manage
from kiemdiem.apps.appraisals.services import submitted_cell
from kiemdiem.apps.audit.services import audit_record, audit_records, snapshot
from kiemdiem.apps.campaigns.board import CELL_KINDS
from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.campaigns.services import ensure_open
from kiemdiem.apps.core import jobs
from kiemdiem.apps.core.errors import ServiceError
from kiemdiem.apps.core.papers import paper_issue
from kiemdiem.apps.evaluation.keys import (
    collective_key,
    kind_of,
    member_key,
    member_pk,
    member_pk_of,
    organization_key,
    subject_key,
)
from kiemdiem.apps.evaluation.scenario import (
    DECIDED,
    campaign_result,
    recorded_result,
    subject_names,
)
from kiemdiem.apps.evaluation.stored import Stored, stored_result
from kiemdiem.apps.ledger.services import ledger_append
from kiemdiem.apps.mail.services import mails_queue
from kiemdiem.apps.members.models import Member
from kiemdiem.apps.organizations.models import CollectiveMembership, PartyOrganization
from kiemdiem.apps.organizations.selectors import ancestor_paths
from kiemdiem.apps.reviews.checks import QUOTA
from kiemdiem.apps.reviews.models import Meeting
from kiemdiem.rules import Result, SubjectResult, load
from kiemdiem.rules.ratings import RANK, RATING_LABEL

from .models import ClassificationDecision, DecidedRating, MissingReport, Notification
from .selectors import proposals_of

Actor = User | AnonymousUser


def proposals(campaign: Campaign) -> dict[str, str]:
    """What is proposed for each submitted subject (selectors.proposals_of)."""
    return proposals_of(campaign)


def decision_result(
    campaign: Campaign,
    *,
    proposed: dict[str, str] | None = None,
    within: PartyOrganization | None = None,
) -> Result:
    """The engine over what is submitted, with the office's ratings and the decisions
    (`proposed`: `proposals(campaign)` when the caller has it already; `within`: one
    grassroots unit only)."""
    if proposed is None:
        proposed = proposals(campaign)  # the whole campaign: a leader is proposed in places
    decided: dict[str, str] = dict(
        DecidedRating.objects.filter(decision__campaign=campaign).values_list("subject", "rating")
    )
    return campaign_result(
        campaign,
        override=lambda kind, ref: proposed.get(f"{kind}/{ref}"),
        decided=lambda kind, ref: decided.get(f"{kind}/{ref}"),
        submitted_only=True,
        within=within,
    )


def decision_compute(campaign: Campaign, *, within: PartyOrganization | None = None) -> Result:
    return decision_result(campaign, within=within)


def decision_stored(campaign: Campaign, *, fresh: bool = False) -> Stored:
    """decision_result(campaign) as stored (evaluation/stored.py)."""
    return stored_result(campaign, DECIDED, fresh=fresh)


def _decision(campaign: Campaign) -> ClassificationDecision:
    decision, _ = ClassificationDecision.objects.get_or_create(campaign=campaign)
    if decision.status == ClassificationDecision.Status.ISSUED:
        raise ServiceError("__all__", f"Quyết định số {decision.number} đã ban hành")
    return decision


def _ensure_order(campaign: Campaign, subject: str, proposed: dict[str, str]) -> None:
    """The order the rule set names (000 §B.6): a leadership collective before its members
    (its head last), and lower organizations before the one above them."""
    rules = load(campaign.ruleset)
    order = set(rules.process.get("order", ()))
    cite = str(rules.process.get("cites", {}).get("order", rules.ref))
    done = set(
        DecidedRating.objects.filter(decision__campaign=campaign).values_list("subject", flat=True)
    )
    key = subject_key(subject)
    kind, ref = key.type, key.id
    waiting: list[str] = []
    if kind == "member" and order & {
        "collective_before_its_members",
        "head_after_collective",
        "heads_last",
    }:
        collectives = CollectiveMembership.objects.filter(
            member_id=member_pk_of(key),
            ended_on__isnull=True,
        ).values_list("collective_id", flat=True)
        waiting = [
            key for key in map(collective_key, collectives) if key in proposed and key not in done
        ]
    elif kind == "organization" and "lower_before_upper" in order:
        organization = PartyOrganization.objects.filter(code=ref).first()
        if organization is not None:
            below = set(
                PartyOrganization.objects.filter(path__startswith=organization.path)
                .exclude(pk=organization.pk)
                .values_list("code", flat=True)
            )
            waiting = [
                key
                for key in proposed
                if kind_of(key) == "organization"
                and subject_key(key).id in below
                and key not in done
            ]
    if waiting:
        names = subject_names(waiting)
        raise ServiceError(
            "subject",
            "Quyết định trước mức xếp loại của "
            + ", ".join(sorted(names.get(k, k) for k in waiting))
            + f" (cấp dưới trước, cấp trên sau; tập thể trước, cá nhân sau — {cite})",
        )


@transaction.atomic
def decided_set(
    *, actor: Actor, campaign: Campaign, subject: str, rating: str, reason: str = ""
) -> DecidedRating:
    ensure_can_manage(actor, campaign.organization)
    if not isinstance(actor, User):
        raise ServiceError("__all__", "Cần đăng nhập")
    ensure_open(campaign)
    decision = _decision(campaign)
    if submitted_cell(campaign, subject) is None:
        raise ServiceError("subject", "Chi bộ chưa báo cáo đề xuất của đối tượng này")
    kind = kind_of(subject)
    rules = load(campaign.ruleset)
    if rating not in rules.scale(kind):
        raise ServiceError("rating", "Chọn mức xếp loại trong thang của bộ quy tắc")
    proposed_all = proposals(campaign)
    places = review_places(subject, proposed_all)
    if len({v for v in places.values() if v}) > 1 and not reason.strip():
        raise _several_places(places, rules)
    today = recorded_result(campaign, fresh=True)
    for target in places:
        ensure_within_ceiling(today.subject(target), rating, verb="quyết định")
        _ensure_order(campaign, target, proposed_all)
        proposed = proposed_all.get(target)
        if proposed and RANK[rating] < RANK[proposed] and not reason.strip():
            raise ServiceError(
                "reason",
                f"Quyết định thấp hơn đề xuất ({RATING_LABEL[proposed]}) cần ghi lý do",
            )
    # One level for the person wherever they were reviewed: every place sees it.
    rows = [_decided_save(actor, campaign, decision, t, rating, reason) for t in places]
    return next(r for r in rows if r.subject == subject)


def _several_places(places: dict[str, str], rules: Any) -> ServiceError:
    names = subject_names(places)
    cite = str(rules.process.get("cites", {}).get("several_places", "000 §B.6"))
    return ServiceError(
        "reason",
        "Kiểm điểm ở nhiều nơi với mức khác nhau ("
        + "; ".join(f"{names.get(k, k)}: {RATING_LABEL[v]}" for k, v in sorted(places.items()))
        + f"): cấp có thẩm quyền quyết định một mức, cần ghi lý do — {cite}",
    )


def ensure_within_ceiling(now: SubjectResult | None, rating: str, *, verb: str) -> None:
    """No decision above what today's data allow; the engine's reasons say why."""
    if now is not None and now.ceiling is not None and RANK[rating] > RANK[now.ceiling]:
        reasons = "; ".join(r.message for r in now.reasons) or "theo dữ liệu hiện có"
        raise ServiceError(
            "rating",
            f"Không thể {verb} {RATING_LABEL[rating]}: mức cao nhất được phép là "
            f"{RATING_LABEL[now.ceiling]} ({reasons})",
        )


def review_places(subject: str, proposed: dict[str, str]) -> dict[str, str]:
    """Where the same person was reviewed for the same post kind (000 §B.6): a leader
    heading several collectives is one subject per collective. The subject itself always,
    with its proposal (or "" when none)."""
    key = subject_key(subject)
    if key.body is None:  # not a leader of a collective
        return {subject: proposed.get(subject, "")}
    found = {k: v for k, v in proposed.items() if k.startswith(f"leader/{key.person}@")}
    return found | {subject: proposed.get(subject, "")}


def _decided_save(
    actor: User,
    campaign: Campaign,
    decision: ClassificationDecision,
    subject: str,
    rating: str,
    reason: str,
) -> DecidedRating:
    row = DecidedRating.objects.filter(decision=decision, subject=subject).first()
    before = snapshot(row) if row else None
    if row is None:
        row = DecidedRating(decision=decision, subject=subject)
    row.rating, row.reason, row.decided_by = rating, reason.strip(), actor
    row.save()
    audit_record(
        actor=actor,
        action="decision.rate",
        obj=row,
        organization=campaign.organization,
        before=before,
        after=snapshot(row),
        subject=subject,
        reason=row.reason,
    )
    return row


FEW_CELLS = 50  # cells not reported, below which only their own members are read


def cells_not_reported(campaign: Campaign) -> list[PartyOrganization]:
    """The cells of the campaign's scope with members that have not submitted their
    meeting's result, in name order."""
    submitted = Meeting.objects.filter(
        campaign=campaign, collective__isnull=True, status=Meeting.Status.SUBMITTED
    ).values_list("organization_id", flat=True)
    cells = list(
        PartyOrganization.objects.filter(
            path__startswith=campaign.organization.path, kind__in=CELL_KINDS
        )
        .exclude(pk__in=submitted)
        .order_by("name")
    )
    if not cells:
        return []
    # Every path at or above an organization with members: a cell has members below it
    # when its path is one of them (a tree's depth of work per organization, not cells ×
    # organizations). Few cells left (late in a campaign): only their members' places.
    members = Member.objects.filter(organization__path__startswith=campaign.organization.path)
    if len(cells) <= FEW_CELLS:
        below = Q()
        for c in cells:
            below |= Q(organization__path__startswith=c.path)
        members = members.filter(below)
    step = PartyOrganization.steplen
    with_members = {
        path[:n]
        for path in members.values_list("organization__path", flat=True).distinct()
        for n in range(step, len(path) + 1, step)
    }
    return [c for c in cells if c.path in with_members]


def excused(decision: ClassificationDecision) -> set[int]:
    return set(decision.missing.values_list("organization_id", flat=True))


@transaction.atomic
def missing_report_record(
    *, actor: Actor, campaign: Campaign, cell: PartyOrganization, reason: str
) -> MissingReport:
    """Record why a cell that has not reported is left out of the decision (the committee
    issues for the others; the decision names it with the reason)."""
    ensure_can_manage(actor, campaign.organization)
    if not isinstance(actor, User):
        raise ServiceError("__all__", "Cần đăng nhập")
    ensure_open(campaign)
    decision = _decision(campaign)
    if cell.pk not in {c.pk for c in cells_not_reported(campaign)}:
        raise ServiceError("organization", f"{cell.name} đã báo cáo hoặc không thuộc kế hoạch")
    if not reason.strip():
        raise ServiceError("reason", f"{cell.name}: cần ghi lý do chưa báo cáo")
    row, _ = MissingReport.objects.update_or_create(
        decision=decision,
        organization=cell,
        defaults={"reason": reason.strip(), "recorded_by": actor},
    )
    audit_record(
        actor=actor,
        action="decision.missing_report",
        obj=row,
        organization=campaign.organization,
        after={"organization": cell.code, "reason": row.reason},
        reason=row.reason,
        subject=organization_key(cell.code),
    )
    return row


@transaction.atomic
def decision_issue(
    *, actor: Actor, campaign: Campaign, number: str, issued_on: date
) -> ClassificationDecision:
    """Issue the decision: every proposed subject decided, no quota exceeded."""
    ensure_can_manage(actor, campaign.organization)
    if not isinstance(actor, User):
        raise ServiceError("__all__", "Cần đăng nhập")
    ensure_open(campaign)
    decision = _decision(campaign)
    if not number.strip():
        raise ServiceError("number", "Cần ghi số quyết định")
    unexplained = [c.name for c in cells_not_reported(campaign) if c.pk not in excused(decision)]
    if unexplained:
        raise ServiceError(
            "__all__",
            f"Chưa ban hành được: {len(unexplained)} chi bộ chưa báo cáo kết quả kiểm điểm "
            f"({', '.join(unexplained)}). Chờ chi bộ báo cáo, hoặc ghi lý do ngoại lệ cho từng "
            "chi bộ (quyết định sẽ ghi rõ).",
        )
    decided = {d.subject: d for d in decision.ratings.all()}
    missing = [s for s in proposals(campaign) if s not in decided]
    if missing:
        raise ServiceError("__all__", f"Còn {len(missing)} đối tượng chưa có mức quyết định")
    over = [c.message for c in decision_stored(campaign, fresh=True).checks_where(code=QUOTA)]
    if over:
        raise ServiceError("__all__", over[0])
    before = snapshot(decision)
    decision.status = ClassificationDecision.Status.ISSUED
    decision.number, decision.issued_on, decision.issued_by = number.strip(), issued_on, actor
    decision.save()
    audit_record(
        actor=actor,
        action="decision.issue",
        obj=decision,
        organization=campaign.organization,
        before=before,
        after=snapshot(decision),
    )
    payload: dict[str, Any] = {
        "number": decision.number,
        "issued_on": issued_on.isoformat(),
        "ratings": {s: d.rating for s, d in sorted(decided.items())},
        "not_reported": {
            m.organization.code: m.reason
            for m in decision.missing.select_related("organization").order_by("pk")
        },
    }
    ledger_append(actor=actor, action="decision.issue", obj=decision, payload=payload)
    archive_paper(actor, campaign, "decision")
    if jobs.inline():
        decision_notify_all(decision=decision)
    else:  # a province's tens of thousands of messages: written by the worker
        from .tasks import decision_notify  # the task module imports this one

        decision_notify.enqueue(decision.pk)
    return decision


def decision_notify_all(*, decision: ClassificationDecision) -> None:
    """The worker's half of issuing: the messages of an issued decision, once."""
    with transaction.atomic():
        decision = ClassificationDecision.objects.select_for_update().get(pk=decision.pk)
        if decision.notified_at is not None or decision.status != decision.Status.ISSUED:
            return
        decided = {d.subject: d for d in decision.ratings.all()}
        _notify(decision.campaign, decision, decided)
        ClassificationDecision.objects.filter(pk=decision.pk).update(notified_at=timezone.now())


def archive_paper(actor: User, campaign: Campaign, kind: str, ref: str = "") -> None:
    """The paper rendered now, from this moment's data, and stored with its hash."""
    paper_issue(actor=actor, campaign=campaign, kind=kind, ref=ref)


def _notify(
    campaign: Campaign, decision: ClassificationDecision, decided: dict[str, DecidedRating]
) -> None:
    """Each member rated is told their result; each cell's committee is told the cell's
    and its members'. E-mails wait in the outbox and leave from the worker once this
    commits."""
    url = reverse("campaign-results", args=[campaign.pk])
    head = f"Quyết định số {decision.number} ngày {decision.issued_on:%d/%m/%Y}"
    members = Member.objects.filter(
        pk__in=[member_pk(s) for s in decided if kind_of(s) == "member"]
    ).select_related("user", "organization")
    notes: list[Notification] = []
    mails: list[tuple[str, str]] = []
    for member in members:
        rating = RATING_LABEL[decided[member_key(member.pk)].rating]
        text = f"{head}: đồng chí {member.full_name} được xếp loại “{rating}” năm {campaign.year}."
        if member.user_id is not None:
            notes.append(Notification(user_id=member.user_id, text=text, url=url))
        if member.email:
            mails.append((member.email, text))
    cells = {p for m in members for p in ancestor_paths(organization=m.organization)}
    for role in OrganizationRole.objects.filter(
        role="cell_committee", organization__path__in=cells
    ).select_related("organization"):
        text = f"{head}: đã có kết quả xếp loại của {role.organization.name} và đảng viên."
        notes.append(Notification(user_id=role.user_id, text=text, url=url))
    Notification.objects.bulk_create(notes, batch_size=2000)
    subject = f"Kết quả xếp loại chất lượng năm {campaign.year}"
    mails_queue(messages=[(address, subject, text) for address, text in mails])


def _decided_save_all(
    actor: User,
    campaign: Campaign,
    decision: ClassificationDecision,
    accepted: list[tuple[str, str]],
    existing: dict[str, DecidedRating],
) -> None:
    """_decided_save for many: new rows inserted together, each audited as one would be."""
    new = [
        DecidedRating(decision=decision, subject=s, rating=r, reason="", decided_by=actor)
        for s, r in accepted
        if s not in existing
    ]
    DecidedRating.objects.bulk_create(new, batch_size=2000)
    for subject, rating in accepted:
        if subject in existing:  # another place of a person decided before: one level
            _decided_save(actor, campaign, decision, subject, rating, "")
    audit_records(
        actor=actor,
        action="decision.rate",
        rows=[(row, None, snapshot(row), row.subject) for row in new],
        organization=campaign.organization,
    )
