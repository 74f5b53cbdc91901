"""The parts of the party's document format that come from the organization: who issues,
above whom, where, and who signs for it (Hướng dẫn 36-HD/VPTW on the form of documents)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kiemdiem.apps.core.choices import PostTitle
from kiemdiem.apps.members.models import Post
from kiemdiem.apps.organizations.models import PartyOrganization

COMMITTEE_KINDS = ("upper_committee", "grassroots_committee", "sub_committee")
DOTS = "…………"


@dataclass(frozen=True)
class Head:
    superior: str  # the body above, upper case ("ĐẢNG BỘ KHỐI …")
    issuer: str  # the issuing body, upper case ("ĐẢNG ỦY SỞ NỘI VỤ", "CHI BỘ THANH TRA SỞ")
    committee: str  # as written in a sentence ("Đảng ủy Sở Nội vụ")
    committee_upper: str
    place: str


@dataclass(frozen=True)
class Signer:
    on_behalf: str  # "T/M ĐẢNG ỦY"
    title: str  # "BÍ THƯ"
    name: str


def committee_name(organization: PartyOrganization) -> str:
    """The body that acts for an organization: a đảng bộ's đảng ủy, a chi bộ itself."""
    name = organization.name
    if organization.kind in COMMITTEE_KINDS and name.startswith("Đảng bộ"):
        return "Đảng ủy" + name[len("Đảng bộ") :]
    return name


def ancestors(organization: PartyOrganization) -> list[PartyOrganization]:
    """From the root down to the parent, in one query (the path holds them all)."""
    step = PartyOrganization.steplen
    paths = [organization.path[:i] for i in range(step, len(organization.path), step)]
    return list(PartyOrganization.objects.filter(path__in=paths).order_by("depth"))


def head(organization: PartyOrganization) -> Head:
    ancestors_ = ancestors(organization)
    parent = ancestors_[-1] if ancestors_ else None
    place = next(
        (o.place for o in reversed([*ancestors_, organization]) if o.place),
        "",
    )
    committee = committee_name(organization)
    return Head(
        superior=parent.name.upper() if parent else "",
        issuer=committee.upper(),
        committee=committee,
        committee_upper=committee.upper(),
        place=place,
    )


def signer(organization: PartyOrganization, on: date) -> Signer:
    post = (
        Post.objects.filter(
            organization=organization,
            title=PostTitle.SECRETARY,
            started_on__lte=on,
        )
        .exclude(ended_on__lt=on)
        .select_related("member")
        .order_by("-started_on")
        .first()
    )
    body = "ĐẢNG ỦY" if organization.kind in COMMITTEE_KINDS else "CHI BỘ"
    return Signer(
        on_behalf=f"T/M {body}",
        title="BÍ THƯ",
        name=post.member.full_name if post else "",
    )


def date_line(place: str, on: date | None) -> str:
    """ "Lâm Đồng, ngày 05 tháng 12 năm 2026" — days and months below 10 with a zero for 1–2
    (the format's rule for dates in the header); dots where the date is not known yet."""
    where = f"{place}, " if place else ""
    if on is None:
        return f"{where}ngày {DOTS} tháng {DOTS} năm {DOTS}"
    month = f"{on.month:02d}" if on.month < 3 else str(on.month)
    return f"{where}ngày {on.day:02d} tháng {month} năm {on.year}"


def paragraphs(text: str) -> list[str]:
    """A text typed with line breaks, as the paragraphs of a document."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def vn_date(on: date | None) -> str:
    return on.strftime("%d/%m/%Y") if on else DOTS
