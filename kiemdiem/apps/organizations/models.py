"""The party tree and its leadership collectives.

The tree is a materialized path (django-treebeard MP_Node): a subtree is one
indexed prefix query, which is what every scoped page and quota count needs
at national scale (350,000 organizations).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.db import models
from django.db.models import F, Q

if TYPE_CHECKING:
    # treebeard ships no types: this is the part of its API the project uses.
    class _TreeManager(models.Manager["PartyOrganization"]):
        def add_root(self, create_kwargs: dict[str, Any] | None = None) -> PartyOrganization: ...

        def add_child(
            self, target: PartyOrganization, create_kwargs: dict[str, Any] | None = None
        ) -> PartyOrganization: ...

    class MP_Node(models.Model):
        path: str
        depth: int
        numchild: int
        steplen: ClassVar[int]

        class Meta:
            abstract = True

else:
    from treebeard.mp_tree import MP_Node

from kiemdiem.apps.core.choices import CollectiveKind, CollectiveRole, OrganizationKind


class PartyOrganization(MP_Node):
    code = models.CharField("mã tổ chức", max_length=40, unique=True)
    name = models.CharField("tên tổ chức đảng", max_length=255)
    kind = models.CharField("loại hình", max_length=32, choices=OrganizationKind.choices)
    founded_on = models.DateField("ngày thành lập", null=True, blank=True)
    dissolved_on = models.DateField("ngày giải thể, sáp nhập", null=True, blank=True)
    agency_name = models.CharField("cơ quan, đơn vị lãnh đạo", max_length=255, blank=True)
    # The place written before the date on its documents ("Lâm Đồng, ngày …"); a blank one
    # takes the nearest ancestor's.
    place = models.CharField("địa danh ghi trên văn bản", max_length=120, blank=True)

    node_order_by = ["code"]
    if TYPE_CHECKING:
        objects: ClassVar[_TreeManager]

    class Meta:
        verbose_name = "tổ chức đảng"
        verbose_name_plural = "tổ chức đảng"
        constraints = [
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True)
                | Q(founded_on__isnull=True)
                | Q(dissolved_on__gte=F("founded_on")),
                name="organization_dissolved_after_founded",
            )
        ]
        indexes = [models.Index(fields=["kind"], name="organization_kind")]

    def __str__(self) -> str:
        return self.name


class LeadershipCollective(models.Model):
    """Tập thể lãnh đạo, quản lý: a committee of a party organization or an agency's leaders."""

    organization = models.ForeignKey(
        PartyOrganization,
        on_delete=models.PROTECT,
        related_name="collectives",
        verbose_name="tổ chức, đơn vị được lãnh đạo",
    )
    kind = models.CharField("loại tập thể", max_length=32, choices=CollectiveKind.choices)
    name = models.CharField("tên tập thể", max_length=255)
    founded_on = models.DateField("ngày thành lập", null=True, blank=True)
    dissolved_on = models.DateField("ngày kết thúc", null=True, blank=True)

    class Meta:
        verbose_name = "tập thể lãnh đạo, quản lý"
        verbose_name_plural = "tập thể lãnh đạo, quản lý"
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="collective_name_once")
        ]

    def __str__(self) -> str:
        return self.name


class CollectiveMembership(models.Model):
    collective = models.ForeignKey(
        LeadershipCollective,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name="tập thể",
    )
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        related_name="collective_memberships",
        verbose_name="đảng viên",
    )
    role = models.CharField("vai trò", max_length=16, choices=CollectiveRole.choices)
    started_on = models.DateField("từ ngày")
    ended_on = models.DateField("đến ngày", null=True, blank=True)

    class Meta:
        verbose_name = "thành viên tập thể"
        verbose_name_plural = "thành viên tập thể"
        constraints = [
            # One head at a time (000 §B.4: the head is rated after the collective).
            models.UniqueConstraint(
                fields=["collective"],
                condition=Q(role="head", ended_on__isnull=True),
                name="collective_one_active_head",
            ),
            models.UniqueConstraint(
                fields=["collective", "member"],
                condition=Q(ended_on__isnull=True),
                name="collective_member_once",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="collective_membership_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.get_role_display()} — {self.collective}"


class OrganizationEvent(models.Model):
    """Thành lập, sáp nhập, chia tách, giải thể: the dates a new or merged organization is
    judged by (a unit founded in the year is reviewed but not rated, 000 §B.6)."""

    class Kind(models.TextChoices):
        FOUNDED = "founded", "Thành lập"
        MERGED = "merged", "Hợp nhất, sáp nhập"
        SPLIT = "split", "Chia tách"
        DISSOLVED = "dissolved", "Giải thể"

    organization = models.ForeignKey(
        PartyOrganization,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name="tổ chức đảng",
    )
    kind = models.CharField("sự kiện", max_length=16, choices=Kind.choices)
    happened_on = models.DateField("ngày")
    other = models.ForeignKey(
        PartyOrganization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="tổ chức liên quan (sáp nhập từ / chia tách thành)",
    )
    decision = models.CharField("số quyết định", max_length=64, blank=True)

    class Meta:
        verbose_name = "thành lập, sáp nhập, chia tách"
        verbose_name_plural = "thành lập, sáp nhập, chia tách"
        ordering = ["organization", "happened_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ngày {self.happened_on:%d/%m/%Y}"
