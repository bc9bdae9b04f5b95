"""Realistic Vietnamese demo data: organisations, initiatives, exemplars, and one account per role.

`generate_demo()` fills one or more provinces (all their current communes) with what a real
province's registry looks like after ten years of the "Dân vận khéo" movement: the commune's Party
committee, People's Committee, Front and associations, hamlets and schools; thousands of initiatives
across the four fields, with a lifecycle history (InitiativeTransition) consistent with
initiatives.services.TRANSITIONS, outcome indicators (ngày công, suất quà, nhà, đồng, hộ, km...) and
dated progress reports; exemplars; replications; and records of 2016–2024 kept against the historic
(pre-2025) communes, districts and provinces they were registered in.

Idempotent: every generated organisation, initiative and exemplar is created by the inactive marker
account DEMO_SEED_USERNAME. A province that already holds the marker's province-level Ban Dân vận is
skipped as a whole (each province is generated in one transaction), and demo accounts are only
created when missing. Deterministic: the same seed gives the same data (up to "today", which caps
every date).

Writing: everything is built in memory, then written through the registry's batch services
(initiatives.batch.RegistryBatch), the same path as an import: placement, search columns, the lifecycle
steps and their rules, the counts and the audit (one "seed" batch per province) are theirs, not this module's.
"""
from __future__ import annotations

import datetime
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from danvan.accounts.backends import ADMIN_PASSWORD, DEMO_PASSWORD  # noqa: F401 - published with the accounts
from danvan.accounts.models import Assignment, Role
from danvan.core.text import fold
from danvan.core.models import AuditBatch
from danvan.initiatives.batch import RegistryBatch
from danvan.initiatives.models import (
    Exemplar, ExemplarKind, Field, Indicator, Initiative, MeasureUnit, ProgressUpdate, Scope, Status,
)
from danvan.initiatives.services import REASON_REQUIRED, TRANSITIONS
from danvan.organizations.models import Organization, OrganizationKind as OK
from danvan.territory.models import AdminUnit, UnitKind, UnitLevel

DEFAULT_PROVINCES = ("Sơn La", "Cần Thơ")
DEFAULT_SEED = 2025
DEFAULT_PER_COMMUNE = 18  # initiatives per current commune (on average); exemplars: half of that
FIRST_YEAR = 2016
BATCH_SIZE = 500

DEMO_SEED_USERNAME = "du_lieu_mau"

D, R, I, V, G, N, S, C = (
    Status.DRAFT, Status.REGISTERED, Status.IMPLEMENTING, Status.REVIEWED, Status.RECOGNISED,
    Status.NOT_IMPLEMENTED, Status.SUSPENDED, Status.CLOSED,
)
ECO, CUL, DEF, POL = Field.ECONOMY, Field.CULTURE_SOCIETY, Field.DEFENCE_SECURITY, Field.POLITICAL_SYSTEM
MU = MeasureUnit


class DemoDataError(RuntimeError):
    """The demo cannot be generated (territory not loaded, unknown province...)."""


# ---------------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------------
_PREFIXES = ("Thành phố", "Thị trấn", "Thị xã", "Đặc khu", "Phường", "Huyện", "Quận", "Tỉnh", "Xã")


def unit_label(unit: AdminUnit) -> str:
    """'Xã Bình Thuận' -> 'xã Bình Thuận', 'Thành phố Cần Thơ' -> 'thành phố Cần Thơ'."""
    for prefix in _PREFIXES:
        if unit.name.startswith(prefix + " "):
            return prefix.lower() + unit.name[len(prefix):]
    return unit.name


def _party_body(unit: AdminUnit) -> str:
    """The Party committee of a province/district: Tỉnh uỷ, Thành uỷ, Huyện uỷ, Quận uỷ, Thị uỷ."""
    name = unit.name
    if name.startswith("Thành phố"):
        return f"Thành uỷ {unit.short_name}"
    if name.startswith("Thị xã"):
        return f"Thị uỷ {unit.short_name}"
    if name.startswith("Quận"):
        return f"Quận uỷ {unit.short_name}"
    if name.startswith("Huyện"):
        return f"Huyện uỷ {unit.short_name}"
    return f"Tỉnh uỷ {unit.short_name}"


def vn_number(value, decimals: int = 0) -> str:
    """1234567 -> '1.234.567'; 3.5 -> '3,5' (Vietnamese separators)."""
    if decimals:
        text = f"{float(value):,.{decimals}f}"
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
        return text.rstrip("0").rstrip(",") if "," in text else text
    return f"{int(value):,}".replace(",", ".")


_UNIT_WORD = {
    MU.WORK_DAYS: "ngày công", MU.GIFTS: "suất quà", MU.HOUSES: "nhà", MU.VND: "đ", MU.HOUSEHOLDS: "hộ",
    MU.PEOPLE: "người", MU.KM: "km", MU.HECTARES: "ha", MU.TREES: "cây", MU.TIMES: "lượt",
}
_DECIMAL_UNITS = {MU.KM, MU.HECTARES}


def fmt_amount(value, unit: str) -> str:
    decimals = 1 if unit in _DECIMAL_UNITS else 0
    return f"{vn_number(value, decimals)} {_UNIT_WORD.get(unit, '')}".strip()


NORTH_HAMLETS = [
    "Nà Sản", "Huổi Hẹ", "Pá Ban", "Co Sâu", "Nà Hát", "Bó Cốc", "Phiêng Lanh", "Hua Ty", "Pom Mu",
    "Nong Lay", "Thẳm Ón", "Nà Lốc", "Huổi Một", "Pá Nó", "Tông Cọ", "Nà Cài", "Huổi Lèng",
    "Nà Tiến", "Lọng Cu", "Pá Khôm", "Púng Bửa", "Co Phương", "Nặm Giôn", "Hin Phày", "Ta Các", "Mòng",
    "Hua Păng", "Phiêng Sàng", "Long Hẹ", "Nà Lìu", "Xá Nhè", "Háng Đồng", "Tà Xùa", "Pắc Ngà",
]
SOUTH_HAMLETS = [
    "Thới Hoà", "Thạnh Lợi", "Tân Long", "Phú Thạnh", "Mỹ Phước", "Hoà Bình", "Trà Canh A",
    "Sóc Xoài", "Bưng Tróp", "Đại Ân", "Nhơn Lộc", "Thạnh Phước", "Trường Thọ", "Phước Lợi",
    "Tân Hưng", "Long Thạnh", "Vĩnh Lợi", "Xẻo Môn", "Cái Sơn", "Kinh Giữa", "Bà Đầm", "Mỹ Hoà",
    "Thới Thuận", "Rạch Gòi", "Sóc Mới", "Tân Thành", "Hậu Thạnh", "Phụng Sơn",
]
PLAIN_HAMLETS = [
    "Đông", "Đoài", "Thượng", "Hạ", "Trung", "Nam", "Bắc", "An Lạc", "Phú Mỹ", "Hoà Bình", "Tân Phong", "Yên Thái",
    "Đồng Tâm", "Mỹ Lộc", "Xuân Lai", "Phú Xuân", "Văn Giáo", "La Khê", "Cẩm Đình", "Thọ Vực", "Lương Điền",
]
NORTH_SCHOOLS = ["Trường PTDTBT Tiểu học {s}", "Trường Tiểu học {s}", "Trường THCS {s}", "Trường PTDTBT THCS {s}",
                 "Trường Mầm non {s}"]
SOUTH_SCHOOLS = ["Trường Tiểu học {s}", "Trường THCS {s}", "Trường Tiểu học {s} A", "Trường Mầm non {s}"]
PLAIN_SCHOOLS = ["Trường Tiểu học {s}", "Trường THCS {s}", "Trường Mầm non {s}"]

NORTH_CROPS = [
    "nhãn ghép chín muộn", "xoài tượng da xanh", "mận hậu", "cà phê Arabica", "chanh leo", "bơ sáp",
    "chè Shan tuyết", "sơn tra (táo mèo)", "cây ăn quả trên đất dốc", "bò sinh sản", "dong riềng",
    "cá lồng trên lòng hồ thuỷ điện", "mắc ca", "sắn cao sản",
]
SOUTH_CROPS = [
    "lúa chất lượng cao", "bưởi Năm Roi", "xoài cát Hoà Lộc", "sầu riêng", "hành tím", "khóm (dứa) Cầu Đúc",
    "tôm càng xanh xen lúa", "cá tra", "vịt chạy đồng", "mãng cầu xiêm", "chôm chôm", "lúa – tôm", "sen",
]

PLAIN_CROPS = [
    "lúa chất lượng cao", "rau an toàn", "cây vụ đông", "hoa, cây cảnh", "bưởi Diễn", "vải thiều", "nhãn lồng",
    "tôm nuôi công nghệ cao", "chè", "cà phê", "hồ tiêu", "mía", "dược liệu",
]
# Regions pick the vocabulary (hamlet words, names, crops, some templates): the northern mountains,
# the South (Mekong delta and the south-east), and the rest (Red River delta, central coast, highlands).
NORTH_CODES = {"04", "08", "11", "12", "14", "15", "19", "20"}
SOUTH_CODES = {"75", "79", "80", "82", "86", "91", "92", "96"}


def region_of(province: AdminUnit) -> str:
    if province.code in NORTH_CODES:
        return "north"
    if province.code in SOUTH_CODES:
        return "south"
    return "plain"


# (family names, given names); Mông family names take "A"/"Thị" given names.
NORTH_NAMES = (
    ["Lò", "Cà", "Quàng", "Lường", "Tòng", "Vì", "Hoàng", "Điêu", "Bạc", "Lê", "Nguyễn", "Hà", "Đinh", "Lù"],
    ["Văn Sươi", "Văn Thanh", "Thị Ón", "Thị Xuân", "Văn Pánh", "Văn Ngoan", "Thị Hương", "Văn Biên",
     "Thị Kim", "Văn Tiến", "Văn Quân", "Thị Lả", "Thị Phương", "Văn Hặc", "Thị Thoa", "Văn Chiến", "Thị Hiên"],
)
HMONG_NAMES = (["Mùa", "Giàng", "Sồng", "Thào", "Vừ", "Hờ", "Lầu"],
               ["A Chống", "A Của", "A Sử", "A Dế", "Thị Mỷ", "Thị Dua", "A Páo", "A Lử", "Thị Chư", "A Vàng"])
SOUTH_NAMES = (
    ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Trương", "Dương", "Lý", "Phan", "Ngô"],
    ["Văn Hùng", "Thị Lan", "Văn Tâm", "Thị Hồng", "Minh Trí", "Thanh Phong", "Thị Bé Tư", "Văn Út",
     "Hoàng Nam", "Thị Mỹ Linh", "Văn Sáu", "Thị Kim Ngân", "Quốc Bảo", "Thị Thu Trang", "Văn Be"],
)
PLAIN_NAMES = (
    ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi", "Đặng", "Ngô", "Dương", "Đinh", "Phan"],
    ["Văn Hải", "Thị Hoa", "Văn Long", "Thị Thu Hà", "Đức Thắng", "Minh Tuấn", "Thị Ngọc Anh", "Quang Huy",
     "Thị Mai", "Văn Bình", "Thị Hằng", "Xuân Trường", "Thị Lan Anh", "Văn Quyết"],
)
KHMER_NAMES = (["Thạch", "Sơn", "Danh", "Kim", "Lâm"],
               ["Sô Phanh", "Thị Sa Ri", "Sà Quol", "Thị Sóc Khơ", "Ngọc Minh", "Thị Phol", "Văn Sà Rây",
                "Thị Chanh Thi", "Văn Sóc"])


def person_name(rng: random.Random, region: str, female: bool | None = None) -> str:
    if region == "north":
        family, given = HMONG_NAMES if rng.random() < 0.3 else NORTH_NAMES
    elif region == "south":
        family, given = KHMER_NAMES if rng.random() < 0.25 else SOUTH_NAMES
    else:
        family, given = PLAIN_NAMES
    if female is not None:
        given = [g for g in given if g.startswith("Thị") == female] or given
    return f"{rng.choice(family)} {rng.choice(given)}"


def is_female(name: str) -> bool:
    return " Thị " in f" {name} "


def amount_phrase(name: str, value, unit: str) -> str:
    """('Ngày công', 294, work_days) -> 'ngày công: 294'; ('Hộ tham gia', 12, households) -> 'hộ tham gia: 12 hộ'."""
    amount = fmt_amount(value, unit)
    word = _UNIT_WORD.get(unit, "")
    if word and word != "đ" and word in name.lower():
        amount = amount[: -len(word)].strip()
    return f"{name[0].lower()}{name[1:]}: {amount}"


def honorific(name: str) -> str:
    return ("Bà " if is_female(name) else "Ông ") + name


# ---------------------------------------------------------------------------------------------
# Initiative templates
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Tpl:
    """A kind of initiative. Indicator specs: (name, unit, low, high); for VND low/high are millions;
    ("name", VND, ("per", i, [costs in millions])) means target = indicator i × one of the costs."""

    key: str
    field: str
    kinds: tuple
    titles: tuple
    desc: str
    goal: str
    indicators: tuple
    activities: tuple = ()
    region: str | None = None
    min_year: int = FIRST_YEAR
    max_year: int = 2100
    scope: str = Scope.COLLECTIVE
    weight: float = 1.0


