"""Writing many rows of one model at once: what the registry's batch services (and only they) use.

A 100,000-row import cannot afford model instances, save() and a signal per row, nor bulk_create's per-value
preparation. `RowWriter` runs one prepared INSERT for every row (SQLite: executemany, whose ids are the
contiguous block after the table's sequence, checked) or COPY (PostgreSQL: ids drawn from the sequence first),
adapting values per field type and each distinct date or time only once. What a row must hold besides what the
caller gives (derived columns, audit) is the batch services' business (initiatives.batch), not this module's.
"""
from __future__ import annotations

from functools import lru_cache
from operator import itemgetter

from django.db import connection, models
from django.utils import timezone


def _adapter(field):
    ops = connection.ops
    # Dates and times repeat (one "now" per import, a few hundred days): adapt each distinct value once.
    if isinstance(field, models.DateTimeField):
        return lru_cache(maxsize=4096)(ops.adapt_datetimefield_value)
    if isinstance(field, models.DateField):
        return lru_cache(maxsize=4096)(ops.adapt_datefield_value)
    if isinstance(field, models.TimeField):
        return ops.adapt_timefield_value
    if isinstance(field, models.DecimalField):
        return lambda v, f=field: ops.adapt_decimalfield_value(v, f.max_digits, f.decimal_places)
    if isinstance(field, models.JSONField):
        return lambda v, f=field: f.get_db_prep_save(v, connection)
    return None


