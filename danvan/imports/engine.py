"""The import loop shared by every kind of data: read, check, write all at once or nothing.

Rows are read lazily and handled in chunks (one batch of look-ups per chunk), so memory stays flat
whatever the file's length. Everything happens in one transaction: a single bad row rolls the whole
file back. A row whose natural key is already in the database (or earlier in the file) is skipped, so
importing the same file twice leaves one copy.
"""
from __future__ import annotations

import contextlib
import gc
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from danvan.imports.parsing import FileUnreadable, Table, is_empty, open_table
from danvan.imports.validation import EMPTY, CellProblem, ColumnParser, display

ERROR = "error"
WARNING = "warning"
# Issues kept for the page (the rest are counted): errors first, so a file with thousands of warnings
# still lists the one error that stops it.
MAX_ERRORS = 500
MAX_WARNINGS = 300

NEW, EXISTING, DUPLICATE, SKIPPED, INVALID = "new", "existing", "duplicate", "skipped", "invalid"


class Row:
    """One data row: its cells as read, their parsed values, what is wrong with it and what it becomes."""

    __slots__ = ("number", "cells", "index", "values", "issues", "state", "obj", "extra", "labels")

    def __init__(self, number: int, cells: tuple, index: dict, labels: dict):
        self.number = number
        self.cells = cells          # the mapped cells as read, in the table's key order
        self.index = index          # column key -> position in `cells`
        self.values: dict = {}      # column key -> parsed value (None when empty or unreadable)
        self.issues: list = []
        self.state = NEW
        self.obj = None
        self.extra: dict = {}
        self.labels = labels

    @property
    def raw(self) -> dict:
        """column key -> the cell as read (None when empty)."""
        return {key: (None if is_empty(self.cells[i]) else self.cells[i]) for key, i in self.index.items()}

    def cell(self, key):
        i = self.index.get(key)
        return None if i is None or is_empty(self.cells[i]) else self.cells[i]

    def _issue(self, level, key, message, value=None):
        if value is None and key is not None:
            value = self.cell(key)
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
    # True: `check(row)` also runs on rows already in error (a bad cell), so that one upload lists every error
    # of every row; such a check only adds errors and never marks the row NEW or EXISTING.
    checks_invalid_rows = False

    def __init__(self, user=None, *, cid: str = ""):
        self.user = user if user is not None and getattr(user, "is_authenticated", False) else None
        self.cid = cid
        self.source = (None, "")  # (path, name as uploaded) of the file, kept with the import's audit entry
        self._parsers: dict = {}  # column key -> ColumnParser, kept for the whole file

    @property
    def importable(self):
        return [c for c in self.columns if c.importable]

    def parse(self, rows: list[Row]) -> list[Row]:
        """Parse every cell of a chunk, column by column (see ColumnParser); returns the rows that hold
        data (a row whose cells were all empty, e.g. only spaces, is dropped)."""
        if not rows:
            return rows
        index = rows[0].index
        parsed = []
        for col in self.importable:
            position = index.get(col.key)
            if position is None:
                continue
            parser = self._parsers.get(col.key)
            if parser is None:
                parser = self._parsers[col.key] = ColumnParser(col, rows[0].labels.get(col.key, ""))
            parsed.append((col, parser.parse([row.cells[position] for row in rows])))
        keys = [col.key for col, _values in parsed]
        columns = [values for _col, values in parsed]
        for row, values in zip(rows, zip(*columns)):
            row.values = dict(zip(keys, values))
        kept = rows
        emptied = [values for values in columns if EMPTY in values]
        if len(emptied) == len(columns):
            # Rows whose every cell is empty once read (spaces only): not data. Cells of columns the
            # importer ignores still make a row (the file's own rows are never dropped silently).
            kept = [row for row in rows if any(v is not EMPTY for v in row.values.values())
                    or not all(is_empty(v) for v in row.cells)]
        for (col, values), key in zip(parsed, keys):
            if not (EMPTY in values or any(type(v) is CellProblem for v in values)):
                continue
            for row in kept:
                value = row.values[key]
                if value is EMPTY:
                    row.values[key] = None
                    if key in row.extra.get("formulas", ()):
                        row.error(key, _("Ô này là công thức nhưng tệp không lưu giá trị đã tính (tệp được tạo bằng "
                                         "chương trình khác, chưa tính lại). Hãy mở tệp bằng Excel, lưu lại rồi tải "
                                         "lên; hoặc ghi giá trị thay cho công thức."), "")
                    elif col.required:
                        row.error(key, _("Chưa nhập “%(col)s”.") % {"col": col.header}, "")
                elif type(value) is CellProblem:
                    row.values[key] = None
                    row.error(key, value.message)
        return kept

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
        progress: Callable[[int, int], None] | None = None,
        before_commit: Callable[[Outcome], None] | None = None) -> Outcome:
    """Check the file (commit=False: nothing is written) or import it (commit=True: all rows or none).

    `before_commit(outcome)` runs inside the import's transaction once every row is written, just before it
    commits (imports.services marks the job done there, so the rows and the job's state commit together); an
    exception from it rolls everything back. A file that turns out unreadable while its rows are read (the
    reader refused it or died: imports.sandbox) rolls back too, and says why in `outcome.fatal`."""
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
            with _collector_paused(), transaction.atomic():
                _loop(table, importer, outcome, commit=commit, progress=progress)
                if not commit or not outcome.ok:
                    raise _Rollback
                if before_commit is not None:
                    before_commit(outcome)
                outcome.committed = True
        except _Rollback:
            pass
        except FileUnreadable as exc:
            outcome.fatal = str(exc.message)
    finally:
        if table.close:
            table.close()
    outcome.seconds = time.monotonic() - started
    return outcome


