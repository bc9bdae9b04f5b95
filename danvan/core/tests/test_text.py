"""Search folding, Vietnamese sort order and number parsing."""
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from danvan.core.text import fold, parse_vn_number, sort_key

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
vi_text = st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + " ", max_size=40)


@pytest.mark.parametrize("a,b", [
    ("Dân vận khéo", "dan van kheo"), ("DÂN VẬN KHÉO", "dan van kheo"), ("Đắk Lắk", "dak lak"),
    (unicodedata.normalize("NFD", "Dân vận khéo"), "dan van kheo"), ("  Thắp   sáng\tđường quê ", "thap sang duong que"),
])
def test_fold_examples(a, b):
    assert fold(a) == b


@given(vi_text)
def test_fold_is_the_same_for_nfc_nfd_and_case(text):
    folded = fold(text)
    assert fold(unicodedata.normalize("NFD", text)) == folded
    assert fold(text.upper()) == folded
    assert fold(folded) == folded
    assert folded.isascii()


@given(vi_text)
def test_sort_key_is_ascii_and_stable_under_normalisation(text):
    key = sort_key(text)
    assert key == sort_key(unicodedata.normalize("NFD", text))
    assert all(ch in "0123456789abcdefghijklmnopqrstuvwxyz" for ch in key)


def test_vietnamese_alphabetical_order():
    words = ["Yên", "ăn", "Đà Nẵng", "an", "Dương", "ơn", "ôn", "on", "mạ", "má", "ma", "mà", "mai", "ân", "bé"]
    assert sorted(words, key=sort_key) == [
        "an", "ăn", "ân", "bé", "Dương", "Đà Nẵng", "ma", "mà", "má", "mạ", "mai", "on", "ôn", "ơn", "Yên"]


@pytest.mark.parametrize("text,value", [
    ("1.234.567", Decimal(1234567)), ("1.234", Decimal(1234)), ("2,5", Decimal("2.5")), ("1.234,5", Decimal("1234.5")),
    ("90.000.000 đ", Decimal(90000000)), ("90 000 000", Decimal(90000000)), ("2.5", Decimal("2.5")), (92, Decimal(92)),
    ("-3", Decimal(-3)), ("750 VND", Decimal(750)),
])
def test_parse_vn_number(text, value):
    assert parse_vn_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "1.23.4,5", "NaN", "inf", None, "1,"])
def test_parse_vn_number_rejects(text):
    with pytest.raises(ValueError):
        parse_vn_number(text)


@given(st.integers(min_value=0, max_value=10**15))
def test_parse_vn_number_round_trips_grouped_integers(n):
    assert parse_vn_number(f"{n:,}".replace(",", ".")) == n
    assert parse_vn_number(str(n)) == n


@pytest.mark.parametrize("text", ["x²", "Ⅻ", "٣", "①"])
def test_sort_key_survives_unusual_digits(text):
    assert sort_key(text)
