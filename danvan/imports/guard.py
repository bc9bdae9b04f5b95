"""Static checks of an uploaded file, before any spreadsheet reader touches it.

Readers trust what a file declares: python-calamine allocates the whole rectangle from A1 to the last cell
(one cell at XFD1048576 asks for hundreds of GiB and aborts the process), reserves as many shared strings
as `<sst uniqueCount>` says, and the zip library inflates what it is given. So this module reads the file
first, cheaply and in bounded memory (chunks of 1 MiB, never a whole member):

* what it is: the first bytes, against its extension (a CSV or a PNG renamed .xlsx says so);
* for a zip (.xlsx, .ods): a valid central directory, a bounded number of members, no duplicate names,
  every member's declared size, the total and the compression ratio; then every member is inflated here,
  counting the bytes it really gives (a declared size can lie) and checking its CRC;
* while inflating: each worksheet's `<dimension>`, every cell, row and merged-range reference (last row,
  last column and the rectangle they span), and the shared strings (how many, how long, the declared count).

What this cannot see (cells without a reference, the insides of an .xls, repeated cells of an .ods) is
bounded by the child process that reads the file (imports.sandbox). Limits: imports.limits.
"""
from __future__ import annotations

import html
import os
import posixpath
import re
import struct
import zipfile
import zlib
from collections import OrderedDict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.imports.errors import FileRejected
from danvan.imports.limits import MB, Limits, current

CHUNK = 1 * MB                 # compressed bytes read at a time
OUT_CHUNK = 1 * MB             # inflated bytes produced at a time
RATIO_FLOOR = 1 * MB           # the ratio bound applies to members larger than this (uncompressed)
SPREADSHEET_EXTENSIONS = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".ods": "ods", ".csv": "csv"}

# Signatures of files people upload by mistake (or on purpose) instead of a spreadsheet.
_OTHER_KINDS = [
    (b"\x89PNG\r\n\x1a\n", gettext_lazy("ảnh PNG")), (b"\xff\xd8\xff", gettext_lazy("ảnh JPEG")), (b"GIF87a", gettext_lazy("ảnh GIF")),
    (b"GIF89a", gettext_lazy("ảnh GIF")), (b"%PDF", gettext_lazy("tài liệu PDF")), (b"Rar!", gettext_lazy("tệp nén RAR")),
    (b"7z\xbc\xaf\x27\x1c", gettext_lazy("tệp nén 7z")), (b"\x1f\x8b", gettext_lazy("tệp nén gzip")),
    (b"MZ", gettext_lazy("chương trình Windows")), (b"\x7fELF", gettext_lazy("chương trình")), (b"{\\rtf", gettext_lazy("văn bản RTF")),
]
_PREFIX = rb"(?:[A-Za-z_][\w.-]{0,20}:)?"
# Every `r` attribute of a worksheet: a cell's reference ("B7") or a row's number ("7"). The fast pattern
# reads them as writers spell them (`<c r="B7"`, `<row r="7"`); when a piece holds more or fewer such tags
# than fast matches (cells without a reference, another spelling, a namespace prefix), the tolerant one reads it.
_REF_FAST = re.compile(rb' r="([A-Za-z]{0,8})0*([1-9][0-9]{0,11})"')
_REF_ANY = re.compile(rb"\br\s*=\s*[\"']\$?([A-Za-z]{0,8})\$?0*([1-9][0-9]{0,11})[\"']")
_AREA = rb"[\"']\$?([A-Za-z]{1,8})\$?0*([1-9][0-9]{0,11})(?::\$?([A-Za-z]{1,8})\$?0*([1-9][0-9]{0,11}))?[\"']"
_MERGE = re.compile(rb"<" + _PREFIX + rb"mergeCell\s[^>]*?\bref\s*=\s*" + _AREA)
_DIMENSION = re.compile(rb"<" + _PREFIX + rb"dimension\s[^>]*?\bref\s*=\s*" + _AREA)
_COUNT = re.compile(rb"\b(?:count|uniqueCount)\s*=\s*[\"']0*([0-9]{1,20})[\"']")
_SST_END = re.compile(rb"</" + _PREFIX + rb"si\s*>")
_SHEET = re.compile(rb"<" + _PREFIX + rb"sheet\s[^>]*>")
_RELATIONSHIP = re.compile(rb"<" + _PREFIX + rb"Relationship\s[^>]*>")
_ATTR = re.compile(rb"([\w:]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")


