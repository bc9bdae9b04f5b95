"""Keeping the count tables (stats.models) equal to a fresh count of the registry.

One definition of what a record contributes: a "fine" key per dimension, (kind, province, commune, year,
month, dim, value) following the rules in models.py (`row_keys` for one record, `grouped` for many);
each table keeps the part of it that it needs (`TABLES`). The writers call it explicitly, in their
transaction (no signals):
- one record: `core.services.save_versioned` / `create_record` (every registry service, the workflow's
  steps, soft delete and restore) wrap their write in `counting(record)` through settings.COUNT_KEEPER;
- an organisation's kind changes: organizations.services calls `organization_kind_changed()`;
- records re-placed in bulk (unit lineage, territory.placement.replace_records) run inside `track()`;
- bulk inserts (RegistryBatch): `tally(model)` sums the inserted rows per cell and writes the sum once;
- `rebuild()`: empty the tables and refill them with INSERT … SELECT … GROUP BY over the registry
  (the seed, the national generator, `danvan rebuild-aggregates`, the first migrate of a filled database).
A rolled-back write leaves the cells untouched: every change runs in the caller's transaction.
"""
import contextlib
from collections import Counter
from dataclasses import dataclass
from operator import itemgetter
from typing import Callable

from django.db import connection, transaction
from django.db.models import Count, F, IntegerField, Value
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear

from danvan.core.db import max_query_params
from danvan.stats.models import (
    SHARDS, CellKind, CommuneMonthCell, Dim, NationStatCell, ProvinceMonthCell, ProvinceStatCell, StatCell,
)
from danvan.initiatives.models import Exemplar, Initiative, Status

I, E = CellKind.INITIATIVE.value, CellKind.EXEMPLAR.value
# dimension -> column (path) of the record it reads
INITIATIVE_DIMS = {Dim.FIELD: "field", Dim.SCOPE: "scope", Dim.STATUS: "status", Dim.ORG_KIND: "organization__kind"}
EXEMPLAR_DIMS = {Dim.FIELD: "field", Dim.SCOPE: "kind", Dim.ORG_KIND: "organization__kind"}
# Dim "changed": initiatives by the status they moved to and the month they moved (status_changed_at), for every
# status: the figures "recognised" / "not implemented" and the dashboards' "moved to this status in the period"
# (compared with the same period a year earlier) are read from the cells, never by grouping the whole registry.
CHANGED_STATUSES = tuple(Status)
MODELS = {Initiative: I, Exemplar: E}
_ROW_FIELDS = {
    I: ("province_id", "commune_id", "deleted_at", "registered_on", "status", "status_changed_at", "field", "scope",
        "organization__kind"),
    E: ("province_id", "commune_id", "deleted_at", "year", "field", "kind", "organization__kind"),
}
CHANGED, TOTAL = str(Dim.CHANGED), str(Dim.TOTAL)

Key = tuple  # fine key: (kind, province_id, commune_id, year, month, dim, value); month 0 for exemplars


@dataclass(frozen=True)
class Table:
    """One cell table: its key columns and what it keeps of a fine key (None: nothing)."""

    model: type
    columns: tuple[str, ...]
    keep: Callable[[Key], tuple | None]


TABLES = (
    Table(StatCell, ("kind", "province_id", "commune_id", "year", "dim", "value"),
          lambda k: (k[0], k[1], k[2], k[3], k[5], k[6])),
    Table(ProvinceStatCell, ("kind", "province_id", "year", "dim", "value"),
          lambda k: (k[0], k[1], k[3], k[5], k[6])),
    Table(ProvinceMonthCell, ("kind", "province_id", "year", "month", "dim", "value"),
          lambda k: (k[0], k[1], k[3], k[4], k[5], k[6]) if k[0] == I else None),
    Table(CommuneMonthCell, ("kind", "province_id", "commune_id", "year", "month", "dim", "value"),
          lambda k: k if k[0] == I and k[5] in (TOTAL, CHANGED) else None),
    Table(NationStatCell, ("kind", "shard", "year", "dim", "value"),
          lambda k: (k[0], k[1] % SHARDS, k[3], k[5], k[6])),
)


