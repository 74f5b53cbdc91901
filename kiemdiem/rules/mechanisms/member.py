"""Ceilings from a person's own record: civil-service rating, discipline, leave, votes, posts."""

from __future__ import annotations

from typing import Any

from ..messages import AUTHORITY_LABEL, DISCIPLINE_LABEL, POST_LABEL, cite, d, pct, r
from ..ratings import BOTTOM, RANK, TOP
from ..result import Reason
from ..ruleset import Clause, RuleSet
from .base import Ev, Rule, mechanism, on_fact

PEOPLE = {"member", "leader"}


@mechanism(
    "civil_service",
    phase="cap",
    subjects=PEOPLE,
    params={"caps": dict, "top_alternatives": list},
    required={"caps"},
    reads=lambda c: ((), ("civil_service_rating", *c.params.get("top_alternatives", ()))),
)
def civil_service(clause: Clause, ruleset: RuleSet) -> Rule:
    """000 §B.2.3: a civil servant's party rating follows the civil-service rating."""
    caps = {k: RANK[v] for k, v in clause.params["caps"].items()}
    alternatives = tuple(clause.params.get("top_alternatives", ()))
    alt_text = {
        "emulation_nominee": "được đề nghị chiến sĩ thi đua cơ sở",
        "merit_certificate": "được tặng Bằng khen trong năm",
    }
    top_code = ruleset.scale(clause.subject)[0]
    noun = "đảng viên" if clause.subject == "member" else "cán bộ"
    shared: dict[int, dict[str, Reason]] = {}  # one reason per year and rating, shared

    def rule(subject: Any, facts: Any, ctx: Any, ev: Ev) -> None:
        rating = facts.civil_service_rating
        if rating is None:
            return
        cap = caps[rating]
        if cap >= TOP:
            return
        if cap == TOP - 1 and alternatives:
            held = [a for a in alternatives if getattr(facts, a)]
            if held:
                ev.note(
                    "civil_service_alternative",
                    clause.cite,
                    f"Xếp loại công chức, viên chức {r(rating)} nhưng "
                    f"{' và '.join(alt_text[a] for a in held)}: vẫn có thể xếp loại "
                    f"{r(top_code)}",
                )
                return
        by_rating = shared.get(ctx.year)
        if by_rating is None:
            by_rating = shared[ctx.year] = {}
        reason = by_rating.get(rating)
        if reason is None:
            cap_code = ruleset.scale(clause.subject)[TOP - cap]
            message = (
                f"Xếp loại cán bộ, công chức, viên chức năm {ctx.year} là “{r(rating)}”: {noun} "
                f"không xếp loại cao hơn {r(cap_code)}"
            )
            reason = by_rating[rating] = Reason(
                "civil_service", clause.cite, cite(message, clause.cite), cap
            )
        ev.cap_with(cap, reason)

    return rule


@mechanism(
    "discipline",
    phase="cap",
    subjects={"member", "leader", "organization", "collective"},
    params={
        "window": str,
        "min_form": str,
        "duty_related_only": bool,
        "exclude_previous_unit": bool,
        "self_detected": str,
        "cap": str,
        "code": str,
    },
    required={"cap", "code"},
    triggers=on_fact("disciplines"),
)
def discipline(clause: Clause, ruleset: RuleSet) -> Rule:
    """000 §B.2.3.d: disciplined in the year -> NOT_COMPLETED; one violation counts once."""
    window = clause.params.get("window", "year")
    min_form = clause.params.get("min_form", "reprimand")
    duty_only = clause.params.get("duty_related_only", False)
    exclude_prev = clause.params.get("exclude_previous_unit", False)
    self_detected = clause.params.get("self_detected", "count")  # count | exempt | note
    cap_code = clause.params["cap"]
    cap_rank = RANK[cap_code]
    code = clause.params["code"]
    when = "trong năm" if window == "year" else "trong thời hạn 12 tháng"
    verdict = "xếp loại" if cap_rank == BOTTOM else "mức cao nhất"

    def rule(subject: Any, facts: Any, ctx: Any, ev: Ev) -> None:
        if not facts.disciplines:
            return
        counted = ctx.disciplines(
            facts,
            window=window,
            min_form=min_form,
            duty_related_only=duty_only,
            exclude_previous_unit=exclude_prev,
        )
        for item in counted:
            what = f"Bị kỷ luật {DISCIPLINE_LABEL[item.form]} ngày {d(item.on)}"
            if item.authority != "party":
                what += f" ({AUTHORITY_LABEL[item.authority]})"
            if item.violation:
                same = sum(1 for x in facts.disciplines if x.violation == item.violation)
                what += f" (vi phạm {item.violation}" + (
                    f", {same} quyết định kỷ luật — một vi phạm chỉ tính một lần)"
                    if same > 1
                    else ")"
                )
            if item.self_detected and self_detected == "exempt":
                ev.note(
                    code + "_self_detected",
                    clause.cite,
                    f"{what} {when}, tự phát hiện và khắc phục xong hậu quả: không tính",
                )
                continue
            if item.self_detected and self_detected == "note":
                ev.note(
                    "authority_may_weigh",
                    clause.cite,
                    f"{what}: vi phạm tự phát hiện, tự khắc phục — cấp có thẩm quyền xem xét "
                    "khi quyết định",
                )
            ev.cap(cap_rank, code, clause.cite, f"{what} {when}: {verdict} {r(cap_code)}")

    return rule


