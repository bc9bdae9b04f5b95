"""What initiatives and exemplars share: placing a row (organisation, unit), finding it if it is already
there (by "Mã", else by its natural key) and handing new ones to the registry's batch services
(initiatives.batch), which write them as the one-by-one services would."""
from __future__ import annotations

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.db import max_query_params
from danvan.core.models import AuditBatch
from danvan.core.text import fold, record_sort_key
from danvan.imports.engine import EXISTING, NEW, Importer, Row
from danvan.initiatives.batch import RegistryBatch
from danvan.imports.lookups import OrganizationIndex, UnitIndex, outside_scope
from danvan.imports.validation import CellError, check_model_field, field_checks, normalize_lines, one_line


class RegistryImporter(Importer):
    """A record owned by an organisation, placed in that organisation's unit (Initiative, Exemplar).

    Natural key: the "Mã" column when given (the record with that id, which must be in the user's scope);
    otherwise (organisation, name as written, year). A row whose record is already there is skipped,
    with a warning when the sheet says something different (the import never edits existing records).
    """

    name_field = ""           # "title" / "name"
    checks_invalid_rows = True
    compare_fields: tuple = ()  # fields compared with an existing record to warn about differences
    one_line_fields: tuple = ()

    def __init__(self, user=None, *, cid: str = ""):
        super().__init__(user, cid=cid)
        self.orgs = OrganizationIndex(self.user)
        self.units = UnitIndex()
        self.now = timezone.now()
        self._batch = None
        self._field_checks = None
        self._by_id: dict = {}
        self._by_key: dict = {}
        self._placed: dict = {}
        self._checked: dict = {}

    # ------------------------------------------------------------------ look-ups per chunk

    def prepare(self, rows: list[Row]) -> None:
        # Records already there are looked up per chunk and forgotten after it: memory stays flat.
        self._by_id, self._by_key = {}, {}
        live = [r for r in rows if r.ok]
        # Every row is placed, a row with a bad cell too: one upload lists all of a row's errors.
        self.orgs.load(names=[r.get("organization") for r in rows if not r.get("id")],
                       ids=[r.get("organization_id") for r in rows if not r.get("id")])
        for row in rows:
            for name in self.one_line_fields:
                value = row.values.get(name)
                if value and "\n" in value:
                    row.values[name] = one_line(value)
            if not row.get("id") and (row.get("organization") or row.get("organization_id")):
                self._place(row)  # (an empty organisation cell is already an error of its own)
        self._load_existing(live)

    def _place(self, row: Row) -> None:
        # Rows of a sheet name the same few hundred organisations and units: place each combination once.
        values = row.values
        key = (values.get("unit"), values.get("province"), values.get("district"), values.get("organization"),
               values.get("organization_id"))
        placed = self._placed.get(key)
        if placed is None:
            if len(self._placed) >= 50000:  # a file naming this many places: start over, memory stays flat
                self._placed.clear()
            placed = self._placed[key] = self._find_place(row)
        org, issues = placed
        for level, column, message in issues:
            if level == "error":
                row.error(column, message)
            else:
                row.warn(column, message)
        if org is not None:
            row.extra["org"] = org

    def _find_place(self, row: Row) -> tuple:
        """(organisation or None, [(level, column, message)]) for the row's organisation and unit columns.
        Every problem of the row's place is said at once (a unit out of scope and an unknown organisation)."""
        unit = None
        issues = []
        if row.get("unit"):
            unit, message = self.units.find(row.get("unit"), row.get("province"), row.get("district"))
            if unit is None:
                issues.append(("error", "unit", message))
            elif message:
                issues.append(("warning", "unit", message))
            if unit is not None and not self.orgs.in_scope(unit):
                issues.append(("error", "unit", outside_scope(unit)))
                unit = None
                if not row.get("organization_id"):
                    return None, issues
        org, message = self.orgs.find(row.get("organization"), unit, row.get("organization_id"),
                                      home=self.orgs.home() if not row.get("unit") else None)
        if org is None:
            column = "organization_id" if row.get("organization_id") else "organization"
            return None, [*issues, ("error", column, message)]
        if message:
            issues.append(("warning", "organization", message))
        if unit is not None and row.get("organization_id") and unit.pk not in (org.unit_id, org.commune_id,
                                                                                 org.province_id):
            return None, [*issues, ("error", "unit", _("Tổ chức “%(org)s” không thuộc “%(unit)s”.")
                                    % {"org": org.name, "unit": unit.name})]
        if any(level == "error" for level, _c, _m in issues):
            return None, issues
        return org, issues

    def _load_existing(self, rows: list[Row]) -> None:
        manager = self.model.objects
        ids = {r.get("id") for r in rows if r.get("id")}
        if ids:
            visible = manager.visible_to(self.user) if self.user else manager.all()
            editable = set(manager.editable_by(self.user).filter(pk__in=ids).values_list("pk", flat=True)) \
                if self.user else set(ids)
            for rec in visible.filter(pk__in=ids).values("pk", "organization__name", *self.compare_fields):
                rec["_editable"] = rec["pk"] in editable
                self._by_id[rec["pk"]] = rec
            for i in ids:
                self._by_id.setdefault(i, None)
        keyed = [r for r in rows if not r.get("id") and "org" in r.extra and r.get(self.name_field)]
        orgs = {r.extra["org"].id for r in keyed}
        # The name has no index, its sort key has: look records up by it (computed once, and reused as the
        # new record's sort key), then compare the natural keys exactly.
        for row in keyed:
            name = row.values[self.name_field]
            folded = fold(name)
            row.extra.update(sort_key=record_sort_key(name), folded=folded,
                             key=(row.extra["org"].id, folded, row.values.get("year")))
        keys = {r.extra["sort_key"] for r in keyed}
        if keyed:
            # Only the indexed column in SQL (an extra organisation filter makes SQLite pick the wrong index).
            for rec in self._same_sort_key(sorted(keys)):
                if rec["organization_id"] not in orgs:
                    continue
                key = (rec["organization_id"], fold(rec[self.name_field]), rec["year"])
                rec["_editable"] = True
                self._by_key.setdefault(key, rec)

    def _same_sort_key(self, keys: list[str]):
        """Live records whose sort key is one of `keys` (as `.values()` rows), in as few queries as the database
        allows: PostgreSQL takes them as one array, SQLite as IN lists. Plain SQL for the condition: the ORM's
        __in prepares each of a thousand values on its own."""
        manager = self.model.objects
        fields = ("pk", "organization_id", "organization__name", *self.compare_fields)
        column = f"{connection.ops.quote_name(self.model._meta.db_table)}.{connection.ops.quote_name('sort_key')}"
        if connection.vendor == "postgresql":
            yield from manager.extra(where=[f"{column} = ANY(%s)"], params=[keys]).values(*fields)
            return
        size = max(1, max_query_params(connection) - 10)
        for i in range(0, len(keys), size):
            part = keys[i:i + size]
            yield from manager.extra(where=[f"{column} IN ({', '.join(['%s'] * len(part))})"],
                                     params=part).values(*fields)

    def key(self, row: Row):
        if row.get("id"):
            return ("id", row.get("id"))
        org = row.extra.get("org")
        if org is None or not row.get(self.name_field):
            return None
        key = row.extra.get("key")
        if key is None:
            key = row.extra["key"] = (org.id, fold(row.get(self.name_field)), row.get("year"))
        return key

    # ------------------------------------------------------------------ rules

    def check(self, row: Row) -> None:
        """The row's rules, all of them even when one already failed (a row in error only gets more errors)."""
        valid = row.ok
        if row.get("id"):
            if valid:
                self._check_existing_by_id(row)
            return
        if valid and "org" in row.extra:
            existing = self._by_key.get(self.key(row))
            if existing is not None:
                row.state = EXISTING
                self._warn_differences(row, existing)
                return
        if self._field_checks is None:
            self._field_checks = field_checks(self.model, self.model_fields())
        for name, _field, max_length in self._field_checks:
            value = row.values.get(name)
            if value is None:
                continue
            if max_length is not None and type(value) is str:
                # A text field whose only rule is its length.
                if len(value) > max_length:
                    row.error(name, _("Dài quá %(n)s ký tự.") % {"n": max_length})
                continue
            key = (name, type(value), value)
            message = self._checked.get(key, False)
            if message is False:
                try:
                    check_model_field(self.model, name, value)
                    message = None
                except CellError as exc:
                    message = exc.message
                if len(self._checked) < 10000:
                    self._checked[key] = message
            if message is not None:
                row.error(name, message)
        self.check_new(row)
        if row.ok:
            row.state = NEW

    def model_fields(self) -> list[str]:
        names = {f.name for f in self.model._meta.get_fields()}
        return [c.key for c in self.importable if c.key in names]

    def _check_existing_by_id(self, row: Row) -> None:
        record = self._by_id.get(row.get("id"))
        if record is None:
            row.error("id", _("Không có bản ghi mã %(id)s trong phạm vi của bạn (để trống cột Mã khi thêm mới).")
                      % {"id": row.get("id")})
            return
        if not record["_editable"]:
            row.error("id", _("Bản ghi mã %(id)s không thuộc phạm vi bạn được sửa.") % {"id": row.get("id")})
            return
        row.state = EXISTING
        self._warn_differences(row, record)

    def _warn_differences(self, row: Row, record: dict) -> None:
        differ = []
        for name in self.compare_fields:
            value = row.values.get(name)
            if value is None:
                continue
            current = record.get(name)
            if isinstance(value, str):
                value, current = normalize_lines(value), normalize_lines(current or "")
            if value != current:
                differ.append(str(self.model._meta.get_field(name).verbose_name))
        org = row.get("organization")
        if org and not row.extra.get("org") and fold(org) != fold(record.get("organization__name")):
            differ.append(_("Tổ chức"))
        if differ:
            row.warn(None, _("Đã có (mã %(id)s) nhưng khác ở: %(cols)s. Nhập Excel không sửa bản ghi đã có; "
                             "hãy sửa trên trang của bản ghi.") % {"id": record["pk"], "cols": ", ".join(differ)},
                     value=row.get(self.name_field))

    def check_new(self, row: Row) -> None:
        """Kind-specific rules for a new record; sets row.obj to the {attname: value} the batch service takes.
        Runs on rows already in error too (then it only adds errors): a value may be missing (None), and the
        organisation too (no row.extra["org"])."""
        raise NotImplementedError

    def fields_of(self, row: Row, values: dict) -> dict:
        """A new record's values, with what the look-ups already computed for the batch to reuse."""
        if "sort_key" in row.extra:
            values["_sort_key"] = row.extra["sort_key"]
        if "folded" in row.extra:
            values["_folded"] = {self.name_field: row.extra["folded"]}
        return values

    # ------------------------------------------------------------------ writing

    def write(self, rows: list[Row]) -> None:
        if self._batch is None:
            path, name = self.source
            with open(path, "rb") if path else _no_file() as original:
                self._batch = RegistryBatch(user=self.user, action=AuditBatch.Action.IMPORT, cid=self.cid,
                                            description=str(self.model._meta.verbose_name_plural),
                                            file=original, original_name=name)
        self.write_batch(self._batch, [r.obj for r in rows])

    def write_batch(self, batch: RegistryBatch, objs: list[dict]) -> None:
        raise NotImplementedError

    def finish(self, outcome) -> None:
        # In the import's transaction, before it commits: the batch puts the search index back, writes the
        # counts once for the whole file and logs the import with its file.
        if self._batch is not None:
            self._batch.finish()


class _no_file:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False
