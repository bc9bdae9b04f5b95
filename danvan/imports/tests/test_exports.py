"""Every list page exports exactly what it shows, and an exported .xlsx re-imports to the same records."""
import csv
import datetime
import io

import openpyxl
import pytest

from danvan.imports.services import import_file
from danvan.initiatives.models import Exemplar, Field, Initiative
from danvan.initiatives.services import register_initiative
from danvan.organizations.models import Organization

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    assert response.streaming, "exports are streamed, never built in memory"
    return b"".join(response.streaming_content)


def xlsx_rows(response):
    wb = openpyxl.load_workbook(io.BytesIO(body(response)), read_only=True)
    return [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]


@pytest.fixture
def more(world):
    """A few more initiatives in commune A (two fields, two years) and one in B."""
    made = []
    for n, (field, year) in enumerate([(Field.ECONOMY, 2023), (Field.ECONOMY, 2025), (Field.CULTURE_SOCIETY, 2024)]):
        made.append(register_initiative(Initiative(
            title=f"Mô hình {n} – “khéo” =SUM(A1)" if n == 0 else f"Mô hình {n}", field=field, year=year,
            organization=world.orgs["a"], start_date=datetime.date(2024, 3, 5 + n), description="Dòng 1\nDòng 2"),
            submit=True, date=datetime.date(2024, 4, 1)))
    register_initiative(Initiative(title="Mô hình ở Mường Bú", field=Field.ECONOMY, year=2024,
                                   organization=world.orgs["b"]), submit=True)
    return made


def test_the_xlsx_export_is_the_filtered_scoped_ordered_list(world, more, login):
    client = login(world.users.staff_a)
    response = client.get("/initiatives/?field=economy&sort=-year&export=xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="mo-hinh-')
    rows = xlsx_rows(response)
    header, data = rows[0], rows[1:]
    assert header[:3] == ["Mã", "Tên mô hình", "Lĩnh vực"]
    expected = Initiative.objects.visible_to(world.users.staff_a).filter(field=Field.ECONOMY).order_by("-year", "sort_key", "id")
    assert [r[0] for r in data] == list(expected.values_list("pk", flat=True))
    assert "Mô hình ở Mường Bú" not in [r[1] for r in data]  # another commune's record
    row = next(r for r in data if r[0] == more[0].pk)
    assert row[1] == "Mô hình 0 – “khéo” =SUM(A1)"  # text stays text, never a formula
    start = header.index("Ngày bắt đầu")
    assert row[start] == datetime.datetime(2024, 3, 5)  # a real date in the sheet (shown dd/mm/yyyy)
    assert row[header.index("Tổ chức chủ trì")] == world.orgs["a"].name
    assert row[header.index("Đơn vị hành chính")] == "Xã Phổng Lái Mới, Sơn La"


def test_the_csv_export_is_utf8_with_bom_and_vietnamese_dates(world, more, login):
    client = login(world.users.staff_a)
    raw = body(client.get("/initiatives/?field=economy&export=csv"))
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header = rows[0]
    row = next(r for r in rows if r[0] == str(more[0].pk))
    assert row[header.index("Ngày bắt đầu")] == "05/03/2024"
    assert row[header.index("Lĩnh vực")] == "Kinh tế"
    assert row[header.index("Tên mô hình")].startswith("Mô hình 0")
    assert len(rows) - 1 == Initiative.objects.visible_to(world.users.staff_a).filter(field=Field.ECONOMY).count()


def test_a_formula_like_text_is_defused_in_csv_and_restored_on_import(world, login, tmp_path):
    register_initiative(Initiative(title="=HYPERLINK(\"x\")", field=Field.ECONOMY, year=2024,
                                   organization=world.orgs["a"]), submit=True)
    raw = body(login(world.users.staff_a).get("/initiatives/?export=csv"))
    assert "'=HYPERLINK" in raw.decode("utf-8-sig")
    path = tmp_path / "x.csv"
    path.write_bytes(raw)
    before = Initiative.objects.count()
    outcome = import_file(path, "initiatives", user=world.users.staff_a)
    assert outcome.committed and Initiative.objects.count() == before and outcome.counts["new"] == 0


def test_an_exported_filtered_list_reimports_to_the_same_records(world, more, login, tmp_path):
    client = login(world.users.staff_a)
    path = tmp_path / "export.xlsx"
    path.write_bytes(body(client.get("/initiatives/?field=economy&export=xlsx")))
    exported = [r[0] for r in xlsx_rows(client.get("/initiatives/?field=economy&export=xlsx"))[1:]]
    before = sorted(Initiative.all_objects.values_list("pk", "version"))

    outcome = import_file(path, "initiatives", user=world.users.staff_a)

    assert outcome.committed and outcome.counts["new"] == 0
    assert outcome.counts["existing"] == len(exported) >= 3
    assert not [i for i in outcome.issues if i["level"] == "error"]
    assert not [i for i in outcome.issues if "khác ở" in i["message"]], outcome.issues  # nothing differs
    assert sorted(Initiative.all_objects.values_list("pk", "version")) == before


def test_exemplars_and_organisations_round_trip_too(world, login, tmp_path):
    client = login(world.users.staff_a)
    for url, kind, model in (("/exemplars/?export=xlsx", "exemplars", Exemplar),
                             ("/organizations/?export=xlsx", "organizations", Organization)):
        path = tmp_path / f"{kind}.xlsx"
        path.write_bytes(body(client.get(url)))
        before = model.objects.count()
        outcome = import_file(path, kind, user=world.users.staff_a)
        assert outcome.committed, (kind, outcome.issues)
        assert outcome.counts["new"] == 0 and outcome.counts["existing"] >= 1
        assert model.objects.count() == before


def test_lists_without_a_column_spec_export_their_table(world, login):
    client = login(world.users.staff_a)
    rows = list(csv.reader(io.StringIO(body(client.get("/units/?q=phong lai&export=csv")).decode("utf-8-sig"))))
    assert rows[0] == ["Mã", "Tên", "Loại", "Tỉnh/thành phố", "Nay là"]
    names = {r[1] for r in rows[1:]}
    assert {"Xã Phổng Lái", "Xã Phổng Lái Mới"} <= names
    old = next(r for r in rows[1:] if r[1] == "Xã Phổng Lái")
    assert old[2] == "Xã/phường/thị trấn (trước 2025)" and "Phổng Lái Mới" in old[4]


def test_an_unknown_export_format_is_a_clear_400(world, login):
    response = login(world.users.staff_a).get("/initiatives/?export=pdf")
    assert response.status_code == 400 and "Định dạng xuất" in response.content.decode()


def test_list_pages_offer_the_export_buttons(world, login):
    page = login(world.users.staff_a).get("/initiatives/?field=economy").content.decode()
    assert "export=xlsx" in page and "export=csv" in page and "Xuất Excel" in page
