"""The import loop shared by every kind of data: read, check, write all at once or nothing.

Rows are read lazily and handled in chunks (one batch of look-ups per chunk), so memory stays flat
whatever the file's length. Everything happens in one transaction: a single bad row rolls the whole
file back. A row whose natural key is already in the database (or earlier in the file) is skipped, so
importing the same file twice leaves one copy.
"""
from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from danvan.imports.parsing import FileUnreadable, Table, open_table
from danvan.imports.validation import CellError, display, parse_cell

ERROR = "error"
WARNING = "warning"
# Issues kept for the page (the rest are counted): errors first, so a file with thousands of warnings
# still lists the one error that stops it.
MAX_ERRORS = 500
MAX_WARNINGS = 300

NEW, EXISTING, DUPLICATE, SKIPPED, INVALID = "new", "existing", "duplicate", "skipped", "invalid"


class Row:
    """One data row: its cells as read, their parsed values, what is wrong with it and what it becomes."""

    __slots__ = ("number", "raw", "values", "issues", "state", "obj", "extra", "labels")

    def __init__(self, number: int, raw: dict, labels: dict):
        self.number = number
        self.raw = raw
        self.values: dict = {}
        self.issues: list = []
        self.state = NEW
        self.obj = None
        self.extra: dict = {}
        self.labels = labels

    def _issue(self, level, key, message, value=None):
        if value is None and key is not None:
            value = self.raw.get(key)
        column = self.labels.get(key, "") if key else ""
        self.issues.append({"row": self.number, "column": column, "value": display(value),
                            "message": str(message), "level": level})

    def error(self, key, message, value=None):
        self._issue(ERROR, key, message, value)
        self.state = INVALID

    def warn(self, key, message, value=None):
        self._issue(WARNING, key, message, value)

    @property
    def ok(self) -> bool:
        return self.state != INVALID

    def get(self, key, default=None):
        value = self.values.get(key)
        return default if value is None else value


@dataclass
class Outcome:
    """What an import found (and, when committed, did): counts and the issues to show, row by row."""

    kind: str
    sheet: str = ""
    header_row: int = 0
    columns: list = field(default_factory=list)
    counts: dict = field(default_factory=lambda: {
        "rows": 0, "new": 0, "existing": 0, "duplicate": 0, "skipped": 0, "error_rows": 0, "warnings": 0,
    })
    issues: list = field(default_factory=list)
    omitted: int = 0
    committed: bool = False
    fatal: str = ""
    seconds: float = 0.0
    _errors_kept: int = 0
    _warnings_kept: int = 0

    @property
    def ok(self) -> bool:
        return not self.fatal and not self.counts["error_rows"]

    def note(self, level, message, row=None, column="", value=""):
        self._keep({"row": row, "column": column, "value": value, "message": str(message), "level": level})

    def _keep(self, issue):
        if issue["level"] == WARNING:
            self.counts["warnings"] += 1
            kept = self._warnings_kept < MAX_WARNINGS
            self._warnings_kept += kept
        else:
            kept = self._errors_kept < MAX_ERRORS
            self._errors_kept += kept
        if kept:
            self.issues.append(issue)
        else:
            self.omitted += 1

    def add(self, row: Row):
        self.counts["rows"] += 1
        state = INVALID if not row.ok else row.state
        self.counts[{NEW: "new", EXISTING: "existing", DUPLICATE: "duplicate", SKIPPED: "skipped",
                     INVALID: "error_rows"}[state]] += 1
        for issue in row.issues:
            self._keep(issue)

    def as_dict(self) -> dict:
        return {"counts": self.counts, "issues": self.issues, "omitted": self.omitted, "sheet": self.sheet,
                "header_row": self.header_row, "columns": self.columns, "fatal": self.fatal,
                "committed": self.committed}


