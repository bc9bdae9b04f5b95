"""Sheets written the way commune cadres write them (issue 12, item 16): organisation names as people write
them, where an out-of-scope unit is, formulas without a value, files that are not spreadsheets, every error
of every row in one pass, and the money column."""

import openpyxl
import pytest

from danvan.imports.services import import_file
from danvan.imports.tests.conftest import save
from danvan.initiatives.models import Indicator, Initiative, MeasureUnit
from danvan.organizations.models import Organization, OrganizationKind
from danvan.territory.models import UnitKind, UnitLevel
from danvan.conftest import make_unit

pytestmark = pytest.mark.django_db

HEADER = ["STT", "Tên mô hình", "Lĩnh vực", "Cơ quan, đơn vị chủ trì", "Xã, phường", "Năm", "Kinh phí (đồng)"]


def sheet(rows, header=HEADER):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["DANH SÁCH MÔ HÌNH DÂN VẬN KHÉO"])
    ws.append(header)
    for n, row in enumerate(rows, start=1):
        ws.append([n, *row])
    return wb


@pytest.fixture
def commune(world):
    """Commune A's organisations as a commune has them, and one kept from the old commune merged into it."""
    a = world.a
    made = {}
    for key, kind, name in [
        ("police", OrganizationKind.POLICE, "Công an xã Phổng Lái Mới"),
        ("front", OrganizationKind.FATHERLAND_FRONT, "Ủy ban Mặt trận Tổ quốc Việt Nam xã Phổng Lái Mới"),
        ("women", OrganizationKind.WOMEN, "Hội Liên hiệp Phụ nữ xã Phổng Lái Mới"),
        ("youth", OrganizationKind.YOUTH, "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã Phổng Lái Mới"),
        ("veterans", OrganizationKind.VETERANS, "Hội Cựu chiến binh xã Phổng Lái Mới"),
    ]:
        made[key] = Organization.objects.create(kind=kind, name=name, unit=a)
    made["old_farmers"] = Organization.objects.create(kind=OrganizationKind.FARMERS, name="Hội Nông dân xã Phổng Lái",
                                                     unit=world.old_a)
    return made


def issues(outcome, level=None):
    return [i for i in outcome.issues if level is None or i["level"] == level]


def test_organisation_names_as_cadres_write_them_are_resolved_with_a_warning(world, commune, tmp_path):
    rows = [
        ["Thắp sáng đường quê", "Kinh tế", "HND", "Xã Phổng Lái Mới", 2024, None],
        ["Camera an ninh", "QP-AN", "Công an xã", "Xã Phổng Lái Mới", 2024, None],
        ["Ngày thứ bảy tình nguyện", "VH-XH", "ĐTN", "Xã Phổng Lái Mới", 2024, None],
        ["Phụ nữ tiết kiệm", "VH-XH", "Hội Phụ nữ", "Xã Phổng Lái Mới", 2024, None],
        ["Đại đoàn kết toàn dân", "VH-XH", "UBMTTQ xã", "Xã Phổng Lái Mới", 2024, None],
        ["Cựu chiến binh giúp nhau", "Kinh tế", "CCB", "Xã Phổng Lái Mới", 2024, None],
        ["Chính quyền thân thiện", "HTCT", "UBND xã Phổng Lái Mới", "Xã Phổng Lái Mới", 2024, None],
        ["Hội viên nuôi cá", "Kinh tế", "Hội Nông dân xã", "Xã Phổng Lái Mới", 2024, None],
        ["Phụ nữ làm kinh tế", "Kinh tế", "HLHPN", None, 2024, None],  # no unit: the user's own commune
    ]
    outcome = import_file(save(sheet(rows), tmp_path), "initiatives", user=world.users.staff_a)

    assert outcome.committed, issues(outcome, "error")
    got = {i.title: i.organization for i in Initiative.objects.filter(title__in=[r[0] for r in rows])}
    assert got["Thắp sáng đường quê"] == world.orgs["a_farmers"]       # not the old commune's
    assert got["Hội viên nuôi cá"] == world.orgs["a_farmers"]
    assert got["Camera an ninh"] == commune["police"]
    assert got["Ngày thứ bảy tình nguyện"] == commune["youth"]
    assert got["Phụ nữ tiết kiệm"] == got["Phụ nữ làm kinh tế"] == commune["women"]
    assert got["Đại đoàn kết toàn dân"] == commune["front"]
    assert got["Cựu chiến binh giúp nhau"] == commune["veterans"]
    assert got["Chính quyền thân thiện"] == world.orgs["a"]
    said = {i["row"]: i["message"] for i in issues(outcome, "warning") if i["column"].startswith("D")}
    assert "đã chọn “Hội Nông dân Phổng Lái Mới”" in said[3] and "Hội Nông dân xã Phổng Lái" in said[3]
    assert said[4] == f"“Công an xã” được hiểu là “Công an xã Phổng Lái Mới” (mã {commune['police'].pk})."
    assert "“HLHPN” được hiểu là “Hội Liên hiệp Phụ nữ xã Phổng Lái Mới”" in said[11]