def _default(field):
    """What save() would store in a field the row does not give: its default, or now for auto_now(_add)."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        now = timezone.now()
        return now if isinstance(field, models.DateTimeField) else timezone.localdate(now)
    return field.get_default()


class RowWriter:
    """INSERT rows of one model; returns their ids in order.

    Rows are {attname: value} dicts (also given their "id"), or, when `columns` names attnames, tuples of
    those columns in that order (every other column takes its default). `prepared`: attnames whose values
    are already what the database stores (e.g. JSON text). Dict rows that already hold an "id" (reserved with
    `reserve_ids`, so that rows written later can point to them) are written with it: all rows of a call, or none.
    """

    def __init__(self, model, *, prepared=(), columns=None, ids=True):
        self.model = model
        self.want_ids = ids  # False: the database numbers the rows itself and insert() returns []
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.tuples = columns is not None
        if self.tuples:
            by_name = {f.attname: f for f in fields}
            given = [by_name[name] for name in columns]
            rest = [f for f in fields if f.attname not in set(columns)]
            self.fields = given + rest
            self._rest = tuple(_default(f) for f in rest)
        else:
            self.fields = fields
            self.defaults = {f.attname: _default(f) for f in self.fields}
            self._get = itemgetter(*[f.attname for f in self.fields])
        # (position, adapter) for the fields whose Python values the driver cannot take as they are.
        self._adapt = [(i, a) for i, (f, a) in enumerate((f, _adapter(f)) for f in self.fields)
                       if a is not None and f.attname not in prepared]
        if connection.vendor == "postgresql":
            # psycopg adapts dates, times and Decimals itself, in C; JSON still needs its text.
            self._adapt = [(i, a) for i, a in self._adapt if isinstance(self.fields[i], models.JSONField)]
        self.table = model._meta.db_table
        self.pk_column = model._meta.pk.column
        self.columns = [f.column for f in self.fields]

    def params(self, row) -> list:
        values = [*row, *self._rest] if self.tuples else list(self._get({**self.defaults, **row}))
        for i, adapt in self._adapt:
            value = values[i]
            if value is not None:
                values[i] = adapt(value)
        return values

    def insert(self, rows: list) -> list[int]:
        """Insert `rows` and return their new ids (in the rows' order); a dict row also gets row["id"]."""
        if not rows:
            return []
        if not self.tuples and rows[0].get("id") is not None:
            return self._with_ids(rows)
        ids = self._copy(rows) if connection.vendor == "postgresql" else self._executemany(rows)
        if ids and not self.tuples:
            for row, pk in zip(rows, ids):
                row["id"] = pk
        return ids

    def _with_ids(self, rows: list) -> list[int]:
        """Rows carrying the ids reserved for them: written as they are (COPY or executemany)."""
        ids = [row.get("id") for row in rows]
        if None in ids:
            raise ValueError(f"{self.table}: rows with and without a reserved id in one insert")
        quote = connection.ops.quote_name
        columns = [self.pk_column, *self.columns]
        params = self.params
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {quote(self.table)} ({', '.join(quote(c) for c in columns)}) "
                                        f"FROM STDIN") as copy:
                    write = copy.write_row
                    for row, pk in zip(rows, ids):
                        write([pk, *params(row)])
            else:
                sql = (f"INSERT INTO {quote(self.table)} ({', '.join(quote(c) for c in columns)}) "
                       f"VALUES ({', '.join(['%s'] * len(columns))})")
                cursor.executemany(sql, [[pk, *params(row)] for row, pk in zip(rows, ids)])
        return ids

    def _executemany(self, rows: list) -> list[int]:
        """SQLite: one prepared statement for every row. The writer holds the database's write lock for the
        whole transaction, so the table's AUTOINCREMENT gives the rows the ids right after its sequence;
        the count of rows in that range proves it."""
        quote = connection.ops.quote_name
        table = quote(self.table)
        params = [self.params(row) for row in rows]
        columns = ", ".join(quote(c) for c in self.columns)
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(self.columns))})"
        with connection.cursor() as cursor:
            if not self.want_ids:
                cursor.executemany(sql, params)
                return []
            cursor.execute(f"SELECT COALESCE(MAX({quote(self.pk_column)}), 0) FROM {table}")
            (highest,) = cursor.fetchone()
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [self.table])
            seq = cursor.fetchone()
            first = max(highest, seq[0] if seq else 0) + 1
            cursor.executemany(sql, params)
            last = first + len(rows) - 1
            cursor.execute(f"SELECT COUNT(*), MAX({quote(self.pk_column)}) FROM {table} "
                           f"WHERE {quote(self.pk_column)} >= %s", [first])
            count, top = cursor.fetchone()
        if count != len(rows) or top != last:  # pragma: no cover - would mean another writer; SQLite has one
            raise RuntimeError(f"{self.table}: inserted ids are not the block {first}..{last}")
        return list(range(first, last + 1))

    def _copy(self, rows: list) -> list[int]:
        """PostgreSQL: take the ids from the table's sequence (unless the table may number the rows itself),
        then COPY the rows in (many times faster than INSERT statements with thousands of parameters)."""
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            ids, columns = [], self.columns
            if self.want_ids:
                cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                               [quote(self.table), self.pk_column, len(rows)])
                ids, columns = [r[0] for r in cursor.fetchall()], [self.pk_column, *self.columns]
            with cursor.cursor.copy(f"COPY {quote(self.table)} ({', '.join(quote(c) for c in columns)}) "
                                    f"FROM STDIN") as copy:
                write, params = copy.write_row, self.params
                if ids:
                    for row, pk in zip(rows, ids):
                        write([pk, *params(row)])
                else:
                    for row in rows:
                        write(params(row))
        return ids


def reserve_ids(model, n: int) -> list[int]:
    """Take `n` primary keys of `model`'s table now, for rows written later with them (RowWriter writes a dict
    row's "id"): a generator can then point records at each other before any is written. PostgreSQL: drawn
    from the table's sequence (no other writer can get them); SQLite: the block after the table's sequence,
    which is moved past it (the writer holds the write lock until its transaction ends)."""
    if n <= 0:
        return []
    quote = connection.ops.quote_name
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [quote(table), pk, n])
            return [r[0] for r in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX({quote(pk)}), 0) FROM {quote(table)}")
        (highest,) = cursor.fetchone()
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        seq = cursor.fetchone()
        first = max(highest, seq[0] if seq else 0) + 1
        if seq is None:
            cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, first + n - 1])
        else:
            cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [first + n - 1, table])
    return list(range(first, first + n))


