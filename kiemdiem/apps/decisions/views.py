"""The decision screen: each proposed subject, the committee's rating, the quotas."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.campaigns.selectors import managed_campaign
from kiemdiem.apps.complaints.models import Complaint
from kiemdiem.apps.core.errors import ServiceError
from kiemdiem.apps.core.kept import kept
from kiemdiem.apps.core.paging import page_of
from kiemdiem.apps.evaluation.keys import decided_key, kind_of, member_key, member_pk
from kiemdiem.apps.evaluation.scenario import subject_names
from kiemdiem.apps.evaluation.stored import Stored
from kiemdiem.apps.organizations.models import PartyOrganization
from kiemdiem.apps.reviews.checks import QUOTA
from kiemdiem.apps.reviews.models import TallyRecord
from kiemdiem.rules import Check, load
from kiemdiem.rules.ratings import RATING_LABEL

from .accepting import decided_accept_proposals
from .closing import closing_blockers
from .models import ClassificationDecision, DecidedRating
from .selectors import proposal_sources, proposals_of
from .services import (
    cells_not_reported,
    decided_set,
    decision_issue,
    decision_stored,
    missing_report_record,
    review_places,
)

DECISION_PAGE = 200  # subjects a page: a đảng bộ's on one, a province's paged


def _proposed_rows(campaign: Campaign, stored: Stored, *, query: str, undecided: bool) -> Any:
    """The proposed subjects as stored rows: filtered, ordered by name and counted in the
    database (a province proposes some 195,000)."""
    # IN (subquery), not EXISTS per row: SQLite builds each set once (1.2 s → 0.4 s for a
    # province's count).
    submitted, other = proposal_sources(campaign)
    rows = stored.rows.filter(
        Q(key__in=submitted.values("subject")) | Q(key__in=other.values("subject"))
    )
    if query:
        rows = rows.filter(name__icontains=query)
    if undecided:
        rows = rows.exclude(key__in=_decided_keys(campaign))
    return rows.order_by("name", "key")


def _decided_keys(campaign: Campaign) -> Any:
    return DecidedRating.objects.filter(decision__campaign=campaign).values("subject")


def _rows(campaign: Campaign, request: HttpRequest) -> dict[str, Any]:
    rules = load(campaign.ruleset)
    stored = decision_stored(campaign)
    query = request.GET.get("q", "").strip()
    only_undecided = request.GET.get("chua") == "1"
    listed = _proposed_rows(campaign, stored, query=query, undecided=only_undecided)
    # Proposed and still undecided counted in one pass over a province's rows, and kept
    # while the clerk pages and searches (until the next write or recomputation).
    counts = kept(
        "decision-counts",
        (campaign.pk, *stored.computation),
        lambda: _proposed_rows(campaign, stored, query="", undecided=False).aggregate(
            total=Count("pk"),
            undecided=Count("pk", filter=~Q(key__in=_decided_keys(campaign))),
        ),
    )
    # Where each subject belongs, beside the name: namesakes are told apart by their cell.
    shown = listed.select_related("organization").only(
        "key", "name", "ceiling", "type", "organization__name"
    )
    known = None if query else counts["undecided" if only_undecided else "total"]
    page = page_of(request, shown, DECISION_PAGE, count=known)
    keys = [r.key for r in page.object_list]
    proposed = proposals_of(campaign, keys)  # the page's, and its leaders' other places
    decided_here = {
        d.subject: d
        for d in DecidedRating.objects.filter(decision__campaign=campaign, subject__in=keys)
    }
    done = DecidedRating.objects.filter(decision__campaign=campaign).count()
    names = {r.key: r.name for r in page.object_list}
    others = {k for key in keys for k in review_places(key, proposed)} - set(names)
    names |= subject_names(others) if others else {}
    rows = []
    for r in page.object_list:
        subject = r.key
        rating = proposed.get(subject, "")
        rows.append(
            {
                "key": subject,
                "name": r.name,
                "where": r.organization.name
                if r.type != "organization" and r.organization is not None
                else "",
                "proposed": RATING_LABEL.get(rating, ""),
                "ceiling": RATING_LABEL.get(r.ceiling, ""),
                "decided": decided_here.get(subject),
                "options": [(c, RATING_LABEL[c]) for c in rules.scale(kind_of(subject))],
                "default": decided_here[subject].rating if subject in decided_here else rating,
                # 000 §B.6: the same person reviewed in several places.
                "places": [
                    (names.get(k, k), RATING_LABEL.get(v, "—"))
                    for k, v in sorted(review_places(subject, proposed).items())
                    if k != subject
                ],
            }
        )
    checks = stored.checks_where(code=QUOTA)  # the few the page shows, not every note
    return {
        "rows": rows,
        "page": page,
        "query": query,
        "only_undecided": only_undecided,
        "total": counts["total"],
        "over": [c.message for c in checks if c.code == "quota_exceeded"],
        "competing": _competing(campaign, checks, names),
        "stored": stored,
        "done": done,
        "undecided": counts["undecided"],
    }


def _competing(
    campaign: Campaign,
    checks: list[Check],
    names: dict[str, str],
) -> list[dict[str, Any]]:
    """Per exceeded quota: how many must step down and who competes, best-supported first
    (the larger share of ballots for the rating), so the committee chooses knowingly."""
    over = [c for c in checks if c.code == "quota_exceeded" and c.subjects]
    if not over:
        return []
    keys = {decided_key(c.subject_type, r) for c in over for r in c.subjects or ()}
    decided = {
        d.subject: d
        for d in DecidedRating.objects.filter(decision__campaign=campaign, subject__in=keys)
    }
    member_pks = [member_pk(k) for k in keys if kind_of(k) == "member"]
    support: dict[str, tuple[int, int]] = {}
    for member_id, counts, valid in TallyRecord.objects.filter(
        item__meeting__campaign=campaign, item__member_id__in=member_pks
    ).values_list("item__member_id", "counts", "valid"):
        support[member_key(member_id)] = (int((counts or {}).get("EXCELLENT", 0)), valid)
    missing = [k for k in keys if k not in names]
    names = {**names, **subject_names(missing)}
    out = []
    for check in over:
        people = sorted(
            {decided_key(check.subject_type, r) for r in check.subjects or ()},
            key=lambda k: (
                -(support[k][0] / support[k][1]) if support.get(k, (0, 0))[1] else 0,
                names.get(k, k),
            ),
        )
        out.append(
            {
                "message": check.message,
                "excess": (check.actual or 0) - (check.allowed or 0),
                "people": [
                    {
                        "key": k,
                        "name": names.get(k, k),
                        "votes": support.get(k),
                        "decided": decided.get(k),
                    }
                    for k in people
                ],
            }
        )
    return out


@login_required
def decision_page(request: HttpRequest, campaign_pk: int) -> HttpResponse:
    campaign = managed_campaign(request, campaign_pk)
    error = ""
    if request.method == "POST":
        try:
            if "issue" in request.POST:
                try:
                    issued_on = datetime.strptime(request.POST.get("issued_on", ""), "%d/%m/%Y")
                except ValueError as exc:
                    raise ServiceError(
                        "issued_on", "Ngày ban hành không hợp lệ (dd/mm/yyyy)"
                    ) from exc
                decision_issue(
                    actor=request.user,
                    campaign=campaign,
                    number=request.POST.get("number", ""),
                    issued_on=issued_on.date(),
                )
            elif "missing_cell" in request.POST:
                cell = get_object_or_404(
                    PartyOrganization,
                    code=request.POST.get("missing_cell", ""),
                    path__startswith=campaign.organization.path,
                )
                missing_report_record(
                    actor=request.user,
                    campaign=campaign,
                    cell=cell,
                    reason=request.POST.get("reason", ""),
                )
                messages.success(request, f"Đã ghi lý do {cell.name} chưa báo cáo.")
            elif "accept_all" in request.POST:
                count, left = decided_accept_proposals(actor=request.user, campaign=campaign)
                messages.success(request, f"Đã quyết định theo đề xuất: {count} đối tượng.")
                for line in left:
                    messages.warning(request, f"Chưa quyết định — {line}")
            else:
                decided_set(
                    actor=request.user,
                    campaign=campaign,
                    subject=request.POST.get("subject", ""),
                    rating=request.POST.get("rating", ""),
                    reason=request.POST.get("reason", ""),
                )
            return redirect(request.path)
        except ServiceError as exc:
            error = exc.message
    decision = ClassificationDecision.objects.filter(campaign=campaign).first()
    rows = _rows(campaign, request)
    not_reported = cells_not_reported(campaign)
    reasons: dict[int, str] = (
        dict(decision.missing.values_list("organization_id", "reason")) if decision else {}
    )
    missing = [{"cell": c, "reason": reasons.get(c.pk, "")} for c in not_reported]
    unexplained = [c.name for c in not_reported if c.pk not in reasons]
    # What issuing does, said before it is done (the confirmation on the button).
    issue_summary = (
        f"Ban hành quyết định xếp loại cho {rows['done']} đối tượng? Sau khi ban hành, quyết "
        "định được lưu trữ nguyên văn, không sửa được; mỗi người được xếp loại nhận thông báo."
        + (
            " Chi bộ chưa báo cáo, không có trong quyết định: "
            + "; ".join(f"{c.name} ({reasons.get(c.pk) or 'chưa ghi lý do'})" for c in not_reported)
            + "."
            if missing
            else ""
        )
    )
    return render(
        request,
        "decisions/decision.html",
        {
            **admin.site.each_context(request),
            "campaign": campaign,
            "decision": decision,
            "error": error,
            "today": timezone.localdate(),
            "blockers": closing_blockers(campaign)
            if decision and decision.status == ClassificationDecision.Status.ISSUED
            else [],
            "missing": missing,
            "unexplained": unexplained,
            "issue_summary": issue_summary,
            "open_complaints": Complaint.objects.filter(campaign=campaign)
            .exclude(status=Complaint.Status.ANSWERED)
            .count(),
            **rows,
        },
        status=422 if error else 200,
    )