def test_real_ambiguity_lists_the_candidates_and_imports_nothing(world, commune, tmp_path):
    second = Organization.objects.create(kind=OrganizationKind.POLICE, name="Công an xã Phổng Lái Mới – Đồn 2",
                                         unit=world.a)
    rows = [["Camera an ninh", "QP-AN", "Công an", "Xã Phổng Lái Mới", 2024, None],
            ["Thắp sáng đường quê", "Kinh tế", "HND", "Xã Phổng Lái Mới", 2024, None]]
    outcome = import_file(save(sheet(rows), tmp_path), "initiatives", user=world.users.staff_a)

    assert not outcome.committed and not Initiative.objects.filter(title="Thắp sáng đường quê").exists()
    [error] = issues(outcome, "error")
    assert error["row"] == 3 and error["column"] == "D – Cơ quan, đơn vị chủ trì"
    assert error["message"] == (
        f"“Công an” tại “Xã Phổng Lái Mới” có thể là 2 tổ chức: “Công an xã Phổng Lái Mới” (mã {commune['police'].pk}), "
        f"“Công an xã Phổng Lái Mới – Đồn 2” (mã {second.pk}). Hãy ghi tên đầy đủ hoặc cột Mã tổ chức.")


def test_a_unit_outside_the_users_scope_says_where_it_is(world, tmp_path):
    danang = make_unit("48", "Thành phố Đà Nẵng", UnitKind.CITY, UnitLevel.PROVINCE)
    make_unit("20300", "Xã Thăng Trường", UnitKind.COMMUNE, UnitLevel.COMMUNE, parent=danang)
    rows = [["Thắp sáng đường quê", "Kinh tế", "Hội Nông dân", "Xã Thăng Trường", 2024, None]]
    outcome = import_file(save(sheet(rows), tmp_path), "initiatives", user=world.users.staff_a)

    [error] = issues(outcome, "error")
    assert error["column"] == "E – Xã, phường"
    assert error["message"] == "Xã Thăng Trường thuộc Thành phố Đà Nẵng, ngoài phạm vi của bạn."


def test_every_error_of_every_row_is_listed_in_one_pass(world, commune, tmp_path):
    rows = [
        ["Thắp sáng đường quê", "Kinh tế", "HND", "Xã Phổng Lái Mới", 2024, None],
        ["", "Nông nghiệp", "Hội Làm Vườn", "Xã Phổng Lái Mới", "năm ngoái", None],
        ["Camera an ninh", "QP-AN", "Công an xã", "Xã Không Có", 2031, None],
    ]
    before = Initiative.objects.count()
    outcome = import_file(save(sheet(rows), tmp_path), "initiatives", user=world.users.staff_a)

    assert not outcome.committed and Initiative.objects.count() == before
    errors = {(i["row"], i["column"][0]) for i in issues(outcome, "error")}
    assert {(4, "B"), (4, "C"), (4, "D"), (4, "F"), (5, "E"), (5, "F")} <= errors
    assert outcome.counts["error_rows"] == 2
    messages = [i["message"] for i in issues(outcome, "error") if i["row"] == 4]
    assert any("Hội Làm Vườn" in m for m in messages) and any("Không phải số" in m for m in messages)


def test_a_formula_with_no_computed_value_is_not_said_to_be_empty(world, tmp_path):
    # openpyxl, like many tools, writes formulas without their computed value
    rows = [["Thắp sáng đường quê", "Kinh tế", "Hội Nông dân Phổng Lái Mới", "Xã Phổng Lái Mới", "=2020+4", None]]
    outcome = import_file(save(sheet(rows), tmp_path), "initiatives", user=world.users.staff_a)

    [error] = issues(outcome, "error")
    assert error["column"] == "F – Năm" and "Chưa nhập" not in error["message"]
    assert "công thức" in error["message"] and "mở tệp bằng Excel, lưu lại" in error["message"]