class ReservedIds:
    """Ids of one model handed out one at a time, reserved (reserve_ids) a block at a time."""

    def __init__(self, model, block: int = 10_000):
        self.model, self.block = model, block
        self._ids: list[int] = []
        self._next = 0

    def __call__(self) -> int:
        if self._next == len(self._ids):
            self._ids, self._next = reserve_ids(self.model, self.block), 0
        self._next += 1
        return self._ids[self._next - 1]


class BulkLoad:
    """A loading mode for writing millions of rows into empty or nearly empty tables (the national data set):
    the secondary indexes (and, on PostgreSQL, the foreign keys) of `models`' tables are dropped inside the
    writer's transaction and built again at its end, once, which is many times faster than keeping them up
    to date row by row; SQLite also trades durability for speed during the load (synchronous off, a rollback
    journal). What is written, and how, stays the batch services' business; this only tunes the database.

        load = BulkLoad(models); load.before()
        try:
            with transaction.atomic():
                load.start(); … write …; load.finish()
        finally:
            load.after()
    """

    def __init__(self, models_):
        self.tables = [m._meta.db_table for m in models_]
        self.dropped: list = []
        self.foreign_keys: list = []
        self.tuned = False

    def before(self) -> None:
        """Outside the transaction: the connection's settings for a load."""
        if connection.vendor != "sqlite":
            return
        connection.ensure_connection()
        raw = connection.connection
        # Inside an outer transaction (tests) the journal and safety settings cannot change: keep them.
        self.tuned = not connection.in_atomic_block
        if self.tuned:
            self.journal = raw.execute("PRAGMA journal_mode").fetchone()[0]
            self.synchronous = raw.execute("PRAGMA synchronous").fetchone()[0]
            try:  # a rollback journal writes the new pages once; WAL would write them twice
                raw.execute("PRAGMA journal_mode=TRUNCATE")
            except Exception:  # noqa: BLE001 - another connection holds the database: keep WAL
                pass
            raw.execute("PRAGMA synchronous=OFF")
            raw.execute("PRAGMA temp_store=MEMORY")
        raw.execute("PRAGMA cache_size=-1048576")  # 1 GiB of page cache for the index builds
        # Every row's ids come from the writer itself; checking each row's parents at the commit is left out.
        connection.disable_constraint_checking()

    def start(self) -> None:
        """Inside the transaction, before the first row: drop the secondary indexes (and foreign keys)."""
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                marks = ", ".join(["%s"] * len(self.tables))
                cursor.execute(f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                               f"AND tbl_name IN ({marks})", self.tables)
                self.dropped = cursor.fetchall()
                for name, _sql in self.dropped:
                    cursor.execute(f'DROP INDEX "{name}"')
                return
            cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
            cursor.execute("SET LOCAL synchronous_commit = off")
            # Check what the transaction already wrote now: a table with pending FK checks cannot be altered.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])", [self.tables])
            self.foreign_keys = cursor.fetchall()
            cursor.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)", [self.tables])
            self.dropped = cursor.fetchall()
            for table, name, _definition in self.foreign_keys:
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            for name, _definition in self.dropped:
                cursor.execute(f"DROP INDEX {name}")

    def finish(self) -> None:
        """Inside the transaction, after the last row: build again what start() dropped (foreign keys are
        checked against every row as they come back)."""
        with connection.cursor() as cursor:
            for _name, definition in self.dropped:
                cursor.execute(definition)
            for table, name, definition in self.foreign_keys:
                cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
            if self.foreign_keys:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        self.dropped, self.foreign_keys = [], []

    def after(self) -> None:
        """Outside the transaction: the connection's settings back, the planner's statistics refreshed."""
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                raw = connection.connection
                connection.enable_constraint_checking()
                if self.tuned:
                    raw.execute(f"PRAGMA synchronous={self.synchronous}")
                    if self.journal.lower() != "truncate":
                        raw.execute(f"PRAGMA journal_mode={self.journal}")
                raw.execute("PRAGMA analysis_limit=2000")
                raw.execute("ANALYZE")
                return
            for table in self.tables:
                cursor.execute(f'ANALYZE "{table}"')
