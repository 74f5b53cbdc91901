"""Checks on how a review is held, from the rule set's `[process]` data: the draft report
circulated in advance, the meeting's length, who chairs, the order of subjects, and the
secret-ballot counts. Each problem is one `ProcessIssue` with a Vietnamese message that
cites its clause; an empty list means the step follows the rules.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from .calendar import working_days_between
from .messages import d, r
from .ruleset import RuleSet

# A working day is 8 hours; "0,5 ngày" (000 §A.4.2) is a half day of 4 hours.
HOURS_PER_DAY = 8


@dataclass(frozen=True, slots=True)
class ProcessIssue:
    code: str
    field: str  # the input it concerns, for forms and API errors
    message: str


def _cite(ruleset: RuleSet, key: str) -> str:
    cites: Mapping[str, str] = ruleset.process.get("cites", {})
    return cites.get(key, f"{ruleset.ref} [process]")


def circulation(ruleset: RuleSet, *, circulated_on: date, meeting_on: date) -> list[ProcessIssue]:
    """The draft collective report reaches participants `advance_days` (working) days
    before the meeting (000 §A.4.1)."""
    days = ruleset.process.get("advance_days")
    if days is None:
        return []
    working = bool(ruleset.process.get("working_days", False))
    gap = (
        working_days_between(circulated_on, meeting_on)
        if working
        else (meeting_on - circulated_on).days
    )
    if gap >= days:
        return []
    unit = "ngày làm việc" if working else "ngày"
    return [
        ProcessIssue(
            "late_circulation",
            "circulated_on",
            f"Dự thảo báo cáo gửi ngày {d(circulated_on)}, chỉ trước ngày họp {d(meeting_on)} "
            f"{max(gap, 0)} {unit}: cần gửi trước ít nhất {days} {unit} — "
            f"{_cite(ruleset, 'advance_days')}",
        )
    ]


def duration(ruleset: RuleSet, *, level: str, minutes: int) -> list[ProcessIssue]:
    """The meeting lasts at least `meeting_min_days[level]` (committee 1 day, cell 0.5 day
    under 000 §A.4.2). `level` is "committee" or "cell"."""
    minimum: Mapping[str, float] = ruleset.process.get("meeting_min_days", {})
    days = minimum.get(level)
    if days is None:
        return []
    needed = round(days * HOURS_PER_DAY * 60)
    if minutes >= needed:
        return []
    label = str(days).replace(".", ",").removesuffix(",0")
    return [
        ProcessIssue(
            "short_meeting",
            "ended_at",
            f"Hội nghị kiểm điểm kéo dài {minutes // 60} giờ {minutes % 60:02d} phút: "
            f"tối thiểu {label} ngày ({needed // 60} giờ) — {_cite(ruleset, 'meeting_min_days')}",
        )
    ]


def chair(
    ruleset: RuleSet,
    *,
    head: str | None,
    chair: str | None,
    head_chair: str | None,
    deputies: Collection[str] = (),
) -> list[ProcessIssue]:
    """Someone chairs; when the head is reviewed, another comrade chairs: a deputy where
    the organization has one (000 §A.4.2: "phân công một đồng chí cấp phó chủ trì"), else
    another comrade the meeting names."""
    out = []
    if not chair:
        out.append(ProcessIssue("no_chair", "chair", "Cần ghi người chủ trì hội nghị"))
    if head and chair == head and (not head_chair or head_chair == head):
        out.append(
            ProcessIssue(
                "head_chairs_own_review",
                "head_chair",
                "Khi kiểm điểm người đứng đầu phải phân công một đồng chí cấp phó chủ trì — "
                f"{_cite(ruleset, 'chair')}",
            )
        )
    # Whoever chairs the head's review (the head_chair, or the chair when the head is not
    # the chair) must be a deputy when there is one.
    chairing = head_chair if head_chair and head_chair != head else chair
    if head and deputies and chairing and chairing != head and chairing not in deputies:
        out.append(
            ProcessIssue(
                "head_review_not_chaired_by_deputy",
                "head_chair",
                "Khi kiểm điểm người đứng đầu, đồng chí cấp phó chủ trì (tổ chức có cấp phó) — "
                f"{_cite(ruleset, 'chair')}",
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class AgendaEntry:
    kind: str  # organization | collective | member
    name: str
    leader: bool = False  # a committee member or leader (000 §A.4.2: they go first)


def order(ruleset: RuleSet, agenda: Sequence[AgendaEntry]) -> list[ProcessIssue]:
    """Collectives before individuals; leaders before other members (000 §A.4.2)."""
    rules = set(ruleset.process.get("order", ()))
    out: list[ProcessIssue] = []
    seen_person = seen_plain_member = False
    cite = _cite(ruleset, "order")
    collective_first = rules & {"collective_before_individuals", "collective_before_its_members"}
    for entry in agenda:
        if entry.kind == "member":
            seen_person = True
            if not entry.leader:
                seen_plain_member = True
            elif seen_plain_member and "leaders_before_members" in rules:
                out.append(
                    ProcessIssue(
                        "leader_after_member",
                        "order",
                        f"{entry.name} (cấp ủy viên, cán bộ lãnh đạo) phải kiểm điểm trước "
                        f"các đảng viên khác — {cite}",
                    )
                )
        elif seen_person and collective_first:
            out.append(
                ProcessIssue(
                    "collective_after_individual",
                    "order",
                    f"{entry.name}: kiểm điểm tập thể trước, cá nhân sau — {cite}",
                )
            )
    return out


def tally(
    ruleset: RuleSet,
    *,
    eligible: int,
    present: int,
    issued: int,
    valid: int,
    counts: Mapping[str, int],
    scale: Sequence[str],
) -> list[ProcessIssue]:
    """Ballots ≤ voters present ≤ eligible full members; counts only on the scale and
    adding up to at most the valid ballots. Counts, never who voted what."""
    cite = _cite(ruleset, "ballots")
    out = []
    for field, value in (
        ("eligible", eligible),
        ("present", present),
        ("issued", issued),
        ("valid", valid),
    ):
        if value < 0:
            out.append(ProcessIssue("negative", field, "Số phiếu, số người không được âm"))
    for code, n in counts.items():
        if code not in scale:
            out.append(ProcessIssue("off_scale", code, f"Mức “{code}” không có trong thang"))
        elif n < 0:
            out.append(ProcessIssue("negative", code, f"Số phiếu {r(code)} không được âm"))
    if out:
        return out
    if present > eligible:
        out.append(
            ProcessIssue(
                "present_over_eligible",
                "present",
                f"Số đảng viên có mặt ({present}) lớn hơn số đảng viên chính thức có quyền "
                f"biểu quyết ({eligible}) — {cite}",
            )
        )
    if issued > present:
        out.append(
            ProcessIssue(
                "ballots_over_present",
                "issued",
                f"Số phiếu phát ra ({issued}) lớn hơn số đảng viên có mặt ({present}) — {cite}",
            )
        )
    if valid > issued:
        out.append(
            ProcessIssue(
                "valid_over_issued",
                "valid",
                f"Số phiếu hợp lệ ({valid}) lớn hơn số phiếu thu về, phát ra ({issued})",
            )
        )
    total = sum(counts.values())
    if total > valid:
        out.append(
            ProcessIssue(
                "counts_over_valid",
                "counts",
                f"Tổng số phiếu theo các mức ({total}) lớn hơn số phiếu hợp lệ ({valid})",
            )
        )
    return out


# When a rule set names no period, complaints are taken for 30 days after the decision —
# an assumption, since the texts (003 §I.6) oblige an answer but set no deadline.
DEFAULT_COMPLAINT_DAYS = 30


def complaint_deadline(ruleset: RuleSet, *, issued_on: date) -> date:
    """The last day a written complaint about a decision issued on `issued_on` is taken."""
    days = int(ruleset.process.get("complaints", {}).get("days", DEFAULT_COMPLAINT_DAYS))
    return date.fromordinal(issued_on.toordinal() + days)


def complaint_filing(ruleset: RuleSet, *, issued_on: date, filed_on: date) -> list[ProcessIssue]:
    """A complaint is filed after the decision and within the period."""
    if filed_on < issued_on:
        return [
            ProcessIssue(
                "complaint_before_decision",
                "filed_on",
                f"Ngày nhận đơn {d(filed_on)} trước ngày ban hành quyết định {d(issued_on)}",
            )
        ]
    last = complaint_deadline(ruleset, issued_on=issued_on)
    if filed_on > last:
        return [
            ProcessIssue(
                "complaint_late",
                "filed_on",
                f"Đã hết thời hạn khiếu nại (đến hết ngày {d(last)}, quyết định ban hành ngày "
                f"{d(issued_on)}) — {_cite(ruleset, 'complaints')}",
            )
        ]
    return []
