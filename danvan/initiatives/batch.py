"""Batch forms of the registry's services: many records at once, by the rules of one at a time.

The importer, the demo generator and the national generator all write through `RegistryBatch`; none of them
computes a derived column, a lifecycle step, an audit entry or a count on its own. For each record the batch
applies what the one-by-one services apply:

* placement: the organisation must be one the user may change (services.check_placement's rule, checked once
  per distinct organisation), and the record counts in the current commune/province of its unit
  (territory.placement, the rule save() applies);
* the search and sort columns (core.models.search_columns, the function save() uses);
* the lifecycle of a new initiative: created as a draft, then each step, every one allowed from the one before
  (services.TRANSITIONS), with a reason where one is required, dated in order and never in the future; status,
  status date and registration date follow from the steps (`plan_lifecycle`);
* the audit: one AuditBatch for the whole write (who, when, the original file) and a line per record pointing
  to it (core.audit.BatchLog);
* the counts: every record written is counted by the count keeper (core.counting), in the same transaction.

Rows are plain {attname: value} dicts: a 100,000-row file cannot afford a model instance per row.
"""
from __future__ import annotations

import datetime
from collections import deque
from functools import lru_cache

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from danvan.core.audit import BatchLog
from danvan.core.bulk import RowWriter
from danvan.core.counting import count_keeper
from danvan.core.exceptions import DomainError, NotInScope
from danvan.core.models import search_columns
from danvan.core.search import DeferredIndex
from danvan.initiatives.models import (
    Exemplar, Indicator, IndicatorValue, Initiative, InitiativeTransition, ProgressUpdate, Status,
)
from danvan.initiatives.services import REASON_REQUIRED, TRANSITIONS
from danvan.initiatives.workflow import LIFECYCLE
from danvan.territory.placement import UnitPlacement

CREATED = gettext_noop("Tạo mới")
REGISTERED = gettext_noop("Đăng ký")


@lru_cache(maxsize=None)
def lifecycle_path(target: str) -> tuple:
    """The shortest chain of allowed steps from a draft to `target` (the statuses after "draft")."""
    if target == Status.DRAFT:
        return ()
    queue, came_from = deque([str(Status.DRAFT)]), {str(Status.DRAFT): None}
    while queue:
        status = queue.popleft()
        for nxt in sorted(str(s) for s in TRANSITIONS.get(status, ())):
            if nxt not in came_from:
                came_from[nxt] = status
                queue.append(nxt)
    if target not in came_from:
        raise ValueError(target)
    path, status = [], target
    while status != Status.DRAFT:
        path.append(status)
        status = came_from[status]
    return tuple(reversed(path))


class LifecycleProblem(DomainError):
    """A new record's steps break a lifecycle rule; `field` is "status" (the step, its reason) or "date"."""


def plan_lifecycle(created_on: datetime.date, steps, *, today: datetime.date) -> dict:
    """Check a new initiative's steps [(status, date, reason), …] after its creation as a draft on `created_on`
    and return {status, status_changed_at, registered_on}; LifecycleProblem says why not. The rules are
    transition()'s: each step allowed from the previous status, a reason where one is required, dates in order
    and not in the future."""
    status, last = str(Status.DRAFT), created_on
    registered_on = None
    if created_on > today:
        raise LifecycleProblem(_("Ngày tạo không được ở tương lai (%(d)s).") % {"d": f"{created_on:%d/%m/%Y}"},
                               field="date")
    for step in steps:
        target, day, reason = str(step[0]), step[1], step[2]
        if target not in TRANSITIONS.get(status, ()):
            raise LifecycleProblem(_("Không thể chuyển từ “%(a)s” sang “%(b)s”.") % {
                "a": Status(status).label, "b": Status(target).label if target in Status.values else target},
                field="status")
        if target in REASON_REQUIRED and not (reason or "").strip():
            raise LifecycleProblem(_("Cần ghi lý do khi chuyển sang “%(b)s”.") % {"b": Status(target).label},
                                   field="status")
        if day > today:
            raise LifecycleProblem(_("Ngày chuyển trạng thái không được ở tương lai (%(d)s).")
                                   % {"d": f"{day:%d/%m/%Y}"}, field="date")
        if day < last:
            raise LifecycleProblem(_("Ngày chuyển trạng thái không được trước lần chuyển gần nhất (%(d)s).")
                                   % {"d": f"{last:%d/%m/%Y}"}, field="date")
        if target == Status.REGISTERED and registered_on is None:
            registered_on = day
        status, last = target, day
    return {"status": status, "status_changed_at": last, "registered_on": registered_on}


