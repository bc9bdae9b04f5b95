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


# ------------------------------------------------------------------------------------------------------
# fold(), sort_key() and normalize() run from per-character tables (str.translate) and str.split(); the
# references below apply the rules to the whole text at once (fold and normalize as first written, with a
# regex; sort_key cluster by cluster). Both must agree on any text.
# ------------------------------------------------------------------------------------------------------
import re  # noqa: E402

from danvan.core.text import normalize  # noqa: E402

_SPACES = re.compile(r"\s+")


def reference_fold(text):
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", str(text))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("đ", "d").replace("Đ", "D").replace("ð", "d").replace("Ð", "D")
    return _SPACES.sub(" ", stripped.casefold()).strip()


def reference_sort_key(text, length=200):
    """The key built cluster by cluster over the whole text (what the tables hold, one character at a time)."""
    from danvan.core.text import _sort_key_by_clusters

    if not text:
        return ""
    return _sort_key_by_clusters(str(text).casefold().strip())[:length]


def reference_normalize(text):
    return "" if text is None else _SPACES.sub(" ", unicodedata.normalize("NFC", str(text))).strip()


# Vietnamese letters, loose combining marks (NFD input, a mark with no letter before it), letters whose
# decomposition begins with a mark (Tibetan), Hangul (one character, three jamo), ligatures, odd spaces.
TRICKY = VIETNAMESE + VIETNAMESE.upper() + " \t\n\u00a0\u2003\u0301\u0300\u0323\u0309\u0303\u0306\u0302\u031b" \
    "\u0f73\u0f75\uac00İıßﬁǅΐ\u0344ðĐđ0123456789٣²①"
tricky_text = st.text(alphabet=TRICKY, max_size=30) | st.text(max_size=30)


@given(tricky_text)
def test_fold_sort_key_and_normalize_follow_the_rules_for_any_text(text):
    for value in (text, unicodedata.normalize("NFD", text), unicodedata.normalize("NFC", text)):
        assert fold(value) == reference_fold(value)
        assert sort_key(value) == reference_sort_key(value)
        assert sort_key(value, length=7) == reference_sort_key(value, length=7)
        assert normalize(value) == reference_normalize(value)


def test_every_single_character_folds_and_sorts_by_the_rules():
    # The tables are filled character by character, so each entry is checked: the whole BMP, and beyond
    # it every character that is a mark or decomposes (the rest maps to itself like any plain letter).
    astral = [c for c in range(0x10000, 0x110000)
              if unicodedata.combining(chr(c)) or unicodedata.decomposition(chr(c))]
    for codepoint in [*range(0x10000), *astral]:
        ch = chr(codepoint)
        assert fold(ch) == reference_fold(ch), hex(codepoint)
        assert sort_key("a" + ch + "b") == reference_sort_key("a" + ch + "b"), hex(codepoint)