@pytest.mark.parametrize("content, said", [
    (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n" * 40, "không phải bảng tính"),
    (b"PK\x03\x04" + b"\x00" * 600, "Tệp bị hỏng"),
])
def test_a_file_that_is_not_a_spreadsheet_says_so_in_vietnamese(world, tmp_path, content, said):
    path = tmp_path / "danh sach.xlsx"
    path.write_bytes(content)

    outcome = import_file(path, "initiatives", user=world.users.staff_a)

    assert not outcome.committed and said in outcome.fatal
    assert not any(word in outcome.fatal for word in ("Error", "error", "zip", "Traceback", "calamine"))


def test_the_money_column_becomes_the_initiatives_budget_indicator(world, tmp_path):
    rows = [
        ["Thắp sáng đường quê", "Kinh tế", "Hội Nông dân Phổng Lái Mới", "Xã Phổng Lái Mới", 2024, "12.000.000 đ"],
        ["Nhà nhân ái", "VH-XH", "Hội Nông dân Phổng Lái Mới", "Xã Phổng Lái Mới", 2024, "1,5 triệu"],
        ["Đường hoa", "VH-XH", "Hội Nông dân Phổng Lái Mới", "Xã Phổng Lái Mới", 2024, 1234567],
        ["Camera an ninh", "QP-AN", "Hội Nông dân Phổng Lái Mới", "Xã Phổng Lái Mới", 2024, None],
    ]
    outcome = import_file(save(sheet(rows), tmp_path), "initiatives", user=world.users.staff_a)

    assert outcome.committed, issues(outcome)
    assert not any("Kinh phí" in i["message"] for i in issues(outcome))   # not dropped with a warning
    budgets = {i.initiative.title: (i.name, i.measure_unit, i.target)
               for i in Indicator.objects.filter(initiative__title__in=[r[0] for r in rows])}
    assert budgets == {"Thắp sáng đường quê": ("Kinh phí", MeasureUnit.VND, 12_000_000),
                       "Nhà nhân ái": ("Kinh phí", MeasureUnit.VND, 1_500_000),
                       "Đường hoa": ("Kinh phí", MeasureUnit.VND, 1_234_567)}


def test_a_bad_amount_is_an_error_in_vietnamese_and_nothing_is_written(world, tmp_path):
    rows = [["Thắp sáng đường quê", "Kinh tế", "Hội Nông dân Phổng Lái Mới", "Xã Phổng Lái Mới", 2024, "1,5"],
            ["Nhà nhân ái", "VH-XH", "Hội Nông dân Phổng Lái Mới", "Xã Phổng Lái Mới", 2024, "khoảng 3 triệu"]]
    outcome = import_file(save(sheet(rows), tmp_path), "initiatives", user=world.users.staff_a)

    assert not outcome.committed and not Indicator.objects.filter(name="Kinh phí").exists()
    said = {i["row"]: i["message"] for i in issues(outcome, "error")}
    assert said == {3: "Số tiền phải là số đồng chẵn (không có phần lẻ dưới 1 đồng).",
                    4: "Không phải số tiền (ví dụ đúng: 12.000.000 đ, 1,5 triệu, 2 tỷ)."}


def test_a_money_column_headed_in_millions_is_read_in_millions(world, tmp_path):
    rows = [["Thắp sáng đường quê", "Kinh tế", "Hội Nông dân Phổng Lái Mới", "Xã Phổng Lái Mới", 2024, 1.5],
            ["Nhà nhân ái", "VH-XH", "Hội Nông dân Phổng Lái Mới", "Xã Phổng Lái Mới", 2024, "90"]]
    header = [*HEADER[:-1], "Kinh phí (triệu đồng)"]
    outcome = import_file(save(sheet(rows, header), tmp_path), "initiatives", user=world.users.staff_a)

    assert outcome.committed, issues(outcome)
    assert {i.initiative.title: i.target for i in Indicator.objects.filter(name="Kinh phí")} == {
        "Thắp sáng đường quê": 1_500_000, "Nhà nhân ái": 90_000_000}


def test_indicator_values_list_a_rows_every_error_at_once(world, tmp_path):
    rows = [[999999, "Số hộ tham gia", "hộ", "ngày mai", 12],
            [None, "Số hộ tham gia", "hộ", "01/02/2025", "mười"]]
    wb = sheet([[r[0], r[1], r[2], r[3], r[4]] for r in rows], ["STT", "Mã mô hình", "Chỉ tiêu", "Đơn vị tính", "Ngày",
                                                                 "Giá trị"])
    wb.active["B4"] = None
    wb.active.append([3, None, "Số hộ tham gia", "hộ", "01/02/2025", 5])
    wb.active["B5"] = None
    outcome = import_file(save(wb, tmp_path), "indicator_values", user=world.users.staff_a)

    errors = {(i["row"], i["column"][:1]) for i in issues(outcome, "error")}
    assert {(3, "B"), (3, "E")} <= errors           # unknown initiative and a bad date, in one pass
    assert (4, "F") in errors and (4, "B") in errors  # a bad value and no initiative named
    assert not outcome.committed
