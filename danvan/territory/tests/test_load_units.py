"""The territory data (CSV files) and its loader, on the real 2025 data set.

Loading ~14,000 units takes about a second, so it is done once per module (committed to the test
database, removed again at the end of the module); each test then runs in its own rolled-back
transaction on top of it.
"""
import collections
import unicodedata
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from danvan.territory.loader import DATA_DIR, HISTORIC_VALID_TO, load_units, read_csv
from danvan.territory.models import REFORM_DATE, AdminUnit, UnitKind, UnitLevel, UnitLineage
from danvan.territory.services import resolve_unit_name

CSV = {name: read_csv(DATA_DIR / f"{name}.csv") for name in (
    "provinces", "communes", "old_provinces", "districts", "old_communes", "lineage")}


# ---------------------------------------------------------------------------------------------
# The CSV files themselves (no database)
# ---------------------------------------------------------------------------------------------
def test_csv_counts_and_unique_codes():
    expected = {"provinces": 34, "communes": 3321, "old_provinces": 63, "districts": 696, "old_communes": 10035}
    for name, count in expected.items():
        codes = [r["code"] for r in CSV[name]]
        assert len(codes) == count, name
        assert len(set(codes)) == count, f"duplicate code in {name}"
        assert codes == sorted(codes), f"{name} is not sorted by code"


def test_csv_parents_exist():
    provinces = {r["code"] for r in CSV["provinces"]}
    old_provinces = {r["code"] for r in CSV["old_provinces"]}
    districts = {r["code"]: r for r in CSV["districts"]}
    assert all(r["province_code"] in provinces for r in CSV["communes"])
    assert all(r["province_code"] in old_provinces for r in CSV["districts"])
    for r in CSV["old_communes"]:
        assert r["district_code"] in districts
        assert districts[r["district_code"]]["province_code"] == r["province_code"]