def row_keys(kind: str, row: dict) -> list[Key]:
    """The fine keys one record (a `.values()` row) adds 1 to."""
    if row is None or row.get("deleted_at") is not None:
        return []
    p, c = row["province_id"] or 0, row["commune_id"] or 0
    if kind == E:
        return [(E, p, c, row["year"], 0, str(dim), row[col]) for dim, col in EXEMPLAR_DIMS.items()] + [
            (E, p, c, row["year"], 0, TOTAL, "")]
    keys = []
    day = row["registered_on"]
    if day is not None:
        keys += [(I, p, c, day.year, day.month, str(dim), row[col]) for dim, col in INITIATIVE_DIMS.items()]
        keys.append((I, p, c, day.year, day.month, TOTAL, ""))
    day = row["status_changed_at"]
    if row["status"] in CHANGED_STATUSES and day is not None:
        keys.append((I, p, c, day.year, day.month, CHANGED, row["status"]))
    return keys


def _dimensions(kind: str, qs):
    """(dim, records counted in it, their date column or None for exemplars, value column or None for "")."""
    qs = qs.filter(deleted_at__isnull=True).order_by()
    if kind == E:
        for dim, col in EXEMPLAR_DIMS.items():
            yield str(dim), qs, None, col
        yield TOTAL, qs, None, None
        return
    registered = qs.filter(registered_on__isnull=False)
    for dim, col in INITIATIVE_DIMS.items():
        yield str(dim), registered, "registered_on", col
    yield TOTAL, registered, "registered_on", None
    changed = qs.filter(status__in=CHANGED_STATUSES, status_changed_at__isnull=False)
    yield CHANGED, changed, "status_changed_at", "status"


def grouped_querysets(kind: str, qs, *, province: bool = True, commune: bool = True, month: bool = True,
                      dims=None):
    """(dim, queryset of rows [p], [c], y, [m], v, n): one GROUP BY per dimension (or only `dims`) over `qs`."""
    for dim, records, date, col in _dimensions(kind, qs):
        if dims is not None and dim not in dims:
            continue
        cols = {}
        if province:
            cols["p"] = Coalesce(F("province_id"), Value(0), output_field=IntegerField())
        if commune:
            cols["c"] = Coalesce(F("commune_id"), Value(0), output_field=IntegerField())
        cols["y"] = ExtractYear(date) if date else F("year")
        if month:
            cols["m"] = ExtractMonth(date) if date else Value(0, output_field=IntegerField())
        if col is not None:
            cols["v"] = F(col)
        yield dim, records.values(**cols).annotate(n=Count("id"))


def grouped(kind: str, qs) -> Counter:
    """What the records of `qs` contribute, counted by the database: Counter{fine key: n}."""
    counts = Counter()
    for dim, rows in grouped_querysets(kind, qs):
        for r in rows:
            counts[(kind, r["p"], r["c"], int(r["y"]), int(r["m"]), dim, r.get("v", ""))] += r["n"]
    return counts


def recount() -> Counter:
    """A fresh count of every fine key from the registry (what the cells must be derived from)."""
    return grouped(I, Initiative.all_objects.all()) + grouped(E, Exemplar.all_objects.all())


def derive(fine: Counter) -> dict:
    """{model: Counter{table key: n}}: what each table must hold for these fine counts (zeros dropped)."""
    out = {t.model: Counter() for t in TABLES}
    for key, n in fine.items():
        for t in TABLES:
            kept = t.keep(key)
            if kept is not None:
                out[t.model][kept] += n
    return {model: Counter({k: n for k, n in c.items() if n}) for model, c in out.items()}


def stored() -> dict:
    """{model: Counter{table key: n}} as stored (non-zero cells only)."""
    return {t.model: Counter({tuple(row[:-1]): row[-1] for row in
                              t.model.objects.exclude(n=0).values_list(*t.columns, "n")})
            for t in TABLES}