def vn(number: int) -> str:
    """1048576 -> "1.048.576"."""
    return f"{number:,}".replace(",", ".")


def column_letter(index: int) -> str:
    """1 -> "A", 16384 -> "XFD"."""
    letters = ""
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


@dataclass
class Extent:
    """How far a worksheet reaches, from the references in its XML."""

    rows: int = 0          # last row referenced (by a row or a cell)
    columns: int = 0       # last column referenced
    cells: int = 0         # cell elements with a reference
    merged: int = 0        # merged ranges


@dataclass
class Facts:
    """What the checks found: the format to read the file as, and how large its sheets are."""

    format: str                                   # "xlsx", "xls", "ods" or "csv"
    size: int
    sheets: dict = field(default_factory=dict)    # xlsx: sheet name -> Extent
    largest_sheet_xml: int = 0                    # xlsx: uncompressed size of the largest worksheet (declared)
    uncompressed: int = 0                         # zip: bytes inflated, all members
    members: dict = field(default_factory=dict)   # xlsx: worksheet member -> sheet name
    shared: set = field(default_factory=set)      # xlsx: shared-strings members
    scanned: bool = False


# ------------------------------------------------------------------------------------------------ entry

_CACHE: OrderedDict = OrderedDict()


def identify(path, limits: Limits | None = None) -> Facts:
    """The cheap half: what the file is (first bytes against its extension) and, for a zip, its directory
    (members, declared sizes, ratios, which members are worksheets). Raises FileRejected."""
    return _cached(path, limits, scan=False)


def check(path, limits: Limits | None = None) -> Facts:
    """Every check: `identify`, then every zip member inflated and scanned (see the module's docstring).
    Raises FileRejected saying, in Vietnamese, what is wrong and what to do. The answer is kept for the
    same file (path, size, modification time) and limits."""
    return _cached(path, limits, scan=True)


def _cached(path, limits, *, scan: bool) -> Facts:
    limits = limits or current()
    st = os.stat(path)
    key = (os.path.realpath(path), st.st_size, st.st_mtime_ns, limits)
    facts = _CACHE.get(key)
    if facts is None:
        facts = _identify(path, st.st_size, limits)
        _CACHE[key] = facts
        while len(_CACHE) > 16:
            _CACHE.popitem(last=False)
    _CACHE.move_to_end(key)
    if scan and not facts.scanned:
        if facts.format in ("xlsx", "ods"):
            _scan_zip(path, facts, limits)
        facts.scanned = True
    return facts


