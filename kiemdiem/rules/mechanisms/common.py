"""Ceilings every subject type shares: criteria levels, point bands, flags, percentages, notes."""

from __future__ import annotations

from typing import Any

from ..conditions import FLAG_FACTS, PCT_FACTS, Condition, parse
from ..messages import FACT_LABEL, cite, lv, num, pct, r
from ..ratings import BOTTOM, LEVEL_RANK, RANK, TOP
from ..result import Reason
from ..ruleset import Clause, RuleSet
from .base import Ev, Rule, mechanism, on_param_fact

ALL = {"member", "organization", "collective", "leader"}


def _rated_levels(clause: Clause, ruleset: RuleSet) -> list[tuple[int, str]]:
    scale = ruleset.scale(clause.subject)
    return [(RANK[code], code) for code in scale]


@mechanism(
    "criteria",
    phase="cap",
    subjects=ALL,
    params={"thresholds": dict, "key_criteria": list, "other_criteria": list},
    required={"thresholds", "key_criteria", "other_criteria"},
    reads=lambda c: (("levels",), ()),
)
def criteria(clause: Clause, ruleset: RuleSet) -> Rule:
    """000 §B.1.3, §B.2.3, §B.3.3: the level of key and other criteria bounds the rating."""
    scale = _rated_levels(clause, ruleset)
    thresholds: list[tuple[int, str, int, int]] = []
    for rank_, code in scale:
        t = clause.params["thresholds"].get(code)
        if t is not None:
            thresholds.append((rank_, code, LEVEL_RANK[t["key"]], LEVEL_RANK[t["other"]]))
    bottom_code = scale[-1][1]
    subject_type = clause.subject
    # Levels are few (4 x 4): each outcome and its reason is computed once and shared.
    outcomes: dict[tuple[str, str], tuple[int, Reason | None]] = {}

    def outcome(key_code: str, other_code: str) -> tuple[int, Reason | None]:
        key = LEVEL_RANK[key_code]
        other = LEVEL_RANK[other_code]
        head = f"Tiêu chí chủ yếu đạt cấp độ “{lv(key_code)}”, tiêu chí còn lại “{lv(other_code)}”"
        for rank_, code, need_key, need_other in thresholds:
            if key >= need_key and other >= need_other:
                if rank_ >= TOP:
                    return rank_, None
                message = f"{head}: mức cao nhất {r(code)}"
                return rank_, Reason("criteria", clause.cite, cite(message, clause.cite), rank_)
        message = f"{head}: không đạt mức Hoàn thành nhiệm vụ, xếp loại {r(bottom_code)}"
        return BOTTOM, Reason("criteria", clause.cite, cite(message, clause.cite), BOTTOM)

    def rule(subject: Any, facts: Any, ctx: Any, ev: Ev) -> None:
        levels = subject.levels
        if levels is None and subject_type == "leader":
            member = ctx.members.get(subject.member)
            levels = member.levels if member is not None else None
        if levels is None:
            ctx.missing(
                subject_type,
                subject.id,
                "levels",
                clause.cite,
                "Chưa có cấp độ đánh giá các tiêu chí: chưa xác định được mức tối đa theo tiêu chí",
            )
            return
        pair = (levels.key, levels.other)
        found = outcomes.get(pair)
        if found is None:
            found = outcomes[pair] = outcome(*pair)
        rank_, reason = found
        if reason is not None:
            ev.cap_with(rank_, reason)

    return rule


def _points_reads(clause: Clause) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """A member's band reads the score and the facts its conditions name; a condition on
    anything else (a unit, the tree) makes the verdict not shareable."""
    if clause.subject != "member":
        return None
    facts: list[str] = []
    for conditions in clause.params.get("conditions", {}).values():
        for text in conditions:
            name = text.lstrip("!").split(">")[0].split("<")[0]
            if name not in PCT_FACTS and name not in FLAG_FACTS:
                return None
            if name not in facts:
                facts.append(name)
    return ("score",), tuple(facts)


