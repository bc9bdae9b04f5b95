"""Official documents: the Word report in the Party's format and its Excel annex, opened and read back.

Every number in the files must equal reporting.figures.figures() for the same unit and period.
"""
import datetime
import io
import re
from types import SimpleNamespace

import openpyxl
import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from danvan.initiatives.models import Exemplar, Field, Initiative, MeasureUnit, Scope, Status
from danvan.initiatives.services import add_indicator, create_exemplar, record_progress, register_initiative, transition
from danvan.stats import breakdowns as rollups
from danvan.documents.content import build_content, narrative_of
from danvan.documents.docx_report import render_docx
from danvan.documents.units import UnknownUnit, parse_unit
from danvan.documents.xlsx_annex import render_xlsx
from danvan.stats.figures import figures
from danvan.stats.periods import parse_period

YEAR = parse_period("2025")
ISSUED = datetime.date(2026, 2, 5)
D = datetime.date


def _initiative(org, title, field, *, on, scope=Scope.COLLECTIVE, unit=None):
    ini = Initiative(title=title, field=field, scope=scope, organization=org, year=on.year, unit=unit)
    return register_initiative(ini, submit=True, date=on)


@pytest.fixture
def registry(world):
    """2025 and 2024 records in province P1 (communes A, B, the province's own bodies, the old commune that
    became A) and one in P2, with indicator values."""
    o = world.orgs
    a1 = _initiative(o["a"], "Thắp sáng đường quê", Field.ECONOMY, on=D(2025, 3, 1))
    _initiative(o["a_farmers"], "Sen kết hợp nuôi cá", Field.ECONOMY, on=D(2025, 3, 2), scope=Scope.INDIVIDUAL)
    a3 = _initiative(o["a"], "Công chức xin lỗi dân khi trễ hẹn", Field.POLITICAL_SYSTEM, on=D(2025, 4, 1))
    transition(a1, Status.IMPLEMENTING, date=D(2025, 5, 1))
    transition(a3, Status.NOT_IMPLEMENTED, date=D(2025, 8, 1), reason="Không bố trí được kinh phí")
    b1 = _initiative(o["b"], "Tiếng loa an ninh", Field.DEFENCE_SECURITY, on=D(2025, 2, 1))
    _initiative(o["b"], "Khu dân cư không khiếu kiện vượt cấp", Field.DEFENCE_SECURITY, on=D(2025, 2, 3))
    _initiative(o["b"], "Chi hội phụ nữ kiểu mẫu", Field.CULTURE_SOCIETY, on=D(2024, 6, 1))
    _initiative(o["p1"], "Chính quyền điện tử", Field.POLITICAL_SYSTEM, on=D(2025, 4, 10))
    # Registered in 2024 against the old commune Phổng Lái, which became A.
    _initiative(o["a"], "Năm không ba sạch", Field.CULTURE_SOCIETY, on=D(2024, 5, 1), unit=world.old_a)
    _initiative(o["c"], "Đối thoại với doanh nghiệp", Field.ECONOMY, on=D(2025, 6, 1))
    create_exemplar(Exemplar(name="Bà Lò Thị Xuân", field=Field.POLITICAL_SYSTEM, organization=o["p1"],
                             unit=world.p1, year=2025))
    for measure, value in ((MeasureUnit.VND, 90_000_000), (MeasureUnit.GIFTS, 750), (MeasureUnit.WORK_DAYS, 92)):
        indicator = add_indicator(a1, name=str(measure), measure_unit=measure)
        record_progress(a1, text="Kết quả quý II", date=D(2025, 6, 30), values={indicator.pk: value})
    houses = add_indicator(b1, name="Nhà Mái ấm công đoàn", measure_unit=MeasureUnit.HOUSES)
    record_progress(b1, text="Bàn giao nhà", date=D(2025, 9, 2), values={houses.pk: 3})
    return world


def _docx(data: bytes):
    return Document(io.BytesIO(data))


def _texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def _rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def _vn(n: int) -> str:
    return f"{n:,}".replace(",", ".")


# --- content: the same numbers as figures() -----------------------------------------------------------------

