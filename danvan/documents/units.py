"""Which unit a document is about: reading a unit as users write it, and whose reports a user may produce.

Unit codes repeat between eras (province 44 is Quảng Trị now, was Quảng Bình), so a bare code means the
current unit and a historic one takes the prefix "old:" (or "cu:"): `14`, `04000`, `old:60`, `VN`.
"""
from django.db.models import Q
from django.utils.translation import gettext as _

from danvan.core.exceptions import DomainError
from danvan.accounts import policy
from danvan.core.text import fold
from danvan.territory.models import AdminUnit, UnitLevel

NATIONAL_WORDS = {"vn", "national", "toan quoc", "toan-quoc", "ca nuoc"}
HISTORIC_PREFIXES = ("old:", "cu:")


class UnknownUnit(DomainError):
    status_code = 404


def parse_unit(text: str) -> AdminUnit | None:
    """"14" | "04000" | "old:60" | "VN" | a unit's name ("Sơn La", "old:Bình Thuận") -> the unit (None = the nation).

    A name shared by several units is refused with their codes, except that a province wins over its namesakes.
    """
    raw = (text or "").strip()
    folded = fold(raw)
    if folded in NATIONAL_WORDS:
        return None
    historic = False
    for prefix in HISTORIC_PREFIXES:
        if folded.startswith(prefix):
            historic, raw = True, raw[len(prefix):].strip()
            break
    if not raw:
        raise UnknownUnit(_("Chưa chọn đơn vị. Ví dụ: 14 (mã tỉnh), 04000 (mã xã), old:60 (tỉnh cũ), VN (toàn quốc)."))
    units = AdminUnit.objects.filter(historic=historic)
    if raw.isdigit():
        found = list(units.filter(code=raw)[:2])
    else:
        name = fold(raw)
        found = [u for u in units.filter(search_text__contains=name)
                 if fold(u.name) == name or fold(u.short_name) == name]
        provinces = [u for u in found if u.level == UnitLevel.PROVINCE]
        if len(found) > 1 and len(provinces) == 1:  # "old:Bình Thuận" is the province, not its namesake communes
            found = provinces
    if len(found) == 1:
        return found[0]
    if not found:
        era = _("đơn vị cũ (trước 2025)") if historic else _("đơn vị hiện nay")
        raise UnknownUnit(_("Không tìm thấy %(era)s “%(text)s”. Mã đơn vị cũ viết có tiền tố old:, ví dụ old:60.")
                          % {"era": era, "text": text})
    listed = "; ".join(f"{unit_spec(u)} {u}" for u in found[:8])
    raise UnknownUnit(_("“%(text)s” trùng tên nhiều đơn vị, hãy dùng mã: %(listed)s")
                      % {"text": text, "listed": listed})


def unit_spec(unit: AdminUnit | None) -> str:
    """The inverse of parse_unit, for messages and links."""
    if unit is None:
        return "VN"
    return f"old:{unit.code}" if unit.historic else unit.code


def may_report_on(user, unit: AdminUnit | None) -> bool:
    """Whose reports a user produces: the policy's rule (accounts.policy.may_report_on)."""
    return policy.may_report_on(user, unit)


def may_issue_for(user, unit: AdminUnit | None) -> bool:
    """Who gives a report its number: the policy's rule (accounts.policy.may_issue_for)."""
    return policy.may_issue_for(user, unit)


def reportable_units(user) -> dict:
    """What the document form offers: {"national": bool, "provinces", "communes", "historic"} querysets/lists."""
    units = AdminUnit.objects.all()
    if policy.is_national(user):
        return {
            "national": True,
            "provinces": list(units.provinces().order_by("sort_key")),
            "communes": [],  # 3,321 of them: typed by code in the form instead of listed
            "historic": list(units.historic_units().filter(level=UnitLevel.PROVINCE).order_by("sort_key")),
        }
    provinces = sorted(policy.province_ids(user))
    return {
        "national": False,
        "provinces": list(units.provinces().filter(pk__in=provinces).order_by("sort_key")),
        "communes": list(units.communes().filter(Q(pk__in=sorted(policy.commune_ids(user))) | Q(province_id__in=provinces))
                         .order_by("sort_key")),
        "historic": list(units.historic_units().filter(level=UnitLevel.PROVINCE, successor_id__in=provinces)
                         .order_by("sort_key")),
    }