def _identify(path, size: int, limits: Limits) -> Facts:
    if size > limits.max_bytes:
        raise FileRejected(_("Tệp quá lớn (%(size)s MB; tối đa %(max)s MB).")
                           % {"size": vn(-(-size // MB)), "max": vn(limits.max_bytes // MB)})
    if size == 0:
        raise FileRejected(_("Tệp rỗng (0 byte). Hãy kiểm tra lại tệp đã chọn."))
    ext = os.path.splitext(str(path))[1].lower()
    expected = SPREADSHEET_EXTENSIONS.get(ext)
    with open(path, "rb") as fh:
        head = fh.read(64 * 1024)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _identify_zip(path, size, ext, expected, limits)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _check_ole(head, size, ext, expected)
    for signature, what in _OTHER_KINDS:
        if head.startswith(signature):
            raise FileRejected(_("Tệp “%(ext)s” này thực chất là %(what)s, không phải bảng tính. Hãy chọn đúng tệp "
                                 "Excel (.xlsx) hoặc CSV.") % {"ext": ext or "?", "what": what})
    return _check_text(head, size, ext, expected)


def _wrong_kind(ext: str, what: str, fix: str):
    return FileRejected(_("Tệp có đuôi “%(ext)s” nhưng nội dung là %(what)s. %(fix)s") % {"ext": ext, "what": what, "fix": fix})


def _check_text(head: bytes, size: int, ext: str, expected: str | None) -> Facts:
    sample = head[:8192]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    if b"\x00" in head or controls > len(sample) // 100:
        if expected == "csv":
            raise FileRejected(_("Tệp “.csv” này chứa dữ liệu nhị phân, không phải văn bản CSV. Hãy xuất lại từ "
                                 "Excel bằng “Lưu thành… CSV UTF-8”."))
        raise FileRejected(_("Tệp không phải bảng tính Excel hay CSV (nội dung không đọc được). Hãy chọn đúng tệp "
                             "Excel (.xlsx)."))
    lowered = sample.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")) or b"<html" in lowered[:1024]:
        raise FileRejected(_("Tệp “%(ext)s” này thực chất là một trang web hoặc tệp XML, không phải bảng tính. "
                             "Hãy mở tệp bằng Excel rồi lưu lại dạng .xlsx.") % {"ext": ext or "?"})
    if expected not in (None, "csv"):
        raise _wrong_kind(ext, _("văn bản (CSV)"),
                          _("Hãy đổi đuôi tệp thành .csv, hoặc mở bằng Excel rồi lưu lại dạng .xlsx."))
    return Facts(format="csv", size=size)


def _check_ole(head: bytes, size: int, ext: str, expected: str | None) -> Facts:
    if expected in ("xlsx", "ods"):
        raise _wrong_kind(ext, _("tệp Office cũ hoặc tệp đã đặt mật khẩu"),
                          _("Hãy bỏ mật khẩu (nếu có) và lưu lại dạng .xlsx."))
    if expected == "csv":
        raise _wrong_kind(ext, _("tệp Excel cũ (.xls)"), _("Hãy đổi đuôi tệp thành .xls hoặc lưu lại dạng .xlsx."))
    # The compound-file header: version, byte order and sector size as the format fixes them. The insides
    # (cells at most 65,536 × 256, Excel 97's own limit) are read, and bounded, by the child process.
    if len(head) < 512 or size % 512 or head[28:30] != b"\xfe\xff" or struct.unpack("<H", head[30:32])[0] not in (9, 12):
        raise FileRejected(_("Tệp Excel cũ (.xls) bị hỏng hoặc không đầy đủ. Hãy mở bằng Excel rồi lưu lại dạng .xlsx."))
    return Facts(format="xls", size=size)


# ------------------------------------------------------------------------------------------------ zip

def _broken_zip():
    return FileRejected(_("Tệp bị hỏng hoặc không đầy đủ (có thể tải lên bị ngắt giữa chừng). Hãy mở tệp bằng "
                          "Excel, lưu lại rồi tải lên lại."))


def _open_zip(path):
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, struct.error):
        raise _broken_zip() from None


def _identify_zip(path, size: int, ext: str, expected: str | None, limits: Limits) -> Facts:
    with _open_zip(path) as zf, open(path, "rb") as fh:
        infos = zf.infolist()
        names = [i.filename for i in infos]
        if len(infos) > limits.max_members:
            raise FileRejected(_("Tệp nén có %(n)s thành phần, vượt quá giới hạn %(max)s: không phải một bảng tính "
                                 "bình thường.") % {"n": vn(len(infos)), "max": vn(limits.max_members)})
        if len(set(names)) != len(names):
            raise FileRejected(_("Tệp nén có hai thành phần trùng tên: tệp bị hỏng hoặc được tạo bất thường."))
        kind = _zip_kind(set(names))
        if kind is None:
            what = (_("tài liệu Word (.docx)") if any(n.startswith("word/") for n in names)
                    else _("tài liệu PowerPoint (.pptx)") if any(n.startswith("ppt/") for n in names)
                    else _("một tệp nén (.zip)"))
            raise FileRejected(_("Tệp “%(ext)s” này thực chất là %(what)s, không phải bảng tính. Hãy chọn đúng tệp "
                                 "Excel (.xlsx).") % {"ext": ext or "?", "what": what})
        if expected == "csv" or (expected and expected != kind):
            label = {"xlsx": _("bảng tính Excel (.xlsx)"), "ods": _("bảng tính OpenDocument (.ods)")}[kind]
            raise _wrong_kind(ext, label, _("Hãy đổi đuôi tệp thành .%(ext)s rồi tải lên lại.") % {"ext": kind})
        _check_declared(infos, limits)
        facts = Facts(format=kind, size=size)
        if kind == "xlsx":
            rels = _relationships(fh, infos, limits)
            facts.members = _sheet_members(fh, infos, rels, limits)
            facts.shared = _shared_strings_members(infos, rels)
            facts.largest_sheet_xml = max((i.file_size for i in infos if i.filename in facts.members), default=0)
        return facts


def _scan_zip(path, facts: Facts, limits: Limits) -> None:
    """Inflate every member, counting what it really gives, and scan the XML of the ones readers trust."""
    with _open_zip(path) as zf, open(path, "rb") as fh:
        total = 0
        for info in zf.infolist():
            scanner = None
            if info.filename in facts.members:
                scanner = SheetScanner(facts.members[info.filename], limits)
            elif info.filename in facts.shared:
                scanner = SharedStringsScanner(limits)
            elif info.filename.lower().endswith((".xml", ".rels")):
                scanner = CountScanner(limits)
            total += _inflate(fh, info, limits, scanner.feed if scanner else None,
                              budget=limits.max_uncompressed_bytes - total)
            if scanner is not None:
                scanner.close()
                if isinstance(scanner, SheetScanner):
                    facts.sheets[scanner.name] = scanner.extent
        facts.uncompressed = total


def _zip_kind(names: set) -> str | None:
    if "mimetype" in names or "content.xml" in names:
        return "ods"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    return None


def _too_big_member(name, size, limits):
    return FileRejected(_("Thành phần “%(name)s” của tệp giải nén ra %(size)s MB, vượt quá giới hạn %(max)s MB. Tệp "
                          "quá lớn hoặc là “bom nén”; hãy chia nhỏ tệp.")
                        % {"name": name[:80], "size": vn(-(-size // MB)), "max": vn(limits.max_member_bytes // MB)})


def _check_declared(infos, limits: Limits) -> None:
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise FileRejected(_("Tệp được đặt mật khẩu. Hãy bỏ mật khẩu rồi lưu lại dạng .xlsx."))
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise FileRejected(_("Tệp dùng kiểu nén không hỗ trợ. Hãy mở bằng Excel rồi lưu lại dạng .xlsx."))
        if info.file_size > limits.max_member_bytes:
            raise _too_big_member(info.filename, info.file_size, limits)
        if info.file_size > RATIO_FLOOR and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise FileRejected(_("Thành phần “%(name)s” của tệp nén gấp %(ratio)s lần (giới hạn %(max)s lần): tệp "
                                 "bất thường (“bom nén”) hoặc chứa rất nhiều ô trống có định dạng. Hãy xoá các dòng, "
                                 "cột thừa rồi lưu lại.")
                               % {"name": info.filename[:80], "ratio": vn(info.file_size // max(info.compress_size, 1)),
                                  "max": vn(limits.max_ratio)})
        total += info.file_size
    if total > limits.max_uncompressed_bytes:
        raise FileRejected(_("Tệp giải nén ra %(size)s MB, vượt quá giới hạn %(max)s MB. Hãy chia nhỏ tệp.")
                           % {"size": vn(-(-total // MB)), "max": vn(limits.max_uncompressed_bytes // MB)})


def _inflate(fh, info, limits: Limits, sink, *, budget: int) -> int:
    """Inflate one member from its raw bytes (never trusting its declared size), handing the data to `sink`
    1 MiB at a time; returns the bytes produced. Stops as soon as the member gives more than it declared."""
    fh.seek(info.header_offset)
    local = fh.read(30)
    if len(local) < 30 or local[:4] != b"PK\x03\x04":
        raise _broken_zip()
    name_len, extra_len = struct.unpack("<HH", local[26:30])
    fh.seek(info.header_offset + 30 + name_len + extra_len)
    declared = info.file_size
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    left, produced, crc = info.compress_size, 0, 0

    def take(data: bytes) -> None:
        nonlocal produced, crc
        produced += len(data)
        if produced > declared:
            raise FileRejected(_("Thành phần “%(name)s” của tệp giải nén ra nhiều hơn kích thước nó khai báo: tệp bị "
                                 "hỏng hoặc được tạo để phá hệ thống.") % {"name": info.filename[:80]})
        if produced > budget:
            raise FileRejected(_("Tệp giải nén ra hơn %(max)s MB, vượt quá giới hạn. Hãy chia nhỏ tệp.")
                               % {"max": vn(limits.max_uncompressed_bytes // MB)})
        crc = zlib.crc32(data, crc)
        if sink is not None and data:
            sink(data)

    try:
        while left > 0:
            raw = fh.read(min(CHUNK, left))
            if not raw:
                raise _broken_zip()
            left -= len(raw)
            if inflater is None:
                take(raw)
                continue
            while raw:
                take(inflater.decompress(raw, OUT_CHUNK))
                raw = inflater.unconsumed_tail
        while inflater is not None and not inflater.eof:
            out = inflater.decompress(b"", OUT_CHUNK)
            if not out:
                break
            take(out)
    except zlib.error:
        raise _broken_zip() from None
    if produced != declared or crc != info.CRC:
        raise _broken_zip()
    return produced


def _read_small(fh, infos, name, limits) -> bytes:
    """A small member (workbook, relationships) read whole, with the same care."""
    info = next((i for i in infos if i.filename == name), None)
    if info is None:
        return b""
    if info.file_size > 16 * MB:
        raise _too_big_member(name, info.file_size, limits)
    parts = []
    _inflate(fh, info, limits, parts.append, budget=16 * MB)
    return b"".join(parts)


def _attrs(tag: bytes) -> dict:
    out = {}
    for key, v1, v2 in _ATTR.findall(tag):
        local = key.split(b":")[-1].decode("ascii", "replace")
        out[local if local not in out else key.decode("ascii", "replace")] = html.unescape(
            (v1 or v2).decode("utf-8", "replace"))
    return out


def _relationships(fh, infos, limits) -> list[dict]:
    rels = _read_small(fh, infos, "xl/_rels/workbook.xml.rels", limits)
    return [_attrs(tag) for tag in _RELATIONSHIP.findall(rels)]


def _target(rel: dict) -> str:
    target = rel.get("Target", "")
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))


def _sheet_members(fh, infos, rels, limits) -> dict:
    """member path -> sheet name, for every worksheet the workbook points to (and any file where worksheets
    usually are): the reader follows the workbook's relationships, so the checks must too."""
    by_id = {r.get("Id"): _target(r) for r in rels}
    members = {}
    for tag in _SHEET.findall(_read_small(fh, infos, "xl/workbook.xml", limits)):
        attrs = _attrs(tag)
        target = by_id.get(attrs.get("id") or attrs.get("r:id"))
        if target:
            members[target] = attrs.get("name", target)
    for info in infos:
        if info.filename.startswith(("xl/worksheets/", "xl/chartsheets/")) and info.filename.endswith(".xml"):
            members.setdefault(info.filename, posixpath.basename(info.filename))
    return members


def _shared_strings_members(infos, rels) -> set:
    found = {_target(r) for r in rels if r.get("Type", "").endswith("/sharedStrings")}
    return found | {i.filename for i in infos if i.filename.lower().endswith("sharedstrings.xml")}


# ------------------------------------------------------------------------------------------------ scanners

class _Scanner:
    """Gets a member's XML in pieces that end after a '>' (no tag is ever cut in two), so that the regular
    expressions below see whole tags; text longer than the carry allowance is a string too long."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.carry = b""
        self.carry_max = max(4 * limits.max_string_length + 64 * 1024, 1 * MB)

    def feed(self, data: bytes) -> None:
        buf = self.carry + data if self.carry else data
        cut = buf.rfind(b">") + 1
        self.carry = buf[cut:]
        if len(self.carry) > self.carry_max:
            self.too_long()
        if cut:
            self.piece(buf[:cut] if cut < len(buf) else buf)

    def close(self) -> None:
        if self.carry:
            self.piece(self.carry)
            self.carry = b""

    def too_long(self):
        raise FileRejected(_("Tệp có một ô chữ dài hơn %(max)s ký tự (giới hạn của Excel). Hãy rút ngắn nội dung ô đó.")
                           % {"max": vn(self.limits.max_string_length)})

    def piece(self, data: bytes) -> None:
        self.counts(data)

    def counts(self, data: bytes) -> None:
        """Declared counts (`count`, `uniqueCount`): some readers reserve memory for as many items as said."""
        if b"ount" not in data:
            return
        top = max(self.limits.max_cells, self.limits.max_shared_strings)
        for value in _COUNT.findall(data):
            if len(value) > 12 or int(value) > top:
                raise FileRejected(_("Tệp khai báo %(n)s phần tử, vượt quá giới hạn %(max)s: tệp bị hỏng hoặc được "
                                     "tạo bất thường.") % {"n": vn(int(value)), "max": vn(top)})


class CountScanner(_Scanner):
    pass


class SharedStringsScanner(_Scanner):
    """sharedStrings.xml: the reader loads every string, referenced or not."""

    def __init__(self, limits: Limits):
        super().__init__(limits)
        self.strings = 0
        self.open_length = 0      # bytes of the string being read when a piece ends inside it
        self.entry_max = 4 * limits.max_string_length + 64 * 1024  # UTF-8 and markup (rich text runs)

    def piece(self, data: bytes) -> None:
        if self.strings == 0:
            self.counts(data[:4096])
            head = re.search(rb"uniqueCount\s*=\s*[\"']0*([0-9]{1,20})[\"']", data[:4096])
            if head and (len(head.group(1)) > 12 or int(head.group(1)) > self.limits.max_shared_strings):
                self.too_many(int(head.group(1)))
        parts = _SST_END.split(data)
        self.strings += len(parts) - 1
        if self.strings > self.limits.max_shared_strings:
            self.too_many(self.strings)
        first = self.open_length + len(parts[0])
        longest = max(first, max(map(len, parts[1:-1]), default=0))
        if len(parts) == 1:
            self.open_length = first
        else:
            self.open_length = len(parts[-1])
            longest = max(longest, self.open_length)
        if longest > self.entry_max:
            self.too_long()

    def too_many(self, n: int):
        raise FileRejected(_("Tệp có %(n)s chuỗi chữ khác nhau, vượt quá giới hạn %(max)s. Hãy chia nhỏ tệp.")
                           % {"n": vn(n), "max": vn(self.limits.max_shared_strings)})


class SheetScanner(_Scanner):
    """A worksheet: every row, cell and merged-range reference, bounded as they come."""

    def __init__(self, name: str, limits: Limits):
        super().__init__(limits)
        self.name = name
        self.extent = Extent()
        self.first = True

    def piece(self, data: bytes) -> None:
        limits, extent = self.limits, self.extent
        if self.first:
            self.first = False
            dim = _DIMENSION.search(data[:64 * 1024])
            if dim:
                self.area(*dim.groups(), what="dimension")
        if b"ount=" in data or b"ount =" in data:
            self.counts(data)
        refs = _REF_FAST.findall(data)
        if len(refs) != data.count(b"<c ") + data.count(b"<row "):
            refs = _REF_ANY.findall(data)
        if refs:
            letters, numbers = zip(*refs)
            columns = set(letters)
            columns.discard(b"")
            extent.cells += len(refs) - letters.count(b"")
            self.reach(max(map(int, numbers)), max(map(column_number, columns), default=0), letters, numbers)
        if b"mergeCell" in data:
            for ref in _MERGE.findall(data):
                extent.merged += 1
                self.area(*ref, what="merge")
            if extent.merged > limits.max_merged:
                raise FileRejected(_("Trang tính “%(sheet)s” có %(n)s vùng gộp ô, vượt quá giới hạn %(max)s.")
                                   % {"sheet": self.name, "n": vn(extent.merged), "max": vn(limits.max_merged)})

    def area(self, c0, r0, c1=b"", r1=b"", *, what):
        self.reach(int(r1 or r0), column_number(c1 or c0))

    def reach(self, row: int, column: int, letters=(), numbers=()) -> None:
        limits, extent = self.limits, self.extent
        extent.rows, extent.columns = max(extent.rows, row), max(extent.columns, column)
        if extent.rows > limits.max_rows or extent.columns > limits.max_columns:
            raise FileRejected(
                _("Trang tính “%(sheet)s” có ô ở vị trí %(cell)s, vượt quá giới hạn %(cols)s cột (đến cột %(last)s) × "
                  "%(rows)s dòng. Hãy xoá các ô, dòng, cột thừa (kể cả ô chỉ có định dạng) rồi lưu và tải lên lại.")
                % {"sheet": self.name, "cell": self.far_cell(row, column, letters, numbers),
                   "cols": vn(limits.max_columns), "last": column_letter(limits.max_columns), "rows": vn(limits.max_rows)})
        if extent.rows * extent.columns > limits.max_cells:
            raise FileRejected(
                _("Vùng dữ liệu của trang tính “%(sheet)s” rộng %(rows)s dòng × %(cols)s cột = %(cells)s ô, vượt quá giới "
                  "hạn %(max)s ô. Hãy xoá các ô thừa (kể cả ô chỉ có định dạng) hoặc chia tệp thành nhiều tệp nhỏ hơn.")
                % {"sheet": self.name, "rows": vn(extent.rows), "cols": vn(extent.columns),
                   "cells": vn(extent.rows * extent.columns), "max": vn(limits.max_cells)})

    def far_cell(self, row, column, letters, numbers) -> str:
        """The cell to name in the message: the one that went beyond the limits, as the file spells it."""
        limits = self.limits
        for letter, number in zip(letters, numbers):
            if int(number) > limits.max_rows or column_number(letter) > limits.max_columns:
                return (letter + number).decode("ascii").upper()
        return f"{column_letter(max(column, 1))}{row}"
