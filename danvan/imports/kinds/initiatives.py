"""Importing initiatives (mô hình).

A new initiative is created as the registry's services would create it (initiatives.services:
register_initiative, then transition() step by step to the status in the sheet), but written in bulk:
the rules are the services' own data (TRANSITIONS, REASON_REQUIRED, the lifecycle's rules for who may take a
step, e.g. recognition, the model's validators, the organisation scope), and tests/test_parity.py checks that
both paths leave the same records.
"""
from __future__ import annotations

import datetime
from collections import deque
from functools import lru_cache

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from danvan.imports import bulk
from danvan.imports.engine import WARNING, Row
from danvan.imports.kinds.records import RegistryImporter
from danvan.initiatives.columns import INITIATIVE_COLUMNS
from danvan.initiatives.models import Initiative, InitiativeTransition, Scope, Status
from danvan.initiatives.services import REASON_REQUIRED, TRANSITIONS
from danvan.initiatives.workflow import LIFECYCLE


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


class InitiativeImporter(RegistryImporter):
    kind = "initiatives"
    model = Initiative
    columns = INITIATIVE_COLUMNS
    name_field = "title"
    compare_fields = ("title", "field", "scope", "year", "start_date", "description", "goals")
    one_line_fields = ("title",)

    def __init__(self, user=None, *, cid: str = ""):
        super().__init__(user, cid=cid)
        self.today = timezone.localdate()
        self.dates_assumed = 0
        self._transitions = None

    def check_new(self, row: Row) -> None:
        org = row.extra["org"]
        year = row.get("year")
        target = row.get("status", Status.REGISTERED)
        steps = lifecycle_path(target)
        reason = (row.get("reason") or "").strip()
        needs_reason = [s for s in steps if s in REASON_REQUIRED]
        if needs_reason and not reason:
            row.error("status", _("Cần ghi lý do (cột “Lý do”) khi chuyển sang “%(s)s”.")
                      % {"s": Status(needs_reason[-1]).label})
            return
        date = row.get("registered_on")
        if date is None:
            start = row.get("start_date")
            date = start if start is not None and start.year == year else datetime.date(year, 1, 1)
            self.dates_assumed += 1
        if steps and date > self.today:
            row.error("registered_on" if row.get("registered_on") else "year",
                      _("Ngày chuyển trạng thái không được ở tương lai (%(d)s).") % {"d": f"{date:%d/%m/%Y}"})
            return
        row.obj = bulk.complete(Initiative, {
            "title": row.get("title"), "field": row.get("field"), "scope": row.get("scope", Scope.COLLECTIVE),
            "organization_id": org.id, "unit_id": org.unit_id, "year": year,
            "description": row.get("description", ""), "goals": row.get("goals", ""),
            "start_date": row.get("start_date"), "status": target, "status_changed_at": date,
            "registered_on": date if Status.REGISTERED in steps else None,
        }, self.placement, user=self.user, now=self.now, sort=row.extra.get("sort_key"),
            folded={"title": row.extra["folded"]} if "folded" in row.extra else None)
        refused = self.refused_step(steps, row.obj)
        if refused:
            row.error("status", refused)
            return
        row.obj["organization__kind"] = org.kind  # for the dashboards' cells (bulk.CellTally)
        row.extra.update(steps=steps, date=date, reason=reason)

    def refused_step(self, steps: tuple, values: dict) -> str:
        """The lifecycle's own rule for a step, where it is narrower than "may change the record" (which the
        organisation check already enforces): e.g. only the province recognises."""
        if self.user is None:
            return ""
        record = None
        for target in steps:
            step = LIFECYCLE.step(target)
            if step.allowed is None:
                continue
            record = record or Initiative(**{k: values.get(k) for k in (
                "organization_id", "unit_id", "commune_id", "province_id")})
            if not step.allowed(self.user, record):
                denied = step.denied(record) if callable(step.denied) else step.denied
                return _("Không được chuyển sang “%(s)s”: %(why)s") % {"s": Status(target).label, "why": denied}
        return ""

    def after_write(self, rows: list[Row]) -> None:
        if self._transitions is None:
            self._transitions = bulk.RowWriter(InitiativeTransition, columns=(
                "initiative_id", "from_status", "to_status", "date", "reason", "user_id", "created_at"), ids=False)
        user_id, now = (self.user.pk if self.user is not None else None), self.now
        transitions = []
        for row in rows:
            pk, date = row.obj["id"], row.extra["date"]
            for from_status, to_status, reason in self._steps(row.extra["steps"], row.extra["reason"]):
                transitions.append((pk, from_status, to_status, date, reason, user_id, now))
        self._transitions.insert(transitions)

    @staticmethod
    @lru_cache(maxsize=1024)
    def _steps(steps: tuple, reason: str) -> tuple:
        """(from, to, reason) of each recorded step, as the services record them: created as a draft, then
        each step to the sheet's status; the sheet's reason goes with the last one."""
        # Stored in Vietnamese whatever the importer's language, as the services store their reasons.
        created, registered, imported = gettext_noop("Tạo mới"), gettext_noop("Đăng ký"), gettext_noop("Nhập từ tệp Excel")
        out = [("", Status.DRAFT.value, created)]
        previous = Status.DRAFT.value
        for i, status in enumerate(steps):
            if i == len(steps) - 1 and reason:
                text = reason
            elif status == Status.REGISTERED:
                text = registered
            else:
                text = imported
            out.append((previous, str(status), text))
            previous = str(status)
        return tuple(out)

    def finish(self, outcome) -> None:
        super().finish(outcome)
        if self.dates_assumed:
            outcome.note(WARNING, _("%(n)s dòng không có ngày đăng ký: lấy ngày bắt đầu (nếu cùng năm), "
                                    "nếu không thì ngày 01/01 của năm đăng ký.") % {"n": self.dates_assumed})
