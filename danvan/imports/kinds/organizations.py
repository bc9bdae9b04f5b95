"""Importing organisations, one by one through organizations.services.create_organization.

Organisations are few (tens per commune) and may name a parent created a few rows above, so each row
goes through the service itself (placement, parent cycles, scope after saving); the preview runs the same
writes inside a transaction that is rolled back.
"""
from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from danvan.core.exceptions import DomainError
from danvan.core.text import fold
from danvan.imports.engine import EXISTING, NEW, Importer, Row
from danvan.imports.lookups import OrganizationIndex, UnitIndex
from danvan.imports.validation import CellError, check_model_field, one_line
from danvan.organizations.columns import ORGANIZATION_COLUMNS
from danvan.organizations.models import Organization
from danvan.organizations.services import create_organization


class OrganizationImporter(Importer):
    """Natural key: "Mã" when given, else (current unit, name)."""

    kind = "organizations"
    model = Organization
    columns = ORGANIZATION_COLUMNS
    chunk_size = 200
    writes_to_check = True

    def __init__(self, user=None, *, cid: str = ""):
        super().__init__(user, cid=cid)
        self.orgs = OrganizationIndex(self.user)
        self.units = UnitIndex()

    def prepare(self, rows: list[Row]) -> None:
        live = [r for r in rows if r.ok]
        for row in live:
            if row.values.get("name"):
                row.values["name"] = one_line(row.values["name"])
        self.orgs.load(names=[r.get("parent") for r in live] + [r.get("name") for r in live],
                       ids=[r.get("parent_id") for r in live] + [r.get("id") for r in live])
        for row in rows:  # a row with a bad cell too: one upload lists all of its errors
            if row.get("id") or (not row.ok and not row.get("unit")):
                continue
            unit, message = self.units.find(row.get("unit"), row.get("province"), row.get("district"))
            if unit is None:
                row.error("unit", message)
                continue
            if message:
                row.warn("unit", message)
            row.extra["unit"] = unit

    def key(self, row: Row):
        if row.get("id"):
            return ("id", row.get("id"))
        unit = row.extra.get("unit")
        return (unit.pk, fold(row.get("name"))) if unit is not None else None

    def check(self, row: Row) -> None:
        if row.get("id"):
            org = self.orgs.by_id.get(row.get("id"))
            if org is None or not org.editable:
                row.error("id", _("Không có tổ chức mã %(id)s trong phạm vi bạn được sửa.") % {"id": row.get("id")})
                return
            row.state = EXISTING
            if fold(org.name) != fold(row.get("name")):
                row.warn("name", _("Đã có (mã %(id)s) với tên “%(name)s”; nhập Excel không sửa bản ghi đã có.")
                         % {"id": org.id, "name": org.name})
            return
        unit = row.extra.get("unit")
        if unit is None:
            return
        same = [o for o in self.orgs.by_name.get(fold(row.get("name")), []) if o.unit_id == unit.pk]
        if same:
            row.state = EXISTING
            return
        try:
            check_model_field(Organization, "name", row.get("name"))
        except CellError as exc:
            row.error("name", exc.message)
            return
        row.state = NEW

    def write(self, rows: list[Row]) -> None:
        for row in rows:
            parent = None
            if row.get("parent") or row.get("parent_id"):
                parent, message = self.orgs.find(row.get("parent"), None, row.get("parent_id"))
                if parent is None:
                    row.error("parent_id" if row.get("parent_id") else "parent", message)
                    continue
            org = Organization(name=row.get("name"), kind=row.get("kind"), unit=row.extra["unit"],
                               parent_id=parent.id if parent else None)
            try:
                with transaction.atomic():
                    create_organization(org, user=self.user)
            except DomainError as exc:
                row.error(exc.field if exc.field in row.labels else "unit", exc.message)
                continue
            self.orgs.add(org)
