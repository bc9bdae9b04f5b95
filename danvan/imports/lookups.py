"""Finding what a row names: organisations (in the importer's scope) and administrative units.

Look-ups are batched per chunk and cached per import, so 100,000 rows naming a few hundred
organisations and communes cost a few hundred queries, not 100,000.
"""
from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from django.db.models import Q
from django.utils.translation import gettext as _

from danvan.accounts import policy
from danvan.core.text import fold
from danvan.organizations.models import Organization, OrganizationKind
from danvan.territory.models import AdminUnit, UnitLevel
from danvan.territory.services import historic_warning, resolve_unit_name


# Names repeat thousands of times in a file: fold each distinct one once.
folded = lru_cache(maxsize=65536)(fold)


# --------------------------------------------------------------------------- names as commune cadres write them

# What people write before a place name, folded, and the kind of organisation it means ("HND xã X",
# "UBND", "Hội Phụ nữ", "Đoàn TN"); the longest one that starts the name is used.
ORG_ABBREVIATIONS: dict[str, str] = {}
for _kind, _spellings in {
    OrganizationKind.PEOPLES_COMMITTEE: ("ubnd", "ub nd", "uy ban nhan dan", "ubnd xa", "chinh quyen"),
    OrganizationKind.FATHERLAND_FRONT: ("mttq", "ub mttq", "ubmttq", "uy ban mttq", "mat tran", "mat tran to quoc",
                                        "uy ban mat tran to quoc", "ban thuong truc mttq", "mttqvn", "ub mttqvn"),
    OrganizationKind.FARMERS: ("hnd", "hoi nd", "hoi nong dan", "nong dan"),
    OrganizationKind.WOMEN: ("hlhpn", "hoi lhpn", "lhpn", "hpn", "hoi pn", "hoi phu nu", "hoi lien hiep phu nu",
                             "phu nu"),
    OrganizationKind.YOUTH: ("dtn", "doan tn", "doan thanh nien", "doan tncs", "doan tncs hcm", "tncs hcm",
                             "doan thanh nien cong san ho chi minh", "doan tn cs hcm", "chi doan", "doan xa"),
    OrganizationKind.VETERANS: ("ccb", "hccb", "hoi ccb", "hoi cuu chien binh", "cuu chien binh"),
    OrganizationKind.POLICE: ("ca", "cong an", "ca xa"),
    OrganizationKind.TRADE_UNION: ("cd", "cong doan", "cdcs", "cong doan co so"),
    OrganizationKind.PARTY_COMMITTEE: ("dang uy", "bch dang bo", "dang bo"),
    OrganizationKind.MASS_MOBILIZATION: ("bdv", "ban dan van", "ban dv"),
    OrganizationKind.MILITARY: ("bchqs", "ban chqs", "ban chi huy quan su", "quan su", "chqs"),
    OrganizationKind.PARTY_CELL: ("chi bo",),
    OrganizationKind.SCHOOL: ("truong",),
}.items():
    for _spelling in _spellings:
        ORG_ABBREVIATIONS[_spelling] = _kind
# Words between the organisation and its place that say nothing about which one it is.
_PLACE_FILLERS = ("viet nam", "vn", "cong san ho chi minh", "cs hcm", "hcm", "co so")
_LEVEL_WORDS = ("xa", "phuong", "thi tran", "dac khu", "tt", "p", "x")


