"""Where a record counts: the current commune and province of the unit it was recorded against.

The one rule (AdminUnit.current_commune_and_province: a pre-2025 unit counts in its primary successor) is
applied by save() to one record (core.scoping.UnitPlacedModel) and here, remembered per unit, to many records
written in one batch; both give the same ids.
"""


class UnitPlacement:
    """unit id -> (current commune id or None, current province id or None), each unit resolved once.

    A batch that touches many units (a national data set: thousands of communes and their predecessors) reads
    the whole territory once, after `LOAD_ALL_AFTER` units, and resolves the rest in memory with the same
    method (the units' successor and province are set from that read, so no query is made)."""

    LOAD_ALL_AFTER = 100

    def __init__(self):
        self._cache: dict[int, tuple] = {}
        self._units: dict | None = None

    def __call__(self, unit_id: int) -> tuple:
        found = self._cache.get(unit_id)
        if found is None:
            if self._units is None and len(self._cache) >= self.LOAD_ALL_AFTER:
                self._load_all()
            unit = self._units.get(unit_id) if self._units is not None else None
            if unit is None:
                from danvan.territory.models import AdminUnit

                unit = AdminUnit.objects.select_related("successor", "province").get(pk=unit_id)
            commune, province = unit.current_commune_and_province()
            found = self._cache[unit_id] = (commune.pk if commune else None, province.pk if province else None)
        return found

    def _load_all(self) -> None:
        from danvan.territory.models import AdminUnit

        units = {u.pk: u for u in AdminUnit.objects.all()}
        for unit in units.values():
            unit.successor = units.get(unit.successor_id)
            unit.province = units.get(unit.province_id)
        self._units = units