def test_csv_kinds():
    cities = {r["short_name"] for r in CSV["provinces"] if r["kind"] == "city"}
    assert cities == {"Hà Nội", "Hải Phòng", "Huế", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"}
    assert all(r["name"].startswith("Tỉnh ") for r in CSV["provinces"] if r["kind"] == "province")
    kinds = collections.Counter(r["kind"] for r in CSV["communes"])
    assert set(kinds) == {"commune", "ward", "special_zone"}
    assert kinds["special_zone"] == 13
    prefix = {"commune": "Xã ", "ward": "Phường ", "special_zone": "Đặc khu "}
    assert all(r["name"].startswith(prefix[r["kind"]]) for r in CSV["communes"])


def test_csv_lineage_every_old_unit_has_exactly_one_primary():
    codes = {
        (1, False): {r["code"] for r in CSV["provinces"]}, (3, False): {r["code"] for r in CSV["communes"]},
        (1, True): {r["code"] for r in CSV["old_provinces"]}, (2, True): {r["code"] for r in CSV["districts"]},
        (3, True): {r["code"] for r in CSV["old_communes"]},
    }
    primaries = collections.Counter()
    seen = set()
    for r in CSV["lineage"]:
        old, new = (int(r["old_level"]), r["old_code"]), (int(r["new_level"]), r["new_code"])
        assert old[1] in codes[(old[0], True)], r
        assert new[1] in codes[(new[0], False)], r
        assert (old, new) not in seen, f"duplicate lineage row {r}"
        seen.add((old, new))
        primaries[old] += int(r["is_primary"])
    every_old = {(lvl, c) for (lvl, hist), cs in codes.items() if hist for c in cs}
    assert set(primaries) == every_old  # nothing unmapped
    assert set(primaries.values()) == {1}


def test_csv_primary_successor_levels():
    for r in CSV["lineage"]:
        if r["is_primary"] == "1":
            expected = {"1": "1", "2": "1", "3": "3"}[r["old_level"]]
            assert r["new_level"] == expected, r


# ---------------------------------------------------------------------------------------------
# The loader (data loaded once for the module)
# ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        was_empty = not AdminUnit.objects.exists()
        first = load_units()
        before = (AdminUnit.objects.count(), UnitLineage.objects.count())
        second = load_units()
        after = (AdminUnit.objects.count(), UnitLineage.objects.count())
        yield {"first": first, "second": second, "before": before, "after": after}
        if was_empty:  # leave the test database as we found it for the other modules
            UnitLineage.objects.all().delete()
            AdminUnit.objects.update(parent=None, province=None, successor=None)
            AdminUnit.objects.all().delete()


def unit(code, historic=False, level=UnitLevel.COMMUNE):
    return AdminUnit.objects.select_related("successor", "province", "parent").get(
        code=code, historic=historic, level=level)


@pytest.mark.django_db
def test_counts(loaded):
    assert AdminUnit.objects.provinces().count() == 34
    assert AdminUnit.objects.communes().count() == 3321
    assert AdminUnit.objects.filter(historic=True, level=UnitLevel.PROVINCE).count() == 63
    assert AdminUnit.objects.filter(historic=True, level=UnitLevel.DISTRICT).count() == 696
    assert AdminUnit.objects.filter(historic=True, level=UnitLevel.COMMUNE).count() == 10035
    assert UnitLineage.objects.count() == len(CSV["lineage"])
    counts = loaded["first"]
    assert counts["province"] + counts["city"] == 34
    assert counts["city"] == 6
    assert counts["commune"] + counts["ward"] + counts["special_zone"] == 3321
    assert counts["old_province"] == 63 and counts["district"] == 696 and counts["old_commune"] == 10035


@pytest.mark.django_db
def test_second_load_changes_nothing(loaded):
    assert loaded["before"] == loaded["after"] == (34 + 3321 + 63 + 696 + 10035, len(CSV["lineage"]))
    second = loaded["second"]
    assert (second["created"], second["updated"]) == (0, 0)
    assert (second["lineage_created"], second["lineage_updated"], second["lineage_deleted"]) == (0, 0, 0)


@pytest.mark.django_db
def test_reload_repairs_edits(loaded):
    hong_ha = unit("00097")
    AdminUnit.objects.filter(pk=hong_ha.pk).update(name="Sai tên", search_text="", latitude=None)
    phong_lai = unit("03724", historic=True)
    UnitLineage.objects.filter(old=phong_lai).update(is_primary=False)
    stray = UnitLineage.objects.create(old=phong_lai, new=hong_ha, is_primary=False)
    counts = load_units()
    assert counts["created"] == 0 and counts["updated"] == 1
    assert (counts["lineage_created"], counts["lineage_updated"], counts["lineage_deleted"]) == (0, 1, 1)
    hong_ha.refresh_from_db()
    assert hong_ha.name == "Phường Hồng Hà" and hong_ha.search_text and hong_ha.latitude
    assert not UnitLineage.objects.filter(pk=stray.pk).exists()
    assert phong_lai.successor_links.get().is_primary


@pytest.mark.django_db
def test_known_units(loaded):
    hanoi = unit("01", level=UnitLevel.PROVINCE)
    assert hanoi.name == "Thành phố Hà Nội" and hanoi.kind == UnitKind.CITY
    assert hanoi.province_id == hanoi.pk and hanoi.parent_id is None
    assert hanoi.valid_from == REFORM_DATE and hanoi.valid_to is None and hanoi.successor_id is None
    assert unit("14", level=UnitLevel.PROVINCE).kind == UnitKind.PROVINCE  # Tỉnh Sơn La
    hong_ha = unit("00097")
    assert hong_ha.name == "Phường Hồng Hà" and hong_ha.kind == UnitKind.WARD
    assert hong_ha.parent_id == hanoi.pk and hong_ha.province_id == hanoi.pk
    assert hong_ha.area_km2 == pytest.approx(15.09) and hong_ha.latitude == pytest.approx(21.0567)
    assert hong_ha.search_text == "phuong hong ha hong ha 00097"
    assert hong_ha.sort_key
    assert str(hong_ha) == "Phường Hồng Hà, Hà Nội"
    assert AdminUnit.objects.filter(sort_key="").count() == 0


@pytest.mark.django_db
def test_historic_units_have_current_successors(loaded):
    historic = AdminUnit.objects.filter(historic=True)
    assert not historic.filter(successor__isnull=True).exists()
    assert not historic.filter(successor__historic=True).exists()
    assert not historic.exclude(valid_to=HISTORIC_VALID_TO).exists()
    assert not historic.filter(valid_from__isnull=False).exists()
    assert not AdminUnit.objects.current().exclude(valid_from=REFORM_DATE).exists()
    # Old communes roll up into communes, old provinces and districts into provinces.
    assert not historic.filter(level=UnitLevel.COMMUNE).exclude(successor__level=UnitLevel.COMMUNE).exists()
    assert not historic.filter(level__lt=UnitLevel.COMMUNE).exclude(successor__level=UnitLevel.PROVINCE).exists()
    # successor == the primary lineage link, for every historic unit.
    primary = dict(UnitLineage.objects.filter(is_primary=True).values_list("old_id", "new_id"))
    assert primary == dict(historic.values_list("id", "successor_id"))
    # Parents and province of historic units are historic too.
    assert not historic.filter(parent__historic=False).exists()
    assert not historic.filter(province__historic=False).exists()
    assert not AdminUnit.objects.filter(province__isnull=True).exists()


@pytest.mark.django_db
def test_old_provinces_map_to_current_ones(loaded):
    def became(name):
        old = AdminUnit.objects.get(historic=True, level=UnitLevel.PROVINCE, short_name=name)
        return old.successor.short_name

    assert became("Bình Thuận") == "Lâm Đồng"
    assert became("Sóc Trăng") == "Cần Thơ"
    assert became("Hậu Giang") == "Cần Thơ"
    assert became("Phú Yên") == "Đắk Lắk"
    assert became("Đắk Lắk") == "Đắk Lắk"
    assert became("Hà Giang") == "Tuyên Quang"
    assert became("Bình Dương") == "Hồ Chí Minh"
    assert became("Bà Rịa - Vũng Tàu") == "Hồ Chí Minh"
    assert became("Quảng Bình") == "Quảng Trị"
    assert became("Hà Nội") == "Hà Nội"
    targets = collections.Counter(
        AdminUnit.objects.filter(historic=True, level=UnitLevel.PROVINCE).values_list("successor__code", flat=True))
    assert len(targets) == 34 and sum(targets.values()) == 63
    # Every one of the 63 becomes exactly one province (no province was split in 2025).
    assert not UnitLineage.objects.filter(old__level=UnitLevel.PROVINCE, is_primary=False).exists()


@pytest.mark.django_db
def test_district_maps_to_province_and_communes_roll_up(loaded):
    thuan_chau = AdminUnit.objects.get(historic=True, level=UnitLevel.DISTRICT, name="Huyện Thuận Châu")
    assert thuan_chau.successor.name == "Tỉnh Sơn La"
    assert thuan_chau.parent.name == "Tỉnh Sơn La" and thuan_chau.parent.historic
    phong_lai = AdminUnit.objects.get(historic=True, level=UnitLevel.COMMUNE, name="Xã Phổng Lái")
    assert phong_lai.code == "03724" and phong_lai.parent_id == thuan_chau.pk
    assert phong_lai.province.name == "Tỉnh Sơn La" and phong_lai.province.historic
    commune, province = phong_lai.current_commune_and_province()
    # converter_2025.json: tinhsonla/xabinhthuan <- Phổng Lái + Chiềng Pha (Thuận Châu)
    assert commune.name == "Xã Bình Thuận" and commune.code == "03724"
    assert province.name == "Tỉnh Sơn La" and not province.historic


@pytest.mark.django_db
def test_split_commune_has_one_primary(loaded):
    # Thị trấn Tây Đằng (Ba Vì, Hà Nội) was divided between Xã Quảng Oai and Xã Minh Châu;
    # Quảng Oai kept its code 09619, so it is the primary successor.
    tay_dang = unit("09619", historic=True)
    assert tay_dang.name == "Thị trấn Tây Đằng"
    links = list(tay_dang.successor_links.select_related("new").order_by("new__code"))
    assert [(lk.new.name, lk.is_primary) for lk in links] == [("Xã Quảng Oai", True), ("Xã Minh Châu", False)]
    assert all(lk.date == REFORM_DATE for lk in links)
    assert tay_dang.successor.name == "Xã Quảng Oai"
    assert set(tay_dang.became().values_list("name", flat=True)) == {"Xã Quảng Oai", "Xã Minh Châu"}
    # In general: every split commune has exactly one primary link.
    multi = (UnitLineage.objects.filter(old__level=UnitLevel.COMMUNE).values("old")
             .annotate(n=Count("id"))
             .filter(n__gt=1))
    assert multi.count() == 471
    primaries = collections.Counter(
        UnitLineage.objects.filter(old__in=multi.values("old"), is_primary=True).values_list("old", flat=True))
    assert len(primaries) == 471 and set(primaries.values()) == {1}


@pytest.mark.django_db
def test_island_district_becomes_special_zone(loaded):
    con_dao = AdminUnit.objects.get(historic=True, level=UnitLevel.DISTRICT, name="Huyện Côn Đảo")
    assert con_dao.successor.name == "Thành phố Hồ Chí Minh"
    assert {u.name for u in con_dao.became()} == {"Thành phố Hồ Chí Minh", "Đặc khu Côn Đảo"}


# ---------------------------------------------------------------------------------------------
# resolve_unit_name
# ---------------------------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("text", [
    "phong lai", "Phổng Lái", "Xã Phổng Lái", "XA PHONG LAI", "  xã   phổng  lái ",
    unicodedata.normalize("NFD", "Xã Phổng Lái"),
])
def test_resolve_historic_commune(loaded, text):
    found, warning = resolve_unit_name(text)
    assert found.name == "Xã Bình Thuận" and found.province.name == "Tỉnh Sơn La" and not found.historic
    assert warning.startswith("Đơn vị cũ 'Xã Phổng Lái' (trước 01/07/2025) đã được chuyển thành 'Xã Bình Thuận'")


