"""The collective report (Mẫu 01): drafted by the cell committee or the office, circulated
with a date stamp the rules check, commented on by participants, adopted at the meeting."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.utils import timezone

from kiemdiem.apps.accounts.permissions import ensure_can_run
from kiemdiem.apps.audit.models import AuditEntry
from kiemdiem.apps.audit.services import audit_record, snapshot
from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.core import clock
from kiemdiem.apps.core.choices import RatingChoice
from kiemdiem.apps.core.errors import PermissionDenied, ServiceError
from kiemdiem.apps.core.scores import check_points
from kiemdiem.apps.members.models import Member
from kiemdiem.apps.organizations.models import LeadershipCollective, PartyOrganization
from kiemdiem.rules import load
from kiemdiem.rules.messages import d
from kiemdiem.rules.process import circulation

from .models import CollectiveReport, ReportComment

Actor = User | AnonymousUser
REQUIRED_TO_CIRCULATE = {
    "results": "Kết quả thực hiện nhiệm vụ, ưu điểm",
    "shortcomings": "Hạn chế, khuyết điểm và nguyên nhân",
    "direction": "Phương hướng, biện pháp khắc phục",
}


@dataclass(frozen=True)
class ReportInput:
    results: str = ""
    shortcomings: str = ""
    remedy: str = ""
    suggestions: str = ""
    direction: str = ""
    self_rating: str = ""
    general_points: Decimal | None = None
    results_points: Decimal | None = None


def _open(campaign: Campaign) -> None:
    if campaign.status != Campaign.Status.OPEN:
        raise ServiceError("__all__", "Kế hoạch đã kết thúc")


def _in_campaign(campaign: Campaign, organization: PartyOrganization) -> None:
    if not organization.path.startswith(campaign.organization.path):
        raise ServiceError("organization", f"“{organization.name}” không thuộc kế hoạch này")


@transaction.atomic
def report_save(
    *,
    actor: Actor,
    campaign: Campaign,
    organization: PartyOrganization,
    data: ReportInput,
    collective: LeadershipCollective | None = None,
) -> CollectiveReport:
    ensure_can_run(actor, organization)
    _open(campaign)
    _in_campaign(campaign, organization)
    if collective is not None and collective.organization_id != organization.pk:
        raise ServiceError("collective", f"“{collective.name}” không thuộc {organization.name}")
    if data.self_rating and data.self_rating not in RatingChoice.values:
        raise ServiceError("self_rating", "Mức tự xếp loại không hợp lệ")
    check_points(data.general_points, data.results_points)
    report, created = CollectiveReport.objects.select_for_update().get_or_create(
        campaign=campaign, organization=organization, collective=collective
    )
    if report.status == CollectiveReport.Status.ADOPTED:
        raise ServiceError("__all__", "Báo cáo đã được hội nghị thông qua: không sửa được")
    before = None if created else snapshot(report)
    values = {k: v.strip() if isinstance(v, str) else v for k, v in asdict(data).items()}
    if not created and all(getattr(report, k) == v for k, v in values.items()):
        return report  # nothing changed: no new version of the draft
    for field, value in values.items():
        setattr(report, field, value)
    report.save()
    audit_record(
        actor=actor,
        action="report.save",
        obj=report,
        organization=organization,
        before=before,
        after=snapshot(report),
    )
    return report


@transaction.atomic
def report_circulate(
    *,
    actor: Actor,
    report: CollectiveReport,
    on: date,
    accept_late: str = "",
    data: ReportInput | None = None,
) -> CollectiveReport:
    """Send the draft to the participants on `on`. What is on the form (`data`) is saved
    first, in the same transaction: the draft sent is the text typed. The date is the day
    it went out: not in the future, not before the text sent was written. A date that
    breaks the advance-days rule is refused unless the actor records why it was late (kept
    in the audit)."""
    ensure_can_run(actor, report.organization)
    campaign = report.campaign
    _open(campaign)
    if report.status == CollectiveReport.Status.ADOPTED:
        raise ServiceError("__all__", "Báo cáo đã được hội nghị thông qua")
    if data is not None:
        report = report_save(
            actor=actor,
            campaign=campaign,
            organization=report.organization,
            collective=report.collective,
            data=data,
        )
    today = clock.today()
    if on > today:
        raise ServiceError("circulated_on", f"Ngày gửi dự thảo {d(on)} chưa đến")
    written = (
        AuditEntry.objects.filter(
            action="report.save",
            object_type=CollectiveReport._meta.label_lower,
            object_id=str(report.pk),
        )
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    if written is not None and on < timezone.localdate(written):
        raise ServiceError(
            "circulated_on",
            f"Ngày gửi {d(on)} trước lần sửa dự thảo cuối ({d(timezone.localdate(written))}): "
            "bản gửi đi là bản đã lưu, nên ngày gửi là hôm nay hoặc sau lần sửa cuối",
        )
    for field, label in REQUIRED_TO_CIRCULATE.items():
        if not getattr(report, field).strip():
            raise ServiceError(field, f"Cần viết phần “{label}” trước khi gửi dự thảo")
    meeting_on = campaign.milestones.get(code="cell_meeting").due_on
    if on > meeting_on:
        raise ServiceError("circulated_on", "Ngày gửi dự thảo sau ngày họp")
    issues = circulation(load(campaign.ruleset), circulated_on=on, meeting_on=meeting_on)
    if issues and not accept_late.strip():
        raise ServiceError("circulated_on", issues[0].message)
    before = snapshot(report, ["status", "circulated_on"])
    report.status = CollectiveReport.Status.CIRCULATED
    report.circulated_on = on
    report.save(update_fields=["status", "circulated_on", "updated_at"])
    audit_record(
        actor=actor,
        action="report.circulate",
        obj=report,
        organization=report.organization,
        before=before,
        after=snapshot(report, ["status", "circulated_on"]),
        reason="; ".join([accept_late.strip(), *(i.message for i in issues)]) if issues else "",
    )
    return report


def report_participant(report: CollectiveReport, member: Member) -> bool:
    """Who the draft goes to: the cell's members, or the collective's members."""
    if report.collective_id is not None:
        return report.collective.memberships.filter(member=member, ended_on__isnull=True).exists()  # type: ignore[union-attr]
    return member.organization.path.startswith(report.organization.path)


@transaction.atomic
def report_comment_add(*, actor: Actor, report: CollectiveReport, body: str) -> ReportComment:
    """A participant (a member of the organization) comments on the circulated draft."""
    member: Member | None = getattr(actor, "member", None) if isinstance(actor, User) else None
    if member is None or not report_participant(report, member):
        raise PermissionDenied("Chỉ người dự hội nghị (đảng viên của tổ chức) được góp ý")
    if report.status != CollectiveReport.Status.CIRCULATED:
        raise ServiceError("__all__", "Dự thảo chưa được gửi lấy ý kiến hoặc đã được thông qua")
    if not body.strip():
        raise ServiceError("body", "Nội dung góp ý không được để trống")
    comment = ReportComment.objects.create(report=report, author=member, body=body.strip())
    audit_record(
        actor=actor,
        action="report.comment",
        obj=comment,
        organization=report.organization,
        after=snapshot(comment),
    )
    return comment


def report_prefill(
    *,
    campaign: Campaign,
    organization: PartyOrganization,
    collective: LeadershipCollective | None = None,
) -> dict[str, str]:
    """A new year's report starts from last year's: the shortcomings it named, and the
    meeting's conclusion, listed under the remedies to report on (000 §A.2)."""
    last = CollectiveReport.objects.filter(
        campaign__year=campaign.year - 1, organization=organization, collective=collective
    ).first()
    if last is None or not (last.shortcomings.strip() or last.direction.strip()):
        return {}
    lines = [f"Hạn chế, khuyết điểm năm {campaign.year - 1} đã chỉ ra:"]
    lines += [f"- {x.strip(' -•')}" for x in last.shortcomings.splitlines() if x.strip()]
    if last.direction.strip():
        lines.append(f"Phương hướng khắc phục đã đề ra năm {campaign.year - 1}:")
        lines += [f"- {x.strip(' -•')}" for x in last.direction.splitlines() if x.strip()]
    lines.append("Kết quả khắc phục năm nay: …")
    return {"remedy": "\n".join(lines)}