@pytest.mark.django_db
def test_every_table_adds_up_to_the_figures(registry):
    w = registry
    for unit in (w.p1, w.a, w.old_p1, w.old_a, None):
        f = figures(unit, YEAR)
        c = build_content(unit, YEAR, issued_on=ISSUED)
        assert c.table("field").totals() == [f.initiatives.value, f.exemplars.value]
        assert c.table("status").totals() == [f.initiatives.value]
        assert c.table("scope").totals() == [f.initiatives.value]
        assert c.table("organization_kind").totals() == [f.initiatives.value, f.exemplars.value]
        units = c.table("units")
        if unit is None or unit.level != 3:
            totals = units.totals()
            assert totals[0] == f.initiatives.value and totals[-1] == f.exemplars.value
            assert totals[-2] == f.new.value
            assert totals[1:5] == [v["initiatives"].value for v in f.by_field.values()]
        else:
            assert units is None  # a commune has no units below it
    # Hand-counted for P1 in 2025: A 3 + the old commune's 1, B 3, the province's own 1; C is in P2.
    f = figures(w.p1, YEAR)
    assert f.initiatives.value == 8 and f.new.value == 6 and f.exemplars.value == 3
    # The per-commune table: A carries the record of the old commune it absorbed; province bodies get a row.
    units = {r.label: r.values for r in build_content(w.p1, YEAR).table("units").rows}
    assert units["Xã Phổng Lái Mới"][0] == 4 and units["Xã Mường Bú"][0] == 3
    assert units["Cơ quan, tổ chức cấp tỉnh"][0] == 1


@pytest.mark.django_db
def test_units_below_is_one_group_by_not_a_query_per_commune(registry, django_assert_max_num_queries):
    # the communes' year cells (or, counted live, initiatives by (commune, field) and exemplars by commune),
    # the list of communes: at most 3 queries.
    with django_assert_max_num_queries(3):
        rows = rollups.units_below(registry.p1, YEAR)
    assert [r.label for r in rows][:2] == ["Xã Mường Bú", "Xã Phổng Lái Mới"]  # Vietnamese order


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["2025", "2021-2025", "2025-H1"])
def test_the_national_and_province_reports_read_the_count_tables_in_a_few_queries(
        registry, code, django_assert_max_num_queries):
    """Whole provinces and the nation are read from the count tables (a fixed number of queries whatever the
    number of records), and say what counting the records says."""
    from danvan.stats import figures as figures_module
    from danvan.stats.figures import exemplars_in, initiatives_in

    period = parse_period(code)
    for unit, budget in ((None, 10), (registry.p1, 10)):
        with django_assert_max_num_queries(budget):
            content = build_content(unit, period)
        records = {"initiative": initiatives_in(unit), "exemplar": exemplars_in(unit)}
        counted = figures_module._batch(records, None, period, None, {None: unit})[None]  # the live count
        assert content.figures.as_dict() == counted.as_dict()
        assert content.figures.initiatives.value > 0
        key = "province_id" if unit is None else "commune_id"

        def plain(rows):
            return {k: (r.total, {f: r.by_field.get(f, 0) for f in Field.values}, r.new, r.exemplars)
                    for k, r in rows.items()}
        cells = rollups._rows_from_cells(unit, period, None, key)
        if cells is not None:  # whole years: the units' rows from the cells are the rows counted
            assert plain(cells) == plain(rollups._rows_counted(unit, period, None, key))


@pytest.mark.django_db
def test_figures_are_scoped_to_the_user(registry):
    c = build_content(registry.p1, YEAR, user=registry.users.staff_a)
    assert c.figures.initiatives.value == 4  # only commune A's (incl. the old commune's)
    assert {r.label: r.values[0] for r in c.table("units").rows}["Xã Mường Bú"] == 0


