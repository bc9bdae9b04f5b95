"""Importing exemplars (điển hình): new rows are recorded by the registry's batch service
(initiatives.batch.RegistryBatch.create_exemplars)."""
from __future__ import annotations

from django.utils.translation import gettext as _

from danvan.imports.engine import Row
from danvan.imports.kinds.records import RegistryImporter
from danvan.initiatives.batch import RegistryBatch
from danvan.initiatives.columns import EXEMPLAR_COLUMNS
from danvan.initiatives.models import Exemplar, ExemplarKind, Initiative


class ExemplarImporter(RegistryImporter):
    kind = "exemplars"
    model = Exemplar
    columns = EXEMPLAR_COLUMNS
    name_field = "name"
    compare_fields = ("name", "kind", "field", "year", "achievements")
    one_line_fields = ("name",)

    def __init__(self, user=None, *, cid: str = ""):
        super().__init__(user, cid=cid)
        self._initiatives: dict[int, bool] = {}

    def prepare(self, rows: list[Row]) -> None:
        super().prepare(rows)
        self.prepare_initiatives([r.get("initiative_id") for r in rows])

    def prepare_initiatives(self, ids) -> None:
        wanted = {i for i in ids if i} - self._initiatives.keys()
        if wanted:
            manager = Initiative.objects.visible_to(self.user) if self.user else Initiative.objects.all()
            found = set(manager.filter(pk__in=wanted).values_list("pk", flat=True))
            self._initiatives.update({i: i in found for i in wanted})

    def check_new(self, row: Row) -> None:
        org = row.extra.get("org")
        initiative_id = row.get("initiative_id")
        if initiative_id and initiative_id not in self._initiatives:
            self.prepare_initiatives([initiative_id])
        if initiative_id and not self._initiatives.get(initiative_id):
            row.error("initiative_id", _("Không có mô hình mã %(id)s trong phạm vi của bạn.") % {"id": initiative_id})
        if not row.ok or org is None:
            return
        row.obj = self.fields_of(row, {
            "name": row.get("name"), "kind": row.get("kind", ExemplarKind.INDIVIDUAL), "field": row.get("field"),
            "organization_id": org.id, "unit_id": org.unit_id, "year": row.get("year"),
            "achievements": row.get("achievements", ""), "initiative_id": initiative_id, "created_at": self.now,
        })

    def write_batch(self, batch: RegistryBatch, objs: list[dict]) -> None:
        batch.create_exemplars(objs)
