"""Finding an administrative unit from what people type (Excel imports, forms).

`resolve_unit_name` accepts a code or a name, with or without accents or the type prefix, NFC or NFD,
current or from before 1 July 2025. A historic unit is answered with the current unit it became,
plus a warning in Vietnamese so the importer can tell the user what was changed.
"""
from __future__ import annotations

import re

from django.apps import apps
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.core.counting import count_keeper
from danvan.core.exceptions import DomainError
from danvan.core.scoping import UnitPlacedModel
from danvan.core.text import fold, sort_key

from .models import REFORM_DATE, AdminUnit, UnitLevel, UnitLineage

# Folded type prefixes, longest first so "thi tran" wins over "thi", and common abbreviations.
_PREFIXES = {
    "thanh pho truc thuoc trung uong": "thanh pho", "thanh pho": "thanh pho", "tp": "thanh pho",
    "tinh": "tinh", "dac khu": "dac khu", "thi tran": "thi tran", "tt": "thi tran",
    "thi xa": "thi xa", "tx": "thi xa", "huyen": "huyen", "h": "huyen", "quan": "quan", "q": "quan",
    "phuong": "phuong", "p": "phuong", "xa": "xa", "x": "xa",
}
_PREFIX_RE = re.compile(
    r"^(?P<prefix>" + "|".join(sorted((re.escape(p) for p in _PREFIXES), key=len, reverse=True))
    + r")(?:\.\s*|\s+)(?P<rest>\S.*)$"
)
# A few spellings people use for the two big cities that no name or short name contains.
_ALIASES = {"hcm": "ho chi minh", "tphcm": "ho chi minh", "tp hcm": "ho chi minh", "tp.hcm": "ho chi minh",
            "tp. hcm": "ho chi minh", "hn": "ha noi", "tphn": "ha noi", "tp hn": "ha noi", "tp.hn": "ha noi"}
_CODE_RE = re.compile(r"^\d{2,5}$")
_REFORM = REFORM_DATE.strftime("%d/%m/%Y")


def split_prefix(folded: str) -> tuple[str, str]:
    """("xa", "phong lai") for "xa phong lai"; ("", text) when there is no type prefix."""
    match = _PREFIX_RE.match(folded)
    if not match:
        return "", folded
    return _PREFIXES[match["prefix"]], match["rest"].strip()


def _folded_names(unit: AdminUnit) -> tuple[str, str, str]:
    """(full name, short name, name without its prefix), all folded."""
    full = fold(unit.name)
    return full, fold(unit.short_name), split_prefix(full)[1]


def _current_province(unit: AdminUnit) -> AdminUnit | None:
    """The current province a unit (current or historic) counts in."""
    return unit.current_commune_and_province()[1]


def historic_warning(old: AdminUnit, new: AdminUnit) -> str:
    """The message shown when a pre-2025 unit was replaced by its current successor."""
    before = f"Đơn vị cũ '{old.name}' (trước {_REFORM})"
    became = [u for u in old.became().select_related("province").order_by("level", "code") if u.pk != new.pk]
    if old.level == UnitLevel.DISTRICT and new.level == UnitLevel.PROVINCE:
        zones = [u for u in became if u.level == UnitLevel.COMMUNE]
        if zones:  # an island district that became a special zone as a whole
            return f"{before} nay là '{zones[0].name}' thuộc '{new.name}'"
        return f"{before} không còn cấp huyện; số liệu được tính vào '{new.name}'"
    text = f"{before} đã được chuyển thành '{new.name}'"
    if new.level == UnitLevel.COMMUNE and new.province_id:
        text += f" ({new.province.name})"
    same_level = [u for u in became if u.level == new.level]
    if same_level:
        text += "; một phần địa bàn nay thuộc " + ", ".join(f"'{u.name}'" for u in same_level)
    return text


def _label(unit: AdminUnit) -> str:
    """A name that tells same-named units apart: its district (historic) or province (current)."""
    if unit.historic and unit.level == UnitLevel.COMMUNE and unit.parent_id:
        return f"{unit.name} ({unit.parent.name})"
    return str(unit)


