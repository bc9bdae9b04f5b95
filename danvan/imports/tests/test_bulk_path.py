"""The fast path of a large import keeps the rules: rows that are not data, cells read once per distinct
value, the search index and the dashboards' cells after a bulk insert."""
import datetime

import openpyxl
import pytest
from django.db import connection

from danvan.core import search
from danvan.core import bulk
from danvan.imports.services import import_file
from danvan.imports.tests.conftest import save
from danvan.imports.validation import EMPTY, CellProblem, ColumnParser
from danvan.initiatives.columns import INITIATIVE_COLUMNS
from danvan.initiatives.models import Initiative

pytestmark = pytest.mark.django_db

HEADER = ["STT", "Tên mô hình", "Lĩnh vực", "Tổ chức chủ trì", "Năm đăng ký", "Ngày đăng ký"]
ORG = "Hội Nông dân Phổng Lái Mới"


def sheet(tmp_path, *rows, name="tep.xlsx"):
    wb = openpyxl.Workbook()
    wb.active.append(HEADER)
    for row in rows:
        wb.active.append(list(row))
    return save(wb, tmp_path, name)


def column(key):
    return next(c for c in INITIATIVE_COLUMNS if c.key == key)


def test_group_headings_total_rows_and_rows_of_spaces_are_not_data(world, tmp_path):
    path = sheet(
        tmp_path,
        [None, "I. LĨNH VỰC KINH TẾ", None, None, None, None],        # a group heading: skipped, said so
        [1, "Mô hình cánh đồng mẫu", "Kinh tế", ORG, 2024, "10/04/2024"],
        [None, "   ", " ", None, "  ", None],                          # spaces only: not a row at all
        [2, "Mô hình hũ gạo", "Văn hoá - xã hội", ORG, 2024, "12/04/2024"],
        ["Tổng cộng", None, None, None, 2, None],                      # the foot of the table: skipped, said so
    )

    outcome = import_file(path, "initiatives", user=world.users.staff_a)

    assert outcome.committed, outcome.issues
    assert outcome.counts["new"] == 2 and outcome.counts["skipped"] == 2 and outcome.counts["error_rows"] == 0
    skipped = {i["row"]: i["message"] for i in outcome.issues if "Bỏ qua dòng" in i["message"]}
    assert set(skipped) == {2, 6} and "tiêu đề nhóm" in skipped[2] and "tổng cộng" in skipped[6]
    assert set(Initiative.objects.filter(organization=world.orgs["a_farmers"], year=2024,
                                         title__startswith="Mô hình c").values_list("title", flat=True)) \
        == {"Mô hình cánh đồng mẫu"}


def test_skipped_rows_are_reported_in_row_order_and_a_total_row_of_spaces_is_no_row(world, tmp_path, monkeypatch):
    from danvan.imports.kinds.initiatives import InitiativeImporter

    monkeypatch.setattr(InitiativeImporter, "chunk_size", 2)
    path = sheet(
        tmp_path,
        [1, "Mô hình một", "Kinh tế", ORG, 2024, "01/01/2030"],      # an error: a registration in the future
        [None, "II. VĂN HOÁ – XÃ HỘI", None, None, None, None],
        [2, "Mô hình hai", "Kinh tế", ORG, 2024, "02/01/2030"],
        ["Tổng cộng", None, None, None, 2, None],
        ["Tổng cộng", "  ", None, None, None, None],                  # nothing in the table's columns
    )
    outcome = import_file(path, "initiatives", user=world.users.staff_a)
    assert [i["row"] for i in outcome.issues] == [2, 3, 4, 5]
    assert [i["level"] for i in outcome.issues] == ["error", "warning", "error", "warning"]
    assert outcome.counts["rows"] == 4 and outcome.counts["skipped"] == 2


def test_a_required_cell_of_spaces_is_missing_not_blank_text(world, tmp_path):
    path = sheet(tmp_path, [1, "Mô hình đường hoa", "   ", ORG, 2024, None])
    outcome = import_file(path, "initiatives", user=world.users.staff_a)
    assert not outcome.committed
    error = next(i for i in outcome.issues if i["level"] == "error")
    assert error["row"] == 2 and error["column"] == "C – Lĩnh vực" and "Chưa nhập" in error["message"]


def test_each_distinct_cell_is_read_once_but_one_and_true_stay_different():
    years = ColumnParser(column("year"))
    assert years.parse([2024, 2024.0, "2.024", True, None, "  "])[:4] == [2024, 2024, 2024, years.parse([True])[0]]
    first, again = years.parse([True, 1, 1.0])[0], years.parse([True])[0]
    assert type(first) is CellProblem and first is again                # remembered, not read again
    assert years.parse([1, 1.0]) == [1, 1]
    assert years.parse([None, " "]) == [EMPTY, EMPTY]
    fields = ColumnParser(column("field"))
    assert fields.parse(["KT", "kinh te", "Kinh tế"]) == ["economy"] * 3
    assert type(fields.parse(["Nông nghiệp"])[0]) is CellProblem


def test_a_column_that_never_repeats_stops_being_remembered_and_long_texts_never_are():
    titles = ColumnParser(column("title"))
    values = titles.parse([f"Mô hình số {i}" for i in range(ColumnParser.TRIAL)])
    assert values[7] == "Mô hình số 7" and not titles.remember and not titles.texts
    assert titles.parse(["  Mô   hình  "]) == ["Mô hình"]
    descriptions = ColumnParser(column("description"))
    long = "Thắp sáng đường quê " * 10
    assert descriptions.parse([long, None, None, "Ngắn"]) == [long.strip(), EMPTY, EMPTY, "Ngắn"]
    assert long not in descriptions.texts and "Ngắn" in descriptions.texts


