"""Vietnamese text helpers: accent folding for search and a Vietnamese collation key for sorting.

Both are pure functions of a string so they can be stored in indexed columns and used by the
database on SQLite and PostgreSQL alike (no ICU or unaccent extension needed).
"""
import re
import unicodedata

_TONE_MARKS = {
    "\u0300": 1,  # huyền
    "\u0309": 2,  # hỏi
    "\u0303": 3,  # ngã
    "\u0301": 4,  # sắc
    "\u0323": 5,  # nặng
}
# Vowel/consonant modifiers that make a different letter in the Vietnamese alphabet.
_LETTER_MARKS = {"\u0306": "breve", "\u0302": "circumflex", "\u031b": "horn"}

# The Vietnamese alphabet, in order; letters outside it sort after by code point.
_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
    "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]
_RANK = {letter: i for i, letter in enumerate(_ALPHABET)}
_DIGITS36 = "0123456789abcdefghijklmnopqrstuvwxyz"


class _FoldTable(dict):
    """str.translate table for fold(): each character -> itself without its marks (đ/ð -> d), filled
    lazily (a dict lookup in C for every character seen before). Per character is exact: canonical
    decomposition only reorders combining marks among themselves, and fold() drops them all."""

    def __missing__(self, codepoint: int):
        decomposed = unicodedata.normalize("NFD", chr(codepoint))
        value = "".join(_FOLD_LETTERS.get(ch, ch) for ch in decomposed if not unicodedata.combining(ch))
        self[codepoint] = value
        return value


_FOLD_LETTERS = {"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"}
_FOLD = _FoldTable()


def fold(text: str | None) -> str:
    """Lower-case, strip every diacritic, map đ to d and collapse whitespace.

    Works on NFC and NFD input alike, so "Dân vận khéo", "DAN VAN KHEO" and a decomposed
    "Dân vận khéo" all fold to "dan van kheo".
    """
    if not text:
        return ""
    # NFC is a quick check for text that is already composed (most text); casefold comes after the
    # marks are gone ("İ" is "I" + a dot that casefold would otherwise keep).
    stripped = unicodedata.normalize("NFC", str(text))
    if not stripped.isascii():
        stripped = stripped.translate(_FOLD)
    # str.split() and the regex \s agree on what whitespace is (both use Py_UNICODE_ISSPACE).
    return " ".join(stripped.casefold().split())