T = Tpl
TEMPLATES: list[Tpl] = [
    # ---- Kinh tế ----------------------------------------------------------------------------
    T("sen_ca", ECO, (OK.FARMERS,), ("Trồng sen kết hợp nuôi cá", "Mô hình “Sen – cá” tại {hamlet}",
                                     "Trồng sen kết hợp nuôi cá trên ruộng trũng"),
      "Hội Nông dân vận động hội viên chuyển {area} ha ruộng trũng một vụ sang trồng sen kết hợp nuôi cá, "
      "hỗ trợ giống, kỹ thuật và liên kết tiêu thụ sản phẩm.",
      "Nâng thu nhập trên mỗi ha đất trũng, giảm hộ nghèo trong {place}.",
      (("Diện tích chuyển đổi", MU.HECTARES, 2, 15), ("Hộ tham gia", MU.HOUSEHOLDS, 8, 40)),
      ("Hội thảo đầu bờ, tập huấn kỹ thuật trồng sen, thả cá giống", "Thu hoạch vụ sen, bán hạt sen và cá")),
    T("cay_trong", ECO, (OK.FARMERS, OK.PEOPLES_COMMITTEE),
      ("Chuyển đổi cơ cấu cây trồng, trồng {crop} theo hướng hàng hoá",
       "Liên kết sản xuất {crop} theo tiêu chuẩn VietGAP",
       "Dân vận khéo trong chuyển đổi cây trồng, phát triển {crop}"),
      "Tuyên truyền, vận động hộ dân {hamlet} chuyển đổi diện tích kém hiệu quả sang {crop}; phối hợp trạm "
      "khuyến nông tập huấn kỹ thuật, ghép cải tạo, liên kết với hợp tác xã bao tiêu sản phẩm.",
      "Hình thành vùng sản xuất {crop} tập trung, tăng thu nhập cho hộ tham gia.",
      (("Diện tích chuyển đổi", MU.HECTARES, 5, 60), ("Hộ tham gia", MU.HOUSEHOLDS, 15, 120),
       ("Lượt người được tập huấn kỹ thuật", MU.TIMES, 30, 300)),
      ("Tập huấn kỹ thuật ghép cải tạo, chăm sóc {crop}", "Kiểm tra vườn mẫu, hướng dẫn bón phân, tỉa cành",
       "Ký hợp đồng bao tiêu sản phẩm với hợp tác xã"), weight=1.6),
    T("nongdan_gioi", ECO, (OK.FARMERS,),
      ("Nông dân thi đua sản xuất, kinh doanh giỏi, đoàn kết giúp nhau làm giàu và giảm nghèo bền vững",
       "Hội viên nông dân giúp nhau phát triển kinh tế hộ"),
      "Mỗi hội viên sản xuất giỏi nhận giúp đỡ một hộ khó khăn về giống, vốn, kỹ thuật và ngày công lao động.",
      "Giảm hộ nghèo, tăng số hộ đạt danh hiệu sản xuất, kinh doanh giỏi các cấp.",
      (("Hộ đăng ký sản xuất, kinh doanh giỏi", MU.HOUSEHOLDS, 20, 150), ("Hộ được giúp đỡ thoát nghèo", MU.HOUSEHOLDS,
                                                                          3, 25),
       ("Ngày công giúp nhau", MU.WORK_DAYS, 40, 400)),
      ("Bình xét hộ sản xuất, kinh doanh giỏi", "Giúp hộ nghèo ngày công thu hoạch, giống cây, con")),
    T("tiet_kiem", ECO, (OK.WOMEN,),
      ("Phụ nữ tiết kiệm tạo vốn, giúp nhau phát triển kinh tế", "Tổ phụ nữ tiết kiệm vì người nghèo ở {hamlet}"),
      "Chi hội phụ nữ duy trì tổ tiết kiệm hằng tháng, cho hội viên khó khăn vay vốn không lãi để chăn nuôi, "
      "trồng trọt, buôn bán nhỏ.",
      "Giúp hội viên có vốn làm ăn, không để phụ nữ vay nặng lãi.",
      (("Tiền tiết kiệm huy động", MU.VND, 20, 300), ("Lượt hội viên được vay vốn", MU.TIMES, 5, 60)),
      ("Sinh hoạt tổ tiết kiệm, xét cho vay vòng mới",)),
    T("ntm", ECO, (OK.FATHERLAND_FRONT, OK.PEOPLES_COMMITTEE, OK.PARTY_COMMITTEE),
      ("Dân vận khéo trong xây dựng nông thôn mới", "Chung sức xây dựng nông thôn mới, đô thị văn minh",
       "Dân vận khéo trong xây dựng nông thôn mới nâng cao ở {place}"),
      "Vận động nhân dân theo phương châm “dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng”, "
      "góp tiền, ngày công, hiến đất để hoàn thành các tiêu chí nông thôn mới.",
      "Hoàn thành các tiêu chí nông thôn mới còn thiếu của {place}.",
      (("Ngày công nhân dân đóng góp", MU.WORK_DAYS, 200, 3000), ("Kinh phí nhân dân đóng góp", MU.VND, 100, 2000),
       ("Đường giao thông nông thôn được cứng hoá", MU.KM, 1, 12)),
      ("Họp dân bàn phương án làm đường, công khai mức đóng góp", "Ra quân làm đường bê tông nội đồng",
       "Nghiệm thu, công khai quyết toán công trình trước nhân dân"), weight=1.8),
    T("hien_dat", ECO, (OK.FATHERLAND_FRONT, OK.PEOPLES_COMMITTEE),
      ("Dân vận khéo trong vận động nhân dân hiến đất mở rộng đường giao thông",
       "Vận động hiến đất, tháo dỡ công trình làm đường ở {hamlet}"),
      "Cán bộ, đảng viên gương mẫu đi đầu, đến từng hộ vận động hiến đất, tháo dỡ tường rào, cây trồng để "
      "mở rộng đường giao thông liên thôn, liên bản.",
      "Mở rộng mặt đường, không phát sinh khiếu kiện.",
      (("Hộ hiến đất", MU.HOUSEHOLDS, 10, 80), ("Đường được mở rộng", MU.KM, 1, 8), ("Ngày công", MU.WORK_DAYS, 100,
                                                                                     900)),
      ("Đến từng hộ vận động hiến đất", "Tổ chức lễ ghi nhận các hộ hiến đất")),
    T("gpmb", ECO, (OK.PEOPLES_COMMITTEE, OK.PARTY_COMMITTEE),
      ("Dân vận khéo trong công tác bồi thường, giải phóng mặt bằng",),
      "Tổ công tác dân vận phối hợp với chính quyền đối thoại với từng hộ bị ảnh hưởng, công khai phương án "
      "bồi thường, hỗ trợ tái định cư, giải quyết kiến nghị ngay từ cơ sở.",
      "Bàn giao mặt bằng đúng tiến độ, không có khiếu kiện vượt cấp.",
      (("Hộ bàn giao mặt bằng", MU.HOUSEHOLDS, 10, 200), ("Lượt đối thoại với người dân", MU.TIMES, 3, 30)),
      ("Đối thoại với các hộ bị ảnh hưởng", "Công khai phương án bồi thường tại nhà văn hoá")),
    T("thanh_nien_kn", ECO, (OK.YOUTH,),
      ("Thanh niên khởi nghiệp, lập thân, lập nghiệp", "“Bốn đồng hành với thanh niên lập thân, lập nghiệp”"),
      "Đoàn Thanh niên hỗ trợ đoàn viên tiếp cận vốn vay, tập huấn khởi nghiệp, giới thiệu việc làm.",
      "Giúp thanh niên có việc làm, thu nhập ổn định tại quê hương.",
      (("Thanh niên được hỗ trợ vốn, việc làm", MU.PEOPLE, 5, 60), ("Vốn vay được giải ngân", MU.VND, 50, 800)),
      ("Tập huấn khởi nghiệp cho đoàn viên", "Giới thiệu việc làm, xuất khẩu lao động")),
    T("cau_nong_thon", ECO, (OK.FATHERLAND_FRONT, OK.PEOPLES_COMMITTEE),
      ("Xây cầu giao thông nông thôn, xoá cầu khỉ", "Vận động xây cầu bê tông ở {hamlet}"),
      "Vận động nhà hảo tâm, doanh nghiệp và nhân dân đóng góp xây cầu bê tông thay cầu khỉ, cầu tạm.",
      "Người dân và học sinh đi lại an toàn.",
      (("Kinh phí vận động", MU.VND, 80, 900), ("Ngày công", MU.WORK_DAYS, 60, 500)),
      ("Khởi công xây cầu", "Khánh thành, bàn giao cầu cho nhân dân sử dụng"), region="south"),
    T("ca_long", ECO, (OK.FARMERS, OK.PEOPLES_COMMITTEE),
      ("Nuôi cá lồng trên lòng hồ thuỷ điện", "Tổ hợp tác nuôi cá lồng ở {hamlet}"),
      "Vận động hộ tái định cư ven lòng hồ thành lập tổ hợp tác nuôi cá lồng, hỗ trợ lồng, giống và kỹ thuật.",
      "Tạo sinh kế ổn định cho hộ tái định cư.",
      (("Hộ tham gia", MU.HOUSEHOLDS, 5, 40), ("Doanh thu", MU.VND, 100, 1500)),
      ("Thả cá giống", "Tập huấn phòng bệnh cho cá"), region="north"),
    # ---- Văn hoá – xã hội -------------------------------------------------------------------
    T("rac_thai", CUL, (OK.WOMEN, OK.FATHERLAND_FRONT, OK.HAMLET),
      ("Thu gom, phân loại rác thải tại nguồn", "Thu gom rác thải ở {hamlet}",
       "“Xanh – sạch – đẹp” từ phân loại rác thải"),
      "Vận động hộ gia đình phân loại rác tại nguồn, làm hố rác hộ gia đình, tổ chức thu gom định kỳ; "
      "rác hữu cơ ủ làm phân bón.",
      "Khu dân cư sạch, không vứt rác bừa bãi ra đường, kênh mương.",
      (("Hộ tham gia phân loại rác", MU.HOUSEHOLDS, 30, 400), ("Lượt ra quân vệ sinh môi trường", MU.TIMES, 6, 48)),
      ("Ra quân dọn vệ sinh ngày Chủ nhật xanh", "Kiểm tra, chấm điểm hộ phân loại rác")), 
    T("5k3s", CUL, (OK.WOMEN,), ("Xây dựng gia đình “5 không, 3 sạch”", "Chi hội phụ nữ kiểu mẫu",
                                 "Chi hội phụ nữ kiểu mẫu ở {hamlet}"),
      "Hội viên đăng ký xây dựng gia đình 5 không 3 sạch: không đói nghèo, không vi phạm pháp luật, không bạo lực "
      "gia đình, không sinh con thứ ba trở lên, không trẻ suy dinh dưỡng; sạch nhà, sạch bếp, sạch ngõ.",
      "Nâng tỷ lệ gia đình đạt tiêu chí 5 không 3 sạch.",
      (("Hộ đạt tiêu chí 5 không 3 sạch", MU.HOUSEHOLDS, 20, 200),), ("Chấm điểm hộ gia đình 5 không 3 sạch",)),
    T("thap_sang", CUL, (OK.YOUTH, OK.FATHERLAND_FRONT), ("Thắp sáng đường quê", "“Thắp sáng đường quê” ở {hamlet}",
                                                         "Thắp sáng đường quê – đường điện năng lượng mặt trời"),
      "Đoàn viên thanh niên vận động nhân dân góp tiền, ngày công lắp bóng đèn chiếu sáng đường thôn xóm; "
      "các hộ hai bên đường đăng ký đấu nối và trả tiền điện.",
      "Đường thôn, bản có đèn chiếu sáng, góp phần giữ an ninh trật tự.",
      (("Đường được thắp sáng", MU.KM, 1, 10), ("Kinh phí huy động", MU.VND, 20, 300), ("Ngày công", MU.WORK_DAYS, 30,
                                                                                        300)),
      ("Ra quân lắp đặt bóng đèn", "Bàn giao tuyến đường thắp sáng cho khu dân cư quản lý"), weight=1.4),
    T("nha_ddk", CUL, (OK.FATHERLAND_FRONT,), ("Xây dựng nhà đại đoàn kết cho hộ nghèo",
                                               "Nhà đại đoàn kết – mái ấm cho hộ nghèo",
                                               "Chung tay xoá nhà tạm, nhà dột nát"),
      "Uỷ ban MTTQ vận động Quỹ “Vì người nghèo”, nhà hảo tâm, doanh nghiệp hỗ trợ xây nhà đại đoàn kết; "
      "các đoàn thể, dân quân góp ngày công vận chuyển vật liệu, dựng nhà.",
      "Hộ nghèo, hộ có hoàn cảnh khó khăn có nhà ở kiên cố.",
      (("Nhà đại đoàn kết xây mới", MU.HOUSES, 2, 10), ("Kinh phí xây nhà", MU.VND, ("per", 0, [50, 60, 70, 90])),
       ("Ngày công", MU.WORK_DAYS, 40, 400)),
      ("Khởi công xây nhà đại đoàn kết", "Bàn giao nhà đại đoàn kết cho hộ nghèo"), weight=1.5),
    T("mai_am_cd", CUL, (OK.TRADE_UNION, OK.SCHOOL), ("Mái ấm công đoàn",),
      "Công đoàn vận động đoàn viên ủng hộ quỹ “Mái ấm công đoàn” xây, sửa nhà cho đoàn viên khó khăn về nhà ở.",
      "Đoàn viên khó khăn có nhà ở ổn định.",
      (("Nhà Mái ấm công đoàn", MU.HOUSES, 1, 4), ("Kinh phí hỗ trợ", MU.VND, ("per", 0, [30, 40, 50]))),
      ("Trao kinh phí hỗ trợ xây nhà",)),
    T("qua_hs", CUL, (OK.YOUTH, OK.WOMEN, OK.SCHOOL, OK.FATHERLAND_FRONT),
      ("Tặng quà cho học sinh nghèo vượt khó", "Áo ấm cho em", "Tiếp sức đến trường cho học sinh {hamlet}"),
      "Vận động nhà hảo tâm, đoàn viên trao quà, sách vở, áo ấm cho học sinh có hoàn cảnh khó khăn dịp khai "
      "giảng, Tết.",
      "Không để học sinh bỏ học vì hoàn cảnh khó khăn.",
      (("Suất quà trao tặng", MU.GIFTS, 50, 800), ("Giá trị quà", MU.VND, 10, 200)),
      ("Trao quà cho học sinh dịp khai giảng", "Trao quà Tết cho học sinh nghèo")),
    T("qua_tet", CUL, (OK.FATHERLAND_FRONT, OK.VETERANS, OK.PEOPLES_COMMITTEE),
      ("Tết vì người nghèo", "Chăm lo gia đình chính sách, người có công", "Đền ơn đáp nghĩa"),
      "Vận động các cơ quan, doanh nghiệp, nhà hảo tâm trao quà Tết, thăm hỏi gia đình chính sách, hộ nghèo.",
      "Mọi gia đình chính sách, hộ nghèo đều được chăm lo dịp Tết.",
      (("Suất quà trao tặng", MU.GIFTS, 100, 1200), ("Giá trị quà", MU.VND, 30, 600)),
      ("Trao quà Tết cho hộ nghèo, gia đình chính sách",)),
    T("chao_tinh_thuong", CUL, (OK.WOMEN, OK.YOUTH), ("Bát cháo tình thương", "Bữa cơm từ thiện cho bệnh nhân nghèo"),
      "Chi hội phụ nữ, đoàn viên nấu cháo, cơm miễn phí phát cho bệnh nhân nghèo tại trạm y tế, bệnh viện.",
      "Chia sẻ khó khăn với bệnh nhân nghèo.",
      (("Suất cơm, cháo từ thiện", MU.GIFTS, 200, 3000), ("Kinh phí vận động", MU.VND, 10, 150)),
      ("Phát cháo miễn phí cho bệnh nhân",)),
    T("bdtb", CUL, (OK.FARMERS, OK.WOMEN), ("Câu lạc bộ bình đẳng, tiến bộ, hạnh phúc",
                                            "Câu lạc bộ gia đình hạnh phúc ở {hamlet}"),
      "Sinh hoạt câu lạc bộ hằng tháng về bình đẳng giới, phòng chống bạo lực gia đình, nuôi dạy con.",
      "Giảm bạo lực gia đình, nâng cao nhận thức về bình đẳng giới.",
      (("Thành viên câu lạc bộ", MU.PEOPLE, 20, 80), ("Buổi sinh hoạt", MU.TIMES, 6,
                                                      24)), ("Sinh hoạt câu lạc bộ định kỳ",)),
    T("vang_ma", CUL, (OK.FATHERLAND_FRONT, OK.HAMLET),
      ("Khu dân cư không rải vàng mã khi đưa tang", "Thực hiện nếp sống văn minh trong việc cưới, việc tang"),
      "Ban công tác Mặt trận vận động các gia đình không rải vàng mã trên đường đưa tang, tổ chức tang lễ "
      "gọn nhẹ, tiết kiệm.",
      "Xây dựng nếp sống văn minh, giữ vệ sinh môi trường.",
      (("Hộ ký cam kết", MU.HOUSEHOLDS, 50, 400), ("Đám tang thực hiện nếp sống văn minh", MU.TIMES, 3, 30)),
      ("Ký cam kết thực hiện nếp sống văn minh",)),
    T("hu_tuc", CUL, (OK.FATHERLAND_FRONT, OK.PARTY_CELL, OK.WOMEN),
      ("Dân vận khéo trong vận động đồng bào bỏ phong tục, tập quán lạc hậu",
       "Nói không với tảo hôn, hôn nhân cận huyết thống"),
      "Phát huy vai trò người có uy tín, trưởng bản vận động đồng bào bỏ tảo hôn, không cúng bái khi ốm đau, "
      "đưa người bệnh đến trạm y tế.",
      "Không có trường hợp tảo hôn mới trong bản.",
      (("Lượt tuyên truyền", MU.TIMES, 5, 40), ("Người tham gia", MU.PEOPLE, 100, 900)),
      ("Tuyên truyền bằng tiếng dân tộc tại nhà văn hoá bản",), region="north"),
    T("ban_sac", CUL, (OK.PEOPLES_COMMITTEE, OK.WOMEN, OK.HAMLET),
      ("Giữ gìn bản sắc văn hoá dân tộc gắn với du lịch cộng đồng", "Đội văn nghệ bản {hamlet}", "Câu lạc bộ múa xoè"),
      "Duy trì đội văn nghệ, câu lạc bộ múa xoè, dệt thổ cẩm; kết hợp đón khách du lịch cộng đồng.",
      "Bảo tồn bản sắc văn hoá, tăng thu nhập từ du lịch.",
      (("Buổi biểu diễn", MU.TIMES, 6, 60), ("Hộ làm du lịch cộng đồng", MU.HOUSEHOLDS, 3, 25)),
      ("Biểu diễn văn nghệ đón khách du lịch",)),
    T("cay_xanh", CUL, (OK.YOUTH, OK.VETERANS, OK.SCHOOL), ("Con đường cây xanh, con đường hoa",
                                                            "Trồng cây nhớ ơn Bác"),
      "Đoàn viên, hội viên trồng và chăm sóc cây xanh, hoa hai bên đường liên thôn.",
      "Cảnh quan khu dân cư xanh, sạch, đẹp.",
      (("Cây xanh được trồng", MU.TREES, 200, 5000), ("Đường hoa", MU.KM, 1, 5)), ("Ra quân trồng cây đầu xuân",)),
    T("xoa_mu_chu", CUL, (OK.SCHOOL, OK.YOUTH, OK.MILITARY), ("Lớp học xoá mù chữ cho phụ nữ dân tộc thiểu số",
                                                              "Lớp học tình thương"),
      "Giáo viên, bộ đội biên phòng, đoàn viên mở lớp xoá mù chữ buổi tối cho người dân tại nhà văn hoá bản.",
      "Người dân biết đọc, biết viết, tiếp cận thông tin, chính sách.",
      (("Học viên hoàn thành lớp", MU.PEOPLE, 15, 60),), ("Khai giảng lớp xoá mù chữ",), region="north"),
    T("truong_hoc", CUL, (OK.SCHOOL,), ("Vận động học sinh ra lớp, chống bỏ học giữa chừng",
                                        "Bữa ăn bán trú cho học sinh vùng cao"),
      "Giáo viên phối hợp trưởng bản đến từng nhà vận động học sinh ra lớp; vận động phụ huynh góp gạo, rau "
      "cho bữa ăn bán trú.",
      "Duy trì sĩ số, không có học sinh bỏ học.",
      (("Học sinh được vận động trở lại lớp", MU.PEOPLE, 5, 60), ("Suất ăn hỗ trợ", MU.GIFTS, 500, 8000)),
      ("Đến nhà vận động học sinh ra lớp",)),
    # ---- Quốc phòng – an ninh ---------------------------------------------------------------
    T("loa_an_ninh", DEF, (OK.POLICE,), ("Tiếng loa an ninh", "Tiếng loa an ninh trật tự ở {hamlet}"),
      "Công an xã phát thanh định kỳ trên loa truyền thanh về phòng chống tội phạm, ma tuý, an toàn giao thông, "
      "lừa đảo qua mạng.",
      "Nâng cao ý thức tự phòng, tự quản của người dân.",
      (("Buổi phát thanh", MU.TIMES, 24, 150),), ("Phát thanh cảnh báo thủ đoạn lừa đảo",)),
    T("tai_hoa_nhap", DEF, (OK.POLICE, OK.FATHERLAND_FRONT),
      ("Giúp đỡ người chấp hành xong án phạt tù tái hoà nhập cộng đồng",),
      "Phân công cán bộ, đảng viên, người có uy tín kèm cặp, giúp đỡ người chấp hành xong án phạt tù tìm việc "
      "làm, vay vốn.",
      "Không có trường hợp tái phạm.",
      (("Người được giúp đỡ", MU.PEOPLE, 2, 15),), ("Gặp gỡ, động viên người tái hoà nhập",)),
    T("to_tu_quan", DEF, (OK.POLICE, OK.HAMLET), ("Tổ tự quản an ninh trật tự ở {hamlet}",
                                                  "Tổ liên gia tự quản an toàn"),
      "Mỗi tổ liên gia 10–15 hộ tự quản về an ninh trật tự, kịp thời báo tin cho công an về đối tượng khả nghi.",
      "Giữ bình yên khu dân cư.",
      (("Hộ tham gia tổ tự quản", MU.HOUSEHOLDS, 30, 250), ("Tin báo được cung cấp", MU.TIMES, 2, 30)),
      ("Họp tổ liên gia tự quản",)),
    T("khong_khieu_kien", DEF, (OK.FATHERLAND_FRONT,),
      ("Khu dân cư không khiếu kiện đông người, vượt cấp trái pháp luật",),
      "Tổ hoà giải phối hợp Ban công tác Mặt trận giải quyết mâu thuẫn, tranh chấp đất đai ngay từ cơ sở.",
      "Không phát sinh khiếu kiện đông người, vượt cấp.",
      (("Vụ việc hoà giải thành", MU.TIMES, 3, 30),), ("Hoà giải tranh chấp đất đai tại khu dân cư",)),
    T("camera", DEF, (OK.POLICE, OK.YOUTH), ("Camera an ninh khu dân cư", "“Mắt thần” giám sát an ninh trật tự"),
      "Vận động người dân, doanh nghiệp đóng góp lắp camera giám sát tại các tuyến đường, ngã ba, ngã tư.",
      "Phát hiện, xử lý kịp thời vi phạm, phòng ngừa tội phạm.",
      (("Kinh phí vận động lắp camera", MU.VND, 20, 400), ("Hộ đóng góp", MU.HOUSEHOLDS, 30, 300)),
      ("Lắp đặt camera tại các tuyến đường",), min_year=2018),
    T("zalo_antt", DEF, (OK.POLICE,), ("Nhóm Zalo “An ninh trật tự” khu dân cư",),
      "Lập nhóm Zalo kết nối công an xã với trưởng thôn, bản và người dân để tiếp nhận tin báo, tuyên truyền.",
      "Tiếp nhận tin báo nhanh, xử lý kịp thời.",
      (("Người dân tham gia nhóm", MU.PEOPLE, 100, 1500), ("Tin báo tiếp nhận", MU.TIMES, 5, 80)),
      ("Tuyên truyền, hướng dẫn người dân tham gia nhóm",), min_year=2019),
    T("ma_tuy", DEF, (OK.POLICE, OK.PARTY_CELL), ("Bản không có ma tuý", "Phòng, chống ma tuý ở {hamlet}"),
      "Vận động người nghiện đi cai nghiện, quản lý sau cai; tuyên truyền tác hại của ma tuý tại nhà văn hoá bản.",
      "Giảm người nghiện, không phát sinh người nghiện mới.",
      (("Người được vận động đi cai nghiện", MU.PEOPLE, 1, 15), ("Buổi tuyên truyền", MU.TIMES, 4, 30)),
      ("Tuyên truyền phòng chống ma tuý",), region="north"),
    T("bien_gioi", DEF, (OK.MILITARY, OK.POLICE), ("Tự quản đường biên, mốc quốc giới",
                                                   "Phòng, chống xuất nhập cảnh trái phép"),
      "Hộ gia đình, tổ tự quản nhận tuần tra, bảo vệ đoạn đường biên, cột mốc cùng bộ đội biên phòng.",
      "Giữ vững chủ quyền, an ninh biên giới.",
      (("Lượt tuần tra", MU.TIMES, 12, 120), ("Hộ tham gia tự quản", MU.HOUSEHOLDS, 10, 80)),
      ("Tuần tra đường biên cùng bộ đội biên phòng",), region="north"),
    T("dan_quan", DEF, (OK.MILITARY,), ("Dân quân tự vệ giúp dân", "Dân quân giúp dân phòng chống thiên tai"),
      "Dân quân giúp dân thu hoạch mùa vụ, sửa nhà, khắc phục hậu quả mưa lũ, sạt lở.",
      "Tăng cường mối quan hệ quân – dân.",
      (("Ngày công giúp dân", MU.WORK_DAYS, 50, 600),), ("Giúp dân khắc phục hậu quả mưa lũ",)),
    T("ca_dao", DEF, (OK.POLICE,), ("Phòng, chống lừa đảo qua không gian mạng",
                                    "Triển khai Đề án 06 về dữ liệu dân cư"),
      "Công an xã hướng dẫn người dân kích hoạt định danh điện tử, nhận diện thủ đoạn lừa đảo qua mạng.",
      "Không để người dân bị lừa đảo, nâng tỷ lệ định danh điện tử.",
      (("Người dân được hướng dẫn", MU.PEOPLE, 200, 4000), ("Buổi tuyên truyền", MU.TIMES, 4, 30)),
      ("Hướng dẫn kích hoạt định danh điện tử",), min_year=2022),
    # ---- Xây dựng hệ thống chính trị -------------------------------------------------------
    T("xin_loi", POL, (OK.PEOPLES_COMMITTEE,), ("Công chức xin lỗi dân khi trễ hẹn",
                                                "Bộ phận Một cửa thân thiện, “xin lỗi dân khi trễ hẹn”"),
      "Công chức Bộ phận tiếp nhận và trả kết quả gửi thư xin lỗi khi hồ sơ trễ hẹn, hẹn lại thời gian và báo cáo "
      "nguyên nhân với lãnh đạo UBND.",
      "Giảm hồ sơ trễ hẹn, nâng mức độ hài lòng của người dân.",
      (("Hồ sơ được tiếp nhận, giải quyết", MU.TIMES, 300,
        5000),), ("Tổng hợp hồ sơ trễ hẹn, gửi thư xin lỗi",), weight=1.3),
    T("cq_dien_tu", POL, (OK.PEOPLES_COMMITTEE,), ("Chính quyền điện tử", "Dịch vụ công trực tuyến gần dân",
                                                   "Dân vận khéo trong chuyển đổi số, cải cách thủ tục hành chính"),
      "Tổ công nghệ số cộng đồng hướng dẫn người dân nộp hồ sơ trực tuyến, thanh toán không dùng tiền mặt.",
      "Tăng tỷ lệ hồ sơ trực tuyến.",
      (("Hồ sơ nộp trực tuyến", MU.TIMES, 200, 6000), ("Người dân được hướng dẫn", MU.PEOPLE, 100, 2000)),
      ("Hướng dẫn người dân nộp hồ sơ trực tuyến",), min_year=2018),
    T("nghe_dan_noi", POL, (OK.PARTY_COMMITTEE, OK.FATHERLAND_FRONT),
      ("Nghe dân nói, nói dân nghe, giúp dân hiểu, làm dân tin",
       "Đối thoại trực tiếp giữa người đứng đầu cấp uỷ, chính quyền với nhân dân"),
      "Bí thư, Chủ tịch đối thoại định kỳ với nhân dân tại khu dân cư, tiếp thu và trả lời kiến nghị.",
      "Giải quyết kịp thời kiến nghị của người dân.",
      (("Buổi đối thoại", MU.TIMES, 2, 12), ("Kiến nghị được giải quyết", MU.TIMES, 5, 60)),
      ("Đối thoại với nhân dân tại nhà văn hoá",)),
    T("doi_thoai_dn", POL, (OK.PEOPLES_COMMITTEE,), ("Đối thoại với tổ chức, cá nhân, doanh nghiệp",
                                                     "Đối thoại, tư vấn về chính sách tín dụng",
                                                      "Đối thoại về chính sách chăm sóc sức khoẻ nhân dân"),
      "UBND tổ chức đối thoại, tư vấn chính sách cho doanh nghiệp, hộ kinh doanh và người dân.",
      "Tháo gỡ vướng mắc, tạo đồng thuận.",
      (("Buổi đối thoại", MU.TIMES, 2, 10), ("Người tham dự", MU.PEOPLE, 40, 400)), ("Tổ chức hội nghị đối thoại",)),
    T("hai_long", POL, (OK.PEOPLES_COMMITTEE, OK.FATHERLAND_FRONT), ("Khảo sát mức độ hài lòng của người dân",),
      "Phát phiếu, khảo sát trực tuyến mức độ hài lòng của người dân về phục vụ hành chính công.",
      "Đo lường và nâng cao chất lượng phục vụ.",
      (("Phiếu khảo sát thu về", MU.TIMES, 100, 2000),), ("Phát phiếu khảo sát tại Bộ phận Một cửa",), min_year=2017),
    T("dang_vien_ho", POL, (OK.PARTY_COMMITTEE, OK.PARTY_CELL), ("Mỗi đảng viên gắn với một hộ dân",
                                                                 "Đảng viên giúp đỡ hộ nghèo"),
      "Phân công mỗi đảng viên theo dõi, giúp đỡ các hộ dân, nắm tình hình tư tưởng, kịp thời báo cáo chi bộ.",
      "Nắm chắc tình hình nhân dân, giúp hộ nghèo vươn lên.",
      (("Hộ được đảng viên phụ trách", MU.HOUSEHOLDS, 40, 400), ("Hộ thoát nghèo", MU.HOUSEHOLDS, 2, 20)),
      ("Chi bộ sinh hoạt chuyên đề, đảng viên báo cáo tình hình hộ phụ trách",)),
    T("phat_trien_dv", POL, (OK.PARTY_COMMITTEE, OK.PARTY_CELL, OK.YOUTH),
      ("Dân vận khéo trong công tác phát triển đảng viên ở bản vùng cao",
       "Xoá bản trắng đảng viên, bản chưa có chi bộ"),
      "Đoàn Thanh niên giới thiệu đoàn viên ưu tú; chi bộ phân công đảng viên kèm cặp quần chúng cảm tình Đảng.",
      "Không còn bản chưa có đảng viên.",
      (("Quần chúng được kết nạp Đảng", MU.PEOPLE, 2,
        20),), ("Bồi dưỡng nhận thức về Đảng cho quần chúng ưu tú",), region="north"),
    T("cafe_sang", POL, (OK.PARTY_COMMITTEE, OK.PEOPLES_COMMITTEE), ("Cà phê sáng với nhân dân", "Ngày thứ Bảy vì dân"),
      "Lãnh đạo xã gặp gỡ người dân, doanh nghiệp mỗi sáng thứ Bảy để lắng nghe và giải quyết kiến nghị.",
      "Gần dân, hiểu dân, giải quyết kịp thời kiến nghị.",
      (("Buổi gặp gỡ", MU.TIMES, 10, 50), ("Kiến nghị được giải quyết", MU.TIMES, 5,
                                           80)), ("Gặp gỡ người dân sáng thứ Bảy",), region="south"),
    T("sap_xep", POL, (OK.PARTY_COMMITTEE, OK.PEOPLES_COMMITTEE, OK.FATHERLAND_FRONT),
      ("Dân vận khéo trong thực hiện sắp xếp đơn vị hành chính", "Chính quyền hai cấp gần dân, vì dân"),
      "Tuyên truyền, lấy ý kiến cử tri về sắp xếp đơn vị hành chính; hướng dẫn người dân thủ tục sau sáp nhập, "
      "giữ ổn định tư tưởng cán bộ.",
      "Sắp xếp đúng tiến độ, người dân đồng thuận, thủ tục không gián đoạn.",
      (("Cử tri được lấy ý kiến", MU.PEOPLE, 1000, 9000), ("Hồ sơ giải quyết sau sắp xếp", MU.TIMES, 200, 3000)),
      ("Lấy ý kiến cử tri về đề án sắp xếp",), min_year=2025),
    T("mttq_giam_sat", POL, (OK.FATHERLAND_FRONT,), ("Mặt trận giám sát, phản biện xã hội ở cơ sở",
                                                     "Ban Thanh tra nhân dân hoạt động hiệu quả"),
      "Ban Thanh tra nhân dân, Ban Giám sát đầu tư cộng đồng giám sát các công trình, việc thực hiện chính "
      "sách ở cơ sở.",
      "Phát huy dân chủ, phòng ngừa tiêu cực.",
      (("Cuộc giám sát", MU.TIMES, 2, 15),), ("Giám sát công trình đường giao thông",)),
    # ---- Cá nhân ----------------------------------------------------------------------------
    T("cn_hien_dat", ECO, (OK.PARTY_CELL, OK.HAMLET),
      ("Bí thư chi bộ {person} vận động bà con {hamlet} hiến đất làm đường",),
      "Đồng chí {person} gương mẫu hiến đất trước, rồi đến từng nhà vận động bà con cùng hiến đất, góp ngày công.",
      "Hoàn thành tuyến đường bê tông của {hamlet}.",
      (("Hộ được vận động hiến đất", MU.HOUSEHOLDS, 5, 40), ("Ngày công", MU.WORK_DAYS, 30,
                                                             300)), scope=Scope.INDIVIDUAL),
    T("cn_uy_tin", CUL, (OK.FATHERLAND_FRONT, OK.HAMLET),
      ("Người có uy tín {person} vận động đồng bào xây dựng đời sống văn hoá",),
      "{sir} {person} vận động các gia đình bỏ tục thách cưới, tổ chức đám cưới, đám tang tiết kiệm.",
      "Xây dựng {hamlet} đạt danh hiệu khu dân cư văn hoá.",
      (("Hộ được vận động", MU.HOUSEHOLDS, 10, 80),), scope=Scope.INDIVIDUAL),
    T("cn_ccb", ECO, (OK.VETERANS,), ("Cựu chiến binh {person} làm kinh tế giỏi, giúp hội viên thoát nghèo",),
      "Cựu chiến binh {person} hỗ trợ giống, vốn không lãi và hướng dẫn kỹ thuật cho hội viên khó khăn.",
      "Giúp hội viên thoát nghèo bền vững.",
      (("Hộ được giúp đỡ", MU.HOUSEHOLDS, 2, 15), ("Vốn hỗ trợ không lãi", MU.VND, 10, 200)), scope=Scope.INDIVIDUAL),
    T("cn_cong_chuc", POL, (OK.PEOPLES_COMMITTEE,), ("Công chức {person}: “Xin lỗi dân khi trễ hẹn”",
                                                     "Công chức {person} với phong cách “Trọng dân, gần dân, "
                                                     "hiểu dân”"),
      "Công chức {person} tiếp nhận, hướng dẫn hồ sơ tận tình, chủ động xin lỗi và hẹn lại khi trễ hạn.",
      "Không có hồ sơ trễ hẹn do lỗi chủ quan.",
      (("Hồ sơ tiếp nhận", MU.TIMES, 200, 2000),), scope=Scope.INDIVIDUAL),
    T("cn_cong_an", DEF, (OK.POLICE,), ("Công an viên {person} gần dân, sát dân, hiểu dân",),
      "Đồng chí {person} bám địa bàn, hoà giải mâu thuẫn, vận động người dân giao nộp vũ khí, vật liệu nổ.",
      "Địa bàn phụ trách không có tội phạm nghiêm trọng.",
      (("Vụ việc hoà giải thành", MU.TIMES, 2, 20),), scope=Scope.INDIVIDUAL),
    T("cn_giao_vien", CUL, (OK.SCHOOL,), ("Giáo viên {person} vận động học sinh vùng khó đến trường",),
      "{teacher} {person} đến từng nhà vận động học sinh ra lớp, dạy phụ đạo miễn phí buổi tối.",
      "Không có học sinh bỏ học.",
      (("Học sinh được vận động ra lớp", MU.PEOPLE, 3, 30),), scope=Scope.INDIVIDUAL),
    T("cn_phu_nu", ECO, (OK.WOMEN,), ("Hội viên {person} giúp chị em phụ nữ phát triển kinh tế",),
      "Chị {person} hướng dẫn chị em trồng {crop}, cho vay vốn không lãi, bao tiêu sản phẩm.",
      "Giúp chị em có thu nhập ổn định.",
      (("Hội viên được giúp đỡ", MU.PEOPLE, 3, 25), ("Vốn cho vay không lãi", MU.VND, 10,
                                                     150)), scope=Scope.INDIVIDUAL),
    T("cn_doan_vien", CUL, (OK.YOUTH,), ("Đoàn viên {person} tình nguyện vì cộng đồng",),
      "Đoàn viên {person} tích cực tham gia hiến máu, dọn vệ sinh môi trường, giúp gia đình chính sách.",
      "Lan toả tinh thần tình nguyện trong thanh niên.",
      (("Ngày công tình nguyện", MU.WORK_DAYS, 10, 80),), scope=Scope.INDIVIDUAL),
]
TEMPLATE_BY_KEY = {t.key: t for t in TEMPLATES}