@mechanism(
    "points_bands",
    phase="cap",
    subjects=ALL,
    params={"bands": dict, "conditions": dict, "scale_max": (int, float)},
    required={"bands"},
    reads=_points_reads,
)
def points_bands(clause: Clause, ruleset: RuleSet) -> Rule:
    """004 §IV.2.1, 003, QĐ 366: the score picks a band; a band's conditions must hold too."""
    scale = _rated_levels(clause, ruleset)
    bands: list[tuple[int, str, float, list[Condition]]] = []
    for rank_, code in scale[:-1]:
        minimum = clause.params["bands"][code]
        conds = [parse(c) for c in clause.params.get("conditions", {}).get(code, [])]
        bands.append((rank_, code, float(minimum), conds))
    bottom_rank, bottom_code = scale[-1]
    subject_type = clause.subject
    # Scores come in half points: the plain "score in band" reason is shared per score.
    plain: dict[tuple[float, int], Reason] = {}

    def rule(subject: Any, facts: Any, ctx: Any, ev: Ev) -> None:
        score = subject.score
        if score is None:
            ctx.missing(
                subject_type,
                subject.id,
                "score",
                clause.cite,
                "Chưa có điểm chấm: chưa xác định được mức theo thang điểm",
            )
            return
        failed_notes: list[str] = []
        for rank_, code, minimum, conds in bands:
            if score < minimum:
                continue
            unmet: list[str] = []
            for cond in conds:
                ok, label, missing_fact = cond.test(subject, facts, ctx)
                if ok is None and missing_fact is not None:
                    ctx.missing(
                        subject_type,
                        subject.id,
                        missing_fact,
                        clause.cite,
                        f"Chưa có dữ liệu “{FACT_LABEL.get(missing_fact, missing_fact)}” "
                        f"để xét điều kiện mức {r(code)}",
                    )
                elif not ok:
                    unmet.append(label)
            if unmet:
                failed_notes.append(f"chưa đủ điều kiện {r(code)} ({'; '.join(unmet)})")
                continue
            if failed_notes:
                ev.cap(
                    rank_,
                    "points_band",
                    clause.cite,
                    f"Đạt {num(score)} điểm, {', '.join(failed_notes)}: mức cao nhất {r(code)}",
                )
            elif rank_ < TOP:
                reason = plain.get((score, rank_))
                if reason is None:
                    message = f"Đạt {num(score)} điểm: mức cao nhất {r(code)}"
                    reason = plain[(score, rank_)] = Reason(
                        "points_band", clause.cite, cite(message, clause.cite), rank_
                    )
                ev.cap_with(rank_, reason)
            return
        lowest = bands[-1][2] if bands else 0.0
        why = f"dưới {num(lowest)} điểm" if score < lowest else ", ".join(failed_notes)
        ev.cap(
            bottom_rank,
            "points_band",
            clause.cite,
            f"Đạt {num(score)} điểm ({why}): xếp loại {r(bottom_code)}",
        )

    return rule


_FLAG_TEXT = {
    "degradation": "Cấp có thẩm quyền kết luận có biểu hiện suy thoái về tư tưởng chính trị, "
    "đạo đức, lối sống, “tự diễn biến”, “tự chuyển hóa”",
    "prohibited_acts": "Vi phạm quy định về những điều đảng viên không được làm",
    "failed_assignment": "Không hoàn thành nhiệm vụ chi bộ giao",
    "caused_disunity": "Không chấp hành phân công của tổ chức hoặc là nguyên nhân gây mất "
    "đoàn kết nội bộ",
    "disunity": "Cấp có thẩm quyền kết luận nội bộ mất đoàn kết",
    "corruption_discipline": "Để xảy ra tham nhũng, tiêu cực, suy thoái đến mức có đảng viên "
    "bị kỷ luật",
    "committee_leader_disciplined": "Có cấp ủy viên là cán bộ cấp trưởng, phó phòng hoặc "
    "đoàn thể bị xử lý kỷ luật",
}