def _province_unit(province) -> AdminUnit | None:
    """The province meant by an AdminUnit, a name or a code; a historic province stays historic
    (so its old communes can be told apart from same-named ones elsewhere in the merged province)."""
    if province is None or isinstance(province, AdminUnit):
        return province
    found = _candidates(fold(str(province)), UnitLevel.PROVINCE)
    found = [u for u in found if not u.historic] or found
    if len({u.current_unit().pk for u in found}) == 1:
        return found[0]
    if not found:
        raise LookupError(f"Không tìm thấy tỉnh/thành phố '{province}'")
    raise LookupError(f"Tỉnh/thành phố '{province}' không rõ ràng")


def resolve_unit_name(text, province=None, level: int | None = None, district=None):
    """Find the unit meant by `text`; return (current AdminUnit or None, warning or None).

    * `text`: a code ("03724") or a name ("Xã Phổng Lái", "phong lai", "P. Hồng Hà"...). A text with
      commas ("Xã Phổng Lái, Huyện Thuận Châu, Tỉnh Sơn La") is read as unit, [district,] province.
    * `province`: an AdminUnit (current or historic province) or its name/code, to choose between
      units of the same name; `district` (name) narrows historic communes the same way.
    * `level`: 1 (province) or 3 (commune) when the column is known; any level otherwise.

    A current unit comes back with no warning. A historic one comes back as its current successor
    with a warning naming the change. Several different matches (a name repeated across provinces)
    or none give (None, a warning explaining why).
    """
    raw = "" if text is None else str(text).strip()
    if not raw:
        return None, "Chưa nhập tên đơn vị hành chính"
    if "," in raw and province is None:
        parts = [p.strip() for p in raw.split(",") if p.strip()]
        if len(parts) >= 2:
            return resolve_unit_name(parts[0], province=parts[-1], level=level,
                                     district=parts[1] if len(parts) >= 3 else district)
    try:
        province = _province_unit(province)
    except LookupError as exc:
        return None, str(exc)

    query = fold(raw)
    candidates = _candidates(query, level)
    if not candidates:
        return None, f"Không tìm thấy đơn vị hành chính '{raw}'"

    if province is not None:
        candidates = _narrow_by_province(candidates, province)
        if not candidates:
            return None, f"Không tìm thấy '{raw}' thuộc '{province.name}'"
    if district:
        folded_district = fold(district)
        bare_district = split_prefix(folded_district)[1]
        in_district = [u for u in candidates
                       if u.historic and u.level == UnitLevel.COMMUNE and u.parent is not None
                       and {folded_district, bare_district} & set(_folded_names(u.parent))]
        # An old district only makes sense for an old commune: it then wins over same-named current ones.
        candidates = in_district or candidates

    # Current units win over historic ones of the same name (a new commune often keeps one old name).
    current = [u for u in candidates if not u.historic]
    if current:
        candidates = current
    resolved: dict[int, tuple[AdminUnit, AdminUnit]] = {}
    for unit in candidates:
        target = unit.current_unit()
        if target.historic:  # data without a successor: cannot count it anywhere
            continue
        resolved.setdefault(target.pk, (unit, target))
    if not resolved:
        return None, f"Đơn vị '{raw}' không còn và chưa có đơn vị kế thừa"
    if len(resolved) > 1:
        provinces = sorted({p.short_name for _, t in resolved.values() if (p := _current_province(t))}, key=sort_key)
        if province is None and len(provinces) > 1:
            return None, (f"Tên '{raw}' không rõ ràng: có ở nhiều tỉnh/thành phố ({', '.join(provinces)}); "
                          "hãy ghi rõ tỉnh/thành phố")
        names = sorted({_label(u) for u, _ in resolved.values()}, key=sort_key)
        return None, (f"Tên '{raw}' không rõ ràng: khớp {len(resolved)} đơn vị ({', '.join(names[:5])}"
                      f"{', ...' if len(names) > 5 else ''}); hãy ghi rõ hơn")
    (unit, target), = resolved.values()
    if unit.historic:
        return target, historic_warning(unit, target)
    return target, None


