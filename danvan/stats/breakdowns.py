"""The report's tables that figures() does not carry: by organisation kind and by the units below.

They count the records of the figures' own declarations (stats.definitions), so each table's total equals
the matching figure; the document tests and the agreement test check that equality.
"""
from dataclasses import dataclass, field

from django.db.models import Count

from danvan.initiatives.models import Field
from danvan.organizations.models import OrganizationKind
from danvan.stats import rollups
from danvan.stats.definitions import FIGURES
from danvan.stats.models import CellKind, Dim
from danvan.stats.figures import exemplars_in, initiatives_in
from danvan.stats.periods import Period
from danvan.territory.models import AdminUnit, UnitLevel

I, E = CellKind.INITIATIVE.value, CellKind.EXEMPLAR.value


def counted_initiatives(unit, period: Period, user=None):
    """Initiatives in the movement at the period's end (the figure "initiatives")."""
    return FIGURES["initiatives"].queryset(initiatives_in(unit, user), period)


def exemplars_of_period(unit, period: Period, user=None):
    """Exemplars recorded in a year of the period (the figure "exemplars")."""
    return FIGURES["exemplars"].queryset(exemplars_in(unit, user), period)


def source(user, unit):
    """The count tables' view of `unit` for `user` (stats.rollups.Source), or None when they cannot answer
    (the user's scope does not cover the unit entirely, a historic unit): then the records are counted."""
    return rollups.Source(user, unit) if rollups.covers(user, unit) else None


def by_organization_kind(unit, period: Period, user=None, *, src=None) -> list[tuple[str, str, int, int]]:
    """[(kind, label, initiatives, exemplars)] in the order of OrganizationKind, kinds with records only.
    From the count tables when they can answer (`src`: a Source already read), else counted live."""
    src = src if src is not None else source(user, unit)
    if src is not None and src.from_cells:
        ini = src.registered_by(Dim.ORG_KIND, period.end)
        ex = src.exemplars_by(Dim.ORG_KIND, period.start.year, period.end.year)
    else:
        ini = dict(counted_initiatives(unit, period, user).values_list("organization__kind")
                   .annotate(n=Count("id")).order_by())
        ex = dict(exemplars_of_period(unit, period, user).values_list("organization__kind")
                  .annotate(n=Count("id")).order_by())
    return [(code, str(label), ini.get(code, 0), ex.get(code, 0))
            for code, label in OrganizationKind.choices if ini.get(code) or ex.get(code)]


@dataclass
class UnitRow:
    unit: AdminUnit | None
    label: str
    total: int = 0
    by_field: dict = field(default_factory=dict)   # field code -> initiatives
    new: int = 0
    exemplars: int = 0


def has_units_below(unit: AdminUnit | None) -> bool:
    return unit is None or unit.level != UnitLevel.COMMUNE


def units_below(unit: AdminUnit | None, period: Period, user=None) -> list[UnitRow]:
    """Per current province (for the nation) or current commune (for a province or a historic unit above
    commune level), with one GROUP BY per model: records without a commune (province-level bodies,
    pre-2025 districts) make their own row, so the rows add up to the unit's figures."""
    if not has_units_below(unit):
        return []
    key = "province_id" if unit is None else "commune_id"
    rows = _rows_from_cells(unit, period, user, key)
    if rows is None:
        rows = _rows_counted(unit, period, user, key)
    if unit is None:
        listed = AdminUnit.objects.provinces()
    elif not unit.historic:
        listed = AdminUnit.objects.communes().filter(province=unit)
    else:
        listed = AdminUnit.objects.filter(pk__in=[pk for pk in rows if pk is not None])
    result = []
    for u in listed.order_by("sort_key"):
        row = rows.pop(u.pk, None) or UnitRow(None, "")
        row.unit, row.label = u, u.name
        result.append(row)
    leftover = rows.pop(None, None)
    for pk, row in rows.items():  # records of units outside the listing (should not happen): keep totals right
        row.unit = AdminUnit.objects.filter(pk=pk).first()
        row.label = str(row.unit) if row.unit else "—"
        result.append(row)
    if leftover is not None:
        leftover.label = _leftover_label(unit)
        result.append(leftover)
    for row in result:
        row.by_field = {code: row.by_field.get(code, 0) for code in Field.values}
    return result


def _rows_counted(unit, period: Period, user, key: str) -> dict:
    """{unit id (None: no unit below): UnitRow} counted from the records, one GROUP BY per model."""
    counted = counted_initiatives(unit, period, user)
    rows: dict = {}
    for unit_id, field_code, total, new in (
        counted.values_list(key, "field")
        .annotate(n=Count("id"), new=Count("id", filter=FIGURES["new"].q(period)))
        .order_by()
    ):
        row = rows.setdefault(unit_id, UnitRow(None, ""))
        row.by_field[field_code] = row.by_field.get(field_code, 0) + total
        row.total += total
        row.new += new
    for unit_id, n in exemplars_of_period(unit, period, user).values_list(key).annotate(n=Count("id")).order_by():
        rows.setdefault(unit_id, UnitRow(None, "")).exemplars = n
    return rows


def _rows_from_cells(unit, period: Period, user, key: str) -> dict | None:
    """The same rows read from the year cells of the units below, in one query; None when the cells cannot
    answer alone (a scope that does not cover the unit, a historic unit, a period that is not whole years)."""
    if (unit is not None and unit.historic) or not rollups._whole_years(period.start, period.end) \
            or not rollups.covers(user, unit):
        return None
    end, first = period.end.year, period.start.year
    cells = rollups.cells_for(user, unit, below=True).filter(dim__in=[Dim.TOTAL, Dim.FIELD], year__lte=end)
    rows: dict = {}
    for child, tally in rollups.Tally.per_child(cells, key, since=first).items():
        row = UnitRow(None, "")
        row.by_field = dict(tally.by_value(I, Dim.FIELD, None, end))
        row.total = tally.by_value(I, Dim.TOTAL, None, end).get("", 0)
        row.new = tally.by_value(I, Dim.TOTAL, first, end).get("", 0)
        row.exemplars = tally.by_value(E, Dim.TOTAL, first, end).get("", 0)
        if row.total or row.exemplars:  # as counted: a unit below with nothing counted has no row of its own
            rows[child or None] = row
    return rows


def _leftover_label(unit: AdminUnit | None) -> str:
    if unit is None:
        return "Chưa xác định tỉnh/thành phố"
    if unit.historic:
        return "Cấp tỉnh, cấp huyện (trước 2025)"
    return "Cơ quan, tổ chức cấp tỉnh"