# Kinds that historic (pre-2025) units keep an organisation of.
HISTORIC_KINDS = (OK.PARTY_COMMITTEE, OK.PEOPLES_COMMITTEE, OK.FATHERLAND_FRONT, OK.FARMERS, OK.WOMEN, OK.YOUTH,
                  OK.VETERANS, OK.POLICE)

GENERIC_DESCRIPTION_ENDINGS = (
    "Mô hình được triển khai theo phương châm “dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng”.",
    "Cán bộ, đảng viên gương mẫu đi đầu; Ban Chỉ đạo phân công thành viên theo dõi, kiểm tra định kỳ.",
    "Kết quả được sơ kết 6 tháng, tổng kết năm và báo cáo Ban Dân vận.",
    "Kinh phí từ nguồn xã hội hoá và đóng góp tự nguyện của nhân dân, công khai tại nhà văn hoá.",
    "Mô hình gắn với cuộc vận động “Toàn dân đoàn kết xây dựng đời sống văn hoá ở khu dân cư”.",
)
GENERIC_ACTIVITIES = (
    "Họp dân, tuyên truyền tại nhà văn hoá {hamlet}",
    "Kiểm tra, đôn đốc thực hiện mô hình",
    "Ban Chỉ đạo kiểm tra tiến độ, hướng dẫn hoàn thiện hồ sơ",
    "Báo cáo kết quả tại hội nghị giao ban khối dân vận",
)

