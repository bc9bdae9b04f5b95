"""Importing initiatives from the sheets communes really send: the acceptance checks of issue 5."""
import datetime
import unicodedata

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command

from danvan.core.audit import batches_of, timeline
from danvan.core.models import AuditBatch
from danvan.imports.services import import_file
from danvan.imports.tests.conftest import messy_initiatives, save
from danvan.initiatives.models import Field, Initiative, Scope, Status

pytestmark = pytest.mark.django_db

GOOD_ROWS = [
    {"title": "Thắp sáng đường quê", "field": "Kinh tế", "org": "Hội Nông dân Phổng Lái Mới",
     "unit": "Xã Phổng Lái", "year": 2024, "start": "15/03/2024", "scope": "Tập thể"},
    {"title": "Dân vận khéo trong hoà giải ở cơ sở", "field": "Văn hóa - Xã hội", "scope": "Cá nhân",
     "org": "Uỷ ban nhân dân Phổng Lái Mới", "unit": "Phổng Lái Mới", "year": "2.024", "start": "01/02/2024"},
    {"title": "Tổ tự quản an ninh trật tự", "field": "QP-AN", "org": "Hội Nông dân Phổng Lái Mới",
     "unit": "Xã Phổng Lái", "year": 2023, "start": datetime.date(2023, 5, 20)},
]
TITLES = [r["title"] for r in GOOD_ROWS]


def imported():
    return Initiative.objects.filter(title__in=TITLES)


def test_messy_workbook_gives_the_right_records(world, tmp_path):
    path = save(messy_initiatives(GOOD_ROWS), tmp_path)

    outcome = import_file(path, "initiatives", user=world.users.staff_a)

    assert outcome.committed, outcome.issues
    assert outcome.header_row == 4 and outcome.counts["new"] == 3
    records = {i.title: i for i in imported()}
    assert set(records) == set(TITLES)  # NFD titles are stored in NFC
    lights = records["Thắp sáng đường quê"]
    assert unicodedata.is_normalized("NFC", lights.title)
    assert (lights.field, lights.scope, lights.year) == (Field.ECONOMY, Scope.COLLECTIVE, 2024)
    assert lights.organization == world.orgs["a_farmers"]
    assert (lights.unit, lights.commune, lights.province) == (world.a, world.a, world.p1)
    assert lights.start_date == datetime.date(2024, 3, 15)       # "15/03/2024" typed as text
    assert lights.status == Status.REGISTERED and lights.registered_on == datetime.date(2024, 3, 15)
    assert lights.created_by == world.users.staff_a
    assert list(lights.transitions.values_list("from_status", "to_status")) == [("", "draft"), ("draft", "registered")]
    mediation = records["Dân vận khéo trong hoà giải ở cơ sở"]
    assert (mediation.field, mediation.scope, mediation.year) == (Field.CULTURE_SOCIETY, Scope.INDIVIDUAL, 2024)
    assert records["Tổ tự quản an ninh trật tự"].field == Field.DEFENCE_SECURITY
    assert records["Tổ tự quản an ninh trật tự"].start_date == datetime.date(2023, 5, 20)  # an Excel date
    # the old commune name was resolved through the lineage, with a warning naming the row and the change
    old_name = [i for i in outcome.issues if i["value"] == "Xã Phổng Lái"]
    assert {i["row"] for i in old_name} == {6, 8}
    assert all(i["level"] == "warning" and "Phổng Lái Mới" in i["message"] for i in old_name)
    # audited: the import is one logged action, with the file kept, and the record's history points to it
    [batch] = batches_of(lights)
    assert batch.actor == world.users.staff_a and batch.action == AuditBatch.Action.IMPORT
    assert batch.counts == {"initiatives.initiative": 3}
    assert batch.original_name == path.name and batch.file.read() == path.read_bytes()
    history = timeline(lights)
    assert history[0]["batch"] == batch.pk and path.name in history[0]["action"]
    assert not LogEntry.objects.get_for_object(lights).exists()  # the values are the file's: not written twice