def _enc(n: int) -> str:
    """Two base-36 characters: keeps keys to [0-9a-z] so C and glibc collations agree."""
    return _DIGITS36[n // 36 % 36] + _DIGITS36[n % 36]


def sort_key(text: str | None, length: int = 200) -> str:
    """A string whose plain byte order is Vietnamese dictionary order.

    Primary order: letters of the Vietnamese alphabet (a < ă < â < b ... d < đ ...), ignoring tone;
    secondary order: tones (none, huyền, hỏi, ngã, sắc, nặng), so "ma" < "mà" < "má" < "mai".
    The key only contains [0-9a-z], so it orders the same on SQLite and any PostgreSQL collation.
    """
    if not text:
        return ""
    # NFC first: NFD(NFC(s)) == NFD(s), and most characters then come whole from the tables.
    composed = unicodedata.normalize("NFC", str(text).casefold().strip())
    try:
        key = composed.translate(_PRIMARY) + "0" + composed.translate(_TONES)
    except _NotWhole:
        key = _sort_key_by_clusters(composed)
    return key[:length]


# Quote marks a title may open with ("“Dân vận khéo” trong…", « … », '…'): a list sorted by title ignores them.
_QUOTES = "\"'`\u00b4\u201a\u201e\u2018\u2019\u201b\u201c\u201d\u201f\u00ab\u00bb\u2039\u203a\u300c\u300d\u300e\u300f\uff02\uff07"


def strip_leading_quotes(text: str | None) -> str:
    """The text without the quote marks (and spaces) it opens with: what a list sorted by title compares."""
    if not text:
        return ""
    return str(text).lstrip(_QUOTES + " \t\u00a0")


def record_sort_key(text: str | None, length: int = 200) -> str:
    """The sort column of a record (core.models.search_columns and the importer): Vietnamese order of its
    name or title, leading quote marks ignored ("“Ba cùng”" sorts with B, not before A)."""
    return sort_key(strip_leading_quotes(text), length)


class _NotWhole(Exception):
    """A character whose decomposition may mix with its neighbours' (it starts with a combining mark)."""


class _KeyTable(dict):
    """str.translate table: one character -> its part of the primary key or of the tone string,
    computed with the cluster rules below the first time the character is seen."""

    def __init__(self, part: int):
        super().__init__()
        self.part = part

    def __missing__(self, codepoint: int):
        ch = chr(codepoint)
        decomposed = unicodedata.normalize("NFD", ch)
        if unicodedata.combining(ch) or unicodedata.combining(decomposed[0]):
            raise _NotWhole(ch)
        value = _key_parts(decomposed)[self.part]
        self[codepoint] = value
        return value


_PRIMARY, _TONES = _KeyTable(0), _KeyTable(1)


def _sort_key_by_clusters(text: str) -> str:
    primary, tones = _key_parts(unicodedata.normalize("NFD", text))
    return primary + "0" + tones


def _key_parts(decomposed: str) -> tuple[str, str]:
    """(primary key, tones) of NFD text, one base character and its marks at a time."""
    primary: list[str] = []
    tones: list[str] = []
    for cluster in _clusters(decomposed):
        base, marks = cluster[0], cluster[1:]
        letter = base
        if base in ("đ", "ð"):
            letter = "đ"
        elif "\u0306" in marks and base == "a":
            letter = "ă"
        elif "\u0302" in marks and base in "aeo":
            letter = {"a": "â", "e": "ê", "o": "ô"}[base]
        elif "\u031b" in marks and base in "ou":
            letter = {"o": "ơ", "u": "ư"}[base]
        if letter in _RANK:
            primary.append(_enc(_RANK[letter] + 20))
        elif base.isspace():
            primary.append("00")
        elif base.isdecimal():
            primary.append(_enc(int(base) + 1))
        else:
            primary.append(_enc(min(ord(base), 1200) + 60))
        tone = next((_TONE_MARKS[m] for m in marks if m in _TONE_MARKS), 0)
        tones.append(str(tone))
    return "".join(primary), "".join(tones)


def _clusters(decomposed: str):
    """Split NFD text into base character + its combining marks."""
    cluster = ""
    for ch in decomposed:
        if unicodedata.combining(ch) and cluster:
            cluster += ch
        else:
            if cluster:
                yield cluster
            cluster = ch
    if cluster:
        yield cluster


def normalize(text: str | None) -> str:
    """NFC-normalise and trim user text, so NFD input from old Excel files is stored canonically."""
    if text is None:
        return ""
    return " ".join(unicodedata.normalize("NFC", str(text)).split())


_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")
_GROUPED_SPACE = re.compile(r"^\d{1,3}([ \u00a0]\d{3})+$")


def parse_vn_number(text):
    """Read a number as Vietnamese users write it; returns Decimal, or raises ValueError.

    "1.234.567" -> 1234567; "1.234,5" -> 1234.5; "2,5" -> 2.5; "90 000 000" -> 90000000;
    a single dot with other than three digits after it ("2.5") is a decimal point.
    A trailing "đ", "VND" or "đồng" is ignored.
    """
    from decimal import Decimal, InvalidOperation

    if text is None:
        raise ValueError("empty")
    if isinstance(text, (int, float, Decimal)) and not isinstance(text, bool):
        return Decimal(str(text))
    s = unicodedata.normalize("NFC", str(text)).strip()
    s = re.sub(r"(?i)\s*(vnd|vnđ|đồng|đ)\.?$", "", s).strip()
    negative = s.startswith("-")
    s = s.lstrip("+-").strip()
    if not s:
        raise ValueError("empty")
    if _GROUPED_SPACE.match(s):
        s = re.sub(r"[ \u00a0]", "", s)
    elif "," in s:
        whole, _sep, frac = s.rpartition(",")
        if "," in whole or (whole and not (whole.isdigit() or _GROUPED.match(whole))) or not frac.isdigit():
            raise ValueError(s)
        s = whole.replace(".", "") + "." + frac
    elif _GROUPED.match(s):
        s = s.replace(".", "")
    try:
        value = Decimal(s)
    except InvalidOperation as exc:
        raise ValueError(s) from exc
    if not value.is_finite():
        raise ValueError(s)
    return -value if negative else value
