"""Where a record counts: the current commune and province of the unit it was recorded against.

The one rule (AdminUnit.current_commune_and_province: a pre-2025 unit counts in its primary successor) is
applied by save() to one record (core.scoping.UnitPlacedModel) and here, remembered per unit, to many records
written in one batch; both give the same ids.
"""


class UnitPlacement:
    """unit id -> (current commune id or None, current province id or None), each unit resolved once."""

    def __init__(self):
        self._cache: dict[int, tuple] = {}

    def __call__(self, unit_id: int) -> tuple:
        found = self._cache.get(unit_id)
        if found is None:
            from danvan.territory.models import AdminUnit

            unit = AdminUnit.objects.select_related("successor", "province").get(pk=unit_id)
            commune, province = unit.current_commune_and_province()
            found = self._cache[unit_id] = (commune.pk if commune else None, province.pk if province else None)
        return found