@mechanism(
    "flag_cap",
    phase="cap",
    subjects=ALL,
    params={"fact": str, "cap": str, "code": str, "unless": str},
    required={"fact", "cap", "code"},
    triggers=on_param_fact,
)
def flag_cap(clause: Clause, ruleset: RuleSet) -> Rule:
    fact = clause.params["fact"]
    cap_code = clause.params["cap"]
    cap_rank = RANK[cap_code]
    code = clause.params["code"]
    unless = clause.params.get("unless")
    text = _FLAG_TEXT[fact]
    limit = "xếp loại" if cap_rank == BOTTOM else "mức cao nhất"

    def rule(subject: Any, facts: Any, ctx: Any, ev: Ev) -> None:
        if getattr(facts, fact) and not (unless and getattr(facts, unless)):
            ev.cap(cap_rank, code, clause.cite, f"{text}: {limit} {r(cap_code)}")

    return rule


@mechanism(
    "pct_below",
    phase="cap",
    subjects=ALL,
    params={
        "fact": str,
        "below": (int, float),
        "above": (int, float),
        "cap": str,
        "code": str,
        "unless_force_majeure": bool,
        "source": str,
    },
    required={"fact", "cap", "code"},
    # Percentages are usually filled in (100 %): not a trigger, but a declared read, so
    # members with equal figures share a verdict. A unit's figure is not the member's own.
    reads=lambda c: None if c.params.get("source") == "unit" else ((), (str(c.params["fact"]),)),
)
def pct_below(clause: Clause, ruleset: RuleSet) -> Rule:
    """A share under (or over) a limit forces a rating: under 50 % of targets, 000 §B.2.3.d."""
    fact = clause.params["fact"]
    below = clause.params.get("below")
    above = clause.params.get("above")
    cap_code = clause.params["cap"]
    cap_rank = RANK[cap_code]
    code = clause.params["code"]
    force_majeure = clause.params.get("unless_force_majeure", False)
    from_unit = clause.params.get("source") == "unit"
    label = FACT_LABEL[fact] + (" của đơn vị do mình đứng đầu" if from_unit else "")

    def rule(subject: Any, facts: Any, ctx: Any, ev: Ev) -> None:
        source = ctx.unit_facts(subject.collective) if from_unit else facts
        value = getattr(source, fact)
        if value is None:
            return
        if below is not None and value < below:
            edge = f"dưới {pct(below)}"
        elif above is not None and value > above:
            edge = f"trên {pct(above)}"
        else:
            return
        if force_majeure and source.force_majeure:
            ev.note(
                code + "_force_majeure",
                clause.cite,
                f"{label.capitalize()} {pct(value)} ({edge}) do bất khả kháng: không áp dụng "
                f"mức {r(cap_code)}",
            )
            return
        ev.cap(
            cap_rank,
            code,
            clause.cite,
            f"{label.capitalize()} {pct(value)} ({edge}): xếp loại không cao hơn {r(cap_code)}",
        )

    return rule


_NOTE_TEXT = {
    "maternity": "Nghỉ thai sản trong năm: xếp loại theo kết quả thời gian làm việc thực tế "
    "của năm",
    "sick_leave_actual_work": "Nghỉ ốm từ 3 tháng trở lên: đánh giá, xếp loại theo kết quả "
    "công việc thực tế (không giới hạn mức)",
    "force_majeure": "Có nguyên nhân bất khả kháng: cấp có thẩm quyền xem xét khi quyết định "
    "(hệ thống nêu ra, không tự quyết định)",
    "transferred": "Chuyển sinh hoạt trong năm: chi bộ nơi tiếp nhận đánh giá, xếp loại",
}


@mechanism(
    "note",
    phase="cap",
    subjects=ALL,
    params={"fact": str, "min": (int, float), "code": str},
    required={"fact", "code"},
    triggers=on_param_fact,
)
def note(clause: Clause, ruleset: RuleSet) -> Rule:
    fact = clause.params["fact"]
    minimum = clause.params.get("min")
    code = clause.params["code"]
    text = _NOTE_TEXT[code]

    def rule(subject: Any, facts: Any, ctx: Any, ev: Ev) -> None:
        value = getattr(facts, fact)
        hit = bool(value) if minimum is None else (value is not None and value >= minimum)
        if hit:
            ev.note(code, clause.cite, text)

    return rule