@mechanism(
    "sick_leave",
    phase="cap",
    subjects=PEOPLE,
    params={"min_days": int, "cap": str},
    required={"min_days", "cap"},
    triggers=on_fact("sick_leave_days"),
)
def sick_leave(clause: Clause, ruleset: RuleSet) -> Rule:
    """000 §B.6, 004 §IV.3: sick leave of 3 months or more caps the rating."""
    min_days = clause.params["min_days"]
    cap_code = clause.params["cap"]
    cap_rank = RANK[cap_code]
    above = ruleset.scale(clause.subject)[TOP - cap_rank - 1]
    months = round(min_days / 30)

    def rule(subject: Any, facts: Any, ctx: Any, ev: Ev) -> None:
        days = facts.sick_leave_days
        if days >= min_days:
            ev.cap(
                cap_rank,
                "sick_leave_cap",
                clause.cite,
                f"Nghỉ ốm {days} ngày trong năm (từ {months} tháng trở lên): không xếp loại "
                f"{r(above)} trở lên",
            )

    return rule


@mechanism(
    "transfer_comment",
    phase="cap",
    subjects={"member"},
    params={"months": int},
    required={"months"},
    triggers=on_fact("transferred_on"),
)
def transfer_comment(clause: Clause, ruleset: RuleSet) -> Rule:
    """000 §B.6: after 6 months or more at the old cell, its comment is required."""
    months = clause.params["months"]

    def rule(subject: Any, facts: Any, ctx: Any, ev: Ev) -> None:
        moved = facts.transferred_on
        if moved is None or moved > ctx.as_of:
            return
        start = ctx.year_start
        if subject.admitted_on is not None and subject.admitted_on > start:
            start = subject.admitted_on
        ev.note(
            "transferred",
            clause.cite,
            f"Chuyển sinh hoạt đến chi bộ ngày {d(moved)}: chi bộ nơi tiếp nhận đánh giá, xếp loại",
        )
        if ctx.add_months(start, months) <= moved and not facts.previous_cell_comment:
            text = (
                f"Công tác ở chi bộ cũ từ {months:02d} tháng trở lên (đến {d(moved)}): "
                "phải có ý kiến nhận xét của chi bộ nơi chuyển đi"
            )
            ev.note("previous_cell_comment_missing", clause.cite, text)
            ctx.missing("member", subject.id, "previous_cell_comment", clause.cite, text)

    return rule


@mechanism(
    "temporary_comment",
    phase="cap",
    subjects={"member"},
    params={},
    triggers=on_fact("temporary_activity"),
)
def temporary_comment(clause: Clause, ruleset: RuleSet) -> Rule:
    """HD 43 §7.6: rated at the official cell with the temporary cell's comment."""

    def rule(subject: Any, facts: Any, ctx: Any, ev: Ev) -> None:
        if not facts.temporary_activity:
            return
        ev.note(
            "temporary_activity",
            clause.cite,
            "Sinh hoạt tạm thời nơi khác: đánh giá, xếp loại tại chi bộ sinh hoạt chính thức, "
            "có nhận xét của chi bộ nơi sinh hoạt tạm thời",
        )
        if not facts.temporary_cell_comment:
            ctx.missing(
                "member",
                subject.id,
                "temporary_cell_comment",
                clause.cite,
                "Thiếu nhận xét của chi bộ nơi sinh hoạt tạm thời",
            )

    return rule


@mechanism(
    "absences",
    phase="cap",
    subjects={"member"},
    params={"max": int, "cap": str},
    required={"max", "cap"},
    triggers=on_fact("absences"),
)
def absences(clause: Clause, ruleset: RuleSet) -> Rule:
    """004 §IV.3: absent from cell meetings 3 times in the year -> not EXCELLENT."""
    limit = clause.params["max"]
    cap_code = clause.params["cap"]
    cap_rank = RANK[cap_code]
    top_code = ruleset.scale("member")[0]

    def rule(subject: Any, facts: Any, ctx: Any, ev: Ev) -> None:
        if facts.absences >= limit:
            ev.cap(
                cap_rank,
                "absences",
                clause.cite,
                f"Vắng sinh hoạt chi bộ {facts.absences} lần trong năm (kể cả có lý do): "
                f"không xét {r(top_code)}",
            )

    return rule


