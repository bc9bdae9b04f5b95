"""The national-scale data set for load tests: every province and commune, ten years of the movement.

`generate_national()` writes, for all 34 provinces and all current communes: about 12 organisations per
commune (the commune's Party committee, People's Committee, Front, associations, police, military, a Party
cell, a school, a hamlet), about 1.3 million initiatives and 0.7 million exemplars over 2016–today (at
`scale=1`), each initiative with its full lifecycle history (the same paths as the demo), outcome indicators
and dated progress updates with indicator values (together about 8 million indicator and value rows). The
vocabulary, templates, lifecycle paths and status mix are the demo's (generators.demo); pre-2025 records are
kept against the historic communes, districts and provinces they were registered in.

Writing: this module makes content only. Every row goes through the registry's batch services
(initiatives.batch.RegistryBatch), the path of the importer and the demo: placement through the 2025 lineage,
the search and sort columns, the lifecycle steps (checked, with status, status date and registration date
following from them), the "last progress" dates, the counts and the audit are theirs. The whole seed is one
batch: one AuditBatch ("seed") with a line per record, no django-auditlog entries. For speed the ids of the
records other records point to are reserved ahead (core.bulk.ReservedIds), rows are handed over a province at
a time, and the big tables' secondary indexes are built once at the end (core.bulk.BulkLoad).

Idempotent: every generated organisation and record is created by the inactive marker account
NATIONAL_SEED_USERNAME; when it already owns organisations the generator refuses and says so. Provinces
that already hold the demo data (generators.demo) are skipped.
"""
from __future__ import annotations

import datetime
import decimal
import gc
import random
import string
import time
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from danvan.core.bulk import BulkLoad, ReservedIds
from danvan.core.models import AuditBatch, AuditBatchRecord
from danvan.generators import demo
from danvan.initiatives.batch import RegistryBatch
from danvan.initiatives.models import (
    Exemplar, ExemplarKind, Indicator, IndicatorValue, Initiative, InitiativeTransition, MeasureUnit,
    ProgressUpdate, Scope,
)
from danvan.organizations.models import Organization, OrganizationKind as OK
from danvan.territory.models import AdminUnit, UnitKind, UnitLevel

NATIONAL_SEED_USERNAME = "du_lieu_quoc_gia"
INITIATIVES = 1_300_000  # at scale 1
EXEMPLARS = 700_000
PROVINCE_SHARE = 0.02  # of the initiatives: registered by province-level bodies
DISTRICT_SHARE = 0.005  # registered by pre-2025 district bodies
MAX_REPORTS = 5  # progress updates per initiative, at most
FIRST_YEAR = demo.FIRST_YEAR

D, R, I, V, G, N, S, C = demo.D, demo.R, demo.I, demo.V, demo.G, demo.N, demo.S, demo.C
MU = MeasureUnit
# The tables the load fills: their secondary indexes are built once, after it.
BIG_MODELS = (Initiative, InitiativeTransition, Indicator, ProgressUpdate, IndicatorValue, Exemplar, AuditBatchRecord)
CHUNK = 20_000  # rows handed to the batch services at once


class NationalDataError(RuntimeError):
    """The national data set cannot be generated (territory missing, already generated...)."""


# ---------------------------------------------------------------------------------------------
# Text: templates formatted into pieces
# ---------------------------------------------------------------------------------------------
class _Text:
    """Formats templates into pieces (a title is changed piece by piece before it is joined)."""

    def __init__(self):
        self._parsed: dict[str, list] = {}

    def pieces(self, template: str, ctx: dict) -> list[str]:
        parsed = self._parsed.get(template)
        if parsed is None:
            parsed = [(lit, name) for lit, name, _spec, _conv in string.Formatter().parse(template)]
            self._parsed[template] = parsed
        out = []
        for lit, name in parsed:
            if lit:
                out.append(lit)
            if name is not None:
                out.append(ctx[name])
        return out

def _upper_first(pieces: list[str]) -> list[str]:
    first = pieces[0]
    return [first[0].upper() + first[1:], *pieces[1:]] if first else pieces


def _vn(n: int) -> str:
    return f"{n:,}".replace(",", ".")


# ---------------------------------------------------------------------------------------------
# Values in whole steps: 0.1 for km/ha, 1 đ for VND, 1 otherwise
# ---------------------------------------------------------------------------------------------
def _amount_text(value: int, unit: str) -> str:
    if unit in demo._DECIMAL_UNITS:
        whole, tenth = divmod(value, 10)
        return _vn(whole) + (f",{tenth}" if tenth else "")
    return _vn(value)


_NUMBERS: dict = {}


def _db_number(value: int, unit: str) -> decimal.Decimal:
    key = (value, unit in demo._DECIMAL_UNITS)
    found = _NUMBERS.get(key)
    if found is None:
        if key[1]:
            whole, tenth = divmod(value, 10)
            found = decimal.Decimal(f"{whole}.{tenth}")
        else:
            found = decimal.Decimal(value)
        if len(_NUMBERS) < 100_000:
            _NUMBERS[key] = found
    return found



@dataclass
class _IndicatorSpec:
    name: str
    unit: str
    low: int = 0
    high: int = 0
    linked: tuple | None = None  # (index, [costs in millions])
    phrase: str = ""  # "hộ tham gia" (name in a sentence)
    word: str = ""  # the unit word, unless the name already says it


def _specs(tpl) -> list[_IndicatorSpec]:
    out = []
    for name, unit, *bounds in tpl.indicators:
        word = demo._UNIT_WORD.get(unit, "")
        if word and word != "đ" and word in name.lower():
            word = ""
        spec = _IndicatorSpec(name=name, unit=unit, phrase=name[0].lower() + name[1:], word=word)
        if isinstance(bounds[0], tuple):
            spec.linked = (bounds[0][1], bounds[0][2])
        else:
            spec.low, spec.high = bounds
        out.append(spec)
    return out


