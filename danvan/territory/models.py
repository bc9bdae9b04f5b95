"""Administrative units: the two-level territory since 1 July 2025 and the historic units before it."""
import datetime

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from danvan.core.models import SearchableModel

REFORM_DATE = datetime.date(2025, 7, 1)


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Tỉnh")
    CITY = "city", _("Thành phố trực thuộc trung ương")
    COMMUNE = "commune", _("Xã")
    WARD = "ward", _("Phường")
    SPECIAL_ZONE = "special_zone", _("Đặc khu")
    # Historic kinds (before 1 July 2025)
    OLD_PROVINCE = "old_province", _("Tỉnh/thành phố (trước 2025)")
    DISTRICT = "district", _("Huyện/quận/thị xã (trước 2025)")
    OLD_COMMUNE = "old_commune", _("Xã/phường/thị trấn (trước 2025)")


class UnitLevel(models.IntegerChoices):
    PROVINCE = 1, _("Cấp tỉnh")
    DISTRICT = 2, _("Cấp huyện")
    COMMUNE = 3, _("Cấp xã")


HISTORIC_KINDS = {UnitKind.OLD_PROVINCE, UnitKind.DISTRICT, UnitKind.OLD_COMMUNE}


class AdminUnitQuerySet(models.QuerySet):
    def current(self):
        return self.filter(historic=False)

    def historic_units(self):
        return self.filter(historic=True)

    def provinces(self):
        return self.filter(historic=False, level=UnitLevel.PROVINCE)

    def communes(self):
        return self.filter(historic=False, level=UnitLevel.COMMUNE)

    def visible_to(self, user):
        # Territory is public reference data: every signed-in user may read every unit.
        return self if user is not None and user.is_authenticated else self.none()

    def editable_by(self, user):
        from danvan.core.scoping import policy

        return self if policy().may_edit_territory(user) else self.none()


class AdminUnit(SearchableModel):
    """An administrative unit (đơn vị hành chính), current or historic.

    `province` points at the level-1 ancestor (itself for a province). For a historic unit,
    `successor` is the one current unit its records roll up into (the primary lineage link),
    so a figure recorded against it is counted exactly once; `lineage` lists every unit it became.
    """

    code = models.CharField(_("Mã đơn vị"), max_length=10)
    name = models.CharField(_("Tên"), max_length=150)
    short_name = models.CharField(_("Tên ngắn"), max_length=120)
    kind = models.CharField(_("Loại"), max_length=20, choices=UnitKind.choices)
    level = models.PositiveSmallIntegerField(_("Cấp"), choices=UnitLevel.choices)
    historic = models.BooleanField(_("Đơn vị cũ (trước 2025)"), default=False)
    parent = models.ForeignKey(
        "self", verbose_name=_("Trực thuộc"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    province = models.ForeignKey(
        "self", verbose_name=_("Tỉnh/thành phố"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    successor = models.ForeignKey(
        "self", verbose_name=_("Đơn vị kế thừa chính"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="predecessors",
    )
    valid_from = models.DateField(_("Hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("Hiệu lực đến"), null=True, blank=True)
    latitude = models.FloatField(_("Vĩ độ"), null=True, blank=True)
    longitude = models.FloatField(_("Kinh độ"), null=True, blank=True)
    area_km2 = models.FloatField(_("Diện tích (km²)"), null=True, blank=True)

    search_fields = ("name", "short_name", "code")
    sort_field = "short_name"

    objects = AdminUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("Đơn vị hành chính")
        verbose_name_plural = _("Đơn vị hành chính")
        ordering = ["historic", "level", "code"]
        constraints = [
            models.UniqueConstraint(fields=["historic", "level", "code"], name="unit_code_unique"),
        ]
        indexes = [models.Index(fields=["level", "historic", "province"])]

    def __str__(self):
        if self.level == UnitLevel.PROVINCE or self.province_id is None or self.province_id == self.pk:
            return self.name
        return f"{self.name}, {self.province.short_name}"

    def get_absolute_url(self):
        return reverse("territory:unit_detail", args=[self.pk])

    @property
    def is_current(self) -> bool:
        return not self.historic

    def current_unit(self) -> "AdminUnit":
        """The current unit this unit's records are counted in (itself, or its primary successor)."""
        unit = self
        seen = set()
        while unit.historic and unit.successor_id and unit.pk not in seen:
            seen.add(unit.pk)
            unit = unit.successor
        return unit

    def current_commune_and_province(self) -> tuple["AdminUnit | None", "AdminUnit | None"]:
        """(current commune or None for a province-level unit, current province) for roll-ups and scoping."""
        unit = self.current_unit()
        if unit.historic:
            return None, None
        if unit.level == UnitLevel.COMMUNE:
            return unit, unit.province
        return None, unit if unit.level == UnitLevel.PROVINCE else unit.province

    def became(self):
        """Every current unit this historic unit became (several when it was split)."""
        return AdminUnit.objects.filter(predecessor_links__old=self).distinct()


class UnitLineage(models.Model):
    """One arrow of the 2025 reorganisation: `old` became (part of) `new` on `date`."""

    old = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="successor_links")
    new = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="predecessor_links")
    date = models.DateField(_("Ngày"), default=REFORM_DATE)
    is_primary = models.BooleanField(_("Kế thừa chính"), default=False)
    note = models.CharField(_("Ghi chú"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Quan hệ kế thừa đơn vị")
        verbose_name_plural = _("Quan hệ kế thừa đơn vị")
        constraints = [models.UniqueConstraint(fields=["old", "new"], name="lineage_unique")]

    def __str__(self):
        return f"{self.old} → {self.new}"