def split_org_name(name: str) -> tuple[str | None, str]:
    """(kind, place) of a name written as people write it: "HND xã Phổng Lái" -> (farmers, "phong lai"),
    "Công an xã" -> (police, ""); (None, folded name) when it starts with no known organisation."""
    text = " ".join(folded(name).replace(".", " ").replace("-", " ").replace(",", " ").split())
    best = None
    for spelling in ORG_ABBREVIATIONS:
        if (text == spelling or text.startswith(spelling + " ")) and (best is None or len(spelling) > len(best)):
            best = spelling
    if best is None:
        return None, text
    rest = text[len(best):].strip()
    changed = True
    while changed and rest:
        changed = False
        for word in (*_PLACE_FILLERS, *_LEVEL_WORDS):
            if rest == word or rest.startswith(word + " "):
                rest, changed = rest[len(word):].strip(), True
                break
    return ORG_ABBREVIATIONS[best], rest


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

    def home(self) -> AdminUnit | None:
        """The user's own commune when they work for exactly one ("Công an xã" in their sheet means its police)."""
        if not hasattr(self, "_home"):
            self._home = None
            if self.user is not None:
                communes = policy.commune_ids(self.user, policy.CHANGE)
                if len(communes) == 1:
                    self._home = AdminUnit.objects.filter(pk=next(iter(communes))).first()
                else:
                    units = policy.organization_units(self.user)
                    if len(units) == 1:
                        self._home = AdminUnit.objects.filter(pk=next(iter(units))).first()
        return self._home

    def in_scope(self, unit: AdminUnit) -> bool:
        """Whether the user may write anything placed in `unit`: they cover it, or one of their organisations is there."""
        if self.user is None:
            return True
        key = ("scope", unit.pk)
        if key not in self._in_unit:
            covered = policy.covers_unit(self.user, unit, policy.CHANGE) or bool(self._unit_orgs(unit))
            self._in_unit[key] = [True] if covered else []
        return bool(self._in_unit[key])

    def add(self, org: Organization) -> None:
        """Make an organisation created by this import findable by the rows after it."""
        o = Org(org.pk, org.name, org.unit_id, org.commune_id, org.province_id, True, org.kind)
        self.by_id[o.id] = o
        self.by_name.setdefault(fold(org.name), []).append(o)
        self._in_unit.clear()

    def find(self, name: str | None, unit: AdminUnit | None = None, org_id: int | None = None, home=None):
        """(Org, a warning or None) or (None, an error): the one editable organisation the row means, found as a
        person would: its exact name; a name an organisation of the row's unit starts with; an abbreviation
        or a bare "Công an xã" / "HND" meaning that kind of organisation of the row's own commune (`unit`, else
        `home`: the user's own commune). Among several, the current commune's own is preferred to one kept
        from an old commune merged into it (with a warning saying which one was chosen); real ambiguity is an
        error listing the candidates."""
        if org_id:
            org = self.by_id.get(int(org_id))
            if org is None or not org.editable:
                return None, _("Mã tổ chức %(id)s không có trong phạm vi của bạn.") % {"id": org_id}
            return org, None
        if not name:
            return None, _("Chưa nhập tổ chức.")
        place = unit if unit is not None else home
        candidates = [o for o in self.by_name.get(folded(name), []) if o.editable]
        if place is not None and candidates:
            inside = [o for o in candidates if _placed_in(o, place)]
            candidates = inside or (candidates if unit is None else [])
        how = "exact"
        bare = split_org_name(name) if not candidates else (None, "")
        if not candidates and place is not None and not (bare[0] and not bare[1]):
            # ("Hội Nông dân xã" alone is the commune's own, not any whose name goes on: see _by_kind)
            candidates, how = self._starting_with(name, place), "prefix"
        if not candidates:
            candidates, how = self._by_kind(name, place), "kind"
        if len(candidates) > 1 and place is not None:
            own = [o for o in candidates if o.unit_id == place.pk]
            if len(own) == 1:
                others = [o for o in candidates if o is not own[0]]
                return own[0], _("“%(name)s”: đã chọn “%(org)s” của %(unit)s; không chọn %(others)s (tổ chức của "
                                 "đơn vị cũ đã sáp nhập).") % {
                    "name": name, "org": own[0].name, "unit": place.name, "others": _names(others)}
        where = _(" tại “%(u)s”") % {"u": place.name} if place is not None else ""
        if len(candidates) == 1:
            org = candidates[0]
            if how == "exact" or fold(org.name) == folded(name):
                return org, None
            return org, _("“%(name)s” được hiểu là “%(org)s” (mã %(id)s).") % {"name": name, "org": org.name,
                                                                              "id": org.id}
        if not candidates:
            return None, _("Không tìm thấy tổ chức “%(name)s”%(where)s trong phạm vi của bạn.") % {
                "name": name, "where": where}
        return None, _("“%(name)s”%(where)s có thể là %(n)s tổ chức: %(list)s. Hãy ghi tên đầy đủ hoặc cột Mã "
                       "tổ chức.") % {"n": len(candidates), "name": name, "where": where,
                                      "list": _names(candidates, ids=True)}

    def _unit_orgs(self, unit: AdminUnit) -> list[Org]:
        """The editable organisations placed in a unit (its own, and those kept from old units merged into it)."""
        key = ("unit", unit.pk)
        if key not in self._in_unit:
            qs = Organization.objects.filter(Q(unit_id=unit.pk) | Q(commune_id=unit.pk))
            self._in_unit[key] = [o for o in self._store(list(qs.values(*_ORG_FIELDS)[:2000])) if o.editable]
        return self._in_unit[key]

    def _starting_with(self, name: str, unit: AdminUnit) -> list[Org]:
        """A short name in a unit's sheet ("Hội Nông dân" in the sheet of Xã Phổng Lái) means the one
        organisation of that unit whose name starts with it."""
        start = folded(name)
        return [o for o in self._unit_orgs(unit) if _search_text(o).startswith(start)]

    def _by_kind(self, name: str, unit: AdminUnit | None) -> list[Org]:
        """"HND", "UBND xã Phổng Lái", "Công an xã", "Hội Phụ nữ": organisations of the kind the name starts with,
        in the row's unit (or named by the place the name ends with)."""
        kind, place = split_org_name(name)
        if kind is None:
            return []
        if unit is not None:
            pool = self._unit_orgs(unit)
        else:
            key = ("kind", kind, place)
            if key not in self._in_unit:
                qs = Organization.objects.filter(kind=kind)
                if place:
                    qs = qs.filter(search_text__contains=place)
                self._in_unit[key] = [o for o in self._store(list(qs.values(*_ORG_FIELDS)[:50])) if o.editable]
            pool = self._in_unit[key]
        spellings = [s for s, k in ORG_ABBREVIATIONS.items() if k == kind and len(s) > 4]
        found = [o for o in pool if o.kind == kind or any(_search_text(o).startswith(s) for s in spellings)]
        if place:
            found = [o for o in found if place in _search_text(o)] or (
                [o for o in found if o.unit_id == unit.pk] if unit is not None and _place_is(unit, place) else [])
        return found


def outside_scope(unit: AdminUnit) -> str:
    """"Xã Thăng Trường thuộc Thành phố Đà Nẵng, ngoài phạm vi của bạn": where a unit the user may not write in is."""
    province = None
    if unit.level != UnitLevel.PROVINCE and unit.province_id:
        province = AdminUnit.objects.filter(pk=unit.province_id).only("name").first()
    if province is not None and province.pk != unit.pk:
        return _("%(unit)s thuộc %(province)s, ngoài phạm vi của bạn.") % {"unit": unit.name, "province": province.name}
    return _("%(unit)s ngoài phạm vi của bạn.") % {"unit": unit.name}


def _search_text(org: "Org") -> str:
    return folded(org.name)


def _place_is(unit: AdminUnit, place: str) -> bool:
    return place in {fold(unit.name), fold(unit.short_name)}


def _names(orgs, ids: bool = False) -> str:
    shown = sorted(orgs, key=lambda o: fold(o.name))[:6]
    text = ", ".join((f"“{o.name}” (" + _("mã %(id)s") % {"id": o.id} + ")") if ids else f"“{o.name}”"
                     for o in shown)
    return text + (", …" if len(orgs) > len(shown) else "")


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
