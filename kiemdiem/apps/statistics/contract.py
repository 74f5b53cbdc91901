"""One contract for every report: `execute(filters) -> (columns, rows, chart)`. A report
knows nothing of screens or files; the renderers (HTML, XLSX, DOCX) read any report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from kiemdiem.apps.campaigns.models import Campaign
from kiemdiem.apps.organizations.models import PartyOrganization


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "int"  # text | int | pct (a share 0–1)
    group: str = ""  # a header spanning several columns ("Hoàn thành xuất sắc nhiệm vụ")


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float]


@dataclass(frozen=True)
class Chart:
    kind: str  # bar | stacked | line
    title: str
    labels: list[str]
    series: list[Series]


class Result(NamedTuple):
    columns: list[Column]
    rows: list[dict[str, Any]]  # a row may set "_total": True (the sum at the bottom)
    chart: Chart | None


@dataclass(frozen=True)
class Filters:
    campaign: Campaign
    organization: PartyOrganization  # the scope: this organization and its subtree
    kind: str = "member"  # organization | collective | leader | member
    # Reads several reports of one page share (the engine over the campaign): built once.
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def but(self, kind: str) -> Filters:
        """The same filters for another kind of subject, sharing what was read."""
        return Filters(self.campaign, self.organization, kind, self.memo)

    def once(self, key: str, build: Callable[[], Any]) -> Any:
        if key not in self.memo:
            self.memo[key] = build()
        return self.memo[key]


@dataclass(frozen=True)
class Report:
    code: str
    title: str
    description: str
    execute: Callable[[Filters], Result]
    kinds: tuple[str, ...] = field(default=())  # the subject kinds it can be asked for


def share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def short(name: str) -> str:
    """A chart's label: the organization's name without its kind ("Thanh tra Sở")."""
    for prefix in ("Chi bộ ", "Đảng bộ bộ phận ", "Đảng bộ "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name
