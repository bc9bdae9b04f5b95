"""One workflow primitive for every status machine.

A machine is declared once, beside its models (`<app>/workflow.py`): its states, its steps (from which
states, into which, who may take each one, what must hold, what each one records) and its named conditions
and clocks ("handed in", "late", "overdue", "stale"). Then:

- forms, the API and templates ask it what this user may do now: `steps_for(obj, user)`;
- services take a step with `take(obj, step, user=…, expected_version=…)`: the step must exist from the
  current state (TransitionNotAllowed, 409), the step's rule must allow the user (NotInScope, 403), its guards
  must hold (DomainError with the field, 422); then the new state, what the step stamps on the record and
  the rows it writes go in one transaction under the optimistic lock;
- lists, alerts and dashboards ask it which records are in a condition: `q(name)` for a query, `holds(obj,
  name)` for one record, from the same declaration.

Rules are plain functions `rule(user, obj) -> bool` (danvan.accounts.policy); `user=None` is the system
(command line, background worker, seed), which no rule stops, as in core.services.require_editable.
"""
from __future__ import annotations

import datetime
import functools
import operator
from dataclasses import dataclass, field
from typing import Any, Callable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core import calendar
from danvan.core.exceptions import DomainError, NotInScope, TransitionNotAllowed
from danvan.core.services import require_version, save_versioned

# How a step is written: the record's `version` (core.services.save_versioned, the caller names the version it
# loaded), or, for records without one (import jobs), a compare-and-set on the state column itself.
VERSION = "version"
STATE = "state"


@dataclass
class Move:
    """One attempt at a step: what the guards check and the hooks record."""

    workflow: "Workflow"
    obj: Any
    step: "Step"
    user: Any
    source: str
    reason: str
    date: datetime.date
    extra: dict

    @property
    def actor(self):
        """The user to record (None for the system or an anonymous caller)."""
        return self.user if self.user is not None and self.user.is_authenticated else None


Guard = Callable[[Move], None]


@dataclass(frozen=True)
class Step:
    """A step from any of `sources` into `target`.

    allowed:  rule(user, obj) -> bool; None = the machine's rule. `denied` is its message (text or obj -> text).
    requires: (check(obj) -> bool, message) preconditions on the record; a step whose preconditions fail is not
              offered and is refused with 409 (the record's state, not the input, is wrong).
    guards:   checks of the input (Move -> None, raising DomainError); `needs_reason` and `dated` add the standard ones.
    sets:     Move -> {field: value} stamped on the record with the new state (one compare-and-set).
    records:  Move -> None, writes rows after the record is saved (same transaction).
    """

    name: str
    sources: frozenset
    target: str
    label: str = ""
    allowed: Callable | None = None
    denied: Any = ""
    refused: str = ""
    requires: tuple = ()
    guards: tuple = ()
    needs_reason: bool = False
    reason_field: str = "reason"
    reason_message: str = ""
    dated: bool = False
    sets: Callable | None = None
    records: Callable | None = None

    def __post_init__(self):
        object.__setattr__(self, "name", str(self.name))
        object.__setattr__(self, "sources", frozenset(str(s) for s in self.sources))
        object.__setattr__(self, "target", str(self.target))

    def __str__(self):
        return self.name


# --- Standard guards -----------------------------------------------------------------------

def reason_required(message: str = "", field_name: str = "reason") -> Guard:
    def guard(move: Move) -> None:
        if not move.reason:
            raise DomainError(message or _("Cần ghi lý do khi chuyển sang “%(b)s”.")
                              % {"b": move.workflow.state_label(move.step.target)}, field=field_name)
    return guard


def not_in_future(move: Move) -> None:
    if move.date > timezone.localdate():
        raise DomainError(_("Ngày chuyển trạng thái không được ở tương lai."), field="date")


def not_before_last(move: Move) -> None:
    last = getattr(move.obj, move.workflow.date_field, None) if move.workflow.date_field else None
    if last and move.date < last:
        raise DomainError(_("Ngày chuyển trạng thái không được trước lần chuyển gần nhất (%(d)s).")
                          % {"d": f"{last:%d/%m/%Y}"}, field="date")


def not_before(floor: Callable[[Any], datetime.date | None], what: str) -> Guard:
    """The step's date may not be before a date of the record the machine names (e.g. its registration)."""
    def guard(move: Move) -> None:
        day = floor(move.obj)
        if day and move.date < day:
            raise DomainError(_("Ngày chuyển trạng thái không được trước %(what)s (%(d)s).")
                              % {"what": what, "d": f"{day:%d/%m/%Y}"}, field="date")
    return guard


# --- Conditions and clocks -----------------------------------------------------------------

def _value(obj, path: str):
    for name in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, name)
    return obj


def _lookup_q(lookups: dict, prefix: str) -> Q:
    return Q(**{prefix + key: (sorted(value) if key.endswith("__in") else value) for key, value in lookups.items()})


