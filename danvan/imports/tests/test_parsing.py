"""Reading headings and cells as people write them (property-based where it can be)."""
import datetime
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from danvan.core.exports import CHOICE
from danvan.core.text import fold
from danvan.imports.kinds import IMPORTERS
from danvan.imports.parsing import (
    HeaderMatcher, MergeFiller, column_letter, find_header, is_numbering_row, is_total_row,
)
from danvan.imports.validation import CellError, parse_choice, parse_date, parse_decimal, parse_int, parse_text

ALL_NAMES = [(kind, col, name) for kind, imp in IMPORTERS.items() for col in imp.columns
             for name in (str(col.header), *col.synonyms)]


def spell(name: str, how: int) -> str:
    """The ways one heading reaches us: NFD, no accents, upper case, a "(*)", a line break, extra spaces."""
    variants = [
        unicodedata.normalize("NFD", name),
        fold(name),
        name.upper(),
        f"{name} (*)",
        name.replace(" ", "\n", 1),
        f"  {name}:  ",
    ]
    return variants[how % len(variants)]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(ALL_NAMES), st.integers(0, 5))
def test_every_heading_and_synonym_is_recognised_however_it_is_written(item, how):
    kind, col, name = item
    found = HeaderMatcher(IMPORTERS[kind].columns).match(spell(name, how))
    assert found is not None and found.key == col.key, (kind, name, spell(name, how))


def test_no_two_columns_of_a_kind_share_a_heading():
    from danvan.imports.parsing import header_key

    for kind, imp in IMPORTERS.items():
        seen = {}
        for col in imp.columns:
            for name in (str(col.header), *col.synonyms):
                other = seen.setdefault(header_key(name), col.key)
                assert other == col.key, f"{kind}: '{name}' names both {other} and {col.key}"


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10**12))
def test_whole_numbers_with_vietnamese_grouping(n):
    grouped = f"{n:,}".replace(",", ".")
    assert parse_int(grouped) == n
    assert parse_int(float(n)) == n
    assert parse_int(f" {n} ") == n


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))
def test_amounts_with_a_decimal_comma(d):
    whole, frac = f"{d:.2f}".split(".")
    text = f"{int(whole):,}".replace(",", ".") + "," + frac
    assert parse_decimal(text) == d


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2100, 12, 31)))
def test_dates_as_text_or_excel_values(day):
    assert parse_date(day.strftime("%d/%m/%Y")) == day
    assert parse_date(f"{day.day}/{day.month}/{day.year}") == day
    assert parse_date(day.strftime("%d-%m-%Y")) == day
    assert parse_date(datetime.datetime(day.year, day.month, day.day)) == day
    assert parse_date(day.isoformat()) == day
    assert parse_date(float((day - datetime.date(1899, 12, 30)).days)) == day  # a date cell that lost its format


@pytest.mark.parametrize("text", ["31/02/2024", "2024", "hôm qua", "12/25/2024"])
def test_impossible_dates_are_refused_with_a_reason(text):
    with pytest.raises(CellError) as exc:
        parse_date(text)
    assert exc.value.message


def test_text_is_stored_in_nfc_and_a_defused_formula_loses_its_quote():
    assert parse_text(unicodedata.normalize("NFD", "  Dân   vận khéo ")) == "Dân vận khéo"
    assert parse_text("'=1+1") == "=1+1"
    assert parse_text("Dòng 1\r\nDòng  2") == "Dòng 1\nDòng 2"
    assert parse_text(2024.0) == "2024"


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([(kind, col) for kind, imp in IMPORTERS.items() for col in imp.columns if col.kind == CHOICE]),
       st.data())
def test_choices_by_label_code_or_spelling(item, data):
    kind, col = item
    value, label = data.draw(st.sampled_from(col.choices.choices))
    how = data.draw(st.integers(0, 3))
    text = [str(label), unicodedata.normalize("NFD", str(label)).upper(), fold(str(label)), value][how]
    assert parse_choice(text, col) == value


def test_the_header_is_found_below_title_rows_and_over_two_merged_lines():
    columns = IMPORTERS["initiatives"].columns
    rows = [
        ["UỶ BAN NHÂN DÂN XÃ A"], [],
        ["STT", "Thông tin mô hình", None, "Cơ quan chủ trì", "Năm"],
        [None, "Tên mô hình", "Lĩnh vực", None, None],
        ["(1)", "(2)", "(3)", "(4)", "(5)"],
    ]
    header = find_header(rows, HeaderMatcher(columns))
    assert header.row == 4
    assert {c: col.key for c, col in header.columns.items()} == {
        1: "title", 2: "field", 3: "organization", 4: "year"}
    assert is_numbering_row(rows[4])


@settings(max_examples=50, deadline=None)
@given(st.integers(0, 6), st.permutations(["Tên mô hình", "Lĩnh vực", "Tổ chức chủ trì", "Năm đăng ký", "Mô tả"]))
def test_the_header_is_found_whatever_the_title_rows_and_column_order(titles, order):
    rows = [[f"Tiêu đề {i}"] for i in range(titles)] + [list(order), ["x", "Kinh tế", "y", 2024, "z"]]
    header = find_header(rows, HeaderMatcher(IMPORTERS["initiatives"].columns))
    assert header.row == titles + 1
    keys = {"Tên mô hình": "title", "Lĩnh vực": "field", "Tổ chức chủ trì": "organization", "Năm đăng ký": "year",
            "Mô tả": "description"}
    assert [header.columns[i].key for i in range(5)] == [keys[h] for h in order]


def test_merged_cells_fill_the_header_and_vertical_merges_in_the_data():
    filler = MergeFiller([((0, 1), (0, 3)), ((2, 0), (4, 0)), ((3, 1), (3, 4))], header_end=0)
    assert filler.fill(0, ["STT", "Thông tin", None, None]) == ["STT", "Thông tin", "Thông tin", "Thông tin"]
    assert filler.fill(2, ["Hội Nông dân", "a"]) == ["Hội Nông dân", "a"]
    assert filler.fill(3, [None, "Nhóm I", None, None, None]) == ["Hội Nông dân", "Nhóm I", None, None, None]
    assert filler.fill(4, [None, "c"]) == ["Hội Nông dân", "c"]


def test_total_rows_and_column_letters():
    assert is_total_row(["Tổng cộng", None, 12])
    assert is_total_row([None, "TỔNG SỐ", 3])
    assert not is_total_row(["Tổ tự quản", "Kinh tế"])
    assert not is_numbering_row(["1", "Mô hình", "3"])
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]


def test_grouped_numbers_that_are_not_numbers_are_refused():
    for text in ("1.2.3", "abc", "12,3,4"):
        with pytest.raises(CellError):
            parse_decimal(text)
    assert parse_decimal("90.000.000 đ") == Decimal(90000000)