REASONS = {
    N: ("Đăng ký nhưng không triển khai: thiếu kinh phí đối ứng, chưa có người phụ trách.",
        "Qua kiểm tra cuối năm, mô hình chưa được triển khai trên thực tế; tổ chức chủ trì chưa xây dựng kế hoạch.",
        "Cán bộ phụ trách chuyển công tác, không có người kế nhiệm theo dõi mô hình.",
        "Mô hình không phù hợp với điều kiện địa phương (địa bàn rộng, dân cư phân tán)."),
    S: ("Tạm dừng do mưa lũ, sạt lở làm hư hỏng công trình.", "Tạm dừng để điều chỉnh kế hoạch, bổ sung kinh phí.",
        "Nguồn vốn hỗ trợ chậm giải ngân, tạm dừng chờ kinh phí."),
    "covid": "Tạm dừng do dịch COVID-19, không tổ chức tập trung đông người.",
    "merger": "Tạm dừng chờ kiện toàn tổ chức sau sắp xếp đơn vị hành chính (01/7/2025).",
    (G, C): ("Hoàn thành mục tiêu đề ra; tổng kết mô hình.", "Mô hình đã phát huy hiệu quả, chuyển thành hoạt động "
             "thường xuyên của tổ chức."),
    (V, C): ("Kết thúc mô hình sau tổng kết, đã đạt mục tiêu.",),
    (N, C): ("Không có khả năng triển khai, đóng hồ sơ mô hình.",),
    (S, C): ("Không đủ điều kiện tiếp tục thực hiện sau thời gian tạm dừng.",),
    (I, C): ("Kết thúc giai đoạn thực hiện theo kế hoạch.",),
    (R, C): ("Tổ chức chủ trì xin rút đăng ký.",),
    (D, C): ("Huỷ bản nháp do trùng với mô hình đã đăng ký.",),
}

