"""Which records count in a unit, current or historic: the one rule shared by filters and roll-ups."""
from django.db.models import Q

from danvan.territory.models import AdminUnit, UnitLevel


def historic_unit_ids(unit: AdminUnit) -> list[int]:
    """A historic unit and every historic unit below it (old province → districts → old communes)."""
    if unit.level == UnitLevel.PROVINCE:
        return list(AdminUnit.objects.filter(historic=True, province=unit).values_list("pk", flat=True)) + [unit.pk]
    if unit.level == UnitLevel.DISTRICT:
        return list(unit.children.values_list("pk", flat=True)) + [unit.pk]
    return [unit.pk]


def unit_q(unit: AdminUnit | None) -> Q:
    """Q over a UnitPlacedModel: the records counted in `unit` (None = the whole nation).

    A current province covers its communes; a current commune its own records. A historic unit covers
    what was recorded against it and below it, plus what is now recorded in the current communes its
    old communes became (primary succession), so the Bình Thuận of 2024 can still be reported.
    """
    if unit is None:
        return Q()
    if not unit.historic:
        if unit.level == UnitLevel.PROVINCE:
            return Q(province_id=unit.pk)
        return Q(commune_id=unit.pk) | Q(unit_id=unit.pk)
    ids = historic_unit_ids(unit)
    successors = AdminUnit.objects.filter(
        pk__in=ids, level=UnitLevel.COMMUNE, successor__isnull=False
    ).values_list("successor_id", flat=True)
    return Q(unit_id__in=ids) | Q(commune_id__in=list(set(successors)))
