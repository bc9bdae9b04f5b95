"""Importing initiatives (mô hình): each new row is registered by the registry's batch service
(initiatives.batch.RegistryBatch.register_initiatives), taken from a draft step by step to the status in the
sheet, by the lifecycle's own rules (initiatives.batch.plan_lifecycle)."""
from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.imports.engine import WARNING, Row
from danvan.imports.kinds.records import RegistryImporter
from danvan.initiatives.batch import LifecycleProblem, RegistryBatch, plan_lifecycle, step_refused, steps_to
from danvan.initiatives.columns import INITIATIVE_COLUMNS
from danvan.initiatives.models import Initiative, MeasureUnit, Scope, Status

BUDGET_INDICATOR = "Kinh phí"  # stored data: Vietnamese whatever the importing user's language


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

    def check_new(self, row: Row) -> None:
        org = row.extra.get("org")
        year = row.get("year")
        target = row.get("status", Status.REGISTERED)
        date = row.get("registered_on")
        if date is None:
            if year is None:
                return  # the year's own error is said; the dates cannot be checked without it
            start = row.get("start_date")
            date = start if start is not None and start.year == year else datetime.date(year, 1, 1)
            if row.ok:
                self.dates_assumed += 1
        steps = steps_to(target, date, (row.get("reason") or "").strip())
        try:
            plan_lifecycle(date, steps, today=self.today)
        except LifecycleProblem as problem:
            column = "status" if problem.field == "status" else ("registered_on" if row.get("registered_on") else "year")
            row.error(column, problem.message)
            return
        if org is None:
            return
        refused = step_refused(self.user, steps, {"organization_id": org.id, "unit_id": org.unit_id,
                                                  "commune_id": org.commune_id, "province_id": org.province_id})
        if refused:
            row.error("status", refused)
        if not row.ok:
            return
        row.obj = self.fields_of(row, {
            "title": row.get("title"), "field": row.get("field"), "scope": row.get("scope", Scope.COLLECTIVE),
            "organization_id": org.id, "unit_id": org.unit_id, "year": year,
            "description": row.get("description", ""), "goals": row.get("goals", ""),
            "start_date": row.get("start_date"), "created_on": date, "steps": steps, "created_at": self.now,
        })
        if row.get("budget") is not None:
            row.obj["_budget"] = row.get("budget")

    def write_batch(self, batch: RegistryBatch, objs: list[dict]) -> None:
        budgets = [obj.pop("_budget", None) for obj in objs]
        ids = batch.register_initiatives(objs)
        # The money column ("Kinh phí") becomes the initiative's "Kinh phí" indicator in đồng, its amount the
        # indicator's target (what the initiative registered to spend or raise): see docs/decisions.md.
        batch.add_indicators([{"initiative_id": pk, "name": BUDGET_INDICATOR, "measure_unit": MeasureUnit.VND,
                               "target": Decimal(amount)}
                              for pk, amount in zip(ids, budgets) if amount is not None])

    def finish(self, outcome) -> None:
        super().finish(outcome)
        if self.dates_assumed:
            outcome.note(WARNING, _("%(n)s dòng không có ngày đăng ký: lấy ngày bắt đầu (nếu cùng năm), "
                                    "nếu không thì ngày 01/01 của năm đăng ký.") % {"n": self.dates_assumed})