# (target status, [(path, weight)]) — every path is a walk of TRANSITIONS starting at draft.
PATHS = {
    D: [((D,), 1)],
    R: [((D, R), 1)],
    I: [((D, R, I), 75), ((D, R, I, V, I), 15), ((D, R, I, S, I), 10)],
    V: [((D, R, I, V), 1)],
    G: [((D, R, I, V, G), 1)],
    N: [((D, R, N), 70), ((D, R, I, N), 30)],
    S: [((D, R, I, S), 85), ((D, R, S), 15)],
    C: [((D, R, I, V, G, C), 45), ((D, R, I, V, C), 25), ((D, R, N, C), 15), ((D, R, I, S, C), 10), ((D, C), 5)],
}
GAPS = {  # days between two steps
    (D, R): (3, 30), (R, I): (10, 60), (I, V): (120, 300), (V, G): (45, 200), (V, I): (15, 60),
    (I, S): (30, 240), (R, S): (30, 150), (S, I): (30, 150), (R, N): (150, 330), (I, N): (60, 200),
    (G, C): (300, 1400), (V, C): (60, 400), (N, C): (30, 300), (S, C): (60, 400), (D, C): (7, 60),
    (I, C): (200, 700), (R, C): (30, 200),
}
# Target status mix by age (years since registration): most carried out, some never implemented.
STATUS_MIX = {
    0: {D: 8, R: 15, I: 50, V: 15, G: 4, N: 3, S: 4, C: 1},
    1: {D: 1, R: 6, I: 35, V: 25, G: 18, N: 7, S: 5, C: 3},
    2: {R: 4, I: 22, V: 18, G: 24, N: 8, S: 4, C: 20},
}
FIELD_WEIGHTS_EXEMPLAR = {POL: 45, CUL: 25, ECO: 20, DEF: 10}


def _weighted(rng: random.Random, mapping: dict):
    keys = list(mapping)
    return rng.choices(keys, weights=[mapping[k] for k in keys])[0]


# ---------------------------------------------------------------------------------------------
# Per-province generator
# ---------------------------------------------------------------------------------------------
@dataclass
class _Place:
    """Where records are generated: a current commune, the province, or a historic district."""

    unit: AdminUnit
    level: str  # "commune" | "province" | "district"
    orgs: dict = field(default_factory=dict)  # kind -> Organization
    hamlets: list = field(default_factory=list)  # (label, Organization or None)
    cells: list = field(default_factory=list)
    schools: list = field(default_factory=list)
    predecessors: list = field(default_factory=list)  # historic units whose records count here
    initiatives: list = field(default_factory=list)



def province_bodies(p: AdminUnit, org) -> dict:
    """The province-level bodies of `p`, created through `org(kind, name, unit, parent=None)`.

    Shared by the demo and the national generator, so both name a province's bodies the same way.
    """
    city = p.kind == UnitKind.CITY
    where = unit_label(p)
    top = {
        OK.PARTY_COMMITTEE: org(OK.PARTY_COMMITTEE, _party_body(p), p),
        OK.PEOPLES_COMMITTEE: org(OK.PEOPLES_COMMITTEE, f"Uỷ ban nhân dân {where}", p),
        OK.FATHERLAND_FRONT: org(OK.FATHERLAND_FRONT, f"Uỷ ban MTTQ Việt Nam {where}", p),
        OK.POLICE: org(OK.POLICE, f"Công an {where}", p),
        OK.MILITARY: org(OK.MILITARY, f"Bộ Chỉ huy Quân sự {where}", p),
    }
    mf = top[OK.FATHERLAND_FRONT]
    top.update({
        OK.MASS_MOBILIZATION: org(OK.MASS_MOBILIZATION, f"Ban Dân vận {_party_body(p)}", p, top[OK.PARTY_COMMITTEE]),
        OK.FARMERS: org(OK.FARMERS, f"Hội Nông dân {where}", p, mf),
        OK.WOMEN: org(OK.WOMEN, f"Hội Liên hiệp Phụ nữ {where}", p, mf),
        OK.YOUTH: org(OK.YOUTH, f"{'Thành' if city else 'Tỉnh'} Đoàn {p.short_name}", p, mf),
        OK.VETERANS: org(OK.VETERANS, f"Hội Cựu chiến binh {where}", p, mf),
        OK.TRADE_UNION: org(OK.TRADE_UNION, f"Liên đoàn Lao động {where}", p, mf),
    })
    return top

