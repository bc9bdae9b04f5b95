"""The importer's fast unit look-up answers exactly as territory.services.resolve_unit_name does."""
import random
import unicodedata

import pytest

from danvan.imports.lookups import UnitIndex
from danvan.territory.models import AdminUnit
from danvan.territory.services import resolve_unit_name

pytestmark = pytest.mark.django_db


def same(text, province=None, district=None):
    fast = UnitIndex().find(text, province, district)
    slow = resolve_unit_name(text, province=province, district=district)
    assert (fast[0] and fast[0].pk, fast[1]) == (slow[0] and slow[0].pk, slow[1]), (text, province, district)
    return fast


def test_world_names_resolve_as_the_territory_service_does(world):
    texts = ["Xã Phổng Lái", "Phổng Lái", "xa phong lai", unicodedata.normalize("NFD", "Xã Phổng Lái"),
             "Xã Phổng Lái, Sơn La", "Xã Phổng Lái, Huyện Thuận Châu, Tỉnh Sơn La", "Xã Phổng Lái Mới",
             "Phổng Lái Mới, Tỉnh Sơn La", "Xã Mường Bú", "Phường Buôn Ma Thuột", "Buôn Ma Thuột, Đắk Lắk",
             "Xã Mường Bú, Đắk Lắk", "Tỉnh Sơn La", "Huyện Thuận Châu", "Xã Không Có", "04000", "P. Buôn Ma Thuột"]
    for text in texts:
        same(text)
    unit, warning = same("Xã Phổng Lái", "Sơn La")
    assert unit == world.a and "Phổng Lái Mới" in warning


def test_a_sample_of_the_real_territory_resolves_the_same_both_ways(db):
    from danvan.territory.loader import load_units

    load_units()
    rng = random.Random(5)
    units = list(AdminUnit.objects.select_related("province", "successor__province").order_by("pk"))
    for unit in rng.sample(units, 40):
        province = unit.successor.province if unit.historic and unit.successor_id else unit.province
        same(unit.name)
        same(unit.short_name)
        if province is not None:
            same(f"{unit.name}, {province.short_name}")
            same(unit.name, province.name)
