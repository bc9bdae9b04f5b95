"""Writing many checked records at once, with the audit entries the one-by-one path would have written.

A 100,000-row import cannot afford model instances, save() and a signal per row, nor bulk_create's
per-value preparation. So the importers hand over plain {attname: value} rows, and this module does
what save() and django-auditlog would have done, in bulk:

* `complete()`: the current commune and province of the unit (through the lineage, as save() does),
  the search and sort columns (the model's own search_fields/sort_field with core.text, as
  SearchableModel does), the creator and the times;
* `RowWriter`: multi-row INSERT … RETURNING id (SQLite ≥ 3.35 and PostgreSQL), values adapted per
  field type once, not per value through the ORM;
* `CreatedChanges`: the "created" audit entry's changes, the same dict auditlog's model_instance_diff
  gives for a new instance (tests/test_bulk.py compares both).
"""
from __future__ import annotations

import datetime
from functools import lru_cache

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.utils import timezone
from django.utils.encoding import smart_str

from danvan.core.text import fold, sort_key

BATCH = 1000


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


def complete(model, values: dict, placement: UnitPlacement, *, user=None, now=None, sort: str | None = None) -> dict:
    """Fill what save() would: commune and province from the unit, search/sort columns, creator and times.

    `sort`: the sort key when the caller already computed it (sort_key of the sort field).
    """
    if values.get("unit_id"):
        values["commune_id"], values["province_id"] = placement(values["unit_id"])
    search_fields = getattr(model, "search_fields", ())
    if search_fields:
        values["search_text"] = fold(" ".join(str(values.get(f) or "") for f in search_fields))
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