@pytest.mark.django_db
def test_resolve_with_province(loaded):
    son_la = unit("14", level=UnitLevel.PROVINCE)
    assert resolve_unit_name("phong lai", province=son_la)[0].name == "Xã Bình Thuận"
    assert resolve_unit_name("phong lai", province="Sơn La")[0].name == "Xã Bình Thuận"
    found, warning = resolve_unit_name("phong lai", province="Hà Nội")
    assert found is None and "Hà Nội" in warning
    found, warning = resolve_unit_name("Xã Phổng Lái, Huyện Thuận Châu, Tỉnh Sơn La")
    assert found.name == "Xã Bình Thuận" and warning
    # "Phường 1" exists in three old towns of Sóc Trăng: the old district tells them apart.
    assert resolve_unit_name("Phường 1", province="Sóc Trăng")[0] is None
    found, warning = resolve_unit_name("Phường 1, Thị xã Vĩnh Châu, Tỉnh Sóc Trăng")
    assert found.name == "Phường Vĩnh Châu" and found.province.name == "Thành phố Cần Thơ"
    assert warning.startswith("Đơn vị cũ 'Phường 1' (trước 01/07/2025)")


@pytest.mark.django_db
def test_resolve_current_units(loaded):
    assert resolve_unit_name("Phường Hồng Hà") == (unit("00097"), None)
    assert resolve_unit_name("hong ha", province="Hà Nội") == (unit("00097"), None)
    assert resolve_unit_name("00097") == (unit("00097"), None)
    hanoi = unit("01", level=UnitLevel.PROVINCE)
    assert resolve_unit_name("01") == (hanoi, None)
    assert resolve_unit_name("ha noi", level=UnitLevel.PROVINCE) == (hanoi, None)
    assert resolve_unit_name("Thành phố Hà Nội") == (hanoi, None)
    assert resolve_unit_name("TP Hồ Chí Minh")[0].code == "79"