@mechanism(
    "votes",
    phase="cap",
    subjects={"member"},
    params={"thresholds": dict, "denominator": str, "binding": bool, "cumulative": bool},
    required={"thresholds", "denominator", "binding"},
    reads=lambda c: None if c.params["binding"] else (("votes",), ("voters_present",)),
)
def votes(clause: Clause, ruleset: RuleSet) -> Rule:
    """004 §IV.2.2: each level needs more than a share of the full members' approval."""
    scale = ruleset.scale("member")
    thresholds = []
    for code in scale[:-1]:
        share = clause.params["thresholds"].get(code)
        if share is not None:
            num_, den_ = (share[0], share[1]) if isinstance(share, list) else (share, 1)
            thresholds.append((RANK[code], code, num_, den_))
    denominator = clause.params["denominator"]  # eligible | present
    binding = clause.params["binding"]
    cumulative = clause.params.get("cumulative", True)
    bottom = scale[-1]
    over = "đảng viên chính thức" if denominator == "eligible" else "đảng viên có mặt"

    def rule(subject: Any, facts: Any, ctx: Any, ev: Ev) -> None:
        ballots = subject.votes
        if not ballots:
            if binding and subject.decided is None:
                ctx.missing(
                    "member",
                    subject.id,
                    "votes",
                    clause.cite,
                    "Chưa có kết quả bỏ phiếu kín: chưa xét được tỷ lệ tán thành",
                )
            return
        if denominator == "eligible":
            total = facts.eligible_voters
            if total is None:
                total = ctx.full_members_in_cell(subject.organization)
        else:
            total = facts.voters_present
            if total is None:
                total = sum(ballots.values())
        if total <= 0:
            return
        level = RANK[bottom]
        level_code = bottom
        reached = ""
        shortfall = ""
        for rank_, code, num_, den_ in thresholds:
            approvals = (
                sum(n for c, n in ballots.items() if RANK[c] >= rank_ and RANK[c] > BOTTOM)
                if cumulative
                else ballots.get(code, 0)
            )
            text = f"{approvals}/{total} {over} ({pct(100 * approvals / total)})"
            if approvals * den_ > num_ * total:
                level, level_code = rank_, code
                reached = f"{r(code)}: {text} tán thành, trên {num_}/{den_}"
                break
            if not shortfall:
                shortfall = f"{r(code)}: {text} tán thành, chưa đạt trên {num_}/{den_}"
        ev.vote_rank = level
        if binding and level < TOP:
            got = reached or f"không mức nào đạt ngưỡng, theo phiếu là {r(level_code)}"
            ev.cap(
                level,
                "vote_threshold",
                clause.cite,
                f"Kết quả bỏ phiếu kín — {shortfall}; mức cao nhất đạt ngưỡng {got}",
                check="vote_threshold_not_met",
            )

    return rule


@mechanism(
    "post_exclusion",
    phase="post",
    subjects={"member"},
    params={"posts": list, "unless_grassroots": str, "cap": str},
    required={"posts", "unless_grassroots", "cap"},
    triggers=on_fact("posts"),
)
def post_exclusion(clause: Clause, ruleset: RuleSet) -> Rule:
    """004 §IV.3: secretaries and heads may not be EXCELLENT unless their grassroots
    organization is CLEAN_STRONG."""
    posts = frozenset(clause.params["posts"])
    needed = clause.params["unless_grassroots"]
    cap_code = clause.params["cap"]
    cap_rank = RANK[cap_code]
    top_code = ruleset.scale("member")[0]

    def rule(subject: Any, facts: Any, ctx: Any, ev: Ev) -> None:
        held = [p for p in facts.posts if p in posts]
        if not held:
            return
        grassroots = ctx.grassroots.get(subject.organization)
        rating = ctx.org_rating.get(grassroots) if grassroots else None
        if rating == needed:
            return
        where = ctx.orgs[grassroots].name if grassroots else "tổ chức cơ sở đảng"
        state = f"xếp loại {r(rating)}" if rating else "chưa được xếp loại"
        ev.cap(
            cap_rank,
            "post_exclusion",
            clause.cite,
            f"Là {', '.join(POST_LABEL[p] for p in held)} khi {where} {state} (chưa đạt "
            f"{r(needed)}): không xét {r(top_code)}",
        )

    return rule
