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
    are already what the database stores (e.g. JSON text).
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
        ids = self._copy(rows) if connection.vendor == "postgresql" else self._executemany(rows)
        if ids and not self.tuples:
            for row, pk in zip(rows, ids):
                row["id"] = pk
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