class Importer:
    """One kind of data. Subclasses give the columns and the three steps after parsing:

    * `prepare(rows)`: batched look-ups for a chunk (organisations, units, records already there);
    * `check(row)`: the domain rules, without writing; marks the row NEW, EXISTING or INVALID;
    * `write(rows)`: store the chunk's new rows.

    `writes_to_check = True` means the rules are only known by writing (the kind goes through its domain
    services row by row): the preview then writes too, inside the transaction that is rolled back.
    """

    kind = ""
    model = None
    columns: list = []
    chunk_size = 1000
    writes_to_check = False

    def __init__(self, user=None, *, cid: str = ""):
        self.user = user if user is not None and getattr(user, "is_authenticated", False) else None
        self.cid = cid

    @property
    def importable(self):
        return [c for c in self.columns if c.importable]

    def parse(self, row: Row) -> None:
        for col in self.importable:
            raw = row.raw.get(col.key)
            if raw is None:
                if col.required:
                    row.error(col.key, _("Chưa nhập “%(col)s”.") % {"col": col.header}, "")
                continue
            try:
                row.values[col.key] = parse_cell(raw, col)
            except CellError as exc:
                row.error(col.key, exc.message)

    def prepare(self, rows: list[Row]) -> None:
        pass

    def check(self, row: Row) -> None:
        raise NotImplementedError

    def key(self, row: Row):
        """The row's natural key (hashable), or None when it has none."""
        return None

    def write(self, rows: list[Row]) -> None:
        raise NotImplementedError

    def finish(self, outcome: "Outcome") -> None:
        """File-level notes once every row was seen (e.g. how many rows had a default filled in)."""


class _Rollback(Exception):
    pass


def _key_hash(key) -> bytes:
    return hashlib.blake2b(repr(key).encode(), digest_size=8).digest()


def run(path, importer: Importer, *, commit: bool, sheet: str | None = None,
        progress: Callable[[int, int], None] | None = None) -> Outcome:
    """Check the file (commit=False: nothing is written) or import it (commit=True: all rows or none)."""
    started = time.monotonic()
    outcome = Outcome(kind=importer.kind)
    try:
        table = open_table(path, importer.columns, sheet)
    except FileUnreadable as exc:
        outcome.fatal = str(exc.message)
        return outcome
    try:
        _describe(outcome, table)
        try:
            with transaction.atomic():
                _loop(table, importer, outcome, commit=commit, progress=progress)
                if not commit or not outcome.ok:
                    raise _Rollback
                outcome.committed = True
        except _Rollback:
            pass
    finally:
        if table.close:
            table.close()
    outcome.seconds = time.monotonic() - started
    return outcome


def _describe(outcome: Outcome, table: Table) -> None:
    outcome.sheet = table.sheet
    outcome.header_row = table.header.row
    outcome.columns = [table.header.labels[c.key] for c in table.header.columns.values()]
    for index, heading in table.header.unknown:
        outcome.note(WARNING, _("Cột “%(h)s” không thuộc mẫu nhập, được bỏ qua.") % {"h": heading},
                     row=table.header.row, value=heading)
    for index, heading, col in table.header.duplicates:
        outcome.note(WARNING, _("Cột “%(h)s” trùng với cột “%(c)s” đã có bên trái, được bỏ qua.")
                     % {"h": heading, "c": col.header}, row=table.header.row, value=heading)


def _loop(table: Table, importer: Importer, outcome: Outcome, *, commit: bool, progress) -> None:
    seen: dict[bytes, int] = {}
    chunk: list[Row] = []
    labels = table.header.labels
    done = 0
    for data in table.rows():
        row = Row(data.number, data.values, labels)
        if data.skip:
            row.state = SKIPPED
            row.warn(None, _("Bỏ qua dòng %(n)s: %(why)s.") % {"n": data.number, "why": data.skip},
                     value=next((v for v in data.values.values() if v is not None), ""))
            outcome.add(row)
            continue
        chunk.append(row)
        if len(chunk) >= importer.chunk_size:
            _chunk(chunk, importer, outcome, seen, commit=commit)
            done += len(chunk)
            chunk = []
            if progress:
                progress(done, max(table.estimate, done))
    if chunk:
        _chunk(chunk, importer, outcome, seen, commit=commit)
        done += len(chunk)
    if progress:
        progress(done, done)
    importer.finish(outcome)
    if outcome.counts["rows"] == 0:
        outcome.note(WARNING, _("Không có dòng dữ liệu nào dưới dòng tiêu đề."))


def _chunk(rows: list[Row], importer: Importer, outcome: Outcome, seen: dict, *, commit: bool) -> None:
    for row in rows:
        importer.parse(row)
    importer.prepare(rows)
    for row in rows:
        if row.ok:
            importer.check(row)
        key = importer.key(row) if row.ok else None
        if key is not None:
            h = _key_hash(key)
            first = seen.get(h)
            if first is None:
                seen[h] = row.number
            elif row.state == NEW:
                row.state = DUPLICATE
                row.warn(None, _("Trùng với dòng %(n)s trong tệp, bỏ qua.") % {"n": first}, value="")
    new = [r for r in rows if r.ok and r.state == NEW]
    if new and (importer.writes_to_check or (commit and outcome.ok and not any(not r.ok for r in rows))):
        importer.write(new)
    for row in rows:
        outcome.add(row)
