"""The money parser reads amounts as cadres write them (property tests)."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from danvan.imports.validation import MAX_VND, CellError, money_scale, parse_vnd


def grouped(n: int) -> str:
    return f"{n:,}".replace(",", ".")


amounts = st.integers(min_value=0, max_value=MAX_VND)


@given(amounts, st.sampled_from(["", " đ", "đ", " đồng", " VNĐ", " vnd", " Đồng"]))
def test_grouped_amounts_with_or_without_the_currency(n, suffix):
    assert parse_vnd(grouped(n) + suffix) == n
    assert parse_vnd(f"{n}{suffix}") == n


@given(amounts)
def test_numbers_from_excel(n):
    assert parse_vnd(n) == n
    assert parse_vnd(float(n)) == n if n < 2**53 else True


@given(st.integers(min_value=0, max_value=999_999), st.integers(min_value=0, max_value=9),
       st.sampled_from([" triệu", " tr", " triệu đồng", "tr"]))
def test_millions_with_a_decimal_comma(m, tenth, word):
    assert parse_vnd(f"{m},{tenth}{word}") == m * 1_000_000 + tenth * 100_000
    assert parse_vnd(f"{grouped(m)}{word}") == m * 1_000_000


@given(st.integers(min_value=0, max_value=999), st.sampled_from([(" tỷ", 10**9), (" nghìn", 1000), ("k", 1000),
                                                                  (" ngàn đồng", 1000)]))
def test_other_scales(n, scale):
    word, factor = scale
    assert parse_vnd(f"{n}{word}") == n * factor


@given(st.integers(min_value=1, max_value=10**6))
def test_negative_amounts_are_refused(n):
    with pytest.raises(CellError, match="âm"):
        parse_vnd(f"-{grouped(n)}")


@pytest.mark.parametrize("text", ["khoảng 3 triệu", "ba triệu", "12.000.000 USD", "1,5", "abc", "1.234,56 đ"])
def test_what_is_not_an_amount_of_whole_dong(text):
    with pytest.raises(CellError):
        parse_vnd(text)


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=9))
def test_a_column_headed_in_millions_scales_plain_numbers(m, tenth):
    scale = money_scale("G – Kinh phí (triệu đồng)")
    assert scale == 1_000_000 and money_scale("Kinh phí (đồng)") == 1 and money_scale("Kinh phí (nghìn đ)") == 1000
    assert parse_vnd(f"{m},{tenth}", scale) == m * 1_000_000 + tenth * 100_000
    assert parse_vnd(m, scale) == m * 1_000_000
    assert parse_vnd(f"{grouped(m)} đ", scale) == m * 1_000_000   # (an "đ" alone does not undo the heading)
    assert parse_vnd("2 tỷ", scale) == 2 * 10**9                  # a scale written in the cell wins