# ---------------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------------
def _upsert(model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Add each row's n to its cell in one statement (INSERT … ON CONFLICT DO UPDATE, SQLite and PostgreSQL).
    Cells that fall to 0 stay (they read as 0; `rebuild()` drops them)."""
    if not rows:
        return
    table = model._meta.db_table
    values = ", ".join(["(" + ", ".join(["%s"] * (len(columns) + 1)) + ")"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}, n) VALUES {values} "
            f"ON CONFLICT ({', '.join(columns)}) DO UPDATE SET n = {table}.n + excluded.n",
            [x for row in rows for x in row],
        )


def per_table(delta: Counter, into: dict | None = None) -> dict:
    """{table model: Counter{table key: d}} for a signed Counter{fine key: d}, added to `into` when given."""
    out = into if into is not None else {t.model: Counter() for t in TABLES}
    for t in TABLES:
        cells = out[t.model]
        keep = t.keep
        for key, d in delta.items():
            kept = keep(key) if d else None
            if kept is not None:
                cells[kept] += d
    return out


def apply(delta: Counter) -> None:
    """Add a signed Counter{fine key: d} to every table."""
    write(per_table(delta))


def write(cells: dict) -> None:
    """Add {table model: Counter{table key: d}} to the tables (rows in key order: concurrent saves lock alike).
    Each cell once per call: updating a row again in the same transaction is slow on PostgreSQL."""
    for t in TABLES:
        rows = [k + (d,) for k, d in sorted(cells.get(t.model, Counter()).items()) if d]
        # Up to 500 cells a statement (an import's thousands of cells in a few statements), within the limit.
        size = max(1, min(500, max_query_params(connection) // (len(t.columns) + 1)))
        for i in range(0, len(rows), size):
            _upsert(t.model, t.columns, rows[i:i + size])


def _diff(after: Counter, before: Counter) -> Counter:
    delta = Counter(after)
    delta.subtract(before)
    return Counter({k: d for k, d in delta.items() if d})


@contextlib.contextmanager
def track(kind: str, qs):
    """Around a bulk change of the records in `qs` (which must select the same records afterwards):
    count what they contribute before and after, and apply the difference."""
    with transaction.atomic():
        before = grouped(kind, qs)
        yield
        apply(_diff(grouped(kind, qs), before))


def records_added(model, pks) -> None:
    """Count records that were inserted in bulk (bypassing the services), e.g. by an importer:
    call it in the same transaction, after the insert, with their ids."""
    kind = MODELS[model]
    pks = list(pks)
    for i in range(0, len(pks), 5000):
        apply(grouped(kind, model.all_objects.filter(pk__in=pks[i:i + 5000])))


def rows_counted(model, rows) -> Counter:
    """What records inserted in bulk contribute, from the values they were inserted with (dicts holding the
    columns of _ROW_FIELDS; "deleted_at" may be left out): what records_added() would count, without a query.
    Sum it with `per_table()` and `write()` it in the insert's transaction (or `apply()` it at once)."""
    kind = MODELS[model]
    fields = [f for f in _ROW_FIELDS[kind] if f != "deleted_at"]
    pick = itemgetter(*fields)
    dated = [i for i, f in enumerate(fields) if f in ("registered_on", "status_changed_at")]
    # Records alike up to the day of the month count alike: count those first, then their keys once.
    alike = Counter()
    firsts: dict = {}
    for row in rows:
        if row.get("deleted_at") is not None:
            continue
        values = pick(row)
        if dated:
            values = list(values)
            for i in dated:
                day = values[i]
                if day is not None:
                    first = firsts.get(day)
                    if first is None:
                        first = firsts[day] = day.replace(day=1)
                    values[i] = first
            values = tuple(values)
        alike[values] += 1
    counts = Counter()
    for values, n in alike.items():
        for key in row_keys(kind, dict(zip(fields, values))):
            counts[key] += n
    return counts


def _insert_select(cursor, model, rows_qs, constants: dict, columns: dict) -> None:
    """INSERT INTO model (constants…, columns…) SELECT … FROM (rows_qs) — columns map table column -> alias."""
    sql, params = rows_qs.query.sql_with_params()
    names = list(constants) + list(columns)
    select = ["%s"] * len(constants) + [f"g.{alias}" for alias in columns.values()]
    cursor.execute(
        f"INSERT INTO {model._meta.db_table} ({', '.join(names)}) SELECT {', '.join(select)} FROM ({sql}) g",
        [*constants.values(), *params],
    )


def _sum_into(cursor, target, source, columns: tuple[str, ...]) -> None:
    """Fill a coarser table by summing a finer one over the columns the coarser one keeps."""
    cols = ", ".join(columns)
    cursor.execute(f"INSERT INTO {target._meta.db_table} ({cols}, n) "
                   f"SELECT {cols}, SUM(n) FROM {source._meta.db_table} GROUP BY {cols}")


def fill_nation(cursor) -> None:
    """Fill the nation's sharded cells from the province cells (rebuild, and the migration that adds them)."""
    cursor.execute(
        f"INSERT INTO {NationStatCell._meta.db_table} (kind, shard, year, dim, value, n) "
        f"SELECT kind, province_id % {SHARDS}, year, dim, value, SUM(n) FROM {ProvinceStatCell._meta.db_table} "
        f"GROUP BY kind, province_id % {SHARDS}, year, dim, value")


def rebuild() -> dict:
    """Empty and refill every cell table from the registry in bulk; returns the number of cells of each.
    Two passes over the registry (per commune and year; initiatives per commune and month for the month
    tables' dimensions), the coarser tables are sums of the finer ones."""
    with transaction.atomic(), connection.cursor() as cursor:
        for t in TABLES:
            cursor.execute(f"DELETE FROM {t.model._meta.db_table}")
        for kind, model in ((I, Initiative), (E, Exemplar)):
            records = model.all_objects.all()
            for dim, rows in grouped_querysets(kind, records, month=False):
                value = {"value": "v"} if dim != TOTAL else {}
                _insert_select(cursor, StatCell, rows, {"kind": kind, "dim": dim, **({} if value else {"value": ""})},
                               {"province_id": "p", "commune_id": "c", "year": "y", **value, "n": "n"})
        for dim, rows in grouped_querysets(I, Initiative.all_objects.all(), commune=False):
            value = {"value": "v"} if dim != TOTAL else {}
            _insert_select(cursor, ProvinceMonthCell, rows, {"kind": I, "dim": dim, **({} if value else {"value": ""})},
                           {"province_id": "p", "year": "y", "month": "m", **value, "n": "n"})
        for dim, rows in grouped_querysets(I, Initiative.all_objects.all(), dims=(TOTAL, CHANGED)):
            value = {"value": "v"} if dim != TOTAL else {}
            _insert_select(cursor, CommuneMonthCell, rows, {"kind": I, "dim": dim, **({} if value else {"value": ""})},
                           {"province_id": "p", "commune_id": "c", "year": "y", "month": "m", **value, "n": "n"})
        _sum_into(cursor, ProvinceStatCell, StatCell, ("kind", "province_id", "year", "dim", "value"))
        fill_nation(cursor)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for t in TABLES:
                cursor.execute(f"ANALYZE {t.model._meta.db_table}")
    return {t.model.__name__: t.model.objects.count() for t in TABLES}


# Explicit calls of the writers
# ---------------------------------------------------------------------------------------------------
def _row(model, pk):
    return model.all_objects.filter(pk=pk).values(*_ROW_FIELDS[MODELS[model]]).first()


@contextlib.contextmanager
def counting(record):
    """Around the write of one record (insert, edit, status step, soft delete, restore): count what it
    contributed before and after, and add the difference to the cells in the same transaction. Records
    of other models pass through (the core services call this for every record they write)."""
    kind = MODELS.get(type(record))
    if kind is None:
        yield
        return
    with transaction.atomic():
        before = row_keys(kind, _row(type(record), record.pk)) if record.pk else []
        yield
        # Re-read from the database: with update_fields, the instance may hold stale values elsewhere.
        apply(_diff(Counter(row_keys(kind, _row(type(record), record.pk))), Counter(before)))


def organization_kind_changed(organization, old_kind: str) -> None:
    """An organisation's kind was changed (and saved): move its records' org_kind counts to the new kind."""
    if old_kind is None or old_kind == organization.kind:
        return
    for kind, model in ((I, Initiative), (E, Exemplar)):
        records = model.all_objects.filter(organization=organization)
        after = Counter({k: n for k, n in grouped(kind, records).items() if k[5] == Dim.ORG_KIND})
        before = Counter({k[:6] + (old_kind,): n for k, n in after.items()})
        apply(_diff(after, before))


def tracking(model, qs):
    """`track()` for a queryset of any model: counted models are tracked, others pass through."""
    kind = MODELS.get(model)
    return track(kind, qs) if kind else transaction.atomic()


class Tally:
    """What records inserted in bulk add to the cell tables (the services did not run), counted
    from the inserted rows (with "organization__kind") and summed per cell as the import goes, then written
    once, in its transaction. What it holds is bounded by the
    cells the file touches (communes × months × dimensions), not by its rows."""

    def __init__(self, model):
        self.model = model
        self.cells = None

    def add(self, rows: list[dict]) -> None:
        self.cells = per_table(rows_counted(self.model, rows), self.cells)

    def apply(self) -> None:
        if self.cells:
            write(self.cells)
        self.cells = None


def tally(model) -> Tally:
    """The count keeper's entry for bulk writers (core.counting): what inserted rows of `model` add."""
    return Tally(model)
