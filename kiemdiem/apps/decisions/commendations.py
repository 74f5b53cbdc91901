"""Commendation: candidates computed by the engine from the year's decided results and
earlier years' ratings (from earlier campaigns here, or recorded from the archive); the
committee selects among them."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction

from kiemdiem.apps.accounts.permissions import ensure_can_manage
from kiemdiem.apps.audit.services import audit_record, snapshot
from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.campaigns.services import ensure_open
from kiemdiem.apps.core.errors import ServiceError
from kiemdiem.apps.evaluation.keys import organization_key
from kiemdiem.apps.evaluation.scenario import subject_organization
from kiemdiem.apps.organizations.models import PartyOrganization
from kiemdiem.rules import load
from kiemdiem.rules.commendation import TITLES, Candidate, candidates, limits
from kiemdiem.rules.ratings import RATING_LABEL

from .models import ClassificationDecision, Commendation, DecidedRating, PastRating
from .selectors import issued_decision

Actor = User | AnonymousUser


def rating_history(subjects: list[str], *, before: int) -> dict[str, dict[int, str]]:
    """Earlier years' ratings per subject: issued decisions of earlier campaigns first,
    then the archive's (a decision made here wins over a typed-in record)."""
    out: dict[str, dict[int, str]] = defaultdict(dict)
    for subject, year, rating in PastRating.objects.filter(
        subject__in=subjects, year__lt=before
    ).values_list("subject", "year", "rating"):
        out[subject][year] = rating
    for subject, year, rating in DecidedRating.objects.filter(
        subject__in=subjects,
        decision__status=ClassificationDecision.Status.ISSUED,
        decision__campaign__year__lt=before,
    ).values_list("subject", "decision__campaign__year", "rating"):
        out[subject][year] = rating
    return dict(out)


def commendation_candidates(campaign: Campaign) -> tuple[list[Candidate], dict[str, int]]:
    """The candidates of an issued decision and the caps per title."""
    decision = issued_decision(campaign)
    if decision is None:
        return [], {}
    ratings = dict(decision.ratings.values_list("subject", "rating"))
    root = campaign.organization
    cells = {
        organization_key(code)
        for code in PartyOrganization.objects.filter(path__startswith=root.path)
        .exclude(pk=root.pk)
        .values_list("code", flat=True)
    }
    rules = load(campaign.ruleset)
    found = candidates(
        rules,
        year=campaign.year,
        ratings=ratings,
        history=rating_history(list(ratings), before=campaign.year),
        cells=cells,
    )
    return found, limits(rules, found)


@transaction.atomic
def commendation_select(
    *, actor: Actor, campaign: Campaign, subject: str, title: str, selected: bool, note: str = ""
) -> Commendation | None:
    ensure_can_manage(actor, campaign.organization)
    if not isinstance(actor, User):
        raise ServiceError("__all__", "Cần đăng nhập")
    ensure_open(campaign)
    if title not in TITLES:
        raise ServiceError("title", "Hình thức khen thưởng không hợp lệ")
    row = Commendation.objects.filter(campaign=campaign, subject=subject, title=title).first()
    if not selected:
        if row is not None:
            before = snapshot(row)
            row.delete()
            audit_record(
                actor=actor,
                action="commendation.unselect",
                obj=campaign,
                organization=campaign.organization,
                before=before,
                subject=subject,
            )
        return None
    found, caps = commendation_candidates(campaign)
    if not any(c.subject == subject and c.title == title for c in found):
        raise ServiceError("subject", "Đối tượng không đủ điều kiện của hình thức khen thưởng này")
    if row is not None:
        return row
    cap = caps.get(title)
    if (
        cap is not None
        and Commendation.objects.filter(campaign=campaign, title=title).count() >= cap
    ):
        raise ServiceError(
            "title",
            f"Đã chọn đủ {cap} (tối đa theo tỷ lệ của bộ quy tắc: "
            f"{rules_share(campaign)} số tổ chức “{RATING_LABEL['CLEAN_STRONG']}” hoặc "
            f"“{RATING_LABEL['EXCELLENT']}”)",
        )
    row = Commendation.objects.create(
        campaign=campaign, subject=subject, title=title, note=note.strip(), selected_by=actor
    )
    audit_record(
        actor=actor,
        action="commendation.select",
        obj=row,
        organization=campaign.organization,
        after=snapshot(row),
        subject=subject,
    )
    return row


def rules_share(campaign: Campaign) -> str:
    return str(load(campaign.ruleset).process.get("commendation", {}).get("exemplary_share", ""))


@transaction.atomic
def past_rating_record(
    *,
    actor: Actor,
    organization: PartyOrganization,
    subject: str,
    year: int,
    rating: str,
    source: str,
) -> PastRating:
    """A rating of an earlier year from the archive, for the organization's own subjects."""
    ensure_can_manage(actor, organization)
    if not isinstance(actor, User):
        raise ServiceError("__all__", "Cần đăng nhập")
    owner = subject_organization(subject)
    if owner is None or not owner.path.startswith(organization.path):
        raise ServiceError("subject", f"Đối tượng “{subject}” không thuộc {organization.name}")
    if rating not in RATING_LABEL:
        raise ServiceError("rating", f"Mức xếp loại không hợp lệ: “{rating}”")
    if not 1990 <= year <= 2100:
        raise ServiceError("year", f"Năm không hợp lệ: {year}")
    row = PastRating.objects.filter(subject=subject, year=year).first()
    before = snapshot(row) if row else None
    if row is None:
        row = PastRating(subject=subject, year=year)
    row.rating, row.source, row.recorded_by = rating, source.strip(), actor
    row.save()
    audit_record(
        actor=actor,
        action="past_rating.record",
        obj=row,
        organization=organization,
        before=before,
        after=snapshot(row),
        subject=subject,
    )
    return row