def test_one_bad_row_imports_nothing_and_names_that_row(world, tmp_path):
    rows = GOOD_ROWS[:2] + [{**GOOD_ROWS[2], "year": "năm ngoái"}]
    path = save(messy_initiatives(rows), tmp_path)
    before = Initiative.objects.count()

    outcome = import_file(path, "initiatives", user=world.users.staff_a)

    assert not outcome.committed
    assert Initiative.objects.count() == before and not imported().exists()
    errors = [i for i in outcome.issues if i["level"] == "error"]
    assert len(errors) == 1 and outcome.counts["error_rows"] == 1
    assert errors[0]["row"] == 8 and errors[0]["column"] == "G – Năm" and errors[0]["value"] == "năm ngoái"
    assert "Không phải số" in errors[0]["message"]


def test_a_bad_row_in_a_later_chunk_rolls_back_the_rows_already_written(world, tmp_path, monkeypatch):
    from danvan.imports.kinds.initiatives import InitiativeImporter

    monkeypatch.setattr(InitiativeImporter, "chunk_size", 1)  # rows 6 and 7 are written before row 8 fails
    rows = GOOD_ROWS[:2] + [{**GOOD_ROWS[2], "org": "Không có tổ chức này"}]
    outcome = import_file(save(messy_initiatives(rows), tmp_path), "initiatives", user=world.users.staff_a)
    assert not outcome.committed and not imported().exists()
    assert [i["row"] for i in outcome.issues if i["level"] == "error"] == [8]


def test_importing_the_same_file_twice_leaves_one_copy(world, tmp_path):
    path = save(messy_initiatives(GOOD_ROWS), tmp_path)
    first = import_file(path, "initiatives", user=world.users.staff_a)
    ids = set(imported().values_list("pk", flat=True))

    second = import_file(path, "initiatives", user=world.users.staff_a)

    assert first.counts["new"] == 3 and second.committed
    assert (second.counts["new"], second.counts["existing"]) == (0, 3)
    assert set(imported().values_list("pk", flat=True)) == ids and imported().count() == 3


def test_a_row_repeated_in_the_file_is_imported_once(world, tmp_path):
    rows = GOOD_ROWS + [dict(GOOD_ROWS[0])]
    outcome = import_file(save(messy_initiatives(rows), tmp_path), "initiatives", user=world.users.staff_a)
    assert outcome.committed and outcome.counts["duplicate"] == 1 and imported().count() == 3
    assert any("Trùng với dòng 6" in i["message"] for i in outcome.issues)


def test_rows_of_another_communes_organisation_are_errors(world, tmp_path):
    rows = [GOOD_ROWS[0], {**GOOD_ROWS[1], "org": "Hội Nông dân Mường Bú", "unit": "Xã Mường Bú"}]
    outcome = import_file(save(messy_initiatives(rows), tmp_path), "initiatives", user=world.users.staff_a)
    assert not outcome.committed and not imported().exists()
    error = next(i for i in outcome.issues if i["level"] == "error")
    # the row's unit is outside the commune officer's scope: the message says where it is (issue 12)
    assert error["row"] == 7 and error["message"] == "Xã Mường Bú thuộc Tỉnh Sơn La, ngoài phạm vi của bạn."
    # the same file is fine for the province's staff, whose scope covers both communes
    outcome = import_file(save(messy_initiatives(rows), tmp_path, "p.xlsx"), "initiatives",
                          user=world.users.province_staff)
    assert outcome.committed and imported().count() == 2