class _ProvinceGenerator:
    def __init__(self, province: AdminUnit, *, seed: int, per_commune: int, seed_user, today: datetime.date):
        self.province = province
        self.rng = random.Random(f"{seed}:{province.code}")
        self.region = region_of(province)
        self.crops = {"north": NORTH_CROPS, "south": SOUTH_CROPS}.get(self.region, PLAIN_CROPS)
        self.per_commune = per_commune
        self.user = seed_user
        self.today = today
        self.years = list(range(FIRST_YEAR, today.year + 1))
        self.tz = timezone.get_current_timezone()
        self.resolved: dict[int, tuple] = {}
        self.orgs: list[Organization] = []
        self.historic_orgs: dict[tuple[int, str], Organization] = {}
        self.initiatives: list[Initiative] = []
        self.transitions = 0
        self.indicators: list[Indicator] = []
        self.updates: list[ProgressUpdate] = []
        self.values = 0
        self.exemplars: list[Exemplar] = []
        self.meta: dict[int, dict] = {}  # id(initiative) -> {"tpl", "place", "replica_of"}

    # -- helpers --------------------------------------------------------------------------------
    def aware(self, day: datetime.date) -> datetime.datetime:
        return datetime.datetime(day.year, day.month, day.day, 7 + self.rng.randint(0, 9), self.rng.randint(0, 59),
                                 tzinfo=self.tz)

    def resolve(self, unit: AdminUnit) -> tuple:
        if unit.pk not in self.resolved:
            self.resolved[unit.pk] = unit.current_commune_and_province()
        return self.resolved[unit.pk]

    def org(self, kind: str, name: str, unit: AdminUnit, parent: Organization | None = None) -> Organization:
        created = self.aware(datetime.date(FIRST_YEAR, 1, 4))
        o = Organization(kind=kind, name=name[:200], unit=unit, parent=parent, created_by=self.user,
                         created_at=created, updated_at=created)
        o.commune, o.province = self.resolve(unit)
        o.refresh_search_columns()
        self.orgs.append(o)
        return o

    # -- organisations --------------------------------------------------------------------------
    def build_places(self) -> None:
        p = self.province
        rng = self.rng
        top = province_bodies(p, self.org)
        self.province_place = _Place(unit=p, level="province", orgs=top)
        self.top = top

        # Historic provinces merged into this one (Sóc Trăng, Hậu Giang -> Cần Thơ) keep their own bodies.
        old_provinces = [u for u in AdminUnit.objects.filter(historic=True, level=UnitLevel.PROVINCE, successor=p)
                         if u.code != p.code]
        self.province_place.predecessors = old_provinces

        communes = list(AdminUnit.objects.filter(historic=False, level=UnitLevel.COMMUNE, province=p)
                        .select_related("province").order_by("code"))
        if not communes:
            raise DemoDataError(f"{p.name} chưa có xã/phường nào; hãy nạp đơn vị hành chính (load_units).")
        by_successor = defaultdict(list)
        for old in (AdminUnit.objects.filter(historic=True, level=UnitLevel.COMMUNE, successor__province=p)
                    .select_related("successor__province", "parent").order_by("code")):
            by_successor[old.successor_id].append(old)
        self.communes: list[_Place] = []
        for unit in communes:
            place = _Place(unit=unit, level="commune", predecessors=by_successor.get(unit.pk, []))
            label = unit_label(unit)
            o = place.orgs
            o[OK.PARTY_COMMITTEE] = self.org(OK.PARTY_COMMITTEE, f"Đảng uỷ {label}", unit, top[OK.PARTY_COMMITTEE])
            o[OK.PEOPLES_COMMITTEE] = self.org(OK.PEOPLES_COMMITTEE, f"Uỷ ban nhân dân {label}", unit,
                                               top[OK.PEOPLES_COMMITTEE])
            o[OK.FATHERLAND_FRONT] = self.org(OK.FATHERLAND_FRONT, f"Uỷ ban MTTQ Việt Nam {label}", unit,
                                              top[OK.FATHERLAND_FRONT])
            o[OK.FARMERS] = self.org(OK.FARMERS, f"Hội Nông dân {label}", unit, top[OK.FARMERS])
            o[OK.WOMEN] = self.org(OK.WOMEN, f"Hội Liên hiệp Phụ nữ {label}", unit, top[OK.WOMEN])
            o[OK.YOUTH] = self.org(OK.YOUTH, f"Đoàn TNCS Hồ Chí Minh {label}", unit, top[OK.YOUTH])
            o[OK.VETERANS] = self.org(OK.VETERANS, f"Hội Cựu chiến binh {label}", unit, top[OK.VETERANS])
            o[OK.POLICE] = self.org(OK.POLICE, f"Công an {label}", unit, top[OK.POLICE])
            o[OK.MILITARY] = self.org(OK.MILITARY, f"Ban Chỉ huy Quân sự {label}", unit, top[OK.MILITARY])
            ward = unit.kind == UnitKind.WARD
            count = rng.randint(3, 5)
            if ward:
                names = [f"{'Khu vực' if self.region == 'south' else 'Tổ dân phố'} {i}" for i in range(1, count + 1)]
            else:
                pool, word = {"north": (NORTH_HAMLETS, "Bản"), "south": (SOUTH_HAMLETS, "Ấp")}.get(
                    self.region, (PLAIN_HAMLETS, "Thôn"))
                names = [f"{word} {n}" for n in rng.sample(pool, count)]
            for name in names:
                lower = name[0].lower() + name[1:]
                hamlet_org = self.org(OK.HAMLET, f"{name} ({label})", unit, o[OK.PEOPLES_COMMITTEE])
                place.hamlets.append((lower, hamlet_org))
            for lower, _ in rng.sample(place.hamlets, 2):
                place.cells.append(self.org(OK.PARTY_CELL, f"Chi bộ {lower} ({label})", unit, o[OK.PARTY_COMMITTEE]))
            school_tpl = rng.choice({"north": NORTH_SCHOOLS, "south": SOUTH_SCHOOLS}.get(self.region, PLAIN_SCHOOLS))
            place.schools.append(self.org(OK.SCHOOL, school_tpl.format(s=unit.short_name), unit,
                                          o[OK.PEOPLES_COMMITTEE]))
            o[OK.PARTY_CELL] = place.cells[0]
            o[OK.SCHOOL] = place.schools[0]
            o[OK.HAMLET] = place.hamlets[0][1]
            self.communes.append(place)

        self.districts: list[_Place] = []
        for district in (AdminUnit.objects.filter(historic=True, level=UnitLevel.DISTRICT, successor=p)
                         .select_related("successor", "province").order_by("code")):
            self.districts.append(_Place(unit=district, level="district"))

    def historic_org(self, old: AdminUnit, kind: str, place: _Place | None = None) -> Organization:
        """The body a pre-2025 unit had (created on first use), under the body that took over its work:
        the same body of the successor commune, or of the province."""
        if kind not in HISTORIC_KINDS:
            kind = OK.PEOPLES_COMMITTEE
        key = (old.pk, kind)
        if key not in self.historic_orgs:
            label = unit_label(old)
            commune_level = old.level == UnitLevel.COMMUNE
            if commune_level and old.parent_id:
                where = f"{label}, {unit_label(old.parent)} (cũ)"
            elif old.level == UnitLevel.DISTRICT and old.province_id and old.province_id != old.pk:
                where = f"{label}, {unit_label(old.province)} (cũ)"
            else:
                where = f"{label} (cũ)"
            names = {
                OK.PARTY_COMMITTEE: (f"Đảng uỷ {where}" if commune_level
                                     else f"Ban Dân vận {_party_body(old)}{where[len(label):]}"),
                OK.PEOPLES_COMMITTEE: f"Uỷ ban nhân dân {where}",
                OK.FATHERLAND_FRONT: f"Uỷ ban MTTQ Việt Nam {where}",
                OK.FARMERS: f"Hội Nông dân {where}",
                OK.WOMEN: f"Hội Liên hiệp Phụ nữ {where}",
                OK.YOUTH: f"Đoàn TNCS Hồ Chí Minh {where}",
                OK.VETERANS: f"Hội Cựu chiến binh {where}",
                OK.POLICE: f"Công an {where}",
            }
            org_kind = kind if commune_level or kind != OK.PARTY_COMMITTEE else OK.MASS_MOBILIZATION
            if place is not None and place.level == "commune":
                parent = place.orgs.get(kind)
            else:
                parent = self.top.get(org_kind) or self.top[OK.FATHERLAND_FRONT]
            self.historic_orgs[key] = self.org(org_kind, names[kind], old, parent)
        return self.historic_orgs[key]

    # -- initiatives ----------------------------------------------------------------------------
    def pick_year(self, max_year: int | None = None) -> int:
        years = [y for y in self.years if max_year is None or y <= max_year]
        weights = [5 + 1.2 * (y - FIRST_YEAR) for y in years]
        if years[-1] == self.today.year and len(years) > 1:
            weights[-1] *= max(0.3, self.today.timetuple().tm_yday / 365)
        return self.rng.choices(years, weights=weights)[0]

    def pick_template(self, year: int, individual: bool, level: str) -> Tpl:
        rng = self.rng
        pool = [t for t in TEMPLATES
                if (t.scope == Scope.INDIVIDUAL) == individual and t.min_year <= year <= t.max_year
                and t.region in (None, self.region)]
        if level != "commune":
            pool = [t for t in pool if t.key not in ("xin_loi", "to_tu_quan", "vang_ma")] or pool
        return rng.choices(pool, weights=[t.weight for t in pool])[0]

    def plan_lifecycle(self, year: int) -> list[tuple[str, datetime.date]]:
        rng = self.rng
        age = min(self.today.year - year, 2)
        target = _weighted(rng, STATUS_MIX[age])
        paths = PATHS[target]
        path = rng.choices([p for p, _ in paths], weights=[w for _, w in paths])[0]
        start = datetime.date(year, 1, 2) + datetime.timedelta(days=rng.randint(0, 110))
        if start > self.today:
            span = max((self.today - datetime.date(year, 1, 1)).days, 0)
            start = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randint(0, span))
        steps = [(path[0], start)]
        day = start
        for a, b in zip(path, path[1:]):
            assert b in TRANSITIONS[a], (a, b)
            lo, hi = GAPS[(a, b)]
            day = day + datetime.timedelta(days=rng.randint(lo, hi))
            if day > self.today:
                break
            steps.append((b, day))
        return steps

    def reason_for(self, prev: str, status: str, day: datetime.date, year: int, tpl_level: str) -> str:
        rng = self.rng
        if status == D:
            return "Tạo mới"
        if status == R:
            return f"Đăng ký mô hình “Dân vận khéo” năm {year}"
        if status == I:
            return {S: "Tiếp tục thực hiện sau thời gian tạm dừng",
                    V: "Tiếp tục thực hiện sau sơ kết, mở rộng phạm vi"}.get(
                prev, "Triển khai thực hiện theo kế hoạch")
        if status == V:
            if day.month <= 2:
                return f"Tổng kết năm {day.year - 1}, đánh giá hiệu quả mô hình"
            if day.month <= 5:
                return "Sơ kết, đánh giá kết quả bước đầu của mô hình"
            if day.month <= 8:
                return f"Sơ kết 6 tháng đầu năm {day.year}"
            return f"Tổng kết năm {day.year}, đánh giá hiệu quả mô hình"
        if status == G:
            level = "cấp tỉnh" if tpl_level == "province" or rng.random() < 0.25 else "cấp xã"
            return f"Được công nhận mô hình “Dân vận khéo” tiêu biểu {level} năm {day.year}"
        if status == S:
            if datetime.date(2020, 3, 1) <= day <= datetime.date(2021, 12, 31):
                return REASONS["covid"]
            if datetime.date(2025, 3, 1) <= day <= datetime.date(2025, 10, 31):
                return REASONS["merger"]
            return rng.choice(REASONS[S])
        if status == N:
            return rng.choice(REASONS[N])
        if status == C:
            return rng.choice(REASONS.get((prev, C), REASONS[(I, C)]))
        return ""

    def make_initiative(self, place: _Place, *, individual: bool | None = None, year: int | None = None) -> Initiative:
        rng = self.rng
        if place.level == "district":
            year = year or self.pick_year(max_year=2024)
        year = year or self.pick_year()
        if individual is None:
            individual = place.level == "commune" and rng.random() < 0.18
        tpl = self.pick_template(year, individual, place.level)

        # Owner and where it was recorded (a pre-2025 record may stay against its historic unit).
        hamlet_label, hamlet_org = rng.choice(place.hamlets) if place.hamlets else ("", None)
        if place.level == "district":
            unit = place.unit
            kind = rng.choice((OK.PARTY_COMMITTEE, OK.FATHERLAND_FRONT, rng.choice(tpl.kinds)))
            org = self.historic_org(unit, kind)
        else:
            kinds = [k for k in tpl.kinds if k in place.orgs] or [OK.FATHERLAND_FRONT]
            kind = rng.choice(kinds)
            if year <= 2024 and place.predecessors and rng.random() < (0.2 if place.level == "commune" else 0.45):
                unit = rng.choice(place.predecessors)
                org = self.historic_org(unit, kind, place)
                hamlet_label = ""
            else:
                unit = place.unit
                if kind == OK.HAMLET and hamlet_org is not None:
                    org = hamlet_org
                elif kind == OK.PARTY_CELL and place.cells:
                    org = rng.choice(place.cells)
                elif kind == OK.SCHOOL and place.schools:
                    org = rng.choice(place.schools)
                else:
                    org = place.orgs.get(kind) or place.orgs[OK.FATHERLAND_FRONT]
        place_label = unit_label(unit)
        hamlet_label = hamlet_label or place_label
        person = person_name(rng, self.region, female=True if OK.WOMEN in tpl.kinds else None)
        crop = rng.choice(self.crops)
        ctx = {"hamlet": hamlet_label, "place": place_label, "crop": crop, "person": person, "org": org.name,
               "area": rng.randint(2, 15), "sir": "Bà" if is_female(person) else "Ông",
               "teacher": "Cô" if is_female(person) else "Thầy"}

        raw = rng.choice(tpl.titles)
        title = raw.format(**ctx)
        if "{" not in raw and rng.random() < 0.45:
            if place.level == "province":
                title = f"{title} trên địa bàn {place_label}"
            else:
                where = hamlet_label if rng.random() < 0.5 else place_label
                title = f"{title} {'ở' if rng.random() < 0.5 else 'tại'} {where}"
        elif "{" not in raw and rng.random() < 0.25:
            title = f"{title} năm {year}" if rng.random() < 0.5 else f"Mô hình “{title}”"
        title = title[0].upper() + title[1:]

        steps = self.plan_lifecycle(year)
        status, status_day = steps[-1]
        created = self.aware(steps[0][1])
        implementing_days = [d for s, d in steps if s == I]
        registered_on = next((d for s, d in steps if s == R), None)  # as services.transition() records it

        targets = self.make_targets(tpl)
        goal_parts = [amount_phrase(name, t, unit) for name, unit, t in targets]
        owner = f"Cá nhân thuộc {org.name}." if individual else f"{org.name} chủ trì thực hiện."
        description = f"{tpl.desc.format(**ctx)} {owner} {rng.choice(GENERIC_DESCRIPTION_ENDINGS)}"
        goals = f"{tpl.goal.format(**ctx)} Chỉ tiêu đến hết năm {year}: " + "; ".join(goal_parts) + "."
        commune, province = self.resolve(unit)
        obj = Initiative(
            title=title[:300], field=tpl.field, scope=tpl.scope, organization=org, year=year,
            description=description, goals=goals,
            start_date=implementing_days[0] if implementing_days else steps[0][1] + datetime.timedelta(days=30),
            status=status, status_changed_at=status_day, registered_on=registered_on,
            unit=unit, commune=commune, province=province,
            created_by=self.user, created_at=created, updated_at=self.aware(status_day),
        )
        obj.refresh_search_columns()
        self.initiatives.append(obj)
        place.initiatives.append(obj)
        self.meta[id(obj)] = {"tpl": tpl, "place": place, "steps": steps, "targets": targets, "ctx": ctx}
        return obj

    def make_targets(self, tpl: Tpl) -> list[tuple[str, str, Decimal]]:
        rng = self.rng
        out: list[tuple[str, str, Decimal]] = []
        for name, unit, *bounds in tpl.indicators:
            if isinstance(bounds[0], tuple):  # ("per", index, costs): linked to another indicator
                _, idx, costs = bounds[0]
                cost = rng.choice(costs) * 1_000_000
                out.append((name, unit, Decimal(int(out[idx][2]) * cost)))
                continue
            lo, hi = bounds
            if unit == MU.VND:
                value = Decimal(rng.randint(lo, hi) * 1_000_000)
            elif unit in _DECIMAL_UNITS:
                value = Decimal(rng.randint(lo * 10, hi * 10)) / 10
            else:
                value = Decimal(rng.randint(lo, hi))
            out.append((name, unit, value))
        return out

    def build_history(self) -> None:
        """Transitions, indicators, progress updates and values of every initiative (written later)."""
        rng = self.rng
        for obj in self.initiatives:
            meta = self.meta[id(obj)]
            steps, tpl, year = meta["steps"], meta["tpl"], obj.year
            assert steps[0][0] == D, steps
            prev, reasoned = D, []
            for status, day in steps[1:]:  # the batch records the creation as a draft itself
                reason = self.reason_for(prev, status, day, year, meta["place"].level)
                assert reason or status not in REASON_REQUIRED, (prev, status)
                reasoned.append((status, day, reason, self.aware(day)))
                prev = status
            meta["reasoned_steps"] = reasoned
            self.transitions += len(steps)
            created = obj.created_at
            indicators = []
            for name, unit, target in meta["targets"]:
                ind = Indicator(initiative=obj, name=name, measure_unit=unit, target=target,
                                created_by=self.user, created_at=created, updated_at=created)
                self.indicators.append(ind)
                indicators.append(ind)
            self.build_progress(obj, meta, indicators, tpl)

    def build_progress(self, obj: Initiative, meta: dict, indicators: list[Indicator], tpl: Tpl) -> None:
        rng = self.rng
        steps = meta["steps"]
        statuses = [s for s, _ in steps]
        if I not in statuses:
            return
        first_i = next(d for s, d in steps if s == I)
        last_i = max(n for n, (s, _) in enumerate(steps) if s == I)
        end = self.today
        # Reports stop when the initiative is suspended, abandoned or closed after its last implementing step.
        for s, d in steps[last_i + 1:]:
            if s in (S, N, C):
                end = d
                break
        if obj.status == G:
            end = min(self.today, steps[-1][1] + datetime.timedelta(days=365))
        elif obj.status == V:
            end = min(self.today, steps[-1][1] + datetime.timedelta(days=200))
        stale = obj.status == I and obj.year < self.today.year and rng.random() < 0.3
        if stale:  # the seeds' complaint: still "implementing" on paper, nobody reports any more
            end = self.today - datetime.timedelta(days=rng.randint(100, 420))
        window = (end - first_i).days
        if window < 7:
            return
        k = rng.randint(1, max(1, min(8, window // 90 + 1)))
        if obj.status == N:
            k = min(k, 1)
        days = sorted(first_i + datetime.timedelta(days=rng.randint(7, window)) for _ in range(k))
        if obj.status == I and not stale and end == self.today:  # live initiatives report regularly
            days[-1] = max(days[-1], self.today - datetime.timedelta(days=rng.randint(3, 80)))
        fraction = {G: (1.0, 1.3), V: (0.6, 1.1), I: (0.2, 0.9), S: (0.1, 0.5), N: (0.0, 0.15),
                    C: (1.0, 1.3) if G in statuses else (0.3, 1.0)}[obj.status]
        f = rng.uniform(*fraction)
        weights = [rng.random() + 0.3 for _ in days]
        parts_by_indicator: list[list[Decimal]] = []
        specs = tpl.indicators
        for idx, (ind, spec) in enumerate(zip(indicators, specs)):
            if isinstance(spec[2], tuple):  # linked: value = linked indicator's value × cost per unit
                base_idx = spec[2][1]
                base_target = indicators[base_idx].target
                cost = ind.target / base_target if base_target else Decimal(0)
                parts_by_indicator.append([v * cost for v in parts_by_indicator[base_idx]])
                continue
            total = ind.target * Decimal(str(round(f, 3)))
            parts_by_indicator.append(self.split(total, weights, ind.measure_unit))
        activities = tpl.activities or GENERIC_ACTIVITIES
        last = None
        for n, day in enumerate(days):
            activity = rng.choice(activities + GENERIC_ACTIVITIES[:2]).format(**meta["ctx"])
            results = [amount_phrase(ind.name, parts[n], ind.measure_unit)
                       for ind, parts in zip(indicators, parts_by_indicator) if parts[n] > 0]
            period = f"Tháng {day.month:02d}/{day.year}"
            text = f"{period}: {activity}."
            if results:
                text += " Kết quả trong kỳ: " + "; ".join(results) + "."
            else:
                text += " Chưa phát sinh kết quả định lượng trong kỳ."
            stamp = self.aware(day)
            update = ProgressUpdate(initiative=obj, date=day, text=text, created_by=self.user,
                                    created_at=stamp, updated_at=stamp)
            update.values_given = [(ind, parts[n]) for ind, parts in zip(indicators, parts_by_indicator) if parts[n] > 0]
            self.values += len(update.values_given)
            self.updates.append(update)
            last = day
        obj.last_progress_at = last

    @staticmethod
    def split(total: Decimal, weights: list[float], unit: str) -> list[Decimal]:
        """Split `total` over len(weights) reports in whole units (0.1 for km/ha, 100.000 đ for VND)."""
        step = Decimal("0.1") if unit in _DECIMAL_UNITS else Decimal(100_000) if unit == MU.VND else Decimal(1)
        units = int(total / step)
        s = sum(weights)
        parts = [int(units * w / s) for w in weights]
        parts[-1] += units - sum(parts)
        return [Decimal(p) * step for p in parts]

    def make_replicas(self) -> None:
        """Some initiatives replicate (nhân rộng) a recognised one of the same kind elsewhere."""
        rng = self.rng
        sources = defaultdict(list)
        for obj in self.initiatives:
            if obj.status in (G, C) and obj.scope == Scope.COLLECTIVE and obj.commune_id:
                sources[self.meta[id(obj)]["tpl"].key].append(obj)
        self.replicas = set()
        used_as_source = set()
        for obj in self.initiatives:
            meta = self.meta[id(obj)]
            if obj.scope != Scope.COLLECTIVE or id(obj) in used_as_source or rng.random() > 0.12:
                continue
            candidates = [s for s in sources.get(meta["tpl"].key, ())
                          if s.year < obj.year and s.commune_id != obj.commune_id and id(s) not in self.replicas]
            if not candidates:
                continue
            src = rng.choice(candidates)
            used_as_source.add(id(src))
            obj.replicates = src
            obj.description += (f" Nhân rộng từ mô hình “{src.title}” của {src.organization.name}, "
                                f"được công nhận năm {src.status_changed_at.year if src.status == G else src.year}.")
            obj.refresh_search_columns()
            self.replicas.add(id(obj))

    # -- exemplars ------------------------------------------------------------------------------
    def make_exemplar(self, place: _Place) -> Exemplar:
        rng = self.rng
        fld = _weighted(rng, FIELD_WEIGHTS_EXEMPLAR)
        kind = ExemplarKind.INDIVIDUAL if rng.random() < 0.65 else ExemplarKind.COLLECTIVE
        year = self.pick_year(max_year=2024 if place.level == "district" else None)
        linked = None
        same_field = [i for i in place.initiatives if i.field == fld and i.status in (I, V, G, C) and i.year <= year]
        if same_field and rng.random() < 0.45:
            linked = rng.choice(same_field)
        hamlet_label = rng.choice(place.hamlets)[0] if place.hamlets else ""
        unit, org = place.unit, None
        if linked is not None:
            unit, org = linked.unit, linked.organization
        elif place.level == "commune" and year <= 2024 and place.predecessors and rng.random() < 0.2:
            unit = rng.choice(place.predecessors)
        label = unit_label(unit)
        where = f"{hamlet_label}, {label}" if hamlet_label and unit.pk == place.unit.pk else label
        person = honorific(person_name(rng, self.region))
        woman = honorific(person_name(rng, self.region, female=True))
        n = rng.randint
        money = vn_number(n(2, 60) * 1_000_000)
        crop = rng.choice(self.crops)
        if kind == ExemplarKind.INDIVIDUAL:
            choices = {
                ECO: [(OK.FARMERS, f"{person}, hội viên Hội Nông dân {label}",
                       f"Mạnh dạn chuyển {n(1, 6)} ha đất kém hiệu quả sang trồng {crop}, thu nhập {money} đ/năm; "
                       f"hướng dẫn {n(5, 30)} hộ trong {where} làm theo, giúp {n(1, 6)} hộ thoát nghèo."),
                      (OK.VETERANS, f"{person}, Cựu chiến binh {where}",
                       f"Làm kinh tế giỏi, tạo việc làm cho {n(3, 20)} lao động; cho {n(2, 8)} hội viên vay "
                       f"{money} đ không lãi.")],
                CUL: [(OK.FATHERLAND_FRONT, f"{person}, người có uy tín {where}",
                       f"Vận động {n(10, 80)} hộ bỏ tục lệ lạc hậu trong việc cưới, việc tang; đóng góp {money} đ và "
                       f"{n(10, 60)} ngày công xây nhà văn hoá."),
                      (OK.WOMEN, f"{woman}, Chi hội trưởng Phụ nữ {where}",
                       f"Duy trì tổ tiết kiệm {n(15, 40)} thành viên, vận động {n(20, 120)} hộ phân loại rác "
                       f"tại nguồn.")],
                DEF: [(OK.POLICE, f"{person}, Công an {label}",
                       f"Bám địa bàn, hoà giải thành {n(5, 40)} vụ mâu thuẫn; vận động người dân giao nộp "
                       f"{n(1, 12)} khẩu súng tự chế."),
                      (OK.MILITARY, f"{person}, Chỉ huy trưởng Ban Chỉ huy Quân sự {label}",
                       f"Chỉ huy dân quân góp {n(50, 400)} ngày công giúp dân khắc phục hậu quả mưa lũ.")],
                POL: [(OK.PARTY_COMMITTEE, f"{person}, Bí thư Chi bộ {where}",
                       f"Nhiều năm liền chi bộ hoàn thành xuất sắc nhiệm vụ; giới thiệu {n(1, 8)} quần chúng ưu tú "
                       f"được kết nạp Đảng; gương mẫu hiến {n(50, 600)} m² đất làm đường."),
                      (OK.PEOPLES_COMMITTEE, f"{person}, công chức Văn phòng – Thống kê {label}",
                       f"Tiếp nhận, giải quyết {vn_number(n(300, 3000))} hồ sơ, không có hồ sơ trễ hẹn; thực hiện "
                       f"“xin lỗi dân khi trễ hẹn”.")],
            }
        else:
            choices = {
                ECO: [(OK.FARMERS, f"Chi hội Nông dân {where}",
                       f"{n(10, 60)} hộ hội viên liên kết sản xuất {crop}, doanh thu "
                       f"{vn_number(n(200, 3000) * 1_000_000)} đ/năm.")],
                CUL: [(OK.WOMEN, f"Chi hội Phụ nữ {where}",
                       f"Xây dựng mô hình “5 không, 3 sạch”, {n(30, 150)} hộ đạt tiêu chí; trao {n(20, 300)} "
                       f"suất quà cho "
                       f"học sinh nghèo."),
                      (OK.YOUTH, f"Chi đoàn thanh niên {where}",
                       f"Thắp sáng {n(1, 6)} km đường quê, góp {n(50, 300)} ngày công làm đường.")],
                DEF: [(OK.POLICE, f"Tổ tự quản an ninh trật tự {where}",
                       f"Cung cấp {n(2, 20)} tin báo giúp công an xử lý vụ việc; {n(1, 5)} năm liền khu dân cư "
                       f"không có tội phạm.")],
                POL: [(OK.PEOPLES_COMMITTEE, f"Bộ phận Tiếp nhận và trả kết quả {label}",
                       f"Giải quyết {vn_number(n(1000, 8000))} hồ sơ đúng hạn, mức độ hài lòng của người dân "
                       f"đạt {n(90, 99)}%."),
                      (OK.FATHERLAND_FRONT, f"Ban công tác Mặt trận {where}",
                       f"Vận động {vn_number(n(50, 500) * 1_000_000)} đ xây {n(1, 5)} nhà đại đoàn kết; hoà giải thành "
                       f"{n(2, 15)} vụ việc.")],
            }
        options = choices[fld]
        if linked is not None:  # the exemplar belongs to the body that carried out the initiative
            options = [c for c in options if c[0] == org.kind] or [(
                org.kind, org.name if kind == ExemplarKind.COLLECTIVE else f"{person}, {org.name}",
                f"Nòng cốt thực hiện mô hình: đóng góp {n(20, 300)} ngày công, vận động {n(10, 120)} hộ tham gia, "
                f"được {org.name} đề nghị biểu dương.")]
        org_kind, name, achievements = rng.choice(options)
        if org is None:
            if unit.historic:
                org = self.historic_org(unit, org_kind, place)
            else:
                org = place.orgs.get(org_kind) or place.orgs.get(OK.FATHERLAND_FRONT) or self.top[OK.FATHERLAND_FRONT]
        if place.level != "commune":  # province and district bodies: name the body itself
            who = woman if org_kind == OK.WOMEN else person
            name = org.name if kind == ExemplarKind.COLLECTIVE else f"{who}, cán bộ {org.name}"
        if linked is not None:
            achievements += f" Gắn với mô hình “{linked.title}”."
            year = max(year, linked.year)
        commune, province = self.resolve(unit)
        if year < self.today.year:
            day = datetime.date(year, rng.randint(6, 12), rng.randint(1, 28))
        else:
            day = max(datetime.date(year, 1, 1), self.today - datetime.timedelta(days=rng.randint(0, 120)))
        stamp = self.aware(day)
        ex = Exemplar(name=name[:300], kind=kind, field=fld, organization=org, achievements=achievements, year=year,
                      initiative=linked, unit=unit, commune=commune, province=province, created_by=self.user,
                      created_at=stamp, updated_at=stamp)
        ex.refresh_search_columns()
        self.exemplars.append(ex)
        return ex

    # -- run ------------------------------------------------------------------------------------
    def generate(self) -> dict:
        rng = self.rng
        self.build_places()
        for place in self.communes:
            for _ in range(max(1, round(self.per_commune * rng.uniform(0.7, 1.3)))):
                self.make_initiative(place)
        for _ in range(max(2, self.per_commune * 3)):
            self.make_initiative(self.province_place, individual=False)
        for place in self.districts:
            for _ in range(rng.randint(1, 4)):
                self.make_initiative(place, individual=False)
        self.make_replicas()
        for place in self.communes:
            for _ in range(max(1, round(self.per_commune / 2 * rng.uniform(0.7, 1.3)))):
                self.make_exemplar(place)
        for _ in range(max(1, self.per_commune * 2)):
            self.make_exemplar(self.province_place)
        for place in self.districts:
            for _ in range(rng.randint(0, 2)):
                self.make_exemplar(place)
        self.build_history()
        # Write through the registry's batch services: organisations parent-first, originals before replicas,
        # then the indicators and the progress reports.
        batch = RegistryBatch(action=AuditBatch.Action.SEED, description=f"Dữ liệu mẫu – {self.province.name}",
                              today=self.today)
        self.save_orgs(batch)
        originals = [o for o in self.initiatives if id(o) not in self.replicas]
        replicas = [o for o in self.initiatives if id(o) in self.replicas]
        for group in (originals, replicas):
            for chunk in _chunks(group):
                rows = [self.initiative_row(o) for o in chunk]
                _set_ids(chunk, batch.register_initiatives(rows))
        for chunk in _chunks(self.indicators):
            _set_ids(chunk, batch.add_indicators([_row(Indicator, ind) for ind in chunk]))
        for chunk in _chunks(self.updates):
            rows = []
            for update in chunk:
                row = _row(ProgressUpdate, update)
                row["values"] = {ind.pk: value for ind, value in update.values_given}
                rows.append(row)
            _set_ids(chunk, batch.record_progress(rows))
        for chunk in _chunks(self.exemplars):
            _set_ids(chunk, batch.create_exemplars([_row(Exemplar, ex, derived=True) for ex in chunk]))
        batch.finish()
        return {
            "organizations": len(self.orgs), "initiatives": len(self.initiatives),
            "transitions": self.transitions, "indicators": len(self.indicators),
            "progress_updates": len(self.updates), "indicator_values": self.values,
            "exemplars": len(self.exemplars), "replications": len(replicas),
        }

    def initiative_row(self, obj: Initiative) -> dict:
        """The batch service's row of a generated initiative: its own fields and its dated, reasoned steps (the
        status, its date, the registration date and the last progress date follow from them)."""
        row = _row(Initiative, obj, derived=True)
        for name in ("status", "status_changed_at", "registered_on", "last_progress_at"):
            row.pop(name, None)
        steps = self.meta[id(obj)]["steps"]
        row["created_on"] = steps[0][1]
        row["steps"] = self.meta[id(obj)]["reasoned_steps"]
        return row

    def save_orgs(self, batch: RegistryBatch) -> None:
        depth: dict[int, int] = {}

        def level(o: Organization) -> int:
            if id(o) not in depth:
                depth[id(o)] = 0 if o.parent is None else level(o.parent) + 1
            return depth[id(o)]

        by_depth = defaultdict(list)
        for o in self.orgs:
            by_depth[level(o)].append(o)
        for d in sorted(by_depth):
            for chunk in _chunks(by_depth[d]):
                _set_ids(chunk, batch.create_organizations([_row(Organization, o, derived=True) for o in chunk]))


# Columns the batch services derive themselves (placement, search, bookkeeping): a generator never gives them.
_DERIVED = {"commune_id", "province_id", "search_text", "sort_key", "version", "deleted_at"}


def _row(model, obj, *, derived: bool = False) -> dict:
    """A generated instance as the batch services' {attname: value} row (foreign keys from the related objects,
    which were written first)."""
    row = {}
    for f in model._meta.concrete_fields:
        if f.primary_key or (derived and f.attname in _DERIVED):
            continue
        if f.is_relation:
            related = getattr(obj, f.name, None) if f.is_cached(obj) else None
            row[f.attname] = related.pk if related is not None else getattr(obj, f.attname)
        else:
            row[f.attname] = getattr(obj, f.attname)
    return row


def _set_ids(objs, ids) -> None:
    for obj, pk in zip(objs, ids):
        obj.pk = pk


def _chunks(items, size: int = BATCH_SIZE * 4):
    for i in range(0, len(items), size):
        yield items[i:i + size]


# ---------------------------------------------------------------------------------------------
# Accounts
# ---------------------------------------------------------------------------------------------
def _seed_user():
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=DEMO_SEED_USERNAME, defaults={"first_name": "Dữ liệu mẫu", "is_active": False})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def find_province(name: str) -> AdminUnit:
    key = fold(name)
    for unit in AdminUnit.objects.provinces():
        if key in (fold(unit.short_name), fold(unit.name), unit.code):
            return unit
    if not AdminUnit.objects.provinces().exists():
        raise DemoDataError("Chưa có danh mục đơn vị hành chính. Hãy chạy `danvan load_units` trước.")
    raise DemoDataError(f"Không tìm thấy tỉnh/thành phố “{name}”.")


def _demo_communes(province: AdminUnit) -> tuple[AdminUnit, AdminUnit | None]:
    """The two communes the commune-level accounts work in: the one old Phổng Lái became (Sơn La) and
    Thuận Châu; elsewhere the first two communes by code."""
    communes = list(AdminUnit.objects.filter(historic=False, level=UnitLevel.COMMUNE,
                                             province=province).order_by("code"))
    old = AdminUnit.objects.filter(historic=True, level=UnitLevel.COMMUNE, short_name="Phổng Lái",
                                   successor__province=province).select_related("successor").first()
    first = old.successor if old else communes[0]
    second = next((c for c in communes if c.short_name == "Thuận Châu" and c.pk != first.pk), None)
    if second is None:
        second = next((c for c in communes if c.pk != first.pk), None)
    return first, second


def _account_specs(provinces: list[AdminUnit], seed_user) -> list[dict]:
    p = provinces[0]
    commune, commune2 = _demo_communes(p)
    farmers = Organization.all_objects.filter(unit=commune, kind=OK.FARMERS, created_by=seed_user).first()
    specs = [
        dict(username="admin", password=ADMIN_PASSWORD, role=Role.NATIONAL_ADMIN, superuser=True,
             full_name="Nguyễn Văn Quản", unit=None, org=None),
        dict(username="bdv.tinh", password=DEMO_PASSWORD, role=Role.MASS_MOBILIZATION_STAFF,
             full_name="Lò Thị Hạnh", unit=p, org=None),
        dict(username="bdv.xa", password=DEMO_PASSWORD, role=Role.MASS_MOBILIZATION_STAFF,
             full_name="Cà Văn Tuấn", unit=commune, org=None),
    ]
    if commune2 is not None:
        specs.append(dict(username="bdv.xa2", password=DEMO_PASSWORD, role=Role.MASS_MOBILIZATION_STAFF,
                          full_name="Quàng Thị Thu", unit=commune2, org=None))
    if farmers is not None:
        specs.append(dict(username="hoinongdan", password=DEMO_PASSWORD, role=Role.ORGANIZATION_REPORTER,
                          full_name="Lường Văn Pánh", unit=None, org=farmers))
    specs += [
        dict(username="bcd", password=DEMO_PASSWORD, role=Role.STEERING_MEMBER, full_name="Tòng Văn Biên",
             unit=commune, org=None),
        dict(username="lanhdao", password=DEMO_PASSWORD, role=Role.LEADER, full_name="Hoàng Văn Chiến",
             unit=p, org=None),
        dict(username="kiemtra", password=DEMO_PASSWORD, role=Role.AUDITOR, full_name="Điêu Thị Kim",
             unit=p, org=None),
    ]
    if len(provinces) > 1:
        specs.append(dict(username="bdv.tinh2", password=DEMO_PASSWORD, role=Role.MASS_MOBILIZATION_STAFF,
                          full_name="Trần Thị Mỹ Linh", unit=provinces[1], org=None))
    return specs


def ensure_accounts(provinces: list[AdminUnit], seed_user) -> list[tuple[str, str, str, str]]:
    """Create the demo accounts that are missing (and restore their documented password)."""
    User = get_user_model()
    for spec in _account_specs(provinces, seed_user):
        user = User.objects.filter(username=spec["username"]).first()
        if user is None:
            user = User(username=spec["username"], first_name=spec["full_name"],
                        is_superuser=spec.get("superuser", False), is_staff=spec.get("superuser", False))
            user.set_password(spec["password"])
            user.save()
        elif not user.check_password(spec["password"]) or not user.is_active:
            user.set_password(spec["password"])
            user.is_active = True
            user.save(update_fields=["password", "is_active"])
        if not Assignment.objects.filter(user=user).exists():
            Assignment.objects.create(user=user, role=spec["role"], unit=spec["unit"], organization=spec["org"])
    _assign_steering(seed_user)
    return describe_accounts()


def _demo_rounds(province: AdminUnit) -> int:
    """Reporting rounds in every state for the first province, taken by its demo accounts (generators.rounds)."""
    from danvan.generators.rounds import demo_rounds

    User = get_user_model()
    reviewer = User.objects.filter(username="bdv.tinh").first()
    commune, commune2 = _demo_communes(province)
    writers = [(User.objects.filter(username=name).first(), unit)
               for name, unit in (("bdv.xa", commune), ("bdv.xa2", commune2)) if unit is not None]
    writers = [(user, unit) for user, unit in writers if user is not None]
    return demo_rounds(province, reviewer, writers) if reviewer is not None else 0


def _assign_steering(seed_user, count: int = 8) -> None:
    """The steering member follows a few live initiatives of their commune."""
    User = get_user_model()
    bcd = User.objects.filter(username="bcd").first()
    if bcd is None or Initiative.all_objects.filter(steering_member=bcd).exists():
        return
    a = Assignment.objects.filter(user=bcd, role=Role.STEERING_MEMBER, unit__isnull=False).first()
    if a is None:
        return
    ids = list(Initiative.objects.filter(commune=a.unit, created_by=seed_user, status__in=[R, I, V, S])
               .order_by("-year", "id").values_list("pk", flat=True)[:count])
    Initiative.all_objects.filter(pk__in=ids).update(steering_member=bcd)


DEMO_USERNAMES = ("admin", "bdv.tinh", "bdv.xa", "bdv.xa2", "hoinongdan", "bcd", "lanhdao", "kiemtra", "bdv.tinh2")


def describe_accounts() -> list[tuple[str, str, str, str]]:
    """(role, username, password, scope) of every demo account present, for the banner."""
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)}
    rows = []
    for username in DEMO_USERNAMES:
        user = users.get(username)
        if user is None:
            continue
        password = ADMIN_PASSWORD if username == "admin" else DEMO_PASSWORD
        assignments = list(Assignment.objects.filter(user=user).select_related("unit__province", "organization"))
        roles = ", ".join(sorted({str(a.get_role_display()) for a in assignments})) or (
            "Quản trị hệ thống" if user.is_superuser else "")
        scopes = []
        for a in assignments:
            if a.organization_id:
                scopes.append(a.organization.name)
            elif a.unit_id:
                text = str(a.unit)
                if a.unit.level == UnitLevel.COMMUNE:
                    olds = list(AdminUnit.objects.filter(successor=a.unit, historic=True, level=UnitLevel.COMMUNE)
                                .exclude(name=a.unit.name).order_by("code").values_list("name", flat=True))
                    if olds:
                        names = ", ".join(o[0].lower() + o[1:] for o in olds[:4]) + (", …" if len(olds) > 4 else "")
                        text += f" (gồm {names} cũ)"
                if a.role == Role.STEERING_MEMBER:
                    followed = Initiative.objects.filter(steering_member=user).count()
                    text += f" – theo dõi {followed} mô hình"
                scopes.append(text)
            else:
                scopes.append("Toàn quốc")
        rows.append((roles, username, password, "; ".join(scopes) or "Toàn quốc"))
    return rows


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------
def generate_demo(provinces=DEFAULT_PROVINCES, seed: int = DEFAULT_SEED, per_commune: int = DEFAULT_PER_COMMUNE,
                  stdout=None) -> dict:
    """Generate the demo data for `provinces` (names or codes) and the demo accounts; idempotent.

    Returns {"provinces": {name: counts or "đã có"}, "totals": {...}, "accounts": [(role, username,
    password, scope)], "seconds": float}.
    """
    started = time.monotonic()
    units = [find_province(name) for name in provinces]
    seed_user = _seed_user()
    today = timezone.localdate()
    result: dict = {"provinces": {}, "totals": defaultdict(int)}
    for unit in units:
        exists = Organization.all_objects.filter(
            unit=unit, kind=OK.MASS_MOBILIZATION, created_by=seed_user).exists()
        if exists:
            result["provinces"][unit.name] = "đã có"
            if stdout is not None:
                stdout.write(f"{unit.name}: dữ liệu mẫu đã có, bỏ qua.\n")
            continue
        t0 = time.monotonic()
        with transaction.atomic():
            counts = _ProvinceGenerator(unit, seed=seed, per_commune=per_commune, seed_user=seed_user,
                                        today=today).generate()
        result["provinces"][unit.name] = counts
        for key, value in counts.items():
            result["totals"][key] += value
        if stdout is not None:
            stdout.write(
                f"{unit.name}: {vn_number(counts['organizations'])} tổ chức, {vn_number(counts['initiatives'])} "
                f"mô hình, "
                f"{vn_number(counts['exemplars'])} điển hình, {vn_number(counts['progress_updates'])} cập nhật tiến độ "
                f"({time.monotonic() - t0:.1f} giây)\n")
    with transaction.atomic():
        result["accounts"] = ensure_accounts(units, seed_user)
    with transaction.atomic():
        result["rounds"] = _demo_rounds(units[0])
    result["totals"] = dict(result["totals"])
    result["seconds"] = time.monotonic() - started
    return result
