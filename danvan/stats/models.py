"""The count tables: precomputed counts of the registry that dashboards, reports and documents read.

A cell counts the live (not soft-deleted) records of one kind in one place and one year (or month), for
one value of one dimension. Each record adds 1 to exactly one cell per dimension, so the sum over the
values of any dimension is the record count. Dates mean:
- initiatives, dims field/scope/status/org_kind: `registered_on` (drafts never counted);
- initiatives, dim "changed": `status_changed_at`, for the statuses recognised and not_implemented only
  (the "recognised / not implemented in the period" figures);
- exemplars, dims field/scope (exemplar kind)/org_kind: the exemplar's `year` (exemplars have no month);
- both, dim "total" (value ""): the record count, so a ranking reads one cell per unit and year.
Five tables, each small enough for the page that reads it:
- StatCell: per commune and year (province dashboards rank their communes; commune dashboards);
- ProvinceStatCell: per province and year (province dashboards; the nation ranks its provinces);
- ProvinceMonthCell: initiatives per province and month (periods that are not whole years);
- CommuneMonthCell: initiatives per commune and month, only what a ranking needs ("total", "changed");
- NationStatCell: per year for the nation, sharded by province (the national dashboard and reports).
There is no national row: NationStatCell keeps the nation's year counts in SHARDS rows per cell (a province adds
to the shard of its id), so writers in different provinces rarely meet on one row and the nation reads
SHARDS × its cells instead of every province's; its months are the sum of the province month cells at read time.
Unit columns are plain integers (0 = none) so the unique keys hold without NULLs; they are the record's
resolved `province` / `commune` (territory lineage), the columns scoping filters on.
The cells are kept by danvan.stats.counts, called explicitly by the services in their transaction.
The tables keep the names the dashboards app gave them (the models moved here without copying data).
"""
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.accounts import policy


class CellKind(models.TextChoices):
    INITIATIVE = "i", _("Mô hình")
    EXEMPLAR = "e", _("Điển hình")


class Dim(models.TextChoices):
    FIELD = "field", _("Lĩnh vực")
    SCOPE = "scope", _("Phạm vi")
    STATUS = "status", _("Trạng thái")
    ORG_KIND = "org_kind", _("Loại tổ chức")
    CHANGED = "changed", _("Chuyển trạng thái trong năm")
    TOTAL = "total", _("Tổng số")


class CellQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Cells in the units of the user's scope (organisation scopes cannot be read from cells:
        callers use cells only for a unit the scope covers entirely, see rollups.covers)."""
        if policy.is_national(user):
            return self
        provinces, communes = policy.province_ids(user), policy.commune_ids(user)
        q = models.Q(pk__in=[])
        if provinces:
            q |= models.Q(province_id__in=sorted(provinces))
        if communes and hasattr(self.model, "commune_id"):
            q |= models.Q(commune_id__in=sorted(communes))
        return self.filter(q)


class BaseCell(models.Model):
    kind = models.CharField(max_length=1, choices=CellKind.choices)
    province_id = models.IntegerField(default=0)
    year = models.SmallIntegerField()
    dim = models.CharField(max_length=10, choices=Dim.choices)
    value = models.CharField(max_length=30)
    n = models.IntegerField(default=0)

    objects = CellQuerySet.as_manager()

    class Meta:
        abstract = True


class StatCell(BaseCell):
    """Counts per commune (commune_id 0: records of the province itself, or unresolved)."""

    commune_id = models.IntegerField(default=0)

    class Meta:
        db_table = "dashboards_statcell"  # created by the dashboards app before the cells moved here
        verbose_name = _("Ô số liệu tổng hợp (xã)")
        verbose_name_plural = _("Ô số liệu tổng hợp (xã)")
        constraints = [
            models.UniqueConstraint(fields=["kind", "province_id", "commune_id", "year", "dim", "value"],
                                    name="statcell_key"),
        ]
        indexes = [
            # covering the ranking of a province's communes (dims total/changed, all columns read)
            models.Index(fields=["province_id", "dim", "year", "kind", "commune_id", "value", "n"],
                         name="statcell_province"),
            models.Index(fields=["commune_id", "kind", "dim", "year"], name="statcell_commune"),
        ]

    def __str__(self):
        return f"{self.kind} {self.province_id}/{self.commune_id} {self.year} {self.dim}={self.value}: {self.n}"


class ProvinceStatCell(BaseCell):
    """The same counts summed per province: small enough to read the whole nation in one query."""

    class Meta:
        db_table = "dashboards_provincestatcell"  # created by the dashboards app before the cells moved here
        verbose_name = _("Ô số liệu tổng hợp (tỉnh)")
        verbose_name_plural = _("Ô số liệu tổng hợp (tỉnh)")
        constraints = [
            models.UniqueConstraint(fields=["kind", "province_id", "year", "dim", "value"], name="provincecell_key"),
        ]
        indexes = [
            models.Index(fields=["province_id", "kind", "dim", "year"], name="provincecell_province"),
            # covering the ranking of the provinces
            models.Index(fields=["dim", "year", "kind", "province_id", "value", "n"], name="provincecell_dim"),
        ]

    def __str__(self):
        return f"{self.kind} {self.province_id} {self.year} {self.dim}={self.value}: {self.n}"


class ProvinceMonthCell(BaseCell):
    """Initiatives per province and month of the date that counts (registration, status change)."""

    month = models.SmallIntegerField()

    class Meta:
        db_table = "dashboards_provincemonthcell"  # created by the dashboards app before the cells moved here
        verbose_name = _("Ô số liệu tổng hợp (tỉnh, tháng)")
        verbose_name_plural = _("Ô số liệu tổng hợp (tỉnh, tháng)")
        constraints = [
            models.UniqueConstraint(fields=["kind", "province_id", "year", "month", "dim", "value"],
                                    name="provincemonthcell_key"),
        ]
        indexes = [
            models.Index(fields=["year", "province_id"], name="provincemonthcell_year"),
            models.Index(fields=["province_id", "year"], name="provincemonthcell_province"),
        ]

    def __str__(self):
        return f"{self.kind} {self.province_id} {self.year}-{self.month:02d} {self.dim}={self.value}: {self.n}"


class CommuneMonthCell(BaseCell):
    """Initiatives per commune and month: registrations (dim "total") and status changes ("changed")."""

    commune_id = models.IntegerField(default=0)
    month = models.SmallIntegerField()

    class Meta:
        db_table = "dashboards_communemonthcell"  # created by the dashboards app before the cells moved here
        verbose_name = _("Ô số liệu tổng hợp (xã, tháng)")
        verbose_name_plural = _("Ô số liệu tổng hợp (xã, tháng)")
        constraints = [
            models.UniqueConstraint(fields=["kind", "province_id", "commune_id", "year", "month", "dim", "value"],
                                    name="communemonthcell_key"),
        ]
        indexes = [
            # covering the part-year ranking of a province's communes
            models.Index(fields=["province_id", "year", "month", "kind", "dim", "commune_id", "value", "n"],
                         name="communemonthcell_province"),
        ]

    def __str__(self):
        return f"{self.kind} {self.province_id}/{self.commune_id} {self.year}-{self.month:02d} {self.dim}={self.value}"


# A province's counts go to shard province_id % SHARDS of the nation's cells.
SHARDS = 8


class NationStatCell(models.Model):
    """The nation's year counts, sharded: the sum over `shard` of a (kind, year, dim, value) is the nation's count.
    Read only by users who see the whole nation."""

    kind = models.CharField(max_length=1, choices=CellKind.choices)
    shard = models.SmallIntegerField()
    year = models.SmallIntegerField()
    dim = models.CharField(max_length=10, choices=Dim.choices)
    value = models.CharField(max_length=30)
    n = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("Ô số liệu tổng hợp (toàn quốc)")
        verbose_name_plural = _("Ô số liệu tổng hợp (toàn quốc)")
        constraints = [
            models.UniqueConstraint(fields=["kind", "shard", "year", "dim", "value"], name="nationcell_key"),
        ]
        indexes = [
            # covering the nation's roll-up (every column read)
            models.Index(fields=["kind", "dim", "value", "year", "shard", "n"], name="nationcell_read"),
        ]

    def __str__(self):
        return f"{self.kind} #{self.shard} {self.year} {self.dim}={self.value}: {self.n}"