@pytest.mark.django_db
def test_resolve_old_province_and_district(loaded):
    found, warning = resolve_unit_name("Bình Thuận", level=UnitLevel.PROVINCE)
    assert found.name == "Tỉnh Lâm Đồng"
    assert warning == "Đơn vị cũ 'Tỉnh Bình Thuận' (trước 01/07/2025) đã được chuyển thành 'Tỉnh Lâm Đồng'"
    found, warning = resolve_unit_name("Tỉnh Sóc Trăng")
    assert found.name == "Thành phố Cần Thơ" and "Sóc Trăng" in warning
    found, warning = resolve_unit_name("Huyện Thuận Châu")
    assert found.name == "Tỉnh Sơn La" and "không còn cấp huyện" in warning


@pytest.mark.django_db
def test_resolve_ambiguous_and_unknown(loaded):
    found, warning = resolve_unit_name("Phường 1")
    assert found is None and "không rõ ràng" in warning
    found, warning = resolve_unit_name("Bình Thuận")  # communes in several provinces
    assert found is None and "không rõ ràng" in warning
    found, warning = resolve_unit_name("Bình Thuận", province="Sơn La")
    assert found.name == "Xã Bình Thuận" and warning is None
    found, warning = resolve_unit_name("Không Có Xã Này")
    assert found is None and "Không tìm thấy" in warning
    assert resolve_unit_name("")[0] is None


@pytest.mark.django_db
def test_load_units_command(loaded):
    out = StringIO()
    call_command("load_units", stdout=out)
    text = out.getvalue()
    assert "34 tỉnh/thành phố, 3.321 xã/phường/đặc khu, 63 tỉnh cũ, 696 huyện cũ, 10.035 xã cũ" in text
    assert f"{len(CSV['lineage']):,} liên kết kế thừa".replace(",", ".") in text
    assert "Thêm mới 0, cập nhật 0 đơn vị" in text