class RowWriter:
    """INSERT rows of one model, given as {attname: value}, many per statement; returns their ids in order."""

    def __init__(self, model):
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.defaults = {f.attname: f.get_default() for f in self.fields}
        self.adapters = [_adapter(f) for f in self.fields]
        self.pk_column = model._meta.pk.column
        columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        self.head = f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) VALUES "
        self.placeholders = "(" + ", ".join(["%s"] * len(self.fields)) + ")"
        limit = connection.features.max_query_params or 999
        if connection.vendor == "sqlite":
            try:
                import sqlite3

                connection.ensure_connection()
                limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
            except (AttributeError, Exception):  # noqa: BLE001 - older Python/SQLite: keep Django's limit
                pass
        self.batch = max(1, min(500, limit // len(self.fields)))

    def _params(self, row: dict) -> list:
        values = []
        defaults = self.defaults
        for field, adapt in zip(self.fields, self.adapters):
            value = row.get(field.attname, defaults[field.attname])
            if adapt is not None and value is not None:
                value = adapt(value)
            values.append(value)
        return values

    def insert(self, rows: list[dict]) -> list[int]:
        """Insert `rows` and return their new ids (in the rows' order), also stored as row["id"]."""
        if connection.vendor == "postgresql":
            return self._copy(rows)
        ids: list[int] = []
        quoted_pk = connection.ops.quote_name(self.pk_column)
        with connection.cursor() as cursor:
            for start in range(0, len(rows), self.batch):
                batch = rows[start:start + self.batch]
                params = [v for row in batch for v in self._params(row)]
                sql = self.head + ", ".join([self.placeholders] * len(batch)) + f" RETURNING {quoted_pk}"
                cursor.execute(sql, params)
                # Both databases return the rows of one INSERT in the order given (Django's bulk_create
                # relies on the same).
                ids.extend(r[0] for r in cursor.fetchall())
        for row, pk in zip(rows, ids):
            row["id"] = pk
        return ids

    def _copy(self, rows: list[dict]) -> list[int]:
        """PostgreSQL: take the ids from the table's sequence, then COPY the rows in (many times faster than
        INSERT statements with thousands of parameters)."""
        if not rows:
            return []
        quote = connection.ops.quote_name
        table = self.model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [quote(table), self.pk_column, len(rows)])
            ids = [r[0] for r in cursor.fetchall()]
            columns = ", ".join(quote(c) for c in [self.pk_column, *(f.column for f in self.fields)])
            with cursor.cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:
                for row, pk in zip(rows, ids):
                    row["id"] = pk
                    copy.write_row([pk, *self._params(row)])
        return ids


def _naive_utc(value):
    if isinstance(value, datetime.datetime) and settings.USE_TZ and not timezone.is_naive(value):
        return timezone.make_naive(value, timezone=datetime.timezone.utc)
    return value


class CreatedChanges:
    """The `changes` of auditlog's "created" entry for a row, computed as model_instance_diff(None, obj) does:
    every tracked field whose value (as auditlog stringifies it) differs from the string "None"."""

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
        self.items = []
        for f in fields:
            if not getattr(f, "concrete", False):  # a reverse relation: the same text for every record
                self.items.append(("const", f.name, smart_str(get_field_value(sample, f))))
            elif isinstance(f, models.DateTimeField):
                self.items.append(("datetime", f.name, f.attname))
            elif isinstance(f, models.JSONField):
                raise NotImplementedError("JSON fields are not written in bulk")
            elif (not settings.AUDITLOG_USE_FK_STRING_REPRESENTATION and (f.one_to_one or f.many_to_one)
                  and hasattr(f, "rel_class")):
                self.items.append(("fk", f.name, f.attname))
            else:
                self.items.append(("plain", f.name, f.attname))

    def __call__(self, row: dict) -> dict:
        changes = {}
        for kind, name, source in self.items:
            if kind == "const":
                value = source
            elif kind == "datetime":
                value = _naive_utc(row.get(source))
            elif kind == "fk":
                value = row.get(source)
                value = value if value is None else _text(value)
            else:
                value = _text(row.get(source))
            if value != "None":
                changes[name] = ["None", _text(value)]
        return changes


def _text(value) -> str:
    """smart_str(value), quicker for the plain types rows hold (str, int, None, date)."""
    if type(value) is str:
        return value
    if value is None:
        return "None"
    return smart_str(value)


class AuditedInserter:
    """Insert rows of a model and one "created" audit entry for each, attributed to the importing user."""

    def __init__(self, model, *, user=None, cid: str = "", note: dict | None = None, repr_field: str = ""):
        self.model = model
        self.user = user
        self.cid = cid or None
        self.note = note or {}
        self.repr_field = repr_field
        self.rows = RowWriter(model)
        self.entries = RowWriter(LogEntry)
        self.content_type_id = ContentType.objects.get_for_model(model).pk
        self.changes = None

    def insert(self, rows: list[dict]) -> list[int]:
        if not rows:
            return []
        ids = self.rows.insert(rows)
        if self.changes is None:
            self.changes = CreatedChanges(self.model, ids[0])
        now = timezone.now()
        user_id = self.user.pk if self.user is not None else None
        email = getattr(self.user, "email", None) if self.user is not None else None
        entries = []
        for row in rows:
            entries.append({
                "content_type_id": self.content_type_id, "object_pk": str(row["id"]), "object_id": row["id"],
                "object_repr": str(row.get(self.repr_field, ""))[:10000], "action": LogEntry.Action.CREATE,
                "changes": self.changes(row), "changes_text": "", "actor_id": user_id, "actor_email": email,
                "cid": self.cid, "timestamp": now,
                "additional_data": {"version": row.get("version", 1), **self.note},
            })
        self.entries.insert(entries)
        return ids


def announce(model, ids: list[int]) -> None:
    """Tell the dashboards' cell tables about records inserted in bulk (save() and its signals did not run),
    in the import's transaction, as dashboards.aggregates asks of importers."""
    try:
        from danvan.dashboards.aggregates import records_added
    except ImportError:  # a build without the dashboards' aggregate tables
        return
    records_added(model, ids)