def test_status_column_walks_the_lifecycle_and_needs_a_reason_where_the_services_do(world, tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Tên mô hình", "Lĩnh vực", "Tổ chức chủ trì", "Năm đăng ký", "Ngày đăng ký", "Trạng thái", "Lý do"])
    ws.append(["Mô hình A", "Kinh tế", "Hội Nông dân Phổng Lái Mới", 2024, "10/04/2024", "Đang thực hiện", None])
    ws.append(["Mô hình B", "Kinh tế", "Hội Nông dân Phổng Lái Mới", 2024, "10/04/2024", "Tạm dừng", None])
    path = save(wb, tmp_path)
    outcome = import_file(path, "initiatives", user=world.users.staff_a)
    assert not outcome.committed
    error = next(i for i in outcome.issues if i["level"] == "error")
    assert error["row"] == 3 and "Cần ghi lý do" in error["message"]

    ws["G3"] = "Thiếu kinh phí"
    outcome = import_file(save(wb, tmp_path), "initiatives", user=world.users.staff_a)
    assert outcome.committed, outcome.issues
    a = Initiative.objects.get(title="Mô hình A")
    assert a.status == Status.IMPLEMENTING and a.registered_on == datetime.date(2024, 4, 10)
    assert list(a.transitions.values_list("to_status", flat=True)) == ["draft", "registered", "implementing"]
    b = Initiative.objects.get(title="Mô hình B")
    assert b.status == Status.SUSPENDED and b.transitions.last().reason == "Thiếu kinh phí"


def test_only_the_province_may_import_a_recognised_initiative(world, tmp_path):
    """Recognition is the province's step (initiatives.workflow): the importer follows the same rule."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Tên mô hình", "Lĩnh vực", "Tổ chức chủ trì", "Năm đăng ký", "Ngày đăng ký", "Trạng thái", "Lý do"])
    ws.append(["Mô hình điển hình", "Kinh tế", "Hội Nông dân Phổng Lái Mới", 2024, "10/04/2024",
               "Được công nhận điển hình", "Điển hình cấp tỉnh"])
    outcome = import_file(save(wb, tmp_path), "initiatives", user=world.users.staff_a)
    assert not outcome.committed
    error = next(i for i in outcome.issues if i["level"] == "error")
    assert error["row"] == 2 and error["column"] and "Ban Dân vận cấp tỉnh" in error["message"]
    assert not Initiative.objects.filter(title="Mô hình điển hình").exists()

    outcome = import_file(save(wb, tmp_path, "p.xlsx"), "initiatives", user=world.users.province_staff)
    assert outcome.committed, outcome.issues
    made = Initiative.objects.get(title="Mô hình điển hình")
    assert made.status == Status.RECOGNISED and made.transitions.last().to_status == Status.RECOGNISED


def test_a_file_without_the_required_columns_says_which_are_missing(world, tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["Tên mô hình", "Ghi chú"])
    wb.active.append(["Mô hình A", "x"])
    outcome = import_file(save(wb, tmp_path), "initiatives", user=world.users.staff_a)
    assert not outcome.committed and "Lĩnh vực" in outcome.fatal and "Năm đăng ký" in outcome.fatal


def test_csv_files_import_too(world, tmp_path):
    path = tmp_path / "mo-hinh.csv"
    path.write_text("\ufeffTên mô hình;Lĩnh vực;Tổ chức chủ trì;Năm\n"
                    "Mô hình CSV;Kinh tế;Hội Nông dân Phổng Lái Mới;2025\n", encoding="utf-8")
    outcome = import_file(path, "initiatives", user=world.users.staff_a)
    assert outcome.committed, outcome.issues
    assert Initiative.objects.get(title="Mô hình CSV").organization == world.orgs["a_farmers"]


def test_command_line_imports_with_progress_and_refuses_bad_files(world, tmp_path, capsys):
    path = save(messy_initiatives(GOOD_ROWS), tmp_path)
    call_command("import", str(path), "--user", "bdv_a", "--dry-run")
    assert not imported().exists()
    assert "sẽ thêm 3 bản ghi" in capsys.readouterr().out

    call_command("import", str(path), "--user", "bdv_a")  # the kind is recognised from the headings
    captured = capsys.readouterr()
    assert "Đã nhập 3 bản ghi mới" in captured.out and "100%" in captured.err
    assert imported().count() == 3

    bad = save(messy_initiatives([{**GOOD_ROWS[0], "title": "Khác", "org": "Hội Nông dân Mường Bú"}]), tmp_path, "b.xlsx")
    with pytest.raises(CommandError, match="1 dòng có lỗi"):
        call_command("import", str(bad), "--user", "bdv_a", "--kind", "initiatives")
    assert "LỖI – dòng 6" in capsys.readouterr().out


def test_the_error_is_listed_even_after_hundreds_of_warnings(world, tmp_path):
    rows = [{**GOOD_ROWS[0], "title": f"Mô hình số {n}"} for n in range(350)]  # each warns: old commune name
    rows.append({**GOOD_ROWS[1], "field": "Thể thao"})
    outcome = import_file(save(messy_initiatives(rows), tmp_path), "initiatives", user=world.users.staff_a)
    assert not outcome.committed and outcome.counts["warnings"] >= 350 and outcome.omitted >= 50
    errors = [i for i in outcome.issues if i["level"] == "error"]
    assert [e["row"] for e in errors] == [6 + 350]