@contextlib.contextmanager
def _collector_paused():
    """A large file makes millions of short-lived objects and no reference cycles: reference counting frees
    them, and the cyclic garbage collector walking them would cost about a tenth of the import. The switch is
    process-wide: imports run in the task worker or the command line (inline in a web request only with
    DANVAN_TASKS_IMMEDIATE, where other threads' cyclic garbage then waits until the import ends)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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
    index = {key: i for i, key in enumerate(table.keys)}
    wide = len(index) >= 3
    done = 0
    skipped: list[tuple[Row, str]] = []
    formulas = table.formulas
    mapping = table.mapping if formulas else ()
    for number, values, cells, skip in table.rows():
        row = Row(number, cells, index, labels)
        if formulas:
            keys = {key for c, key in mapping if (number - 1, c) in formulas}
            if keys:
                row.extra["formulas"] = keys
        if skip:
            skipped.append((row, skip))
            continue
        row.extra["values"] = values if wide else None
        chunk.append(row)
        if len(chunk) >= importer.chunk_size:
            done += _chunk(chunk, importer, outcome, seen, commit=commit, wide=wide, skipped=skipped)
            chunk, skipped = [], []
            if progress:
                progress(done, max(table.estimate, done))
    if chunk or skipped:
        done += _chunk(chunk, importer, outcome, seen, commit=commit, wide=wide, skipped=skipped)
    if progress:
        progress(done, done)
    importer.finish(outcome)
    if outcome.counts["rows"] == 0:
        outcome.note(WARNING, _("Không có dòng dữ liệu nào dưới dòng tiêu đề."))


def _skip(row: Row, why: str) -> Row:
    row.state = SKIPPED
    row.issues = []
    row.warn(None, _("Bỏ qua dòng %(n)s: %(why)s.") % {"n": row.number, "why": why},
             value=next((v for v in row.raw.values() if v is not None), ""))
    return row


def _group_heading(row: Row) -> bool:
    """A row with one text cell and nothing else ("I. Lĩnh vực kinh tế") heads a group of rows."""
    if sum(1 for v in row.values.values() if v is not None) > 1:
        return False
    filled = [v for v in row.cells if not is_empty(v)]
    return (len(filled) == 1 and isinstance(filled[0], str)
            and sum(1 for v in row.extra["values"] if not is_empty(v)) == 1)


def _chunk(rows: list[Row], importer: Importer, outcome: Outcome, seen: dict, *, commit: bool,
           wide: bool = False, skipped=()) -> int:
    """Parse, check and (when committing and nothing is wrong so far) write one chunk; returns its row count.
    `skipped`: (row, why) of the rows among the chunk's that are not data (they are reported in row order)."""
    count = len(rows)
    done = [_skip(row, why) for row, why in skipped]
    rows = importer.parse(rows)
    if wide:
        data = []
        for row in rows:
            if _group_heading(row):
                done.append(_skip(row, _("chỉ có một ô, coi là dòng tiêu đề nhóm")))
            else:
                row.extra.pop("values", None)
                data.append(row)
        rows = data
    else:
        for row in rows:
            row.extra.pop("values", None)
    importer.prepare(rows)
    for row in rows:
        if row.ok or importer.checks_invalid_rows:
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
    if done:
        rows = sorted([*rows, *done], key=lambda r: r.number)
    for row in rows:
        outcome.add(row)
    return count
