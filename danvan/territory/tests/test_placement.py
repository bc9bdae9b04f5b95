"""Placement of many records (territory.placement): the same answer as the unit's own rule, whether each unit is
read on its own or the whole territory is read once."""
import pytest

from danvan.territory.models import AdminUnit, UnitKind, UnitLevel
from danvan.territory.placement import UnitPlacement

pytestmark = pytest.mark.django_db


def _expected(unit):
    commune, province = unit.current_commune_and_province()
    return (getattr(commune, "pk", None), getattr(province, "pk", None))


@pytest.mark.parametrize("load_all_after", [0, 10_000])
def test_every_unit_is_placed_as_its_own_rule_places_it(world, load_all_after, django_assert_max_num_queries):
    # A chain of two historic units, and a historic unit with no successor, besides the world's.
    older = AdminUnit.objects.create(code="03990", name="Xã Phổng Lái Cũ", kind=UnitKind.OLD_COMMUNE,
                                     level=UnitLevel.COMMUNE, historic=True, successor=world.old_a)
    AdminUnit.objects.create(code="03991", name="Xã Giải Thể", kind=UnitKind.OLD_COMMUNE, level=UnitLevel.COMMUNE,
                             historic=True)
    units = list(AdminUnit.objects.order_by("pk"))
    expected = {u.pk: _expected(u) for u in units}
    assert expected[older.pk] == (world.a.pk, world.p1.pk)
    placement = UnitPlacement()
    placement.LOAD_ALL_AFTER = load_all_after
    limit = 1 if load_all_after == 0 else 3 * len(units)  # one read of the territory, or a few per unit
    with django_assert_max_num_queries(limit):
        got = {u.pk: placement(u.pk) for u in units}
    assert got == expected
