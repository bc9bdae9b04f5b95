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
    old communes became (primary succession), so the Bình Thuận of 2024 can still be reported. The old
    provinces of a current province partition it (`_old_province_q`).
    """
    if unit is None:
        return Q()
    if not unit.historic:
        if unit.level == UnitLevel.PROVINCE:
            return Q(province_id=unit.pk)
        return Q(commune_id=unit.pk) | Q(unit_id=unit.pk)
    ids = historic_unit_ids(unit)
    if unit.level == UnitLevel.PROVINCE:
        current = unit.current_unit()
        if not current.historic and current.level == UnitLevel.PROVINCE:
            return _old_province_q(unit, current, ids)
    successors = AdminUnit.objects.filter(
        pk__in=ids, level=UnitLevel.COMMUNE, successor__isnull=False
    ).values_list("successor_id", flat=True)
    return Q(unit_id__in=ids) | Q(commune_id__in=list(set(successors)))


def continued_province(current: AdminUnit) -> AdminUnit | None:
    """The old province a current province continues: the predecessor with its code (Cần Thơ 92 continues
    Cần Thơ 92, not Sóc Trăng 94 or Hậu Giang 93), else the predecessor with the lowest code."""
    olds = list(AdminUnit.objects.filter(historic=True, level=UnitLevel.PROVINCE, successor=current).order_by("code"))
    same = [o for o in olds if o.code == current.code]
    return (same or olds or [None])[0]


def attributed_communes(current: AdminUnit) -> dict[int, int | None]:
    """{current commune id: the old province its records count in}, for the communes of a current province.

    A current commune's records count in the old province of its primary predecessor: of the old communes
    whose primary successor it is, the one with the lowest code (the first in the merger decision's list); a
    commune with no recorded predecessor counts in the old province its province continues."""
    first: dict[int, tuple[str, int]] = {}
    for commune_id, code, old_province_id in AdminUnit.objects.filter(
            historic=True, level=UnitLevel.COMMUNE, successor__province=current,
    ).values_list("successor_id", "code", "province_id"):
        if commune_id not in first or code < first[commune_id][0]:
            first[commune_id] = (code, old_province_id)
    continued = continued_province(current)
    fallback = continued.pk if continued else None
    return {pk: first[pk][1] if pk in first else fallback
            for pk in AdminUnit.objects.communes().filter(province=current).values_list("pk", flat=True)}


def _old_province_q(old: AdminUnit, current: AdminUnit, ids: list[int]) -> Q:
    """The records of an old province whose successor is the current province `current`, so that the old
    provinces of a current province add up to it, each record in exactly one:
    - recorded against a pre-2025 unit: in that unit's old province (`ids`: the old province and its units);
    - recorded against a current commune: in the old province of the commune's primary predecessor;
    - recorded at province level (no commune): in the old province the current province continues."""
    mine = sorted(pk for pk, owner in attributed_communes(current).items() if owner == old.pk)
    q = Q(unit_id__in=ids) | (Q(commune_id__in=mine) & Q(unit__historic=False))
    continued = continued_province(current)
    if continued is not None and continued.pk == old.pk:
        q |= Q(province_id=current.pk, commune_id__isnull=True, unit__historic=False)
    return q