def step_refused(user, steps, values: dict) -> str:
    """The lifecycle's rule for who may take each step (core.workflow), where it is narrower than "may change the
    record" (which the organisation's scope already decides): e.g. only the province recognises. "" when every
    step is allowed; the system (None) is refused nothing."""
    if user is None:
        return ""
    record = None
    for step in steps:
        target = str(step[0])
        rule = LIFECYCLE.step(target)
        if rule.allowed is None:
            continue
        if record is None:
            record = Initiative(**{k: values.get(k) for k in (
                "organization_id", "unit_id", "commune_id", "province_id", "steering_member_id")})
        if not rule.allowed(user, record):
            denied = rule.denied(record) if callable(rule.denied) else rule.denied
            return _("Không được chuyển sang “%(s)s”: %(why)s") % {"s": Status(target).label, "why": denied}
    return ""


def steps_to(target: str, day: datetime.date, reason: str = "") -> list[tuple]:
    """The steps of a record taken straight to `target` on one day (as an import does): the registration, then
    each step on the way, the given reason on the last one."""
    path = lifecycle_path(target)
    out = []
    for i, status in enumerate(path):
        if (i == len(path) - 1 and reason) or status in REASON_REQUIRED:
            text = reason  # a step that needs a reason gets the one given, or none (and is refused)
        elif status == Status.REGISTERED:
            text = REGISTERED
        else:
            text = gettext_noop("Nhập từ tệp Excel")
        out.append((status, day, text))
    return out


