"""Writing many checked records at once, with the audit entries the one-by-one path would have written.

A 100,000-row import cannot afford model instances, save() and a signal per row, nor bulk_create's
per-value preparation. So the importers hand over plain {attname: value} rows, and this module does
what save() and django-auditlog would have done, in bulk:

* `complete()`: the current commune and province of the unit (through the lineage, as save() does),
  the search and sort columns (the model's own search_fields/sort_field with core.text, as
  SearchableModel does), the creator and the times;
* `RowWriter`: one prepared INSERT run for every row (SQLite: executemany, whose ids are the
  contiguous block after the table's sequence, checked) or COPY (PostgreSQL: ids drawn from the
  sequence first); values adapted per field type, and each distinct date or time only once;
* `CreatedChanges`: the "created" audit entry's changes, the same dict auditlog's model_instance_diff
  gives for a new instance (tests/test_parity.py compares both), written straight as JSON text;
* SQLite's full-text index is filled by one INSERT … SELECT after the last chunk instead of by its
  trigger row by row (core.search.DeferredIndex).
"""
from __future__ import annotations

import datetime
import json
from functools import lru_cache
from operator import itemgetter

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.utils import timezone
from django.utils.encoding import smart_str

from danvan.core.search import DeferredIndex
from danvan.core.text import fold, sort_key

# JSON text of a str, as json.dumps writes it (the C encoder, without the call's overhead).
_json_str = json.encoder.encode_basestring_ascii
# Values whose equal ones always read the same (a date never equals a datetime).
_SIMPLE = frozenset({str, int, type(None), datetime.date, datetime.datetime})


class UnitPlacement:
    """unit id -> (current commune id, current province id), resolved through the lineage like save() does."""

    def __init__(self):
        self._cache: dict[int, tuple] = {}

    def __call__(self, unit_id: int) -> tuple:
        found = self._cache.get(unit_id)
        if found is None:
            from danvan.territory.models import AdminUnit, UnitLevel

            row = AdminUnit.objects.filter(pk=unit_id).values_list("historic", "level", "province_id").first()
            if row is not None and not row[0] and row[1] in (UnitLevel.COMMUNE, UnitLevel.PROVINCE):
                # A current unit: the same answer current_commune_and_province() gives, without loading it.
                found = (unit_id, row[2]) if row[1] == UnitLevel.COMMUNE else (None, unit_id)
            else:
                unit = AdminUnit.objects.select_related("successor", "province").get(pk=unit_id)
                commune, province = unit.current_commune_and_province()
                found = (commune.pk if commune else None, province.pk if province else None)
            self._cache[unit_id] = found
        return found


def complete(model, values: dict, placement: UnitPlacement, *, user=None, now=None, sort: str | None = None,
             folded: dict | None = None) -> dict:
    """Fill what save() would: commune and province from the unit, search/sort columns, creator and times.

    `sort`: the sort key when the caller already computed it (sort_key of the sort field); `folded`: fold() of
    some search fields, already computed ({field: folded text}).
    """
    if values.get("unit_id"):
        values["commune_id"], values["province_id"] = placement(values["unit_id"])
    search_fields = getattr(model, "search_fields", ())
    if search_fields:
        # fold(a + " " + b) is fold(a) and fold(b) joined by a space (or the one that is not empty):
        # folding works character by character and a space composes with nothing.
        folded = folded or {}
        parts = [folded[f] if f in folded else fold(str(values.get(f) or "")) for f in search_fields]
        values["search_text"] = " ".join(p for p in parts if p)
        values["sort_key"] = sort if sort is not None else sort_key(values.get(model.sort_field) or "")
    now = now or timezone.now()
    if user is not None:
        values.setdefault("created_by_id", user.pk)
    values.setdefault("created_at", now)
    values.setdefault("updated_at", now)
    return values


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


def _naive_utc(value):
    if isinstance(value, datetime.datetime) and settings.USE_TZ and not timezone.is_naive(value):
        return timezone.make_naive(value, timezone=datetime.timezone.utc)
    return value