def _lookup_holds(obj, lookups: dict) -> bool:
    """The same lookups as _lookup_q, on one record (exact, __in and __isnull only)."""
    for key, expected in lookups.items():
        if key.endswith("__in"):
            if _value(obj, key[:-4]) not in expected:
                return False
        elif key.endswith("__isnull"):
            if (_value(obj, key[:-8]) is None) != bool(expected):
                return False
        elif _value(obj, key) != expected:
            return False
    return True


@dataclass(frozen=True)
class Clock:
    """A deadline the machine keeps. While a record is in `states` (and matches `where`) the clock runs; it is
    overdue from the day after its due date. The due date is either stored (`due_field`, e.g. the round's
    deadline) or `days` (calendar or working, see core.calendar) after the first of `start_fields` that is set.
    """

    name: str
    states: frozenset
    due_field: str = ""
    start_fields: tuple = ()
    days: int | Callable[[], int] = 0
    kind: str = calendar.WORKING
    roll: bool = False
    where: dict = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "states", frozenset(str(s) for s in self.states))

    def n_days(self) -> int:
        return self.days() if callable(self.days) else self.days

    def cutoff(self, today: datetime.date) -> datetime.date:
        """A record whose clock started before this date is overdue on `today`."""
        return calendar.first_start_not_due(today, self.n_days(), self.kind, roll=self.roll)

    def deadline(self, obj) -> calendar.Deadline | None:
        if self.due_field:
            due = _value(obj, self.due_field)
            return calendar.Deadline(due=due) if due else None
        start = next((d for d in (_value(obj, f) for f in self.start_fields) if d), None)
        return calendar.deadline(start, self.n_days(), self.kind, roll=self.roll) if start else None

    def started_before_q(self, cutoff: datetime.date, prefix: str = "") -> Q:
        """The clock started before `cutoff`: the first start field set is earlier (index-friendly OR)."""
        parts, unset = [], {}
        for name in self.start_fields:
            parts.append(Q(**{prefix + name + "__lt": cutoff}, **unset))
            unset = {**unset, prefix + name + "__isnull": True}
        return functools.reduce(operator.or_, parts)