# ---------------------------------------------------------------------------------------------
# Territory and places
# ---------------------------------------------------------------------------------------------
@dataclass
class _Place:
    unit: AdminUnit
    level: str  # "commune" | "province" | "district"
    label: str = ""
    orgs: dict = field(default_factory=dict)  # kind -> (id, name)
    hamlets: list = field(default_factory=list)  # hamlet labels ("bản Nà Sản")
    predecessors: list = field(default_factory=list)  # historic units recorded here before 2025
    live: list = field(default_factory=list)  # (initiative id, field, year, unit id, org) for exemplars


def _say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text + "\n")
        if hasattr(stdout, "flush"):
            stdout.flush()



# ---------------------------------------------------------------------------------------------
# Exemplar templates (the demo's, as format strings): field -> kind -> [(org kind, name, achievements)]
# ---------------------------------------------------------------------------------------------
ECO, CUL, DEF, POL = demo.ECO, demo.CUL, demo.DEF, demo.POL
IND, COL = ExemplarKind.INDIVIDUAL, ExemplarKind.COLLECTIVE
EXEMPLAR_TEMPLATES = {
    (ECO, IND): [
        (OK.FARMERS, "{person}, hội viên Hội Nông dân {label}",
         "Mạnh dạn chuyển {a} ha đất kém hiệu quả sang trồng {crop}, thu nhập {money} đ/năm; hướng dẫn {b} hộ "
         "trong {where} làm theo, giúp {c} hộ thoát nghèo."),
        (OK.VETERANS, "{person}, Cựu chiến binh {where}",
         "Làm kinh tế giỏi, tạo việc làm cho {b} lao động; cho {c} hội viên vay {money} đ không lãi.")],
    (CUL, IND): [
        (OK.FATHERLAND_FRONT, "{person}, người có uy tín {where}",
         "Vận động {b} hộ bỏ tục lệ lạc hậu trong việc cưới, việc tang; đóng góp {money} đ và {c} ngày công "
         "xây nhà văn hoá."),
        (OK.WOMEN, "{woman}, Chi hội trưởng Phụ nữ {where}",
         "Duy trì tổ tiết kiệm {b} thành viên, vận động {c} hộ phân loại rác tại nguồn.")],
    (DEF, IND): [
        (OK.POLICE, "{person}, Công an {label}",
         "Bám địa bàn, hoà giải thành {b} vụ mâu thuẫn; vận động người dân giao nộp {a} khẩu súng tự chế."),
        (OK.MILITARY, "{person}, Chỉ huy trưởng Ban Chỉ huy Quân sự {label}",
         "Chỉ huy dân quân góp {big} ngày công giúp dân khắc phục hậu quả mưa lũ.")],
    (POL, IND): [
        (OK.PARTY_COMMITTEE, "{person}, Bí thư Chi bộ {where}",
         "Nhiều năm liền chi bộ hoàn thành xuất sắc nhiệm vụ; giới thiệu {a} quần chúng ưu tú được kết nạp Đảng; "
         "gương mẫu hiến {big} m² đất làm đường."),
        (OK.PEOPLES_COMMITTEE, "{person}, công chức Văn phòng – Thống kê {label}",
         "Tiếp nhận, giải quyết {files} hồ sơ, không có hồ sơ trễ hẹn; thực hiện “xin lỗi dân khi trễ hẹn”.")],
    (ECO, COL): [
        (OK.FARMERS, "Chi hội Nông dân {where}",
         "{b} hộ hội viên liên kết sản xuất {crop}, doanh thu {revenue} đ/năm.")],
    (CUL, COL): [
        (OK.WOMEN, "Chi hội Phụ nữ {where}",
         "Xây dựng mô hình “5 không, 3 sạch”, {big} hộ đạt tiêu chí; trao {c} suất quà cho học sinh nghèo."),
        (OK.YOUTH, "Chi đoàn thanh niên {where}", "Thắp sáng {a} km đường quê, góp {big} ngày công làm đường.")],
    (DEF, COL): [
        (OK.POLICE, "Tổ tự quản an ninh trật tự {where}",
         "Cung cấp {b} tin báo giúp công an xử lý vụ việc; {a} năm liền khu dân cư không có tội phạm.")],
    (POL, COL): [
        (OK.PEOPLES_COMMITTEE, "Bộ phận Tiếp nhận và trả kết quả {label}",
         "Giải quyết {files} hồ sơ đúng hạn, mức độ hài lòng của người dân đạt {pct}%."),
        (OK.FATHERLAND_FRONT, "Ban công tác Mặt trận {where}",
         "Vận động {revenue} đ xây {a} nhà đại đoàn kết; hoà giải thành {c} vụ việc.")],
}
LINKED_EXEMPLAR = ("Nòng cốt thực hiện mô hình: đóng góp {big} ngày công, vận động {b} hộ tham gia, được {org} "
                   "đề nghị biểu dương.")


def _cum(weights) -> list[float]:
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return out


# ---------------------------------------------------------------------------------------------
# Rows of one province, handed to the batch services
# ---------------------------------------------------------------------------------------------
class _Rows:
    """The rows generated for one province, as the batch services take them ({attname: value}), written in the
    order the records point to each other: organisations, initiatives, their indicators and progress, exemplars."""

    def __init__(self):
        self.organizations: list[dict] = []
        self.initiatives: list[dict] = []
        self.indicators: list[dict] = []
        self.progress: list[dict] = []
        self.exemplars: list[dict] = []

    def write(self, batch: RegistryBatch) -> None:
        for rows, service in ((self.organizations, batch.create_organizations),
                              (self.initiatives, batch.register_initiatives),
                              (self.indicators, batch.add_indicators),
                              (self.progress, batch.record_progress),
                              (self.exemplars, batch.create_exemplars)):
            for i in range(0, len(rows), CHUNK):
                service(rows[i:i + CHUNK])
            rows.clear()


