"""Who issues a unit's report, under Hướng dẫn 36-HD/VPTW: the header, symbol, place, signature and recipients.

A province's report comes from its Party committee's Ban Dân vận ("TỈNH UỶ SƠN LA / BAN DÂN VẬN", symbol
BDVTU); a commune's from the commune Party committee ("ĐẢNG BỘ TỈNH SƠN LA / ĐẢNG UỶ XÃ …", symbol ĐU); the
nation's from the central Ban Dân vận (BDVTW). A historic unit no longer has a Party committee: its report is
issued by the body of the current unit it became, about "tỉnh Bình Thuận (cũ)".
"""
from dataclasses import dataclass, field

from danvan.territory.models import AdminUnit, UnitKind, UnitLevel

_KIND_WORD = {  # the unit's kind as it is written inside a sentence
    UnitKind.PROVINCE: "tỉnh", UnitKind.CITY: "thành phố", UnitKind.COMMUNE: "xã", UnitKind.WARD: "phường",
    UnitKind.SPECIAL_ZONE: "đặc khu", UnitKind.OLD_PROVINCE: "tỉnh", UnitKind.OLD_COMMUNE: "xã",
}
_PREFIXES = ("Thành phố", "Thị trấn", "Thị xã", "Đặc khu", "Phường", "Huyện", "Quận", "Tỉnh", "Xã")


@dataclass(frozen=True)
class Issuer:
    parent: str                 # upper line of the issuing body, regular: "TỈNH UỶ SƠN LA"
    body: str                   # the issuing body, bold: "BAN DÂN VẬN"
    symbol: str                 # after "-BC/": "BDVTU"
    place: str                  # place of issue: "Sơn La"
    area: str                   # the whole territory in a sentence: "toàn tỉnh", "trên địa bàn tỉnh Bình Thuận (cũ)"
    subject: str                # the unit in a title: "tỉnh Sơn La", "tỉnh Bình Thuận (cũ)", "" for the nation
    name: str = ""              # the issuing body in a sentence: "Ban Dân vận Tỉnh uỷ Sơn La"
    authority: tuple = ()       # signature lines, bold: ("T/M BAN THƯỜNG VỤ", "BÍ THƯ") or ("TRƯỞNG BAN",)
    recipients: tuple = field(default_factory=tuple)


def unit_in_sentence(unit: AdminUnit) -> str:
    """'Tỉnh Sơn La' -> 'tỉnh Sơn La'; 'Huyện Thuận Châu' -> 'huyện Thuận Châu'."""
    for prefix in _PREFIXES:
        if unit.name.startswith(prefix + " "):
            return prefix.lower() + unit.name[len(prefix):]
    return unit.name


def _place(unit: AdminUnit) -> str:
    # Administrative names that are a person's name keep their noun (HD 36: "Thành phố Hồ Chí Minh, ngày …").
    return unit.name if unit.short_name == "Hồ Chí Minh" else unit.short_name


def _province_committee(province: AdminUnit) -> str:
    """'Tỉnh uỷ Sơn La', 'Thành uỷ Cần Thơ', 'Thành uỷ Thành phố Hồ Chí Minh'."""
    word = "Thành uỷ" if province.kind == UnitKind.CITY else "Tỉnh uỷ"
    return f"{word} {_place(province)}"


def issuer_for(unit: AdminUnit | None) -> Issuer:
    """The issuing body of `unit`'s report (None = the nation); a historic unit's is its successor's."""
    if unit is None:
        return Issuer(
            parent="BAN CHẤP HÀNH TRUNG ƯƠNG", body="BAN DÂN VẬN", symbol="BDVTW", place="Hà Nội",
            area="toàn quốc", subject="", name="Ban Dân vận Trung ương", authority=("TRƯỞNG BAN",),
            recipients=("Bộ Chính trị, Ban Bí thư (để báo cáo),", "Các tỉnh uỷ, thành uỷ,",
                        "Ban Dân vận các tỉnh uỷ, thành uỷ,", "Lưu Văn phòng Ban."),
        )
    current = unit.current_unit()
    base = _current_issuer(current)
    if unit.historic:
        subject = f"{unit_in_sentence(unit)} (cũ)"
        return Issuer(**{**base.__dict__, "area": f"trên địa bàn {subject}", "subject": subject})
    return base


def _current_issuer(unit: AdminUnit) -> Issuer:
    if unit.historic:  # a historic unit with no successor: nothing issues for it any more
        subject = f"{unit_in_sentence(unit)} (cũ)"
        return Issuer(parent="", body=unit.name.upper(), symbol="BC", place=unit.short_name,
                      area=f"trên địa bàn {subject}", subject=subject, name=unit.name,
                      authority=("NGƯỜI LẬP BÁO CÁO",))
    kind_word = _KIND_WORD.get(unit.kind, "xã")
    if unit.level == UnitLevel.PROVINCE:
        return Issuer(
            parent=_province_committee(unit).upper(), body="BAN DÂN VẬN", symbol="BDVTU", place=_place(unit),
            area=f"toàn {kind_word}", subject=unit_in_sentence(unit), name=f"Ban Dân vận {_province_committee(unit)}",
            authority=("TRƯỞNG BAN",),
            recipients=("Ban Dân vận Trung ương (để báo cáo),",
                        f"Thường trực {'Thành uỷ' if unit.kind == UnitKind.CITY else 'Tỉnh uỷ'} (để báo cáo),",
                        "Đảng uỷ các xã, phường, đặc khu,", "Lưu Văn phòng Ban."),
        )
    province = unit.province
    province_word = _KIND_WORD.get(province.kind, "tỉnh") if province else "tỉnh"
    province_name = province.short_name if province else ""
    committee = "Thành uỷ" if province and province.kind == UnitKind.CITY else "Tỉnh uỷ"
    return Issuer(
        parent=f"ĐẢNG BỘ {province_word.upper()} {province_name.upper()}".strip(),
        body=f"ĐẢNG UỶ {unit_in_sentence(unit).upper()}", symbol="ĐU", place=_place(unit),
        area=f"toàn {kind_word}", subject=unit_in_sentence(unit), name=f"Đảng uỷ {unit_in_sentence(unit)}",
        authority=("T/M BAN THƯỜNG VỤ", "BÍ THƯ"),
        recipients=(f"Ban Dân vận {committee} (để báo cáo),", "Các chi bộ trực thuộc,",
                    f"Mặt trận Tổ quốc, các đoàn thể {kind_word},", "Lưu Văn phòng Đảng uỷ."),
    )