class Workflow:
    """A status machine of one model: see the module docstring."""

    def __init__(self, model, *, states, steps, allowed: Callable, denied: Any = "", state_field: str = "status",
                 lock: str = VERSION, date_field: str = "", floor: tuple | None = None, records: Callable | None = None,
                 conditions: dict | None = None, clocks: tuple = ()):
        self.model, self.states, self.state_field = model, states, state_field
        self.steps = tuple(steps)
        self.allowed, self.denied, self.lock = allowed, denied, lock
        self.date_field, self.floor, self.records = date_field, floor, records
        self.conditions = dict(conditions or {})
        self.clocks = {c.name: c for c in clocks}
        self._by_name = {s.name: s for s in self.steps}
        assert len(self._by_name) == len(self.steps), "step names must be unique"
        assert lock in (VERSION, STATE)
        known = set(states.values)
        for s in self.steps:
            assert s.sources <= known and s.target in known, s.name
        assert not set(self.conditions) & set(self.clocks)

    # --- What exists -------------------------------------------------------------------------

    def state_label(self, state: str) -> str:
        return str(self.states(state).label)

    def label(self, step: Step) -> str:
        return str(step.label or self.state_label(step.target))

    def step(self, name) -> Step:
        if isinstance(name, Step):
            return name
        try:
            return self._by_name[str(name)]
        except KeyError:
            raise TransitionNotAllowed(_("Bước không hợp lệ: %(s)s") % {"s": name}) from None

    def steps_from(self, state: str) -> list[Step]:
        return [s for s in self.steps if str(state) in s.sources]

    def step_into(self, state: str, target: str) -> Step | None:
        """The step from `state` into `target`, if there is one."""
        return next((s for s in self.steps_from(state) if s.target == str(target)), None)

    def graph(self) -> dict[str, set[str]]:
        """Which state may follow which (for importers and generators that walk the machine)."""
        return {state: {s.target for s in self.steps_from(state)} for state in self.states.values}

    def rule(self, step) -> Callable:
        return self.step(step).allowed or self.allowed

    # --- What this user may do now ----------------------------------------------------------

    def _state(self, obj) -> str:
        return str(getattr(obj, self.state_field))

    def possible(self, obj, step) -> bool:
        """The step exists from the record's state and its preconditions hold (whoever asks)."""
        step = self.step(step)
        return self._state(obj) in step.sources and all(check(obj) for check, _msg in step.requires)

    def may(self, obj, step, user) -> bool:
        """The step's rule allows `user` on this record (the system always may)."""
        return user is None or bool(self.rule(step)(user, obj))

    def steps_for(self, obj, user) -> list[Step]:
        """The steps the UI and the API offer `user` now: possible from the record's state, and allowed."""
        answers = {}
        out = []
        for step in self.steps_from(self._state(obj)):
            if not self.possible(obj, step):
                continue
            rule = self.rule(step)
            if rule not in answers:
                answers[rule] = user is None or bool(rule(user, obj))
            if answers[rule]:
                out.append(step)
        return out

    def can(self, obj, step, user) -> bool:
        return self.possible(obj, step) and self.may(obj, step, user)

    # --- Taking a step -----------------------------------------------------------------------

    def guards(self, step: Step) -> list[Guard]:
        out = []
        if step.needs_reason:
            out.append(reason_required(step.reason_message, step.reason_field))
        if step.dated:
            out.append(not_in_future)
            if self.floor:  # the floor first: "before the registration" says more than "before the last step"
                out.append(not_before(*self.floor))
            out.append(not_before_last)
        return out + list(step.guards)

    def check(self, obj, step, *, user=None, reason: str = "", date: datetime.date | None = None, **extra) -> Move:
        """Everything `take` checks before writing; returns the move (or raises the first refusal)."""
        step = self.step(step)
        source = self._state(obj)
        if source not in step.sources:
            raise TransitionNotAllowed(
                (step.refused or _("Không thể chuyển từ “%(a)s” sang “%(b)s”."))
                % {"a": self.state_label(source), "b": self.state_label(step.target)})
        for check, message in step.requires:
            if not check(obj):
                raise TransitionNotAllowed(message)
        if not self.may(obj, step, user):
            denied = step.denied or self.denied or _("Bạn không có quyền thực hiện bước này.")
            raise NotInScope(denied(obj) if callable(denied) else denied)
        move = Move(self, obj, step, user, source, (reason or "").strip(), date or timezone.localdate(), extra)
        for guard in self.guards(step):
            guard(move)
        return move

    def take(self, obj, step, *, user=None, expected_version: int | None = None, reason: str = "",
             date: datetime.date | None = None, fields=(), holding: dict | None = None, **extra):
        """Take `step` on `obj` as `user` (see the module docstring); `fields` names other attributes the caller
        set on `obj` that are saved with the step. With lock=STATE, `holding` adds columns the compare-and-set
        also requires (e.g. the lease a worker took: a worker that lost it cannot finish). Returns the record,
        in its new state."""
        move = self.check(obj, step, user=user, reason=reason, date=date, **extra)
        step = move.step
        if self.lock == VERSION:
            expected_version = require_version(expected_version)
        changes = {self.state_field: step.target}
        if step.dated and self.date_field:
            changes[self.date_field] = move.date
        if step.sets is not None:
            changes.update(step.sets(move) or {})
        kept = [*changes, *(("version", "updated_at") if self.lock == VERSION else ())]
        before = {name: getattr(obj, name) for name in kept}  # put back if anything fails
        try:
            with transaction.atomic():
                for name, value in changes.items():
                    setattr(obj, name, value)
                names = [*changes, *fields]
                if self.lock == VERSION:
                    save_versioned(obj, expected_version=expected_version, user=user, update_fields=names)
                elif not type(obj)._default_manager.filter(
                        pk=obj.pk, **{self.state_field: move.source}, **(holding or {})).update(
                        **{name: getattr(obj, name) for name in names}):
                    raise TransitionNotAllowed(_("Bản ghi đã chuyển sang trạng thái khác; hãy tải lại trang."))
                for hook in (self.records, step.records):
                    if hook is not None:
                        hook(move)
        except Exception:
            for name, value in before.items():
                setattr(obj, name, value)
            raise
        return obj

    # --- Conditions and clocks ----------------------------------------------------------------

    def q(self, name: str, *, prefix: str = "", today: datetime.date | None = None,
          cutoff: datetime.date | None = None) -> Q:
        """The records in condition `name` (a declared condition, or a clock: overdue on `today`), as a Q;
        `prefix` reaches them through a relation (e.g. "reports__"). A counted clock can be given its `cutoff`
        instead (started before that date), as a list link carries it."""
        if name in self.conditions:
            return _lookup_q(self.conditions[name], prefix)
        clock = self.clocks[name]
        today = today or timezone.localdate()
        q = Q(**{f"{prefix}{self.state_field}__in": sorted(clock.states)}) & _lookup_q(clock.where, prefix)
        if clock.due_field:
            return q & Q(**{f"{prefix}{clock.due_field}__lt": today})
        return q & clock.started_before_q(cutoff or clock.cutoff(today), prefix)

    def filter(self, queryset, name: str, *, today: datetime.date | None = None):
        return queryset.filter(self.q(name, today=today))

    def holds(self, obj, name: str, *, today: datetime.date | None = None) -> bool:
        """The same condition as `q(name)`, for one record."""
        if name in self.conditions:
            return _lookup_holds(obj, self.conditions[name])
        clock = self.clocks[name]
        if self._state(obj) not in clock.states or not _lookup_holds(obj, clock.where):
            return False
        due = clock.deadline(obj)
        return due is not None and due.is_past(today or timezone.localdate())

    def deadline(self, obj, clock: str) -> calendar.Deadline | None:
        """The due date of `clock` for this record, with how it was counted (whatever its state)."""
        return self.clocks[clock].deadline(obj)
