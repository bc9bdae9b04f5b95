"""Organisations that own initiatives: Party cells, People's Committees, the Front, associations..."""
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from danvan.core.models import SearchableModel, SoftDeleteModel, VersionedModel
from danvan.core.scoping import ScopedQuerySet, UnitPlacedModel, scoped_managers


class OrganizationKind(models.TextChoices):
    PARTY_COMMITTEE = "party_committee", _("Đảng uỷ")
    PARTY_CELL = "party_cell", _("Chi bộ")
    PEOPLES_COMMITTEE = "peoples_committee", _("Uỷ ban nhân dân")
    FATHERLAND_FRONT = "fatherland_front", _("Mặt trận Tổ quốc")
    FARMERS = "farmers", _("Hội Nông dân")
    WOMEN = "women", _("Hội Liên hiệp Phụ nữ")
    YOUTH = "youth", _("Đoàn Thanh niên")
    VETERANS = "veterans", _("Hội Cựu chiến binh")
    TRADE_UNION = "trade_union", _("Công đoàn")
    POLICE = "police", _("Công an")
    MILITARY = "military", _("Quân sự")
    SCHOOL = "school", _("Trường học")
    HAMLET = "hamlet", _("Thôn, bản, tổ dân phố")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    MASS_MOBILIZATION = "mass_mobilization", _("Ban Dân vận")
    OTHER = "other", _("Khác")


class OrganizationQuerySet(ScopedQuerySet):
    scope_organization_field = "pk"


class Organization(UnitPlacedModel, SearchableModel, SoftDeleteModel, VersionedModel):
    """A body that owns initiatives and reports on them, placed in one administrative unit."""

    kind = models.CharField(_("Loại tổ chức"), max_length=30, choices=OrganizationKind.choices)
    name = models.CharField(_("Tên tổ chức"), max_length=200)
    parent = models.ForeignKey(
        "self", verbose_name=_("Tổ chức cấp trên"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )

    search_fields = ("name",)
    sort_field = "name"

    objects, all_objects = scoped_managers(OrganizationQuerySet)

    class Meta:
        verbose_name = _("Tổ chức")
        verbose_name_plural = _("Tổ chức")
        ordering = ["sort_key"]
        indexes = [models.Index(fields=["province", "commune"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organizations:organization_detail", args=[self.pk])