# --- the Word report -----------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_province_report_in_the_partys_format(registry):
    w = registry
    f = figures(w.p1, YEAR)
    doc = _docx(render_docx(build_content(w.p1, YEAR, issued_on=ISSUED)))

    header = doc.tables[0]
    left = header.cell(0, 0).paragraphs
    assert [p.text for p in left] == ["TỈNH UỶ SƠN LA", "BAN DÂN VẬN", "*"]
    assert left[1].runs[0].bold and not left[0].runs[0].bold
    party = header.cell(0, 1).paragraphs[0]
    assert party.text == "ĐẢNG CỘNG SẢN VIỆT NAM" and party.runs[0].bold and party.runs[0].underline
    assert re.fullmatch(r"Số\s+-BC/BDVTU", header.cell(1, 0).text)  # the office fills in the number
    date = header.cell(1, 1).paragraphs[0]
    assert date.text == "Sơn La, ngày 05 tháng 02 năm 2026" and date.runs[0].italic
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}

    texts = _texts(doc)
    assert "BÁO CÁO" in texts
    assert "Kết quả thực hiện phong trào thi đua “Dân vận khéo” năm 2025" in texts
    for heading in ("I. KẾT QUẢ ĐẠT ĐƯỢC", "II. HẠN CHẾ, NGUYÊN NHÂN", "III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"):
        assert heading in texts
    body = "\n".join(texts)
    # 8 initiatives at the end of 2025 against 2 at the end of 2024; 6 new against 2 new in 2024.
    assert "Tính đến ngày 31/12/2025, toàn tỉnh có 8 mô hình “Dân vận khéo” (7 mô hình tập thể, 1 mô hình cá nhân), " \
           "tăng 6 so với năm 2024; trong năm 2025 đăng ký mới 6 mô hình, tăng 4 so với năm 2024." in body
    assert "Trong năm 2025 có 1 mô hình đăng ký nhưng được xác định không triển khai (luỹ kế 1 mô hình); " \
           "đến ngày 31/12/2025 còn 6 mô hình đã đăng ký chưa triển khai thực hiện." in body
    assert not re.search(r"\b0 (mô hình|điển hình)", body)  # sentences never state zeros
    assert "90.000.000 đồng" in body

    by_field = _rows(doc.tables[1])
    assert by_field[0] == ["TT", "Lĩnh vực", "Mô hình (luỹ kế)", "Điển hình (trong kỳ)"]
    assert [r[1:] for r in by_field[1:-1]] == [
        [str(v["label"]), str(v["initiatives"].value), str(v["exemplars"].value)] for v in f.by_field.values()]
    assert by_field[-1][1:] == ["Tổng cộng", str(f.initiatives.value), str(f.exemplars.value)]
    status = {r[1]: r[2] for r in _rows(doc.tables[2])[1:]}
    assert status["Đang thực hiện"] == str(f.by_status[Status.IMPLEMENTING].value) == "1"
    assert status["Tổng cộng"] == "8"
    indicators = {r[1]: r[2:] for r in _rows(doc.tables[3])[1:]}
    assert indicators["Kinh phí vận động, huy động"] == ["đồng", "90.000.000"]
    assert indicators["Nhà xây mới, sửa chữa"] == ["nhà", "3"]
    assert doc.tables[1].rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # header repeats on a new page

    signature = doc.tables[-1]
    assert "Nơi nhận:" in signature.cell(0, 0).text and "Ban Dân vận Trung ương" in signature.cell(0, 0).text
    assert signature.cell(0, 1).paragraphs[0].text == "TRƯỞNG BAN"


@pytest.mark.django_db
def test_report_is_a4_with_the_margins_and_times_new_roman(registry):
    doc = _docx(render_docx(build_content(registry.p1, YEAR, issued_on=ISSUED)))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # stored in twips
    assert 20 <= round(section.top_margin.mm) <= 25 and 20 <= round(section.bottom_margin.mm) <= 25
    assert 30 <= round(section.left_margin.mm) <= 35 and 15 <= round(section.right_margin.mm) <= 20
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman" and Pt(13) <= normal.font.size <= Pt(14)
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "Times New Roman" and fonts.get(qn("w:asciiTheme")) is None
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "Times New Roman"
    for style in doc.styles:  # no style may fall back to a theme font (Calibri, Cambria…)
        rpr = getattr(style.element, "rPr", None)
        if rpr is not None and rpr.find(qn("w:rFonts")) is not None:
            assert rpr.find(qn("w:rFonts")).get(qn("w:asciiTheme")) is None, style.name
    runs = [r for p in doc.paragraphs for r in p.runs]
    runs += [r for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs]
    assert {r.font.name for r in runs} <= {None, "Times New Roman"}
    assert {r.font.size for r in runs if r.font.size} <= {Pt(12), Pt(13), Pt(14), Pt(15), Pt(16)}


