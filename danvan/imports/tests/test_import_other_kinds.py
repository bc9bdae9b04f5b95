"""Exemplars, organisations and indicator values: the same flow, each through its own rules."""
import datetime
from decimal import Decimal

import openpyxl
import pytest

from danvan.imports.services import import_file
from danvan.imports.tests.conftest import nfd, save
from danvan.initiatives.models import Exemplar, ExemplarKind, Indicator, IndicatorValue, MeasureUnit
from danvan.initiatives.services import add_indicator
from danvan.organizations.models import Organization, OrganizationKind

pytestmark = pytest.mark.django_db


def workbook(title_rows, header, rows):
    wb = openpyxl.Workbook()
    for t in title_rows:
        wb.active.append([t])
    wb.active.append(header)
    for row in rows:
        wb.active.append(row)
    return wb


def test_indicator_values_from_a_messy_sheet(world, tmp_path):
    """Numbers written "1.234", dates as dd/mm/yyyy text, NFD text, an old commune name for the place."""
    initiative = world.records["a_farmers"]  # "Mô hình sen – cá" of the Farmers' Association of commune A
    gifts = add_indicator(initiative, name="Suất quà", measure_unit=MeasureUnit.GIFTS, target=2000)
    wb = workbook(["BÁO CÁO KẾT QUẢ THỰC HIỆN MÔ HÌNH"],
                  ["STT", "Tên mô hình", "Đơn vị chủ trì", "Xã, phường", "Chỉ tiêu", "ĐVT", "Ngày báo cáo", "Số lượng"],
                  [[1, nfd("Mô hình sen – cá"), nfd("Hội Nông dân Phổng Lái Mới"), "Xã Phổng Lái", "Suất quà", None,
                    "15/06/2025", "1.234"],
                   [2, "Mô hình sen – cá", "Hội Nông dân Phổng Lái Mới", "Xã Phổng Lái", nfd("Số tiền huy động"),
                    "đồng", "30/06/2025", "90.000.000"],
                   [3, None, None, None, None, None, None, None]])
    path = save(wb, tmp_path)

    outcome = import_file(path, "indicator_values", user=world.users.staff_a)

    assert outcome.committed, outcome.issues
    assert outcome.counts["new"] == 2
    value = IndicatorValue.objects.get(indicator=gifts)
    assert value.value == Decimal(1234) and value.date == datetime.date(2025, 6, 15)
    money = Indicator.objects.get(initiative=initiative, name="Số tiền huy động")  # added, with a warning
    assert money.measure_unit == MeasureUnit.VND and money.values.get().value == Decimal(90_000_000)
    assert any("Đã thêm chỉ tiêu mới" in i["message"] for i in outcome.issues)
    assert any(i["value"] == "Xã Phổng Lái" and "Phổng Lái Mới" in i["message"] for i in outcome.issues)
    initiative.refresh_from_db()
    assert initiative.last_progress_at == datetime.date(2025, 6, 30)
    assert initiative.progress_updates.count() == 2

    again = import_file(path, "indicator_values", user=world.users.staff_a)
    assert again.committed and (again.counts["new"], again.counts["existing"]) == (0, 2)
    assert IndicatorValue.objects.filter(indicator__initiative=initiative).count() == 2


def test_indicator_values_keep_the_services_rules(world, tmp_path):
    initiative = world.records["a"]
    wb = workbook([], ["Mã mô hình", "Chỉ tiêu", "Đơn vị tính", "Ngày", "Giá trị"],
                  [[initiative.pk, "Ngày công", "ngày công", "01/03/2025", "-5"],
                   [world.records["b"].pk, "Ngày công", "ngày công", "01/03/2025", "5"]])
    outcome = import_file(save(wb, tmp_path), "indicator_values", user=world.users.staff_a)
    assert not outcome.committed and not Indicator.objects.filter(name="Ngày công").exists()
    errors = {i["row"]: i["message"] for i in outcome.issues if i["level"] == "error"}
    assert "không được âm" in errors[2]                       # record_progress's own rule
    assert "trong phạm vi bạn được sửa" in errors[3]          # commune B's initiative


def test_exemplars_import_once(world, tmp_path):
    wb = workbook(["DANH SÁCH ĐIỂN HÌNH TIÊN TIẾN"], ["Họ và tên", "Cá nhân/tập thể", "Lĩnh vực", "Tổ chức", "Năm",
                                                    "Thành tích nổi bật"],
                  [[nfd("Bà Lò Thị Hoa"), "Cá nhân", "Kinh tế", "Hội Nông dân Phổng Lái Mới", "2.024", "Nuôi cá giỏi"],
                   ["Chi hội Phụ nữ bản Nà Sài", "Tập thể", "VH-XH", "Uỷ ban nhân dân Phổng Lái Mới", 2025, ""]])
    path = save(wb, tmp_path)
    outcome = import_file(path, "exemplars", user=world.users.staff_a)
    assert outcome.committed, outcome.issues
    hoa = Exemplar.objects.get(name="Bà Lò Thị Hoa")
    assert (hoa.kind, hoa.year, hoa.commune) == (ExemplarKind.INDIVIDUAL, 2024, world.a)
    assert Exemplar.objects.get(name="Chi hội Phụ nữ bản Nà Sài").kind == ExemplarKind.COLLECTIVE
    again = import_file(path, "exemplars", user=world.users.staff_a)
    assert again.counts["new"] == 0 and Exemplar.objects.filter(name="Bà Lò Thị Hoa").count() == 1


def test_organisations_through_their_service_with_parents_from_the_same_file(world, tmp_path):
    wb = workbook([], ["Tên tổ chức", "Loại tổ chức", "Xã/phường", "Tổ chức cấp trên"],
                  [["Chi bộ bản Nà Sài", "Chi bộ", "Xã Phổng Lái", None],
                   ["Tổ hoà giải bản Nà Sài", "Khác", "Xã Phổng Lái Mới", "Chi bộ bản Nà Sài"]])
    path = save(wb, tmp_path)
    preview = import_file(path, "organizations", user=world.users.staff_a, commit=False)
    assert preview.ok and preview.counts["new"] == 2 and not Organization.objects.filter(name__contains="Nà Sài").exists()

    outcome = import_file(path, "organizations", user=world.users.staff_a)
    assert outcome.committed, outcome.issues
    cell = Organization.objects.get(name="Chi bộ bản Nà Sài")
    assert (cell.kind, cell.unit, cell.commune) == (OrganizationKind.PARTY_CELL, world.a, world.a)
    assert Organization.objects.get(name="Tổ hoà giải bản Nà Sài").parent == cell
    assert import_file(path, "organizations", user=world.users.staff_a).counts["new"] == 0


def test_organisations_outside_the_importers_scope_are_refused(world, tmp_path):
    wb = workbook([], ["Tên tổ chức", "Loại tổ chức", "Xã/phường"],
                  [["Chi bộ bản Pá Ban", "Chi bộ", "Xã Mường Bú"]])
    outcome = import_file(save(wb, tmp_path), "organizations", user=world.users.staff_a)
    assert not outcome.committed and not Organization.objects.filter(name="Chi bộ bản Pá Ban").exists()
    error = next(i for i in outcome.issues if i["level"] == "error")
    assert error["row"] == 2 and "phạm vi" in error["message"]