def test_lookups_and_cell_writes_keep_within_the_databases_parameter_limit(world, tmp_path, monkeypatch):
    from danvan.stats import counts as aggregates
    from danvan.stats.counts import derive, rebuild, recount, stored
    from danvan.imports.kinds import records

    rebuild()
    monkeypatch.setattr(records, "max_query_params", lambda connection: 12)      # 2 sort keys a query
    monkeypatch.setattr(aggregates, "max_query_params", lambda connection: 16)   # 2 cells a statement
    rows = [[n, f"Mô hình giới hạn {n}", "Kinh tế", ORG, 2024, f"0{n}/03/2024"] for n in range(1, 8)]
    path = sheet(tmp_path, *rows)
    assert import_file(path, "initiatives", user=world.users.staff_a).counts["new"] == 7
    again = import_file(path, "initiatives", user=world.users.staff_a)
    assert (again.counts["new"], again.counts["existing"]) == (0, 7)
    assert stored() == derive(recount())


def test_imported_rows_are_found_by_search_and_the_index_trigger_is_back(world, tmp_path):
    table = Initiative._meta.db_table
    sqlite = connection.vendor == "sqlite"   # SQLite: an FTS5 index filled in bulk; PostgreSQL: its own GIN index
    rows = [[n, f"Mô hình thắp sáng bản Nậm Ty số {n}", "Kinh tế", ORG, 2024, "10/04/2024"] for n in range(1, 6)]
    assert import_file(sheet(tmp_path, *rows), "initiatives", user=world.users.staff_a).committed

    imported = set(Initiative.objects.filter(title__contains="Nậm Ty").values_list("pk", flat=True))
    assert len(imported) == 5
    # a nationwide search (on SQLite: through the FTS5 index) finds them
    assert set(Initiative.objects.filter(search.search_q("nam ty")).values_list("pk", flat=True)) == imported
    assert search.fts_usable(connection, table) == sqlite   # the insert trigger was dropped and created again
    if sqlite:
        assert set(search.matching_ids(Initiative, "nam ty")) == imported
    # a record saved after the import is indexed as always
    later = Initiative.objects.get(title="Mô hình thắp sáng bản Nậm Ty số 1")
    later.title = "Mô hình thắp sáng bản Pá Khoang"
    later.save()
    assert list(Initiative.objects.filter(search.search_q("pa khoang")).values_list("pk", flat=True)) == [later.pk]
    if sqlite:
        assert set(search.matching_ids(Initiative, "nam ty")) == imported - {later.pk}


def test_a_failed_import_leaves_nothing_and_the_search_index_as_it_was(world, tmp_path, monkeypatch):
    from danvan.imports.kinds.initiatives import InitiativeImporter

    monkeypatch.setattr(InitiativeImporter, "chunk_size", 1)   # row 2 is written before row 3 fails
    rows = [[1, "Mô hình A", "Kinh tế", ORG, 2024, None], [2, "Mô hình B", "Kinh tế", "Không có", 2024, None]]
    assert not import_file(sheet(tmp_path, *rows), "initiatives", user=world.users.staff_a).committed
    assert search.fts_usable(connection, Initiative._meta.db_table) == (connection.vendor == "sqlite")
    assert not Initiative.objects.filter(title__in=["Mô hình A", "Mô hình B"]).exists()
    assert not Initiative.objects.filter(search.search_q("mo hinh a")).filter(title="Mô hình A").exists()


def test_the_dashboard_cells_follow_a_file_of_many_chunks(world, tmp_path, monkeypatch):
    from danvan.stats.counts import derive, rebuild, recount, stored
    from danvan.imports.kinds.initiatives import InitiativeImporter

    rebuild()
    monkeypatch.setattr(InitiativeImporter, "chunk_size", 2)   # the cells are summed over six chunks
    rows = [[n, f"Mô hình {n}", ["Kinh tế", "Văn hoá - xã hội"][n % 2], ORG, 2020 + n % 5,
             datetime.date(2020 + n % 5, 1 + n % 12, 1 + n)] for n in range(1, 12)]
    assert import_file(sheet(tmp_path, *rows), "initiatives", user=world.users.staff_a).committed
    assert stored() == derive(recount())


def test_rows_written_in_bulk_get_the_ids_they_are_given_back_with(world):
    from django.db import transaction

    from danvan.initiatives.models import InitiativeTransition

    initiative = Initiative.objects.first()
    writer = bulk.RowWriter(InitiativeTransition, columns=("initiative_id", "to_status", "date"))
    with transaction.atomic():
        top = InitiativeTransition.objects.order_by("-pk").values_list("pk", flat=True).first()
        ids = writer.insert([(initiative.pk, "draft", datetime.date(2024, 1, n)) for n in range(1, 4)])
        assert ids == sorted(ids) and ids[0] > top
        if connection.vendor == "sqlite":   # the block right after the table's AUTOINCREMENT sequence
            assert ids == [top + 1, top + 2, top + 3]
        assert list(InitiativeTransition.objects.filter(pk__in=ids).order_by("pk").values_list("date", flat=True)) \
            == [datetime.date(2024, 1, n) for n in range(1, 4)]