class CreatedChanges:
    """The `changes` of auditlog's "created" entry for a row, computed as model_instance_diff(None, obj) does
    (every tracked field whose value, as auditlog stringifies it, differs from the string "None"), and
    returned as its JSON text. Values that repeat (an organisation, a date, a field) are encoded once."""

    def __init__(self, model, sample_pk: int):
        from auditlog.diff import get_field_value, get_fields_in_model
        from auditlog.registry import auditlog

        sample = model._base_manager.get(pk=sample_pk)
        config = auditlog.get_model_fields(model)
        fields = get_fields_in_model(sample)
        if config["include_fields"]:
            fields = [f for f in fields if f.name in config["include_fields"]]
        fields = [f for f in fields if f.name not in config["exclude_fields"]]
        if config["mask_fields"]:
            raise NotImplementedError("masked audit fields are not written in bulk")
        items = []
        for f in fields:
            if not getattr(f, "concrete", False):  # a reverse relation: the same text for every record
                items.append(("const", f.name, smart_str(get_field_value(sample, f))))
            elif isinstance(f, models.DateTimeField):
                items.append(("datetime", f.name, f.attname))
            elif isinstance(f, models.JSONField):
                raise NotImplementedError("JSON fields are not written in bulk")
            elif (not settings.AUDITLOG_USE_FK_STRING_REPRESENTATION and (f.one_to_one or f.many_to_one)
                  and hasattr(f, "rel_class")):
                items.append(("fk", f.name, f.attname))
            else:
                items.append(("plain", f.name, f.attname))
        # A reverse relation's text is the same for every record (and left out when it reads "None").
        self._const = [frag for frag in (_fragment("plain", name, text) for kind, name, text in items
                                         if kind == "const") if frag]
        # (kind, name, attname, {value: its fragment}): values repeat, each is encoded once.
        self._items = [(kind, name, source, {}) for kind, name, source in items if kind != "const"]

    def __call__(self, row: dict) -> dict:
        return json.loads(self.json(row))

    def json(self, row: dict) -> str:
        """The changes as JSON text."""
        parts = list(self._const)
        get = row.get
        for kind, name, source, cache in self._items:
            value = get(source)
            if value.__class__ is str and len(value) >= 40:  # a long text: hardly repeats
                parts.append(f'"{name}": ["None", {_json_str(value)}]')
                continue
            # Equal values of another type may read differently (True and 1, Decimal 1.0 and 1.00).
            key = value if value.__class__ in _SIMPLE else (value.__class__, value)
            fragment = cache.get(key)
            if fragment is None:
                fragment = _fragment(kind, name, value)
                if len(cache) < 20000:
                    cache[key] = fragment
            if fragment:
                parts.append(fragment)
        return "{" + ", ".join(parts) + "}"


def _fragment(kind: str, name: str, value) -> str:
    """One field of a "created" entry's changes as JSON ("" when auditlog leaves it out). auditlog compares each
    value with the string "None": a date-time or a foreign key as an object (so it always differs, None
    included), any other value as its text."""
    if value is None:
        text = "None"
    elif type(value) is str:
        text = value
    else:
        text = smart_str(_naive_utc(value) if kind == "datetime" else value)
    if kind in ("datetime", "fk") or text != "None":
        return f'"{name}": ["None", {_json_str(text)}]'
    return ""


class AuditedInserter:
    """Insert rows of a model and one "created" audit entry for each, attributed to the importing user."""

    def __init__(self, model, *, user=None, cid: str = "", note: dict | None = None, repr_field: str = ""):
        self.model = model
        self.user = user
        self.cid = cid or None
        self.note = note or {}
        self.repr_field = repr_field
        self.rows = RowWriter(model)
        self.entries = RowWriter(LogEntry, prepared={"changes", "additional_data"}, columns=(
            "object_pk", "object_id", "object_repr", "changes", "additional_data", "content_type_id", "action",
            "changes_text", "actor_id", "actor_email", "cid", "timestamp"), ids=False)
        self.content_type_id = ContentType.objects.get_for_model(model).pk
        self.changes = None
        self.index = DeferredIndex(connection, model._meta.db_table)

    def insert(self, rows: list[dict]) -> list[int]:
        if not rows:
            return []
        self.index.start()
        ids = self.rows.insert(rows)
        if self.changes is None:
            self.changes = CreatedChanges(self.model, ids[0])
        constant = (self.content_type_id, LogEntry.Action.CREATE, "",
                    self.user.pk if self.user is not None else None,
                    getattr(self.user, "email", None) if self.user is not None else None, self.cid, timezone.now())
        note = json.dumps(self.note)[1:-1]
        additional = {}
        changes, repr_field = self.changes.json, self.repr_field
        entries = []
        for row in rows:
            version = row.get("version", 1)
            data = additional.get(version)
            if data is None:
                data = additional[version] = '{"version": %d%s}' % (version, ", " + note if note else "")
            pk = row["id"]
            entries.append((str(pk), pk, str(row.get(repr_field, ""))[:10000], changes(row), data, *constant))
        self.entries.insert(entries)
        return ids

    def finish(self) -> None:
        """After the last insert, in the same transaction: the search index's trigger is back."""
        self.index.finish()


class CellTally:
    """What inserted records add to the dashboards' cell tables (save() and its signals did not run), counted
    from the inserted rows (with "organization__kind") and summed per cell as the import goes, then written
    once, in its transaction, as dashboards.aggregates asks of bulk inserts. What it holds is bounded by the
    cells the file touches (communes × months × dimensions), not by its rows."""

    def __init__(self, model):
        try:
            from danvan.dashboards import aggregates
        except ImportError:  # a build without the dashboards' aggregate tables
            aggregates = None
        self.aggregates = aggregates
        self.model = model
        self.cells = None

    def add(self, rows: list[dict]) -> None:
        if self.aggregates is not None:
            self.cells = self.aggregates.per_table(self.aggregates.rows_counted(self.model, rows), self.cells)

    def apply(self) -> None:
        if self.cells:
            self.aggregates.write(self.cells)
        self.cells = None