@pytest.mark.django_db
def test_commune_report_is_issued_by_the_commune_party_committee(registry):
    w = registry
    doc = _docx(render_docx(build_content(w.a, YEAR, issued_on=D(2026, 11, 23), number="12",
                                          signer="Lò Văn Minh")))
    header = doc.tables[0]
    assert [p.text for p in header.cell(0, 0).paragraphs] == ["ĐẢNG BỘ TỈNH SƠN LA", "ĐẢNG UỶ XÃ PHỔNG LÁI MỚI", "*"]
    assert header.cell(1, 0).text == "Số 12-BC/ĐU"
    assert header.cell(1, 1).text == "Phổng Lái Mới, ngày 23 tháng 11 năm 2026"
    signature = doc.tables[-1].cell(0, 1)
    assert [p.text for p in signature.paragraphs if p.text] == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Lò Văn Minh"]
    body = "\n".join(_texts(doc))
    assert "toàn xã có 4 mô hình" in body  # 3 of 2025 and the old commune's of 2024


@pytest.mark.django_db
def test_historic_province_report_is_issued_by_its_successor(registry):
    w = registry
    f = figures(w.old_p1, YEAR)
    doc = _docx(render_docx(build_content(w.old_p1, YEAR, issued_on=ISSUED)))
    assert [p.text for p in doc.tables[0].cell(0, 0).paragraphs][:2] == ["TỈNH UỶ SƠN LA", "BAN DÂN VẬN"]
    texts = _texts(doc)
    assert "Kết quả thực hiện phong trào thi đua “Dân vận khéo” năm 2025 trên địa bàn tỉnh Sơn La (cũ)" in texts
    assert _rows(doc.tables[1])[-1][2:] == [str(f.initiatives.value), str(f.exemplars.value)]


@pytest.mark.django_db
def test_narrative_of_a_periodic_report_fills_the_sections(registry):
    report = SimpleNamespace(  # a PeriodicReport's narrative fields
        results="", limitations="Một số chi bộ chưa quan tâm đôn đốc.", causes="Cán bộ vùng cao còn thiếu.",
        directions="Nhân rộng mô hình sen – cá.\nKiểm tra các mô hình chưa triển khai.")
    doc = _docx(render_docx(build_content(registry.a, YEAR, narrative=narrative_of(report))))
    texts = _texts(doc)
    for line in ("Một số chi bộ chưa quan tâm đôn đốc.", "Cán bộ vùng cao còn thiếu.", "Nhân rộng mô hình sen – cá.",
                 "Kiểm tra các mô hình chưa triển khai."):
        assert line in texts
    assert "(Đơn vị bổ sung nhận xét, đánh giá cụ thể.)" not in texts


