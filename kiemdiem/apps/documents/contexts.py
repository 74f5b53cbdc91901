"""What each document says: the context its template is filled with, read from the
campaign's records. One function per document; each returns a `Prepared` that also names
the organization whose part of the tree the document belongs to (for who may print it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from kiemdiem.apps.campaigns.models import Campaign, RemedyStatus, SelfReview
from kiemdiem.apps.complaints.models import Complaint
from kiemdiem.apps.core.choices import PostTitle
from kiemdiem.apps.decisions.models import ClassificationDecision, Rerating
from kiemdiem.apps.decisions.services import cells_not_reported
from kiemdiem.apps.evaluation.keys import kind_of, member_key
from kiemdiem.apps.evaluation.scenario import cell_result, subject_names
from kiemdiem.apps.members.models import Member
from kiemdiem.apps.organizations.models import LeadershipCollective, PartyOrganization
from kiemdiem.apps.reviews.models import AgendaItem, CollectiveReport, Meeting
from kiemdiem.rules import load
from kiemdiem.rules.process import complaint_deadline
from kiemdiem.rules.ratings import RATING_LABEL

from .layout import DOTS, ancestors, committee_name, date_line, head, paragraphs, signer, vn_date

KIND_LABEL = {
    "member": "Đảng viên",
    "leader": "Cá nhân cán bộ lãnh đạo, quản lý",
    "collective": "Tập thể lãnh đạo, quản lý",
    "organization": "Tổ chức đảng",
}


@dataclass
class Prepared:
    kind: str
    filename: str
    organization: PartyOrganization
    context: dict[str, Any]
    subjects: set[str] = field(default_factory=set)  # whose own document it is
    # The record a paper not yet final is made from (a self-review, a report's draft):
    # who may read it decides who may print it (kiemdiem.apps.reviews.visibility).
    record: Any = None


def _form(campaign: Campaign, key: str) -> str:
    """The form's number where the rule set names its forms ("Mẫu 03" under HD 43); the
    earlier plans name none."""
    forms: dict[str, str] = load(campaign.ruleset).process.get("forms", {})
    return forms.get(key, "")


def _label(code: str) -> str:
    return RATING_LABEL.get(code, code or DOTS)


def _points(value: Decimal | int | None) -> str:
    return "" if value is None else f"{Decimal(value).normalize():f}".replace(".", ",")


def _total(general: Decimal | None, results: Decimal | None) -> Decimal | None:
    """Points /100 from the two groups (/30, /70); none when neither is scored."""
    if general is None and results is None:
        return None
    return (general or Decimal(0)) + (results or Decimal(0))


def _frame(organization: PartyOrganization, on: date | None, **kw: Any) -> dict[str, Any]:
    h = head(organization)
    return {
        "head": h,
        "date_line": date_line(h.place, on),
        "sign": signer(organization, on or timezone.localdate()),
        **kw,
    }


def _recipients(*extra: str, organization: PartyOrganization) -> list[str]:
    above = ancestors(organization)
    parent = above[-1] if above else None
    upper = f"Ban Tổ chức {parent.name}" if parent else ""
    return [r for r in (upper, *extra, "Lưu hồ sơ kiểm điểm.") if r]


def _cell_of(campaign: Campaign, code: str) -> PartyOrganization:
    cell = PartyOrganization.objects.filter(
        code=code, path__startswith=campaign.organization.path
    ).first()
    if cell is None:
        raise Http404("Không có chi bộ này trong kế hoạch")
    return cell


def _place(campaign: Campaign, ref: str) -> tuple[PartyOrganization, LeadershipCollective | None]:
    """A cell by its code, or a leadership collective by "K<pk>" (the Đảng ủy, a chi ủy,
    an agency's leadership) with the organization it belongs to."""
    if ref[:1] == "K" and ref[1:].isdigit():
        collective = (
            LeadershipCollective.objects.filter(
                pk=int(ref[1:]), organization__path__startswith=campaign.organization.path
            )
            .select_related("organization")
            .first()
        )
        if collective is None:
            raise Http404("Không có tập thể này trong kế hoạch")
        return collective.organization, collective
    return _cell_of(campaign, ref), None


def _cell_meeting(
    campaign: Campaign, cell: PartyOrganization, collective: LeadershipCollective | None = None
) -> Meeting:
    meeting = Meeting.objects.filter(
        campaign=campaign, organization=cell, collective=collective
    ).first()
    if meeting is None or meeting.held_on is None:
        raise Http404("Chưa ghi biên bản hội nghị")
    return meeting


# -- a member's self-review ------------------------------------------------------------------


def self_review(campaign: Campaign, ref: str) -> Prepared:
    member = (
        Member.objects.filter(
            pk=int(ref) if ref.isdigit() else 0,
            organization__path__startswith=campaign.organization.path,
        )
        .select_related("organization")
        .first()
    )
    if member is None:
        raise Http404("Không có đảng viên này trong kế hoạch")
    review = SelfReview.objects.filter(campaign=campaign, member=member).first()
    if review is None:
        raise Http404("Đảng viên chưa viết bản tự kiểm điểm")
    year_end = date(campaign.year, 12, 31)
    posts = list(member.posts.filter(started_on__lte=year_end).exclude(ended_on__lt=year_end))
    party_titles = {PostTitle.SECRETARY, PostTitle.DEPUTY_SECRETARY, PostTitle.COMMITTEE_MEMBER}
    party = [p.get_title_display() for p in posts if p.title in party_titles]
    other = [
        f"{p.get_title_display()} {p.unit_name}".strip()
        for p in posts
        if p.title not in party_titles
    ]
    # HD 43: 02A for a member with a post, 02B without; 02C for members outside the
    # political system (not civil servants).
    if other or party:
        key, form_title = "with_post", "(Dùng cho đảng viên giữ chức vụ lãnh đạo, quản lý)"
    elif member.is_civil_servant:
        key, form_title = "without_post", "(Dùng cho đảng viên không giữ chức vụ lãnh đạo, quản lý)"
    else:
        key, form_title = (
            "outside_system",
            "(Dùng cho đảng viên không làm việc trong hệ thống chính trị)",
        )
    form = _form(campaign, f"self_review_{key}")
    cell = member.organization
    if cell.kind == "party_group":  # a party group's papers are its cell's
        cell = ancestors(cell)[-1]
    total = _total(review.general_points, review.results_points)
    item = AgendaItem.objects.filter(meeting__campaign=campaign, member=member).first()
    status_label = dict(RemedyStatus.choices)
    context = _frame(
        cell,
        review.submitted_at.date() if review.submitted_at else None,
        year=campaign.year,
        form=form,
        form_title=form_title,
        confirm_by="CHI ỦY" if cell.kind != "grassroots_committee" else "ĐẢNG ỦY",
        member={
            "name": member.full_name,
            "born": vn_date(member.date_of_birth),
            "party_posts": ", ".join(party) or "Không",
            "other_posts": "; ".join(other) or "Không",
            "unit": cell.agency_name or DOTS,
            "cell": member.organization.name,
        },
        review={
            "strengths": paragraphs(review.strengths),
            "shortcomings": paragraphs(review.shortcomings),
            "remedy": paragraphs(review.remedy)
            or ([] if review.remedy_items else ["Không có hạn chế, khuyết điểm được chỉ ra."]),
            "remedy_items": [
                {"text": i.get("text", ""), "status": status_label.get(i.get("status", ""), "")}
                for i in review.remedy_items or []
            ],
            "suggestions": paragraphs(review.suggestions) or ["Không có."],
            "direction": paragraphs(review.direction),
            "commitment": paragraphs(review.commitment),
            "general": _points(review.general_points),
            "results": _points(review.results_points),
            "points": _points(total),
            "proposed": _label(review.self_rating),
        },
        proposed_by_cell=_label(item.proposed_rating) if item and item.proposed_rating else DOTS,
    )
    return Prepared(
        "self_review",
        f"ban-tu-kiem-diem-{campaign.year}-{member.pk}",
        cell,
        context,
        subjects={member_key(member.pk)},
        record=review,
    )


# -- a cell's documents ----------------------------------------------------------------------


def collective_report(campaign: Campaign, ref: str) -> Prepared:
    cell, collective = _place(campaign, ref)
    report = CollectiveReport.objects.filter(
        campaign=campaign, organization=cell, collective=collective
    ).first()
    if report is None:
        raise Http404("Chưa soạn báo cáo kiểm điểm")
    total = _total(report.general_points, report.results_points)
    context = _frame(
        cell,
        report.circulated_on,
        year=campaign.year,
        number=DOTS + "-BC/CB",
        form=_form(campaign, "collective_report"),
        subject=collective.name if collective else cell.name,
        draft=report.status != CollectiveReport.Status.ADOPTED,
        report={
            "results": paragraphs(report.results),
            "shortcomings": paragraphs(report.shortcomings),
            "remedy": paragraphs(report.remedy),
            "suggestions": paragraphs(report.suggestions) or ["Không có."],
            "direction": paragraphs(report.direction),
            "general": _points(report.general_points),
            "results_points": _points(report.results_points),
            "points": _points(total),
            "proposed": _label(report.self_rating),
        },
        recipients=_recipients("Các đảng viên trong chi bộ", organization=cell),
    )
    return Prepared(
        "collective_report", f"bao-cao-kiem-diem-{cell.code}-{campaign.year}", cell, context
    )


def score_sheet(campaign: Campaign, ref: str) -> Prepared:
    cell = _cell_of(campaign, ref)
    reviews = SelfReview.objects.filter(
        campaign=campaign, member__organization__path__startswith=cell.path
    ).select_related("member")
    rows = []
    report = CollectiveReport.objects.filter(
        campaign=campaign, organization=cell, collective__isnull=True
    ).first()
    entries: list[tuple[str, Decimal | None, Decimal | None, str]] = []
    if report is not None:
        entries.append(
            (cell.name, report.general_points, report.results_points, report.self_rating or "")
        )
    for r in sorted(reviews, key=lambda r: r.member.full_name):
        entries.append((r.member.full_name, r.general_points, r.results_points, r.self_rating))
    for n, (name, general, results, proposed) in enumerate(entries, start=1):
        total = _total(general, results)
        rows.append(
            {
                "n": n,
                "name": name,
                "general": _points(general),
                "results": _points(results),
                "total": _points(total),
                "proposed": _label(proposed) if proposed else "",
            }
        )
    context = _frame(
        cell,
        timezone.localdate(),
        year=campaign.year,
        subject=cell.name,
        ruleset=load(campaign.ruleset).title,
        rows=rows,
    )
    return Prepared("score_sheet", f"tong-hop-cham-diem-{cell.code}-{campaign.year}", cell, context)


def _item_name(item: AgendaItem) -> str:
    if item.kind == "organization":
        return f"tập thể {item.meeting.organization.name}"
    if item.member_id is not None:
        return f"đồng chí {item.member.full_name}"  # type: ignore[union-attr]
    if item.collective_id is not None:
        return item.collective.name  # type: ignore[union-attr]
    return item.kind


def _clock(at: time | None) -> str:
    return f"{at.hour:02d} giờ {at.minute:02d}" if at else DOTS


def minutes(campaign: Campaign, ref: str) -> Prepared:
    cell, collective = _place(campaign, ref)
    meeting = _cell_meeting(campaign, cell, collective)
    on = meeting.held_on
    roll = list(
        # One filter() so that every condition is on the same membership of this collective.
        Member.objects.filter(
            Q(collective_memberships__collective=collective)
            & Q(collective_memberships__started_on__lte=on)
            & (
                Q(collective_memberships__ended_on__isnull=True)
                | Q(collective_memberships__ended_on__gte=on)
            )
        ).distinct()
        if collective is not None
        else Member.objects.filter(organization__path__startswith=cell.path)
    )
    roll.sort(key=lambda m: m.full_name)
    present = set(meeting.attendees.values_list("pk", flat=True))
    absent = [m.full_name for m in roll if m.pk not in present]
    # What the meeting proposed: as submitted to the đảng ủy, or the engine on the tallies
    # (the ballot's majority within the ceiling) while the cell has not submitted yet; a
    # collective rates itself in its report and holds no ballot.
    result_json = meeting.submitted_result or (
        cell_result(meeting).to_json() if collective is None else {}
    )
    proposed = {
        (s["type"], s["id"]): s["rating"]
        for s in result_json.get("subjects", ())
        if s.get("status") == "rated" and s.get("rating")
    }
    items = []
    for n, item in enumerate(
        meeting.items.select_related(
            "member", "collective", "meeting__organization", "tally"
        ).order_by("order"),
        start=1,
    ):
        tally = getattr(item, "tally", None)
        votes = (
            "biểu quyết: "
            + "; ".join(f"{_label(c)} {k}" for c, k in tally.counts.items() if k)
            + f" (trên {tally.valid} phiếu hợp lệ); "
            if tally is not None
            else ""
        )
        level = item.proposed_rating or proposed.get(item.subject_key(cell.code), "")
        if item.pending:
            result = f"vắng mặt, kiểm điểm bổ sung ngày {vn_date(item.follow_up_on)}"
        else:
            result = f"{votes}đề nghị xếp loại “{_label(level)}”." if level else votes or DOTS
        items.append(
            {
                "n": n,
                "name": _item_name(item),
                "comments": item.comments or "Không có ý kiến khác.",
                "residence": item.residence_read,
                "result": result,
            }
        )
    context = _frame(
        cell,
        meeting.held_on,
        year=campaign.year,
        meeting={
            "held_on": vn_date(meeting.held_on),
            "ended_on": "",
            "started_at": _clock(meeting.started_at),
            "ended_at": _clock(meeting.ended_at),
            "place": cell.agency_name or DOTS,
            "chair": meeting.chair.full_name if meeting.chair else DOTS,
            # Who took the minutes signs them: the secretary the meeting recorded.
            "minutes_taker": (
                meeting.secretary.full_name if meeting.secretary else meeting.minutes_taker
            )
            or DOTS,
            "total": len(roll),
            "present": len(present),
            "absent": len(roll) - len(present),
            "absentees": ", ".join(absent),
            "guests": meeting.guests or "không",
            "counting_committee": meeting.counting_committee or DOTS,
            "conclusion": paragraphs(meeting.conclusion) or [DOTS],
        },
        items=items,
    )
    return Prepared("minutes", f"bien-ban-hoi-nghi-{ref}-{campaign.year}", cell, context)


def tally_record(campaign: Campaign, ref: str) -> Prepared:
    cell = _cell_of(campaign, ref)
    meeting = _cell_meeting(campaign, cell)
    scale = load(campaign.ruleset).scale("member")
    rows: list[dict[str, Any]] = []
    items = meeting.items.select_related("member", "collective", "meeting__organization", "tally")
    for item in items.order_by("order"):
        tally = getattr(item, "tally", None)
        if tally is None:
            continue
        counts = [int(tally.counts.get(code, 0)) for code in scale]
        rows.append(
            {
                "n": len(rows) + 1,
                "name": _item_name(item),
                "eligible": tally.eligible,
                "present": tally.present,
                "issued": tally.issued,
                "valid": tally.valid,
                **{f"c{i}": c for i, c in enumerate(counts)},
            }
        )
    committee = [p.strip() for p in meeting.counting_committee.split(",") if p.strip()]
    context = _frame(
        cell,
        meeting.held_on,
        year=campaign.year,
        subject=cell.name,
        held_on=vn_date(meeting.held_on),
        counting_committee=meeting.counting_committee or DOTS,
        counting_head=committee[0].split("(")[0].strip() if committee else "",
        secretary=(meeting.secretary.full_name if meeting.secretary else meeting.minutes_taker),
        labels=[_label(code) for code in scale],
        rows=rows,
    )
    return Prepared(
        "tally_record", f"bien-ban-kiem-phieu-{cell.code}-{campaign.year}", cell, context
    )


# -- the đảng ủy's documents -----------------------------------------------------------------


def _decision(campaign: Campaign) -> ClassificationDecision:
    decision = ClassificationDecision.objects.filter(campaign=campaign).first()
    if decision is None:
        raise Http404("Chưa có quyết định xếp loại")
    return decision


def _grounds(campaign: Campaign) -> list[str]:
    rules = load(campaign.ruleset)
    return [
        "Căn cứ Điều lệ Đảng;",
        # The texts the plan rests on; not the product's own notes ("seed 000", RULES.md).
        *(
            f"Căn cứ {source};"
            for source in rules.sources
            if "RULES.md" not in source and not source.lower().startswith("seed")
        ),
        f"Căn cứ {campaign.title};",
        "Xét đề nghị của các chi bộ và kết quả thẩm định,",
    ]


def _at_issue(decision: ClassificationDecision) -> dict[str, str]:
    """What the decision said of each subject re-rated since: the rating the first
    re-rating cancelled. A re-rating issues its own decision (Mẫu 03) and never changes
    what the classification decision said."""
    out: dict[str, str] = {}
    for subject, previous in (
        Rerating.objects.filter(decision=decision)
        .order_by("-cancelled_at", "-pk")
        .values_list("subject", "previous_rating")
    ):
        out[subject] = previous  # the earliest wins (read last)
    return out


def decision(campaign: Campaign, ref: str = "") -> Prepared:
    decision = _decision(campaign)
    said = _at_issue(decision)
    # (subject, rating) pairs, not model rows: a province's decision lists 200,000.
    ratings = [
        (subject, said.get(subject, rating))
        for subject, rating in decision.ratings.values_list("subject", "rating").iterator()
    ]
    names = subject_names(s for s, _ in ratings)
    places = _places(s for s, _ in ratings)
    order = {"organization": 0, "collective": 1, "leader": 2, "member": 3}
    ratings.sort(key=lambda d: (order.get(kind_of(d[0]), 9), names.get(d[0], "")))
    rows = [
        {
            "n": n,
            "name": names.get(subject, subject),
            "place": places.get(subject, ""),
            "rating": RATING_LABEL.get(rating, rating),
            "note": KIND_LABEL.get(kind_of(subject), ""),
        }
        for n, (subject, rating) in enumerate(ratings, start=1)
    ]
    summary = []
    tally: dict[str, dict[str, int]] = {}
    for subject, rating in ratings:
        counts = tally.setdefault(kind_of(subject), {})
        counts[rating] = counts.get(rating, 0) + 1
    for kind, label in KIND_LABEL.items():
        counts = tally.get(kind, {})
        if not counts:
            continue
        text = "; ".join(f"{_label(c)}: {counts[c]}" for c in RATING_LABEL if counts.get(c))
        summary.append({"label": f"{label} ({sum(counts.values())})", "text": text})
    issued = decision.status == ClassificationDecision.Status.ISSUED
    organization = campaign.organization
    still = {c.pk for c in cells_not_reported(campaign)}
    missing = [
        f"{m.organization.name}: {m.reason}"
        for m in decision.missing.select_related("organization").order_by("organization__name")
        if m.organization_id in still
    ]
    context = _frame(
        organization,
        decision.issued_on,
        year=campaign.year,
        number=decision.number or f"{DOTS}-QĐ/ĐU",
        issued_on=vn_date(decision.issued_on),
        draft=not issued,
        grounds=_grounds(campaign),
        total=len(rows),
        summary=summary,
        missing=missing,
        rows=rows,
        recipients=_recipients("Các chi bộ trực thuộc", "Như Điều 3", organization=organization),
    )
    return Prepared("decision", f"quyet-dinh-xep-loai-{campaign.year}", organization, context)


def _places(keys: Any) -> dict[str, str]:
    """The organization each subject belongs to, by name, in four queries for any list."""
    from kiemdiem.apps.statistics.data import paths

    where = paths(keys)
    names = dict(
        PartyOrganization.objects.filter(path__in=set(where.values())).values_list("path", "name")
    )
    return {key: names[path] for key, path in where.items() if path in names}


def rerating(campaign: Campaign, ref: str) -> Prepared:
    rr = (
        Rerating.objects.filter(pk=int(ref) if ref.isdigit() else 0, decision__campaign=campaign)
        .select_related("decision")
        .first()
    )
    if rr is None:
        raise Http404("Không có việc xếp loại lại này")
    name = subject_names([rr.subject]).get(rr.subject, rr.subject)
    if rr.subject.startswith(("member/", "leader/")):
        name = f"đồng chí {name}"
    organization = campaign.organization
    context = _frame(
        organization,
        rr.issued_on,
        year=campaign.year,
        number=rr.number or f"{DOTS}-QĐ/ĐU",
        form=_form(campaign, "re_rating_decision"),
        draft=rr.status != Rerating.Status.ISSUED,
        grounds=[*_grounds(campaign)[:-1], f"Xét {rr.get_cause_display().lower()},"],
        subject=name,
        previous=_label(rr.previous_rating),
        decision_number=rr.decision.number,
        decision_on=vn_date(rr.decision.issued_on),
        reason=rr.reason,
        rating=_label(rr.rating) if rr.rating else DOTS,
        recipients=_recipients(name[:1].upper() + name[1:], organization=organization),
    )
    return Prepared(
        "rerating", f"quyet-dinh-xep-loai-lai-{rr.pk}", organization, context, subjects={rr.subject}
    )


def notification(campaign: Campaign, ref: str) -> Prepared:
    decision = _decision(campaign)
    if decision.status != ClassificationDecision.Status.ISSUED:
        raise Http404("Quyết định xếp loại chưa ban hành")
    rated = decision.ratings.filter(subject=ref).first()
    if rated is None:
        raise Http404("Đối tượng không có trong quyết định")
    name = subject_names([ref]).get(ref, ref)
    kind = kind_of(ref)
    # The letter says what the decision said; a re-rating is its own decision (Mẫu 03),
    # sent to the person with its own paper.
    rating = _at_issue(decision).get(ref, rated.rating)
    organization = campaign.organization
    assert decision.issued_on is not None
    deadline = complaint_deadline(load(campaign.ruleset), issued_on=decision.issued_on)
    to = f"Đồng chí {name}" if kind in ("member", "leader") else name
    context = _frame(
        organization,
        decision.issued_on,
        year=campaign.year,
        number=f"{DOTS}-TB/ĐU",
        to=to,
        subject=("đồng chí " + name) if kind in ("member", "leader") else name,
        rating=_label(rating),
        decision_number=decision.number,
        decision_on=vn_date(decision.issued_on),
        complaint_until=vn_date(deadline),
        recipients=[to, "Chi bộ nơi sinh hoạt", "Lưu hồ sơ kiểm điểm."],
    )
    slug = ref.replace("/", "-").replace("@", "-")
    return Prepared(
        "notification", f"thong-bao-ket-qua-{slug}", organization, context, subjects={ref}
    )


def complaint_answer(campaign: Campaign, ref: str) -> Prepared:
    complaint = Complaint.objects.filter(
        pk=int(ref) if ref.isdigit() else 0, campaign=campaign
    ).first()
    if complaint is None:
        raise Http404("Không có khiếu nại này")
    if not complaint.answer:
        raise Http404("Khiếu nại chưa có văn bản trả lời")
    organization = campaign.organization
    name = subject_names([complaint.subject]).get(complaint.subject, complaint.subject)
    context = _frame(
        organization,
        complaint.answered_on,
        year=campaign.year,
        number=complaint.answer_number or f"{DOTS}-CV/ĐU",
        complainant=complaint.complainant,
        filed_on=vn_date(complaint.filed_on),
        subject=name,
        content=paragraphs(complaint.content),
        concluded_on=vn_date(complaint.concluded_on),
        outcome=complaint.get_outcome_display() if complaint.outcome else DOTS,
        conclusion=paragraphs(complaint.conclusion),
        answer=paragraphs(complaint.answer),
        recipients=[complaint.complainant, "Chi bộ nơi sinh hoạt", "Lưu hồ sơ khiếu nại."],
    )
    return Prepared(
        "complaint_answer",
        f"tra-loi-khieu-nai-{complaint.pk}",
        organization,
        context,
        subjects={complaint.subject},
    )


def dossier_list(campaign: Campaign, ref: str = "") -> Prepared:
    """Mẫu 04: every dossier of the campaign (or of one cell, `ref` its code), item by item."""
    from kiemdiem.apps.dossiers.selectors import campaign_dossiers, dossier_deadline

    root = campaign.organization
    cell = None if not ref or ref == root.code else _cell_of(campaign, ref)
    dossiers = campaign_dossiers(campaign, cell=cell)
    rows: list[dict[str, Any]] = []
    for d in dossiers:
        for s in d.items:
            if not s.present and not s.item.required:
                continue
            files = ", ".join(f.name for f in s.files)
            rows.append(
                {
                    "n": len(rows) + 1,
                    "subject": d.name,
                    "item": s.item.title,
                    "state": s.state,
                    "note": files or ("" if s.item.required else "nếu có"),
                }
            )
    issuer = cell or root
    due = dossier_deadline(campaign, "cell" if cell else "committee")
    above = ancestors(issuer)
    context = _frame(
        issuer,
        timezone.localdate(),
        year=campaign.year,
        form=_form(campaign, "dossier_list"),
        send_to=committee_name(above[-1]) if above else "cấp ủy cấp trên",
        due=f"{vn_date(due[1])} ({due[0]})" if due else DOTS,
        rows=rows,
        required=sum(d.status.required for d in dossiers),
        complete=sum(d.status.done for d in dossiers),
        recipients=_recipients(organization=issuer),
    )
    return Prepared(
        "dossier_list", f"danh-muc-ho-so-{issuer.code}-{campaign.year}", issuer, context
    )


BUILDERS: dict[str, Callable[[Campaign, str], Prepared]] = {
    "self_review": self_review,
    "collective_report": collective_report,
    "score_sheet": score_sheet,
    "minutes": minutes,
    "tally_record": tally_record,
    "decision": decision,
    "rerating": rerating,
    "notification": notification,
    "complaint_answer": complaint_answer,
    "dossier_list": dossier_list,
}

TITLES = {
    "self_review": "Bản tự kiểm điểm (Mẫu 02)",
    "collective_report": "Báo cáo kiểm điểm tập thể (Mẫu 01)",
    "score_sheet": "Bản tổng hợp phiếu chấm điểm",
    "minutes": "Biên bản hội nghị kiểm điểm",
    "tally_record": "Biên bản kiểm phiếu",
    "decision": "Quyết định xếp loại (kèm danh sách)",
    "rerating": "Quyết định xếp loại lại (Mẫu 03)",
    "dossier_list": "Danh mục hồ sơ (Mẫu 04)",
    "notification": "Thông báo kết quả xếp loại",
    "complaint_answer": "Văn bản trả lời khiếu nại",
}
