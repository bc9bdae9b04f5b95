"""Finding what a row names: organisations (in the importer's scope) and administrative units.

Look-ups are batched per chunk and cached per import, so 100,000 rows naming a few hundred
organisations and communes cost a few hundred queries, not 100,000.
"""
from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from django.db.models import Q
from django.utils.translation import gettext as _

from danvan.core.text import fold
from danvan.organizations.models import Organization
from danvan.territory.models import AdminUnit
from danvan.territory.services import historic_warning, resolve_unit_name


# Names repeat thousands of times in a file: fold each distinct one once.
folded = lru_cache(maxsize=65536)(fold)


class Org(NamedTuple):
    id: int
    name: str
    unit_id: int
    commune_id: int | None
    province_id: int | None
    editable: bool
    kind: str = ""


_ORG_FIELDS = ("id", "name", "unit_id", "commune_id", "province_id", "search_text", "kind")


class OrganizationIndex:
    """Organisations by folded name and by id, each marked editable or not for the importing user."""

    def __init__(self, user):
        self.user = user
        self.by_name: dict[str, list[Org]] = {}
        self.by_id: dict[int, Org | None] = {}
        self._in_unit: dict[tuple, list[Org]] = {}

    def _editable_ids(self, ids) -> set:
        if self.user is None:
            return set(ids)
        return set(Organization.objects.editable_by(self.user).filter(pk__in=ids).values_list("pk", flat=True))

    def _store(self, records) -> list[Org]:
        editable = self._editable_ids([r["id"] for r in records])
        orgs = []
        for r in records:
            org = Org(r["id"], r["name"], r["unit_id"], r["commune_id"], r["province_id"], r["id"] in editable, r["kind"])
            self.by_id[org.id] = org
            orgs.append(org)
        return orgs

    def load(self, names=(), ids=()) -> None:
        """Fetch, in two queries, the organisations named or numbered in a chunk that are not cached yet."""
        missing_names = {folded(n) for n in names if n} - self.by_name.keys()
        if missing_names:
            for name in missing_names:
                self.by_name[name] = []
            records = list(Organization.objects.filter(search_text__in=sorted(missing_names)).values(*_ORG_FIELDS))
            for org, r in zip(self._store(records), records):
                self.by_name.setdefault(r["search_text"], []).append(org)
        missing_ids = {int(i) for i in ids if i} - self.by_id.keys()
        if missing_ids:
            found = self._store(list(Organization.objects.filter(pk__in=sorted(missing_ids)).values(*_ORG_FIELDS)))
            for i in missing_ids - {o.id for o in found}:
                self.by_id[i] = None

    def add(self, org: Organization) -> None:
        """Make an organisation created by this import findable by the rows after it."""
        o = Org(org.pk, org.name, org.unit_id, org.commune_id, org.province_id, True, org.kind)
        self.by_id[o.id] = o
        self.by_name.setdefault(fold(org.name), []).append(o)
        self._in_unit.clear()

    def find(self, name: str | None, unit: AdminUnit | None = None, org_id: int | None = None):
        """(Org, None) or (None, a Vietnamese message): the one editable organisation meant by the row."""
        if org_id:
            org = self.by_id.get(int(org_id))
            if org is None or not org.editable:
                return None, _("Mã tổ chức %(id)s không có trong phạm vi của bạn.") % {"id": org_id}
            return org, None
        if not name:
            return None, _("Chưa nhập tổ chức.")
        candidates = [o for o in self.by_name.get(folded(name), []) if o.editable]
        if unit is not None:
            candidates = [o for o in candidates if _placed_in(o, unit)]
            if not candidates:
                candidates = self._starting_with(name, unit)
        if len(candidates) == 1:
            return candidates[0], None
        where = _(" tại “%(u)s”") % {"u": unit.name} if unit is not None else ""
        if not candidates:
            return None, _("Không tìm thấy tổ chức “%(name)s”%(where)s trong phạm vi của bạn.") % {
                "name": name, "where": where}
        return None, _("Có %(n)s tổ chức tên “%(name)s”%(where)s trong phạm vi của bạn; hãy ghi thêm cột "
                       "Đơn vị hành chính hoặc Mã tổ chức.") % {"n": len(candidates), "name": name, "where": where}

    def _starting_with(self, name: str, unit: AdminUnit) -> list[Org]:
        """A short name in a unit's sheet ("Hội Nông dân" in the sheet of Xã Phổng Lái) means the one
        organisation of that unit whose name starts with it."""
        key = (unit.pk, fold(name))
        if key not in self._in_unit:
            qs = Organization.objects.filter(Q(unit_id=unit.pk) | Q(commune_id=unit.pk), search_text__startswith=key[1])
            self._in_unit[key] = [o for o in self._store(list(qs.values(*_ORG_FIELDS)[:5])) if o.editable]
        return self._in_unit[key]