class RegistryBatch:
    """One batch write of registry records, inside the caller's transaction (all rows or none).

        with transaction.atomic():
            batch = RegistryBatch(user=user, action="import", file=upload)
            batch.register_initiatives(rows)      # as many chunks as needed
            batch.finish()

    `user` None is the system (the generators): no scope check, records attributed to nobody unless the rows
    say `created_by_id`. `recount=True` (a load that dwarfs what is there, e.g. the national data set): instead of
    tallying each chunk, finish() has the count keeper recount everything (its `rebuild()`), in the transaction.
    """

    def __init__(self, *, user=None, action: str = "batch", description: str = "", cid: str = "", file=None,
                 original_name: str = "", today: datetime.date | None = None, recount: bool = False):
        if not connection.in_atomic_block:
            raise RuntimeError("RegistryBatch writes inside the caller's transaction")
        self.user = user if user is not None and getattr(user, "is_authenticated", False) else None
        self.today = today or timezone.localdate()
        self.now = timezone.now()
        self.placement = UnitPlacement()
        self.log = BatchLog(action=action, user=self.user, description=description, cid=cid, file=file,
                            original_name=original_name)
        self._writers: dict = {}
        self._indexes: dict = {}
        self._tallies: dict = {}
        self.recount = recount
        self._orgs: dict[int, tuple] = {}  # organisation id -> (unit id, kind, may the user place records there)

    # ------------------------------------------------------------------ shared steps

    def _writer(self, model, **kwargs):
        key = (model, tuple(sorted(kwargs.items())))
        if key not in self._writers:
            self._writers[key] = RowWriter(model, **kwargs)
        return self._writers[key]

    def _load_orgs(self, ids) -> None:
        from danvan.organizations.models import Organization

        missing = {i for i in ids if i is not None} - self._orgs.keys()
        if not missing:
            return
        editable = None
        if self.user is not None:
            editable = set(Organization.objects.editable_by(self.user).filter(pk__in=missing)
                           .values_list("pk", flat=True))
        for pk, unit_id, kind in Organization.all_objects.filter(pk__in=missing).values_list("pk", "unit_id", "kind"):
            self._orgs[pk] = (unit_id, kind, editable is None or pk in editable)

    def _place(self, model, rows: list[dict]) -> None:
        """The organisation's scope, the unit (the organisation's when not given), commune/province, search and
        sort columns, creator, times and version: what save() and the services fill in."""
        self._load_orgs({r.get("organization_id") for r in rows})
        user_id = self.user.pk if self.user is not None else None
        defaults = self._defaults(model)
        for row in rows:
            for name, value in defaults:
                if name not in row:
                    row[name] = value
            org = self._orgs.get(row.get("organization_id"))
            if org is None:
                raise DomainError(_("Không có tổ chức mã %(id)s.") % {"id": row.get("organization_id")},
                                  field="organization")
            if not org[2]:
                raise NotInScope(_("Tổ chức không thuộc phạm vi của bạn."), field="organization")
            if not row.get("unit_id"):
                row["unit_id"] = org[0]
            row["commune_id"], row["province_id"] = self.placement(row["unit_id"])
            row["search_text"], row["sort_key"] = search_columns(
                model, row, folded=row.pop("_folded", None), sort=row.pop("_sort_key", None))
            row.setdefault("created_by_id", user_id)
            row.setdefault("created_at", self.now)
            row.setdefault("updated_at", row["created_at"])
            row["version"] = 1
            row["organization__kind"] = org[1]  # for the count keeper; not a column

    def _defaults(self, model) -> list[tuple[str, object]]:
        """The fields' defaults, which save() would store where a row says nothing."""
        key = ("defaults", model)
        if key not in self._writers:
            self._writers[key] = [(f.attname, f.get_default()) for f in model._meta.concrete_fields
                                  if not f.primary_key and f.has_default() and not callable(f.default)]
        return self._writers[key]

    def _insert(self, model, rows: list[dict]) -> list[int]:
        index = self._indexes.get(model)
        if index is None:
            index = self._indexes[model] = DeferredIndex(connection, model._meta.db_table)
            index.start()
        kinds = [r.pop("organization__kind", None) for r in rows]
        ids = self._writer(model).insert(rows)
        for row, kind in zip(rows, kinds):
            row["organization__kind"] = kind
        self.log.add(model, ids)
        if self.recount:
            return ids
        tally = self._tallies.get(model)
        if tally is None:
            tally = self._tallies[model] = count_keeper().tally(model)
        tally.add(rows)
        return ids

    # ------------------------------------------------------------------ the records

    def create_organizations(self, rows: list[dict]) -> list[int]:
        """New organisations ({attname: value}, parents before their children): placed in their unit's current
        commune/province, searchable; the user must manage the unit (or the parent organisation)."""
        from danvan.organizations.models import Organization

        if not rows:
            return []
        defaults = self._defaults(Organization)
        user_id = self.user.pk if self.user is not None else None
        for row in rows:
            for name, value in defaults:
                row.setdefault(name, value)
            row["commune_id"], row["province_id"] = self.placement(row["unit_id"])
            row["search_text"], row["sort_key"] = search_columns(Organization, row)
            row.setdefault("created_by_id", user_id)
            row.setdefault("created_at", self.now)
            row.setdefault("updated_at", row["created_at"])
            row["version"] = 1
        if self.user is not None:
            from danvan.organizations.forms import units_editable_by

            allowed = set(units_editable_by(self.user).values_list("pk", flat=True))
            if any(row["commune_id"] not in allowed and row["province_id"] not in allowed for row in rows):
                raise NotInScope(_("Đơn vị hành chính không thuộc phạm vi của bạn."), field="unit")
        ids = self._writer(Organization).insert(rows)
        self.log.add(Organization, ids)
        return ids

    def register_initiatives(self, rows: list[dict]) -> list[int]:
        """Register new initiatives. Each row: the initiative's fields ({attname: value}; `unit_id` defaults to
        the organisation's unit) plus "steps": [(status, date, reason[, when recorded])] after its creation as a
        draft on "created_on" (default: the first step's date, else today). Returns their ids, in order."""
        if not rows:
            return []
        plans = []
        for row in rows:
            steps = [tuple(s) for s in row.pop("steps", ())]
            created_on = row.pop("created_on", None) or (steps[0][1] if steps else self.today)
            row.update(plan_lifecycle(created_on, steps, today=self.today))
            plans.append((created_on, steps))
        self._place(Initiative, rows)
        for row, (_created_on, steps) in zip(rows, plans):
            refused = step_refused(self.user, steps, row)
            if refused:
                raise NotInScope(refused, field="status")
        ids = self._insert(Initiative, rows)
        self._transitions(ids, plans)
        return ids

    def _transitions(self, ids, plans) -> None:
        writer = self._writer(InitiativeTransition, columns=(
            "initiative_id", "from_status", "to_status", "date", "reason", "user_id", "created_at"), ids=False)
        user_id, now = (self.user.pk if self.user is not None else None), self.now
        out = []
        for pk, (created_on, steps) in zip(ids, plans):
            out.append((pk, "", Status.DRAFT.value, created_on, CREATED, user_id, now))
            previous = Status.DRAFT.value
            for step in steps:
                out.append((pk, previous, str(step[0]), step[1], step[2] or "", user_id,
                            step[3] if len(step) > 3 else now))
                previous = str(step[0])
        writer.insert(out)

    def create_exemplars(self, rows: list[dict]) -> list[int]:
        """Record new exemplars ({attname: value}; `unit_id` defaults to the organisation's unit)."""
        if not rows:
            return []
        self._place(Exemplar, rows)
        return self._insert(Exemplar, rows)

    def add_indicators(self, rows: list[dict]) -> list[int]:
        """Attach indicators to initiatives of this batch or already there ({attname: value})."""
        for row in rows:
            row.setdefault("created_by_id", self.user.pk if self.user is not None else None)
            row.setdefault("created_at", self.now)
            row.setdefault("updated_at", row["created_at"])
            row["version"] = 1
        ids = self._writer(Indicator).insert(rows)
        self.log.add(Indicator, ids)
        return ids

    def record_progress(self, rows: list[dict]) -> list[int]:
        """Progress updates ({attname: value} plus "values": {indicator id: value}); the initiatives' "last
        progress" dates follow, as record_progress() keeps them."""
        if not rows:
            return []
        values = []
        for row in rows:
            values.append(row.pop("values", None) or {})
            if row["date"] > self.today:
                raise DomainError(_("Ngày cập nhật không được ở tương lai."), field="date")
            row.setdefault("created_by_id", self.user.pk if self.user is not None else None)
            row.setdefault("created_at", self.now)
            row.setdefault("updated_at", row["created_at"])
            row["version"] = 1
        ids = self._writer(ProgressUpdate).insert(rows)
        self.log.add(ProgressUpdate, ids)
        value_rows = [(indicator_id, pk, row["date"], value)
                      for pk, row, given in zip(ids, rows, values) for indicator_id, value in given.items()
                      if value is not None]
        self._writer(IndicatorValue, columns=("indicator_id", "progress_update_id", "date", "value"),
                     ids=False).insert(value_rows)
        latest: dict[int, datetime.date] = {}
        for row in rows:
            day = latest.get(row["initiative_id"])
            if day is None or row["date"] > day:
                latest[row["initiative_id"]] = row["date"]
        self._raise_last_progress(latest)
        return ids

    @staticmethod
    def _raise_last_progress(latest: dict) -> None:
        """Raise each initiative's "last progress" date to its newest update of this batch (never lower it): one
        statement for all of them (executemany on SQLite, arrays on PostgreSQL) rather than one per day."""
        if not latest:
            return
        table = connection.ops.quote_name(Initiative._meta.db_table)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"UPDATE {table} AS t SET last_progress_at = v.day "
                    f"FROM (SELECT unnest(%s::bigint[]) AS id, unnest(%s::date[]) AS day) AS v "
                    f"WHERE t.id = v.id AND (t.last_progress_at IS NULL OR t.last_progress_at < v.day)",
                    [list(latest), list(latest.values())])
                return
            adapt = connection.ops.adapt_datefield_value
            cursor.executemany(
                f"UPDATE {table} SET last_progress_at = %s "
                f"WHERE id = %s AND (last_progress_at IS NULL OR last_progress_at < %s)",
                [(adapt(day), pk, adapt(day)) for pk, day in latest.items()])

    def finish(self):
        """After the last rows, in the same transaction: search indexes back, counts written, the batch logged."""
        for index in self._indexes.values():
            index.finish()
        for tally in self._tallies.values():
            tally.apply()
        if self.recount:
            count_keeper().rebuild()
        return self.log.finish()


def atomic_batch(**kwargs):
    """A RegistryBatch in its own transaction, for callers that have none."""
    return _AtomicBatch(kwargs)


class _AtomicBatch:
    def __init__(self, kwargs):
        self.kwargs = kwargs
        self._atomic = transaction.atomic()

    def __enter__(self) -> RegistryBatch:
        self._atomic.__enter__()
        self.batch = RegistryBatch(**self.kwargs)
        return self.batch

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.batch.finish()
        return self._atomic.__exit__(exc_type, exc, tb)