# ---------------------------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------------------------
class _Generator:
    def __init__(self, *, scale: float, seed: int, today: datetime.date, user_id: int, stdout):
        self.scale = scale
        self.seed = seed
        self.today = today
        self.today_ord = today.toordinal()
        self.user_id = user_id
        self.rows = _Rows()
        self.stdout = stdout
        self.text = _Text()
        self.years = list(range(FIRST_YEAR, today.year + 1))
        self.day_cache: dict[int, datetime.date] = {}
        # Ids of the records others point to (parents, owners, originals, indicators), taken before they are written.
        self.ids = {model: ReservedIds(model) for model in (Organization, Initiative, Indicator)}
        self.counts = dict.fromkeys(("organizations", "initiatives", "transitions", "indicators",
                                     "progress_updates", "indicator_values", "exemplars", "replications"), 0)
        self.specs = {t.key: _specs(t) for t in demo.TEMPLATES}
        self._template_pools: dict = {}
        self._reasons: dict = {}
        # Year weights as in the demo (more each year; the current year pro rata).
        weights = [5 + 1.2 * (y - FIRST_YEAR) for y in self.years]
        if len(self.years) > 1:
            weights[-1] *= max(0.3, today.timetuple().tm_yday / 365)
        self.year_cum = _cum(weights)
        self.year_cum_2024 = _cum([w for y, w in zip(self.years, weights) if y <= 2024])
        self.years_2024 = [y for y in self.years if y <= 2024] or [FIRST_YEAR]
        self.status_mix = {age: (list(mix), _cum(mix.values())) for age, mix in demo.STATUS_MIX.items()}
        self.paths = {st: ([p for p, _ in paths], _cum([w for _, w in paths])) for st, paths in demo.PATHS.items()}

    # -- helpers --------------------------------------------------------------------------------
    def next_id(self, model) -> int:
        return self.ids[model]()

    def iso(self, ordinal: int) -> datetime.date:
        day = self.day_cache.get(ordinal)
        if day is None:
            day = self.day_cache[ordinal] = datetime.date.fromordinal(ordinal)
        return day

    def stamp(self, ordinal: int) -> datetime.datetime:
        """A working-hours time (07:00–16:59 in Việt Nam) of that day, in UTC."""
        hour, minute = divmod(int(self.rng.random() * 600), 60)
        day = self.iso(ordinal)
        return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=datetime.timezone.utc)

    def pick_year(self, before_2025: bool = False) -> int:
        if before_2025:
            return self.rng.choices(self.years_2024, cum_weights=self.year_cum_2024)[0]
        return self.rng.choices(self.years, cum_weights=self.year_cum)[0]

    def template_pool(self, year: int, individual: bool, level: str):
        key = (self.region, year, individual, level != "commune")
        pool = self._template_pools.get(key)
        if pool is None:
            tpls = [t for t in demo.TEMPLATES
                    if (t.scope == Scope.INDIVIDUAL) == individual and t.min_year <= year <= t.max_year
                    and t.region in (None, self.region)]
            if level != "commune":
                tpls = [t for t in tpls if t.key not in ("xin_loi", "to_tu_quan", "vang_ma")] or tpls
            pool = self._template_pools[key] = (tpls, _cum([t.weight for t in tpls]))
        return pool

    def org(self, kind: str, name: str | list[str], unit: AdminUnit, parent: tuple | None = None) -> tuple:
        """Queue an organisation (name as text or as pieces); returns (id, name)."""
        pk = self.next_id(Organization)
        name = (name if isinstance(name, str) else "".join(name))[:200]
        created = self.stamp(datetime.date(FIRST_YEAR, 1, 4).toordinal())
        self.rows.organizations.append({
            "id": pk, "kind": kind, "name": name, "parent_id": parent[0] if parent else None, "unit_id": unit.pk,
            "created_at": created, "updated_at": created, "created_by_id": self.user_id})
        self.counts["organizations"] += 1
        return pk, name

    def historic_org(self, old: AdminUnit, kind: str, place: _Place) -> tuple:
        """The body a pre-2025 unit had (as in the demo), created on first use."""
        if kind not in demo.HISTORIC_KINDS:
            kind = OK.PEOPLES_COMMITTEE
        key = (old.pk, kind)
        found = self.historic.get(key)
        if found is not None:
            return found
        label = demo.unit_label(old)
        commune_level = old.level == UnitLevel.COMMUNE
        parent_unit = self.units.get(old.parent_id) if old.parent_id else None
        if commune_level and parent_unit is not None:
            rest = [", ", demo.unit_label(parent_unit), " (cũ)"]
        elif old.level == UnitLevel.DISTRICT and old.province_id and old.province_id != old.pk:
            rest = [", ", demo.unit_label(self.units[old.province_id]), " (cũ)"]
        else:
            rest = [" (cũ)"]
        where = [label, *rest]
        prefixes = {
            OK.PEOPLES_COMMITTEE: "Uỷ ban nhân dân ", OK.FATHERLAND_FRONT: "Uỷ ban MTTQ Việt Nam ",
            OK.FARMERS: "Hội Nông dân ", OK.WOMEN: "Hội Liên hiệp Phụ nữ ", OK.YOUTH: "Đoàn TNCS Hồ Chí Minh ",
            OK.VETERANS: "Hội Cựu chiến binh ", OK.POLICE: "Công an ",
        }
        if kind == OK.PARTY_COMMITTEE:
            name = ["Đảng uỷ ", *where] if commune_level else ["Ban Dân vận ", demo._party_body(old), *rest]
        else:
            name = [prefixes[kind], *where]
        org_kind = kind if commune_level or kind != OK.PARTY_COMMITTEE else OK.MASS_MOBILIZATION
        parent = place.orgs.get(kind) if place.level == "commune" else (
            self.top.get(org_kind) or self.top[OK.FATHERLAND_FRONT])
        found = self.historic[key] = (*self.org(org_kind, name, old, parent), org_kind)
        return found

    # -- places ---------------------------------------------------------------------------------
    def build_places(self, p: AdminUnit) -> None:
        rng = self.rng
        where = demo.unit_label(p)
        top = demo.province_bodies(p, self.org)
        mf = top[OK.FATHERLAND_FRONT]
        self.top = top
        self.province_place = _Place(unit=p, level="province", label=where, orgs=top,
                                     predecessors=self.old_provinces.get(p.pk, []))
        self.communes = []
        hamlet_pool, hamlet_word = {"north": (demo.NORTH_HAMLETS, "Bản"), "south": (demo.SOUTH_HAMLETS, "Ấp")}.get(
            self.region, (demo.PLAIN_HAMLETS, "Thôn"))
        schools = {"north": demo.NORTH_SCHOOLS, "south": demo.SOUTH_SCHOOLS}.get(self.region, demo.PLAIN_SCHOOLS)
        for unit in self.communes_of.get(p.pk, []):
            label = demo.unit_label(unit)
            place = _Place(unit=unit, level="commune", label=label, predecessors=self.old_communes.get(unit.pk, []))
            o = place.orgs
            o[OK.PARTY_COMMITTEE] = self.org(OK.PARTY_COMMITTEE, ["Đảng uỷ ", label], unit, top[OK.PARTY_COMMITTEE])
            o[OK.PEOPLES_COMMITTEE] = self.org(OK.PEOPLES_COMMITTEE, ["Uỷ ban nhân dân ", label], unit,
                                               top[OK.PEOPLES_COMMITTEE])
            o[OK.FATHERLAND_FRONT] = self.org(OK.FATHERLAND_FRONT, ["Uỷ ban MTTQ Việt Nam ", label], unit, mf)
            o[OK.FARMERS] = self.org(OK.FARMERS, ["Hội Nông dân ", label], unit, top[OK.FARMERS])
            o[OK.WOMEN] = self.org(OK.WOMEN, ["Hội Liên hiệp Phụ nữ ", label], unit, top[OK.WOMEN])
            o[OK.YOUTH] = self.org(OK.YOUTH, ["Đoàn TNCS Hồ Chí Minh ", label], unit, top[OK.YOUTH])
            o[OK.VETERANS] = self.org(OK.VETERANS, ["Hội Cựu chiến binh ", label], unit, top[OK.VETERANS])
            o[OK.POLICE] = self.org(OK.POLICE, ["Công an ", label], unit, top[OK.POLICE])
            o[OK.MILITARY] = self.org(OK.MILITARY, ["Ban Chỉ huy Quân sự ", label], unit, top[OK.MILITARY])
            if unit.kind == UnitKind.WARD:
                word = "Khu vực" if self.region == "south" else "Tổ dân phố"
                names = [f"{word} {i}" for i in range(1, rng.randint(3, 5) + 1)]
            else:
                names = [f"{hamlet_word} {n}" for n in rng.sample(hamlet_pool, rng.randint(3, 5))]
            place.hamlets = [n[0].lower() + n[1:] for n in names]
            o[OK.HAMLET] = self.org(OK.HAMLET, [names[0], " (", label, ")"], unit, o[OK.PEOPLES_COMMITTEE])
            o[OK.PARTY_CELL] = self.org(OK.PARTY_CELL, ["Chi bộ ", place.hamlets[0], " (", label, ")"], unit,
                                        o[OK.PARTY_COMMITTEE])
            o[OK.SCHOOL] = self.org(OK.SCHOOL, rng.choice(schools).format(s=unit.short_name), unit,
                                    o[OK.PEOPLES_COMMITTEE])
            self.communes.append(place)
        self.districts = [_Place(unit=d, level="district", label=demo.unit_label(d))
                          for d in self.districts_of.get(p.pk, [])]

    # -- lifecycle ------------------------------------------------------------------------------
    def plan_lifecycle(self, year: int) -> list[tuple[str, int]]:
        rng = self.rng
        statuses, cum = self.status_mix[min(self.today.year - year, 2)]
        target = rng.choices(statuses, cum_weights=cum)[0]
        paths, pcum = self.paths[target]
        path = rng.choices(paths, cum_weights=pcum)[0]
        start = datetime.date(year, 1, 2).toordinal() + rng.randint(0, 110)
        if start > self.today_ord:
            first = datetime.date(year, 1, 1).toordinal()
            start = first + rng.randint(0, max(self.today_ord - first, 0))
        steps = [(path[0], start)]
        day = start
        gaps = demo.GAPS
        for a, b in zip(path, path[1:]):
            lo, hi = gaps[(a, b)]
            day += rng.randint(lo, hi)
            if day > self.today_ord:
                break
            steps.append((b, day))
        return steps

    def reason(self, prev: str, status: str, day: int, year: int, level: str) -> str:
        """The demo's reasons (demo._ProvinceGenerator.reason_for), cached."""
        if status == D:
            return "Tạo mới"
        if status == R:
            return self._cached(("r", year), lambda: f"Đăng ký mô hình “Dân vận khéo” năm {year}")
        if status == I:
            return {S: "Tiếp tục thực hiện sau thời gian tạm dừng",
                    V: "Tiếp tục thực hiện sau sơ kết, mở rộng phạm vi"}.get(prev, "Triển khai thực hiện theo kế hoạch")
        date = datetime.date.fromordinal(day)
        if status == V:
            if date.month <= 2:
                return self._cached(("v", date.year - 1), lambda: f"Tổng kết năm {date.year - 1}, đánh giá hiệu quả mô hình")
            if date.month <= 5:
                return "Sơ kết, đánh giá kết quả bước đầu của mô hình"
            if date.month <= 8:
                return self._cached(("v6", date.year), lambda: f"Sơ kết 6 tháng đầu năm {date.year}")
            return self._cached(("v", date.year), lambda: f"Tổng kết năm {date.year}, đánh giá hiệu quả mô hình")
        rng = self.rng
        if status == G:
            lvl = "cấp tỉnh" if level == "province" or rng.random() < 0.25 else "cấp xã"
            return self._cached(("g", lvl, date.year),
                                lambda: f"Được công nhận mô hình “Dân vận khéo” tiêu biểu {lvl} năm {date.year}")
        if status == S:
            if datetime.date(2020, 3, 1) <= date <= datetime.date(2021, 12, 31):
                return demo.REASONS["covid"]
            if datetime.date(2025, 3, 1) <= date <= datetime.date(2025, 10, 31):
                return demo.REASONS["merger"]
            return rng.choice(demo.REASONS[S])
        if status == N:
            return rng.choice(demo.REASONS[N])
        if status == C:
            return rng.choice(demo.REASONS.get((prev, C), demo.REASONS[(I, C)]))
        return ""

    def _cached(self, key, make) -> str:
        text = self._reasons.get(key)
        if text is None:
            text = self._reasons[key] = make()
        return text

    # -- initiatives ----------------------------------------------------------------------------
    def make_initiative(self, place: _Place, individual: bool | None = None) -> None:
        rng = self.rng
        random_ = rng.random
        year = self.pick_year(before_2025=place.level == "district")
        if individual is None:
            individual = place.level == "commune" and random_() < 0.18
        tpls, cum = self.template_pool(year, individual, place.level)
        tpl = rng.choices(tpls, cum_weights=cum)[0]

        hamlet = rng.choice(place.hamlets) if place.hamlets else ""
        if place.level == "district":
            unit = place.unit
            kind = rng.choice((OK.PARTY_COMMITTEE, OK.FATHERLAND_FRONT, rng.choice(tpl.kinds)))
            org_id, org_name, _k = self.historic_org(unit, kind, place)
            label = place.label
        else:
            kinds = [k for k in tpl.kinds if k in place.orgs] or [OK.FATHERLAND_FRONT]
            kind = rng.choice(kinds)
            if year <= 2024 and place.predecessors and random_() < (0.2 if place.level == "commune" else 0.45):
                unit = rng.choice(place.predecessors)
                org_id, org_name, _k = self.historic_org(unit, kind, place)
                label = demo.unit_label(unit)
                hamlet = ""
            else:
                unit = place.unit
                org_id, org_name = place.orgs.get(kind) or place.orgs[OK.FATHERLAND_FRONT]
                label = place.label
        hamlet = hamlet or label
        person = demo.person_name(rng, self.region, female=True if OK.WOMEN in tpl.kinds else None)
        female = demo.is_female(person)
        ctx = {"hamlet": hamlet, "place": label, "crop": rng.choice(self.crops), "person": person, "org": org_name,
               "area": str(rng.randint(2, 15)), "sir": "Bà" if female else "Ông", "teacher": "Cô" if female else "Thầy"}

        T = self.text
        raw = rng.choice(tpl.titles)
        title = T.pieces(raw, ctx)
        if "{" not in raw:
            r = random_()
            if r < 0.45:
                if place.level == "province":
                    title += [" trên địa bàn ", label]
                else:
                    title += [" ở " if random_() < 0.5 else " tại ", hamlet if random_() < 0.5 else label]
            elif r < 0.45 + 0.55 * 0.25:
                title = title + [f" năm {year}"] if random_() < 0.5 else ["Mô hình “", *title, "”"]
        title = _upper_first(title)

        steps = self.plan_lifecycle(year)
        status = steps[-1][0]
        implementing = [d for s, d in steps if s == I]
        pk = self.next_id(Initiative)

        # Indicators and their targets (demo.make_targets), in whole steps.
        specs = self.specs[tpl.key]
        targets = []
        for spec in specs:
            if spec.linked is not None:
                idx, costs = spec.linked
                targets.append(targets[idx] * rng.choice(costs) * 1_000_000)
            elif spec.unit == MU.VND:
                targets.append(rng.randint(spec.low, spec.high) * 1_000_000)
            elif spec.unit in demo._DECIMAL_UNITS:
                targets.append(rng.randint(spec.low * 10, spec.high * 10))
            else:
                targets.append(rng.randint(spec.low, spec.high))
        goal_parts = "; ".join(
            f"{s.phrase}: {_amount_text(t, s.unit)}{' ' + s.word if s.word else ''}" for s, t in zip(specs, targets))
        goals = f"{tpl.goal.format(**ctx)} Chỉ tiêu đến hết năm {year}: {goal_parts}."

        owner = f"Cá nhân thuộc {org_name}." if individual else f"{org_name} chủ trì thực hiện."
        description = [*T.pieces(tpl.desc, ctx), " ", owner, " ", rng.choice(demo.GENERIC_DESCRIPTION_ENDINGS)]
        replicates = None
        if not individual and place.level == "commune" and random_() < 0.05:
            sources = self.recognised.get(tpl.key)
            if sources:
                src = rng.choice(sources)
                if src[3] < year and src[4] != place.unit.pk:
                    replicates = src[0]
                    description += [" Nhân rộng từ mô hình “", src[1], "” của ", src[2],
                                    f", được công nhận năm {src[3]}."]
                    self.counts["replications"] += 1

        created_ord = steps[0][1]
        created = self.stamp(created_ord)
        self.progress(pk, status, steps, specs, targets, tpl, ctx, created)

        # The steps after the creation as a draft, dated and reasoned: the batch checks them against the lifecycle
        # and derives the status, its date and the registration date from them.
        prev = D
        reasoned = []
        for st, day in steps[1:]:
            reasoned.append((st, self.iso(day), self.reason(prev, st, day, year, place.level), self.stamp(day)))
            prev = st
        self.counts["transitions"] += len(steps)

        title_text = "".join(title)
        start = implementing[0] if implementing else steps[0][1] + 30
        self.rows.initiatives.append({
            "id": pk, "title": title_text[:300], "field": tpl.field, "scope": tpl.scope, "organization_id": org_id,
            "year": year, "description": "".join(description), "goals": goals, "start_date": self.iso(start),
            "replicates_id": replicates, "unit_id": unit.pk, "created_at": created,
            "updated_at": self.stamp(steps[-1][1]), "created_by_id": self.user_id,
            "created_on": self.iso(created_ord), "steps": reasoned})
        self.counts["initiatives"] += 1
        if status in (G, C) and G in [s for s, _ in steps] and not individual and place.level == "commune":
            sources = self.recognised.setdefault(tpl.key, [])
            recognised_year = datetime.date.fromordinal(next(d for s, d in steps if s == G)).year
            entry = (pk, title_text, org_name, recognised_year, place.unit.pk)
            if len(sources) < 40:
                sources.append(entry)
            else:
                sources[rng.randrange(40)] = entry
        if status in (I, V, G, C) and place.level != "district":
            place.live.append((pk, tpl.field, year, unit, org_id, org_name, kind, title_text))

    def progress(self, pk, status, steps, specs, targets, tpl, ctx, created) -> int | None:
        """Indicators, progress updates and values (demo.build_progress, at most MAX_REPORTS reports)."""
        rng = self.rng
        indicator_ids = []
        for spec, target in zip(specs, targets):
            iid = self.next_id(Indicator)
            indicator_ids.append(iid)
            self.rows.indicators.append({
                "id": iid, "initiative_id": pk, "name": spec.name, "measure_unit": spec.unit,
                "target": _db_number(target, spec.unit), "created_at": created, "updated_at": created,
                "created_by_id": self.user_id})
        self.counts["indicators"] += len(specs)
        statuses = [s for s, _ in steps]
        if I not in statuses:
            return None
        first_i = next(d for s, d in steps if s == I)
        last_i = max(n for n, (s, _) in enumerate(steps) if s == I)
        end = self.today_ord
        for s, d in steps[last_i + 1:]:
            if s in (S, N, C):
                end = d
                break
        if status == G:
            end = min(self.today_ord, steps[-1][1] + 365)
        elif status == V:
            end = min(self.today_ord, steps[-1][1] + 200)
        year = datetime.date.fromordinal(steps[0][1]).year
        stale = status == I and year < self.today.year and rng.random() < 0.3
        if stale:  # the seeds' complaint: still "implementing" on paper, nobody reports any more
            end = self.today_ord - rng.randint(100, 420)
        window = end - first_i
        if window < 7:
            return None
        k = 1 if status == N else rng.randint(1, max(1, min(MAX_REPORTS, window // 90 + 1)))
        days = sorted(first_i + rng.randint(7, window) for _ in range(k))
        if status == I and not stale and end == self.today_ord:  # live initiatives report regularly
            days[-1] = max(days[-1], self.today_ord - rng.randint(3, 80))
        lo, hi = {G: (1.0, 1.3), V: (0.6, 1.1), I: (0.2, 0.9), S: (0.1, 0.5), N: (0.0, 0.15),
                  C: (1.0, 1.3) if G in statuses else (0.3, 1.0)}[status]
        f = rng.uniform(lo, hi)
        weights = [rng.random() + 0.3 for _ in days]
        wsum = sum(weights)
        parts_by_indicator = []
        for spec, target in zip(specs, targets):
            if spec.linked is not None:  # value = linked indicator's value × cost per unit
                idx = spec.linked[0]
                cost = target // targets[idx] if targets[idx] else 0
                parts_by_indicator.append([v * cost for v in parts_by_indicator[idx]])
                continue
            step = 100_000 if spec.unit == MU.VND else 1
            units = int(target * f) // step
            parts = [int(units * w / wsum) for w in weights]
            parts[-1] += units - sum(parts)
            parts_by_indicator.append([p * step for p in parts])
        activities = tpl.activities or demo.GENERIC_ACTIVITIES
        for n, day in enumerate(days):
            activity = rng.choice(activities + demo.GENERIC_ACTIVITIES[:2])
            if "{" in activity:
                activity = activity.format(**ctx)
            date = datetime.date.fromordinal(day)
            results = []
            values = {}
            for spec, iid, parts in zip(specs, indicator_ids, parts_by_indicator):
                value = parts[n]
                if value > 0:
                    results.append(f"{spec.phrase}: {_amount_text(value, spec.unit)}"
                                   f"{' ' + spec.word if spec.word else ''}")
                    values[iid] = _db_number(value, spec.unit)
            self.counts["indicator_values"] += len(results)
            text = f"Tháng {date.month:02d}/{date.year}: {activity}."
            text += (" Kết quả trong kỳ: " + "; ".join(results) + ".") if results else (
                " Chưa phát sinh kết quả định lượng trong kỳ.")
            stamp = self.stamp(day)
            self.rows.progress.append({"initiative_id": pk, "date": date, "text": text, "created_at": stamp,
                                       "updated_at": stamp, "created_by_id": self.user_id, "values": values})
        self.counts["progress_updates"] += len(days)
        return days[-1]

    # -- exemplars ------------------------------------------------------------------------------
    def make_exemplar(self, place: _Place) -> None:
        rng = self.rng
        random_ = rng.random
        fld = rng.choices(self.ex_fields, cum_weights=self.ex_field_cum)[0]
        kind = IND if random_() < 0.65 else COL
        year = self.pick_year(before_2025=place.level == "district")
        linked = None
        if place.live and random_() < 0.45:
            candidate = place.live[rng.randrange(len(place.live))]
            if candidate[1] == fld and candidate[2] <= year:
                linked = candidate
        hamlet = rng.choice(place.hamlets) if place.hamlets else ""
        unit, org = place.unit, None
        if linked is not None:
            unit = linked[3]
            org = (linked[4], linked[5], linked[6])
        elif place.level == "commune" and year <= 2024 and place.predecessors and random_() < 0.2:
            unit = rng.choice(place.predecessors)
        label = place.label if unit is place.unit else demo.unit_label(unit)
        where = f"{hamlet}, {label}" if hamlet and unit is place.unit else label
        n = rng.randint
        ctx = {"person": demo.honorific(demo.person_name(rng, self.region)),
               "woman": demo.honorific(demo.person_name(rng, self.region, female=True)),
               "label": label, "where": where, "crop": rng.choice(self.crops),
               "a": str(n(1, 6)), "b": str(n(5, 60)), "c": str(n(1, 25)), "big": str(n(50, 400)),
               "money": _vn(n(2, 60) * 1_000_000), "revenue": _vn(n(200, 3000) * 1_000_000),
               "files": _vn(n(300, 8000)), "pct": str(n(90, 99))}
        options = EXEMPLAR_TEMPLATES[(fld, kind)]
        if org is not None:
            options = [o for o in options if o[0] == org[2]] or [
                (org[2], "{org}" if kind == COL else "{person}, {org}", LINKED_EXEMPLAR)]
            ctx["org"] = org[1]
        org_kind, name_tpl, ach_tpl = rng.choice(options)
        if org is None:
            if unit.historic:
                org = self.historic_org(unit, org_kind, place)
            else:
                org = (*(place.orgs.get(org_kind) or place.orgs.get(OK.FATHERLAND_FRONT)
                         or self.top[OK.FATHERLAND_FRONT]), org_kind)
            ctx["org"] = org[1]
        T = self.text
        if place.level != "commune":  # province and district bodies: name the body itself
            name_tpl = "{org}" if kind == COL else ("{woman}, cán bộ {org}" if org_kind == OK.WOMEN
                                                     else "{person}, cán bộ {org}")
        name = _upper_first(T.pieces(name_tpl, ctx))
        achievements = T.pieces(ach_tpl, ctx)
        if linked is not None:
            achievements += [" Gắn với mô hình “", linked[7], "”."]
            year = max(year, linked[2])
        if year < self.today.year:
            day = datetime.date(year, n(6, 12), n(1, 28)).toordinal()
        else:
            day = max(datetime.date(year, 1, 1).toordinal(), self.today_ord - n(0, 120))
        stamp = self.stamp(day)
        name_text = "".join(name)[:300]
        self.rows.exemplars.append({
            "name": name_text, "kind": kind, "field": fld, "organization_id": org[0],
            "achievements": "".join(achievements), "year": year, "initiative_id": linked[0] if linked else None,
            "unit_id": unit.pk, "created_at": stamp, "updated_at": stamp, "created_by_id": self.user_id})
        self.counts["exemplars"] += 1

    # -- run ------------------------------------------------------------------------------------
    def load_territory(self) -> list[AdminUnit]:
        units = {u.pk: u for u in AdminUnit.objects.all()}
        self.units = units
        self.communes_of: dict = {}
        self.old_communes: dict = {}
        self.districts_of: dict = {}
        self.old_provinces: dict = {}
        for u in sorted(units.values(), key=lambda u: (u.level, u.code, u.pk)):
            if not u.historic and u.level == UnitLevel.COMMUNE and u.province_id:
                self.communes_of.setdefault(u.province_id, []).append(u)
            elif u.historic and u.successor_id and u.successor_id in units:
                successor = units[u.successor_id]
                if successor.historic:
                    continue
                if u.level == UnitLevel.COMMUNE and successor.level == UnitLevel.COMMUNE:
                    self.old_communes.setdefault(successor.pk, []).append(u)
                elif u.level == UnitLevel.DISTRICT:
                    province_id = successor.pk if successor.level == UnitLevel.PROVINCE else successor.province_id
                    self.districts_of.setdefault(province_id, []).append(u)
                elif u.level == UnitLevel.PROVINCE and successor.level == UnitLevel.PROVINCE and u.code != successor.code:
                    self.old_provinces.setdefault(successor.pk, []).append(u)
        return sorted((u for u in units.values() if not u.historic and u.level == UnitLevel.PROVINCE),
                      key=lambda u: u.code)

    def run(self, provinces: list[AdminUnit], skip: set[int], batch: RegistryBatch) -> None:
        total_communes = sum(len(self.communes_of.get(p.pk, [])) for p in provinces) or 1
        total_districts = sum(len(self.districts_of.get(p.pk, [])) for p in provinces) or 1
        n_ini = INITIATIVES * self.scale
        n_ex = EXEMPLARS * self.scale
        per_commune = n_ini * (1 - PROVINCE_SHARE - DISTRICT_SHARE) / total_communes
        per_district = n_ini * DISTRICT_SHARE / total_districts
        per_province = n_ini * PROVINCE_SHARE / len(provinces)
        ex_per_commune = n_ex * 0.985 / total_communes
        ex_per_province = n_ex * 0.015 / len(provinces)
        self.ex_fields = list(demo.FIELD_WEIGHTS_EXEMPLAR)
        self.ex_field_cum = _cum(demo.FIELD_WEIGHTS_EXEMPLAR.values())
        started = time.monotonic()
        for number, p in enumerate(provinces, start=1):
            if p.pk in skip:
                _say(self.stdout, f"[{number}/{len(provinces)}] {p.name}: đã có dữ liệu mẫu (demo), bỏ qua.")
                continue
            t0 = time.monotonic()
            before = dict(self.counts)
            self.rng = random.Random(f"{self.seed}:national:{p.code}")
            self.region = demo.region_of(p)
            self.crops = {"north": demo.NORTH_CROPS, "south": demo.SOUTH_CROPS}.get(self.region, demo.PLAIN_CROPS)
            self.historic: dict = {}
            self.recognised: dict = {}
            self.build_places(p)
            rng = self.rng
            weights = [rng.uniform(0.5, 1.5) for _ in self.communes]  # busy and quiet communes, same total
            mean = sum(weights) / len(weights) if weights else 1
            places = [(c, w / mean) for c, w in zip(self.communes, weights)]
            for place, weight in places:
                for _ in range(_count(rng, per_commune * weight)):
                    self.make_initiative(place)
            for _ in range(_count(rng, per_province)):
                self.make_initiative(self.province_place, individual=False)
            for place in self.districts:
                for _ in range(_count(rng, per_district)):
                    self.make_initiative(place, individual=False)
            for place, weight in places:
                for _ in range(_count(rng, ex_per_commune * weight)):
                    self.make_exemplar(place)
            for _ in range(_count(rng, ex_per_province)):
                self.make_exemplar(self.province_place)
            generated = time.monotonic() - t0
            self.rows.write(batch)
            done = {k: self.counts[k] - before[k] for k in self.counts}
            _say(self.stdout, (
                f"[{number}/{len(provinces)}] {p.name}: {_vn(done['organizations'])} tổ chức, "
                f"{_vn(done['initiatives'])} mô hình, {_vn(done['exemplars'])} điển hình, "
                f"{_vn(done['indicator_values'])} giá trị chỉ tiêu ({generated:.1f} + "
                f"{time.monotonic() - t0 - generated:.1f} giây; tổng {time.monotonic() - started:.0f} giây)"))


def _count(rng: random.Random, mean: float) -> int:
    """A whole number with the given mean (floor, plus one with the fractional part's probability)."""
    whole = int(mean)
    return whole + (1 if rng.random() < mean - whole else 0)


def _seed_user():
    """The marker account that owns the seed (inactive, no password): a system account, not a person, so its
    creation is not an account change for the audit log (the seed's batch says who seeded)."""
    from auditlog.context import disable_auditlog

    User = get_user_model()
    with disable_auditlog():
        user, created = User.objects.get_or_create(
            username=NATIONAL_SEED_USERNAME, defaults={"first_name": "Dữ liệu quốc gia", "is_active": False})
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
    return user


def existing_counts(user) -> dict:
    return {
        "organizations": Organization.all_objects.filter(created_by=user).count(),
        "initiatives": Initiative.all_objects.filter(created_by=user).count(),
        "exemplars": Exemplar.all_objects.filter(created_by=user).count(),
    }


def generate_national(scale: float = 1.0, seed: int = demo.DEFAULT_SEED, stdout=None, accounts: bool = True) -> dict:
    """Generate the national data set (about 2 million initiatives and exemplars at scale 1) through the registry's
    batch services, as one audited batch.

    Refuses (NationalDataError) when the territory is missing or the data set was already generated.
    Returns {"counts": {...}, "seconds": float, "phases": {...}, "skipped_provinces": [...], "batch": AuditBatch}.
    """
    if scale <= 0:
        raise NationalDataError("Hệ số quy mô phải lớn hơn 0.")
    started = time.monotonic()
    if not AdminUnit.objects.provinces().exists() or not AdminUnit.objects.communes().exists():
        raise NationalDataError("Chưa có danh mục đơn vị hành chính. Hãy chạy `danvan load-units` trước.")
    user = _seed_user()
    if Organization.all_objects.filter(created_by=user).exists():
        have = existing_counts(user)
        raise NationalDataError(
            f"Dữ liệu quốc gia đã có ({demo.vn_number(have['initiatives'])} mô hình, "
            f"{demo.vn_number(have['exemplars'])} điển hình): không tạo thêm để tránh trùng lặp.")
    demo_user = get_user_model().objects.filter(username=demo.DEMO_SEED_USERNAME).first()
    skip = set()
    if demo_user is not None:
        skip = set(Organization.all_objects.filter(created_by=demo_user, kind=OK.MASS_MOBILIZATION)
                   .values_list("unit_id", flat=True))
    today = timezone.localdate()
    gen = _Generator(scale=scale, seed=seed, today=today, user_id=user.pk, stdout=stdout)
    provinces = gen.load_territory()
    phases = {}
    load = BulkLoad(BIG_MODELS)
    load.before()
    collecting = gc.isenabled()
    gc.disable()  # millions of short-lived rows, no cycles: the collector would only walk them again and again
    try:
        with transaction.atomic():
            load.start()
            t0 = time.monotonic()
            # recount: at this size one recount at the end is cheaper than adding up every chunk's cells.
            batch = RegistryBatch(action=AuditBatch.Action.SEED, today=today, recount=True,
                                  description=f"Dữ liệu quốc gia (hệ số {scale:g}, hạt giống {seed})")
            gen.run(provinces, skip, batch)
            logged = batch.finish()
            phases["rows"] = time.monotonic() - t0
            _say(stdout, f"Đã ghi dữ liệu trong {phases['rows']:.0f} giây; dựng lại chỉ mục…")
            t0 = time.monotonic()
            load.finish()
            phases["indexes"] = time.monotonic() - t0
    finally:
        if collecting:
            gc.enable()
        t0 = time.monotonic()
        load.after()
        phases["analyze"] = time.monotonic() - t0
    result = {"counts": dict(gen.counts), "phases": phases, "batch": logged,
              "skipped_provinces": [p.name for p in provinces if p.pk in skip]}
    if accounts:
        named = [demo.find_province(name) for name in demo.DEFAULT_PROVINCES
                 if AdminUnit.objects.provinces().filter(short_name=name).exists()] or provinces[:1]
        with transaction.atomic():
            result["accounts"] = demo.ensure_accounts(named, user)
    result["seconds"] = time.monotonic() - started
    return result