def _placed_in(org: Org, unit: AdminUnit) -> bool:
    return unit.pk in (org.unit_id, org.commune_id, org.province_id)


class UnitIndex:
    """Administrative units by what people type: territory.services.resolve_unit_name, made fast for files.

    A file names a few hundred or thousand units, each up to thousands of times. Exact names (full or
    short, with or without accents, current or pre-2025, within a named province or nationally unique)
    are answered from an in-memory index of the province's units, the same way resolve_unit_name answers
    them; everything else (codes, abbreviations, ambiguous or unknown names) goes to resolve_unit_name
    itself, so its rules and messages stay the only ones. test_lookups checks both give the same answers.
    """

    def __init__(self):
        self._cache: dict[tuple, tuple] = {}
        self._provinces: dict[str, list] | None = None
        self._by_province: dict[int, dict[str, list]] = {}
        self._national: dict[str, list] | None = None
        self._units: dict[int, tuple] = {}
        self._objects: dict[int, AdminUnit] = {}

    def find(self, text: str | None, province: str | None = None, district: str | None = None):
        """(current unit or None, message or None): a warning with a unit, an error without one."""
        if not text:
            return None, None
        raw = (text, province, district)
        found = self._cache.get(raw)
        if found is None:
            key = (fold(text), fold(province or ""), fold(district or ""))
            found = self._cache.get(key)
            if found is None:
                found = self._fast(str(text), province, district)
                if found is None:
                    found = self._slow(str(text), province, district)
                self._cache[key] = found
            self._cache[raw] = found
        return found

    def _slow(self, text, province, district):
        return resolve_unit_name(text, province=province or None, district=district or None)

    # -------------------------------------------------------------- the exact-name fast path

    def _fast(self, text, province, district):
        raw = text.strip()
        if "," in raw and not province:
            parts = [p.strip() for p in raw.split(",") if p.strip()]
            if len(parts) >= 2:
                raw, province = parts[0], parts[-1]
                district = parts[1] if len(parts) >= 3 else district
        query = fold(raw)
        if not query or query.isdigit():
            return None
        if province:
            prov = self._province(fold(province))
            if prov is None:
                return None
            candidates = self._in_province(prov).get(query, [])
        else:
            candidates = self._current_nationally().get(query, [])
        current = [u for u in candidates if not u[3]]
        if len(current) == 1:
            return self._object(current[0][0]), None
        if current or not candidates or district:
            return None
        targets = {self._current_id(u[0]) for u in candidates}
        if len(targets) != 1 or None in targets:
            return None
        old = self._object(candidates[0][0])
        new = self._object(targets.pop())
        return new, historic_warning(old, new)

    def _province(self, folded: str):
        if self._provinces is None:
            self._provinces = {}
            for pk, name, short in AdminUnit.objects.provinces().values_list("pk", "name", "short_name"):
                for n in {fold(name), fold(short)}:
                    self._provinces.setdefault(n, []).append(pk)
        found = self._provinces.get(folded, [])
        return found[0] if len(found) == 1 else None

    def _remember(self, rows) -> dict[str, list]:
        index: dict[str, list] = {}
        for row in rows:
            pk, name, short = row[0], row[1], row[2]
            self._units[pk] = row
            for n in {fold(name), fold(short)}:
                index.setdefault(n, []).append(row)
        return index

    _FIELDS = ("pk", "name", "short_name", "historic", "successor_id", "level", "code", "kind", "province_id",
               "parent_id")

    def _in_province(self, province_id: int) -> dict[str, list]:
        """Every unit counted in a current province: its communes, and the old units that became them."""
        index = self._by_province.get(province_id)
        if index is None:
            units = AdminUnit.objects.filter(
                Q(historic=False, province_id=province_id) | Q(historic=True, successor__province_id=province_id)
            ).values_list(*self._FIELDS)
            index = self._by_province[province_id] = self._remember(units)
        return index

    def _current_nationally(self) -> dict[str, list]:
        if self._national is None:
            self._national = self._remember(AdminUnit.objects.current().values_list(*self._FIELDS))
        return self._national

    def _current_id(self, pk: int) -> int | None:
        """The current unit a unit's records count in: itself, or along its successors (as current_unit())."""
        seen = set()
        while pk is not None and pk not in seen:
            seen.add(pk)
            row = self._units.get(pk)
            if row is None:
                row = AdminUnit.objects.filter(pk=pk).values_list(*self._FIELDS).first()
                if row is None:
                    return None
                self._units[pk] = row
            if not row[3]:
                return pk
            pk = row[4]
        return None

    def _object(self, pk: int) -> AdminUnit:
        obj = self._objects.get(pk)
        if obj is None:
            row = self._units.get(pk)
            if row is None:
                obj = AdminUnit.objects.get(pk=pk)
            else:  # built from the index row: the importer needs its id and names, not a query per unit
                obj = AdminUnit(**dict(zip(("id", *self._FIELDS[1:]), row)))
            self._objects[pk] = obj
        return obj