def _candidates(query: str, level: int | None) -> list[AdminUnit]:
    """Units whose code, folded name, or folded name without prefix equals the query."""
    qs = AdminUnit.objects.select_related("province", "parent", "successor", "successor__province")
    if level is not None:
        qs = qs.filter(level=level)
    if level in (None, UnitLevel.PROVINCE) and query in _ALIASES:
        query = _ALIASES[query]
    if _CODE_RE.match(query):
        by_code = list(qs.filter(code=query))
        if by_code:
            return by_code
    pool = list(qs.filter(search_text__contains=query))
    # 1. Exact full name ("xa phong lai") or short name ("phong lai", "phuong 1").
    exact = [u for u in pool if query in _folded_names(u)[:2]]
    if exact:
        return exact
    prefix, bare = split_prefix(query)
    if not prefix:
        # 2. The name without its prefix ("1" for "Phường 1").
        return [u for u in pool if _folded_names(u)[2] == query]
    # 3. The prefix was abbreviated or differs ("TP Hồ Chí Minh", "P. Hồng Hà", "Xã Hồng Hà").
    pool = list(qs.filter(search_text__contains=bare))
    loose = [u for u in pool if bare in (_folded_names(u)[1], _folded_names(u)[2])]
    same_type = [u for u in loose if split_prefix(fold(u.name))[0] == prefix]
    return same_type or loose


def _narrow_by_province(candidates: list[AdminUnit], province: AdminUnit) -> list[AdminUnit]:
    """Keep the candidates in `province` (current: by current province; historic: by old province first)."""
    if province.level != UnitLevel.PROVINCE:
        province = province.province or province
    if province.historic:
        inside = [u for u in candidates if u.historic and u.province_id == province.pk]
        if inside:
            return inside
        province = province.current_unit()
    return [u for u in candidates if (p := _current_province(u)) is not None and p.pk == province.pk]


# ---------------------------------------------------------------------------------------------------
# Lineage: re-linking a historic unit and re-placing the records that count through it
# ---------------------------------------------------------------------------------------------------
def relink_unit(old: AdminUnit, new: AdminUnit) -> AdminUnit:
    """Make `new` the primary successor of the historic unit `old`; records of `old` (and of the historic
    units that roll up through it) are re-resolved into `new` and the counts follow."""
    if not old.historic:
        raise DomainError(_("Chỉ đơn vị cũ (trước 2025) mới có đơn vị kế thừa."))
    if new.historic:
        raise DomainError(_("Đơn vị kế thừa phải là đơn vị hiện hành."))
    with transaction.atomic():
        UnitLineage.objects.filter(old=old).exclude(new=new).update(is_primary=False)
        link, created = UnitLineage.objects.get_or_create(old=old, new=new, defaults={"is_primary": True})
        if not created and not link.is_primary:
            link.is_primary = True
            link.save(update_fields=["is_primary"])
        old.successor = new
        old.save(update_fields=["successor"])
        reresolve_records(old)
    return old


def rolled_up_through(unit: AdminUnit) -> list[int]:
    """`unit` and every historic unit whose chain of successors passes through it."""
    found, frontier = {unit.pk}, {unit.pk}
    while frontier:
        frontier = set(AdminUnit.objects.filter(historic=True, successor_id__in=frontier)
                       .values_list("pk", flat=True)) - found
        found |= frontier
    return sorted(found)


def reresolve_records(unit: AdminUnit) -> int:
    """Recompute the current commune/province of every record placed in `unit` or in a historic unit
    rolling up through it (after a lineage or parent change); returns how many records were updated."""
    unit_ids = rolled_up_through(unit)
    resolved = {u.pk: u.current_commune_and_province()
                for u in AdminUnit.objects.filter(pk__in=unit_ids).select_related("successor")}
    updated = 0
    with transaction.atomic():
        for model in apps.get_models():
            if not issubclass(model, UnitPlacedModel):
                continue
            manager = getattr(model, "all_objects", model._default_manager)
            records = manager.filter(unit_id__in=unit_ids)
            with count_keeper().tracking(model, records):
                for pk, (commune, province) in resolved.items():
                    # A derived column, as on save(): no version bump, no audit entry.
                    updated += manager.filter(unit_id=pk).update(commune=commune, province=province)
    return updated


PLACING_FIELDS = ("successor_id", "province_id", "parent_id", "level", "historic")


def save_unit(unit: AdminUnit) -> AdminUnit:
    """Save an edit of a unit; when it changes where records count (successor, parent, province, level,
    historic), re-place the records under it, in the same transaction."""
    with transaction.atomic():
        old = AdminUnit.objects.filter(pk=unit.pk).values(*PLACING_FIELDS).first() if unit.pk else None
        unit.save()
        if old is not None and any(old[f] != getattr(unit, f) for f in PLACING_FIELDS):
            reresolve_records(unit)
    return unit