# --- the Excel annex -----------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_annex_has_one_sheet_per_table_with_sums_that_check_out(registry):
    w = registry
    f = figures(w.p1, YEAR)
    data = render_xlsx(build_content(w.p1, YEAR, issued_on=ISSUED))
    wb, values = openpyxl.load_workbook(io.BytesIO(data)), openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    assert wb.sheetnames == ["1. Theo lĩnh vực", "2. Theo tình trạng", "3. Theo phạm vi", "4. Theo loại tổ chức",
                             "5. Theo đơn vị", "6. Chỉ tiêu"]
    ws, cached = wb["1. Theo lĩnh vực"], values["1. Theo lĩnh vực"]
    assert ws["A1"].value == "Biểu 1. Mô hình, điển hình “Dân vận khéo” theo lĩnh vực"
    assert [c.value for c in ws[5]] == ["TT", "Lĩnh vực", "Mô hình (luỹ kế)", "Điển hình (trong kỳ)"]
    assert ws.freeze_panes == "A6"
    assert [ws.cell(row=r, column=3).value for r in range(6, 10)] == [
        v["initiatives"].value for v in f.by_field.values()]
    assert ws["B10"].value == "Tổng cộng"
    assert ws["C10"].value == "=SUM(C6:C9)" and ws["D10"].value == "=SUM(D6:D9)"
    assert cached["C10"].value == f.initiatives.value and cached["D10"].value == f.exemplars.value
    assert ws["C6"].number_format == "[$-42A]#,##0"
    assert ws["C6"].font.name == "Times New Roman" and ws["A1"].font.name == "Times New Roman"
    assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "portrait"
    # Fit to one page wide (fitToWidth's default, 1, is left out of the file), any number of pages tall.
    assert ws.sheet_properties.pageSetUpPr.fitToPage and (ws.page_setup.fitToWidth or 1) == 1
    assert int(ws.page_setup.fitToHeight) == 0
    assert ws.print_title_rows == "$5:$5"

    units = wb["5. Theo đơn vị"]
    assert units.page_setup.orientation == "landscape"
    assert units["C5"].value == "Mô hình (luỹ kế đến 31/12/2025)" and units["C6"].value == "Tổng số" and units["D6"].value == "Kinh tế"
    assert units.freeze_panes == "C7" and units.print_title_rows == "$5:$6"
    rows = [[c.value for c in row] for row in units.iter_rows(min_row=7)]
    labelled = {r[1]: r[2:] for r in rows if r[1]}
    assert labelled["Xã Phổng Lái Mới"][0] == 4 and labelled["Cơ quan, tổ chức cấp tỉnh"][0] == 1
    last = 7 + len(build_content(w.p1, YEAR).table("units").rows)
    assert units.cell(row=last, column=2).value == "Tổng cộng"
    assert units.cell(row=last, column=3).value == f"=SUM(C7:C{last - 1})"
    assert values["5. Theo đơn vị"].cell(row=last, column=3).value == f.initiatives.value

    indicators = {r[1]: r[2:] for r in wb["6. Chỉ tiêu"].iter_rows(min_row=6, values_only=True) if r[1]}
    assert indicators["Kinh phí vận động, huy động"] == ("đồng", 90_000_000)
    assert indicators["Ngày công lao động"] == ("ngày công", 92)


@pytest.mark.django_db
def test_commune_annex_has_no_units_sheet(registry):
    wb = openpyxl.load_workbook(io.BytesIO(render_xlsx(build_content(registry.a, YEAR))))
    assert "5. Theo đơn vị" not in wb.sheetnames and wb.sheetnames[-1] == "5. Chỉ tiêu"


# --- reading a unit as users write it -------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("text, expected", [
    ("14", "p1"), ("old:14", "old_p1"), ("cu:03997", "old_a"), ("04000", "a"), ("VN", None), ("toàn quốc", None),
    ("Sơn La", "p1"), ("son la", "p1"), ("Mường Bú", "b"), ("old:Sơn La", "old_p1"), ("old:phong lai", "old_a"),
])
def test_parse_unit(world, text, expected):
    assert parse_unit(text) == (getattr(world, expected) if expected else None)


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["99", "old:99", "", "Hà Nội"])
def test_parse_unit_says_what_is_wrong(world, text):
    with pytest.raises(UnknownUnit) as exc:
        parse_unit(text)
    assert "old:" in exc.value.message or "Chưa chọn" in exc.value.message


@pytest.mark.django_db
def test_a_name_shared_by_two_units_asks_for_the_code(world):
    from danvan.conftest import make_unit
    from danvan.territory.models import UnitKind, UnitLevel

    make_unit("24100", "Xã Mường Bú", UnitKind.COMMUNE, UnitLevel.COMMUNE, parent=world.p2)
    with pytest.raises(UnknownUnit) as exc:
        parse_unit("Mường Bú")
    assert "04100 Xã Mường Bú, Sơn La" in exc.value.message and "24100 Xã Mường Bú, Đắk Lắk" in exc.value.message
