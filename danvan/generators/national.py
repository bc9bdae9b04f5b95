"""The national-scale data set for load tests: every province and commune, ten years of the movement.

`generate_national()` writes, for all 34 provinces and all current communes: about 12 organisations per
commune (the commune's Party committee, People's Committee, Front, associations, police, military, a Party
cell, a school, a hamlet), about 1.3 million initiatives and 0.7 million exemplars over 2016–today (at
`scale=1`), each initiative with its full lifecycle history (InitiativeTransition, one row per step, the
same paths as the demo), outcome indicators and dated progress updates with indicator values (together
about 8 million indicator and value rows). The vocabulary, templates, lifecycle paths and status mix are
the demo's (initiatives.demo); pre-2025 records are kept against the historic communes, districts and
provinces they were registered in, and `commune`/`province` are resolved through the 2025 lineage.

Speed (a bulk generator, like the demo it bypasses the services): rows are built as tuples and written
with `executemany` on the raw sqlite3 cursor (one transaction, synchronous=OFF, rollback journal instead
of WAL during the load) or with COPY on PostgreSQL; secondary indexes, foreign keys (PostgreSQL) and the
search triggers (SQLite) of the big tables are dropped before the load and rebuilt after it. The search
columns are assembled from cached folded / sort-key pieces (folding is per character), which the tests
compare with core.text.fold / sort_key.

Idempotent: every generated organisation and record is created by the inactive marker account
NATIONAL_SEED_USERNAME; when it already owns organisations the generator refuses and says so. Provinces
that already hold the demo data (initiatives.demo) are skipped. No audit entries are written.
"""
from __future__ import annotations

import datetime
import random
import string
import time
import unicodedata
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from danvan.core import search
from danvan.core.text import sort_key
from danvan.generators import demo
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
BIG_MODELS = (Initiative, InitiativeTransition, Indicator, ProgressUpdate, IndicatorValue, Exemplar)


class NationalDataError(RuntimeError):
    """The national data set cannot be generated (territory missing, already generated...)."""


# ---------------------------------------------------------------------------------------------
# Text: pieces with their folded form and sort key, cached
# ---------------------------------------------------------------------------------------------
def _fold_piece(text: str) -> str:
    """core.text.fold without the whitespace collapse and trim (those act on the whole text)."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d").replace("Đ", "D").replace("ð", "d").replace("Ð", "D").casefold()


def _sort_parts(text: str) -> tuple[str, str]:
    """(primary, tones) of core.text.sort_key for a piece, keeping its edge spaces."""
    core = text.strip()
    lead, trail = len(text) - len(text.lstrip()), len(text) - len(text.rstrip())
    if not core:
        return "00" * len(text), "0" * len(text)
    key = sort_key(core, length=10**9)
    n = (len(key) - 1) // 3
    return "00" * lead + key[: 2 * n] + "00" * trail, "0" * lead + key[2 * n + 1:] + "0" * trail


class _Text:
    """Formats templates into pieces and assembles fold() and sort_key() of the result from cached pieces.

    Both functions work character by character, so fold(a + b) == fold(a) + fold(b) for text with single
    inner spaces and none at its ends (which template text has); tests compare with core.text.
    """

    def __init__(self):
        self._folded: dict[str, str] = {}
        self._sorted: dict[str, tuple[str, str]] = {}
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

    def fold(self, pieces) -> str:
        cache = self._folded
        out = []
        for p in pieces:
            f = cache.get(p)
            if f is None:
                if p.isascii():
                    f = p.lower()
                else:
                    f = cache[p] = _fold_piece(p)
            out.append(f)
        return "".join(out)

    def sort_key(self, pieces, length: int = 200) -> str:
        cache = self._sorted
        primary, tones = [], []
        for p in pieces:
            parts = cache.get(p)
            if parts is None:
                parts = cache[p] = _sort_parts(p)
            primary.append(parts[0])
            tones.append(parts[1])
        return ("".join(primary) + "0" + "".join(tones))[:length]


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


def _db_number(value: int, unit: str) -> str:
    if unit in demo._DECIMAL_UNITS:
        whole, tenth = divmod(value, 10)
        return f"{whole}.{tenth}"
    return str(value)


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


def _resolve(units: dict[int, AdminUnit], unit: AdminUnit) -> tuple[int | None, int | None]:
    """AdminUnit.current_commune_and_province() on the in-memory territory, as (commune id, province id)."""
    seen = set()
    while unit.historic and unit.successor_id and unit.pk not in seen:
        seen.add(unit.pk)
        unit = units[unit.successor_id]
    if unit.historic:
        return None, None
    if unit.level == UnitLevel.COMMUNE:
        return unit.pk, unit.province_id
    return None, unit.pk if unit.level == UnitLevel.PROVINCE else unit.province_id


# ---------------------------------------------------------------------------------------------
# Writers: SQLite executemany / PostgreSQL COPY, with the big tables' indexes rebuilt after the load
# ---------------------------------------------------------------------------------------------
def _columns(model, given: tuple[str, ...]) -> tuple[list[str], tuple]:
    """Column names for `given` attnames plus every other column, filled with its (constant) default."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    unknown = [name for name in given if name not in fields]
    if unknown:
        raise NationalDataError(f"{model.__name__}: không có cột {unknown}")
    rest, defaults = [], []
    for attname, f in fields.items():
        if attname in given:
            continue
        value = f.get_default() if f.has_default() else None
        if value is None and not f.null:
            raise NationalDataError(f"{model.__name__}.{attname}: cột mới chưa có giá trị trong bộ sinh dữ liệu")
        if not isinstance(value, (str, int, type(None))):
            raise NationalDataError(f"{model.__name__}.{attname}: giá trị mặc định không phải hằng số")
        rest.append(f.column)
        defaults.append(value)
    return [fields[name].column for name in given] + rest, tuple(defaults)


class _Writer:
    """Buffers rows per model and writes them in bulk; knows the engine-specific load tricks."""

    vendor = ""
    timestamp_suffix = ""

    def __init__(self, specs: dict):
        self.specs = {model: _columns(model, given) for model, given in specs.items()}
        self.rows: dict = {model: [] for model in specs}
        self.written: dict = {model: 0 for model in specs}

    def add(self, model, row: tuple) -> None:
        self.rows[model].append(row)

    def flush(self) -> None:
        for model, rows in self.rows.items():
            if rows:
                columns, defaults = self.specs[model]
                self.write(model._meta.db_table, columns, [r + defaults for r in rows] if defaults else rows)
                self.written[model] += len(rows)
                rows.clear()

    def write(self, table: str, columns: list[str], rows: list[tuple]) -> None:
        raise NotImplementedError

    def before(self) -> None:
        """Prepare the connection (outside the transaction)."""

    def start(self) -> None:
        """Inside the transaction, before the first row: drop what slows the load down."""

    def finish(self, stdout) -> None:
        """Inside the transaction, after the last row: rebuild what `start()` dropped."""

    def after(self) -> None:
        """Outside the transaction: restore the connection settings, refresh planner statistics."""


class _SqliteWriter(_Writer):
    vendor = "sqlite"

    def before(self):
        self.raw = connection.connection
        # Inside an outer transaction (tests) the journal and safety settings cannot change: keep them.
        self.tuned = not connection.in_atomic_block
        if self.tuned:
            self.journal = self.raw.execute("PRAGMA journal_mode").fetchone()[0]
            self.synchronous = self.raw.execute("PRAGMA synchronous").fetchone()[0]
            try:  # a rollback journal writes the new pages once; WAL would write them twice
                self.raw.execute("PRAGMA journal_mode=TRUNCATE")
            except Exception:  # noqa: BLE001 - another connection holds the database: keep WAL
                pass
            self.raw.execute("PRAGMA synchronous=OFF")
            self.raw.execute("PRAGMA temp_store=MEMORY")
        self.raw.execute("PRAGMA cache_size=-1048576")  # 1 GiB of page cache for the index builds
        connection.disable_constraint_checking()

    def start(self):
        tables = [m._meta.db_table for m in BIG_MODELS]
        marks = ",".join("?" * len(tables))
        self.dropped = self.raw.execute(
            f"SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL "
            f"AND tbl_name IN ({marks})", tables).fetchall()
        for kind, name, _sql in self.dropped:
            self.raw.execute(f'DROP {kind.upper()} "{name}"')
        self.cursor = self.raw.cursor()

    def write(self, table, columns, rows):
        cols = ", ".join(f'"{c}"' for c in columns)
        self.cursor.executemany(f'INSERT INTO "{table}" ({cols}) VALUES ({", ".join("?" * len(columns))})', rows)

    def finish(self, stdout):
        t0 = time.monotonic()
        for kind, _name, sql in self.dropped:
            if kind == "index":
                self.raw.execute(sql)
        _say(stdout, f"  chỉ mục: {time.monotonic() - t0:.0f} giây")
        t0 = time.monotonic()
        for kind, _name, sql in self.dropped:
            if kind == "trigger":
                self.raw.execute(sql)
        search.rebuild_index(self.raw)
        _say(stdout, f"  chỉ mục tìm kiếm: {time.monotonic() - t0:.0f} giây")

    def after(self):
        connection.enable_constraint_checking()
        if self.tuned:
            self.raw.execute(f"PRAGMA synchronous={self.synchronous}")
            if self.journal.lower() != "truncate":
                self.raw.execute(f"PRAGMA journal_mode={self.journal}")
        self.raw.execute("PRAGMA analysis_limit=2000")
        self.raw.execute("ANALYZE")


class _PostgresWriter(_Writer):
    vendor = "postgresql"
    timestamp_suffix = "+00"

    def start(self):
        self.raw = connection.connection
        self.cursor = self.raw.cursor()
        tables = [m._meta.db_table for m in BIG_MODELS]
        cur = self.cursor
        cur.execute("SET LOCAL maintenance_work_mem = '1GB'")
        cur.execute("SET LOCAL synchronous_commit = off")
        # Check what the transaction already wrote now: a table with pending FK checks cannot be altered.
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cur.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])", [tables])
        self.foreign_keys = cur.fetchall()
        cur.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)", [tables])
        self.indexes = cur.fetchall()
        for table, name, _definition in self.foreign_keys:
            cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _definition in self.indexes:
            cur.execute(f"DROP INDEX {name}")

    def write(self, table, columns, rows):
        cols = ", ".join(f'"{c}"' for c in columns)
        with self.cursor.copy(f'COPY "{table}" ({cols}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)

    def finish(self, stdout):
        t0 = time.monotonic()
        for _name, definition in self.indexes:
            self.cursor.execute(definition)
        _say(stdout, f"  chỉ mục: {time.monotonic() - t0:.0f} giây")
        t0 = time.monotonic()
        for table, name, definition in self.foreign_keys:
            self.cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        self.cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        _say(stdout, f"  khoá ngoại: {time.monotonic() - t0:.0f} giây")
        from django.core.management.color import no_style

        models = [Organization, *BIG_MODELS]
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            self.cursor.execute(sql)

    def after(self):
        with connection.cursor() as cursor:
            for model in (Organization, *BIG_MODELS):
                cursor.execute(f'ANALYZE "{model._meta.db_table}"')


ORG_COLUMNS = ("id", "kind", "name", "parent_id", "unit_id", "commune_id", "province_id", "search_text", "sort_key",
               "created_at", "updated_at", "created_by_id")
INITIATIVE_COLUMNS = (
    "id", "title", "field", "scope", "organization_id", "year", "description", "goals", "start_date", "status",
    "status_changed_at", "registered_on", "last_progress_at", "replicates_id", "unit_id", "commune_id",
    "province_id", "search_text", "sort_key", "created_at", "updated_at", "created_by_id")
TRANSITION_COLUMNS = ("id", "initiative_id", "from_status", "to_status", "date", "reason", "created_at")
INDICATOR_COLUMNS = ("id", "initiative_id", "name", "measure_unit", "target", "created_at", "updated_at",
                     "created_by_id")
UPDATE_COLUMNS = ("id", "initiative_id", "date", "text", "created_at", "updated_at", "created_by_id")
VALUE_COLUMNS = ("id", "indicator_id", "progress_update_id", "date", "value")
EXEMPLAR_COLUMNS = ("id", "name", "kind", "field", "organization_id", "achievements", "year", "initiative_id",
                    "unit_id", "commune_id", "province_id", "search_text", "sort_key", "created_at", "updated_at",
                    "created_by_id")


def _writer() -> _Writer:
    specs = {Organization: ORG_COLUMNS, Initiative: INITIATIVE_COLUMNS, InitiativeTransition: TRANSITION_COLUMNS,
             Indicator: INDICATOR_COLUMNS, ProgressUpdate: UPDATE_COLUMNS, IndicatorValue: VALUE_COLUMNS,
             Exemplar: EXEMPLAR_COLUMNS}
    if connection.vendor == "sqlite":
        return _SqliteWriter(specs)
    if connection.vendor == "postgresql":
        return _PostgresWriter(specs)
    raise NationalDataError(f"Chưa hỗ trợ cơ sở dữ liệu {connection.vendor}.")


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
# The generator
# ---------------------------------------------------------------------------------------------
class _Generator:
    def __init__(self, *, scale: float, seed: int, today: datetime.date, user_id: int, writer: _Writer, stdout):
        self.scale = scale
        self.seed = seed
        self.today = today
        self.today_ord = today.toordinal()
        self.user_id = user_id
        self.w = writer
        self.stdout = stdout
        self.text = _Text()
        self.years = list(range(FIRST_YEAR, today.year + 1))
        self.ts_suffix = writer.timestamp_suffix
        self.iso_cache: dict[int, str] = {}
        self.ids = {model: _next_id(model) for model in (Organization, *BIG_MODELS)}
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
        self.ids[model] += 1
        return self.ids[model] - 1

    def iso(self, ordinal: int) -> str:
        s = self.iso_cache.get(ordinal)
        if s is None:
            s = self.iso_cache[ordinal] = datetime.date.fromordinal(ordinal).isoformat()
        return s

    def stamp(self, ordinal: int) -> str:
        """A working-hours time (07:00–16:59 in Việt Nam) of that day, in UTC as the database stores it."""
        hour, minute = divmod(int(self.rng.random() * 600), 60)
        return f"{self.iso(ordinal)} {hour:02d}:{minute:02d}:00{self.ts_suffix}"

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
        """Queue an organisation (name as text or as pieces, whose search columns are cached); returns (id, name)."""
        pk = self.next_id(Organization)
        commune, province = self.resolved(unit)
        pieces = [name] if isinstance(name, str) else name
        name = "".join(pieces)
        if len(name) > 200:
            name = name[:200]
            pieces = [name]
        created = self.stamp(datetime.date(FIRST_YEAR, 1, 4).toordinal())
        self.w.add(Organization, (pk, kind, name, parent[0] if parent else None, unit.pk, commune, province,
                                  self.text.fold(pieces), self.text.sort_key(pieces), created, created, self.user_id))
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
        status, status_day = steps[-1]
        registered_on = next((d for s, d in steps if s == R), None)
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
        last_progress = self.progress(pk, status, steps, specs, targets, tpl, ctx, created)

        # Transitions: the full path, as services.transition() records it.
        add = self.w.add
        prev = ""
        for st, day in steps:
            add(InitiativeTransition, (self.next_id(InitiativeTransition), pk, prev, st, self.iso(day),
                                       self.reason(prev, st, day, year, place.level), self.stamp(day)))
            prev = st
        self.counts["transitions"] += len(steps)

        commune_id, province_id = self.resolved(unit)
        title_text = "".join(title)
        start = implementing[0] if implementing else steps[0][1] + 30
        add(Initiative, (
            pk, title_text[:300], tpl.field, tpl.scope, org_id, year, "".join(description), goals, self.iso(start),
            status, self.iso(status_day), self.iso(registered_on) if registered_on else None,
            self.iso(last_progress) if last_progress else None, replicates, unit.pk, commune_id, province_id,
            T.fold(title + [" "] + description), T.sort_key(title), created, self.stamp(status_day), self.user_id,
        ))
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

    def resolved(self, unit: AdminUnit) -> tuple:
        found = self.resolved_units.get(unit.pk)
        if found is None:
            found = self.resolved_units[unit.pk] = _resolve(self.units, unit)
        return found

    def progress(self, pk, status, steps, specs, targets, tpl, ctx, created) -> int | None:
        """Indicators, progress updates and values (demo.build_progress, at most MAX_REPORTS reports)."""
        rng = self.rng
        add = self.w.add
        indicator_ids = []
        for spec, target in zip(specs, targets):
            iid = self.next_id(Indicator)
            indicator_ids.append(iid)
            add(Indicator, (iid, pk, spec.name, spec.unit, _db_number(target, spec.unit), created, created,
                            self.user_id))
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
            uid = self.next_id(ProgressUpdate)
            activity = rng.choice(activities + demo.GENERIC_ACTIVITIES[:2])
            if "{" in activity:
                activity = activity.format(**ctx)
            date = datetime.date.fromordinal(day)
            results = []
            iso = self.iso(day)
            for spec, iid, parts in zip(specs, indicator_ids, parts_by_indicator):
                value = parts[n]
                if value > 0:
                    results.append(f"{spec.phrase}: {_amount_text(value, spec.unit)}"
                                   f"{' ' + spec.word if spec.word else ''}")
                    add(IndicatorValue, (self.next_id(IndicatorValue), iid, uid, iso, _db_number(value, spec.unit)))
            self.counts["indicator_values"] += len(results)
            text = f"Tháng {date.month:02d}/{date.year}: {activity}."
            text += (" Kết quả trong kỳ: " + "; ".join(results) + ".") if results else (
                " Chưa phát sinh kết quả định lượng trong kỳ.")
            stamp = self.stamp(day)
            add(ProgressUpdate, (uid, pk, iso, text, stamp, stamp, self.user_id))
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
        commune_id, province_id = self.resolved(unit)
        stamp = self.stamp(day)
        name_text = "".join(name)[:300]
        self.w.add(Exemplar, (
            self.next_id(Exemplar), name_text, kind, fld, org[0], "".join(achievements), year,
            linked[0] if linked else None, unit.pk, commune_id, province_id,
            T.fold(name + [" "] + achievements), T.sort_key(name), stamp, stamp, self.user_id,
        ))
        self.counts["exemplars"] += 1

    # -- run ------------------------------------------------------------------------------------
    def load_territory(self) -> list[AdminUnit]:
        units = {u.pk: u for u in AdminUnit.objects.all()}
        self.units = units
        self.resolved_units: dict = {}
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

    def run(self, provinces: list[AdminUnit], skip: set[int]) -> None:
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
            self.w.flush()
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


def _next_id(model) -> int:
    last = model._base_manager.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def _seed_user():
    User = get_user_model()
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
    """Generate the national data set (about 2 million initiatives and exemplars at scale 1) by bulk loading.

    Refuses (NationalDataError) when the territory is missing or the data set was already generated.
    Returns {"counts": {...}, "seconds": float, "phases": {...}, "skipped_provinces": [...]}.
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
    writer = _writer()
    gen = _Generator(scale=scale, seed=seed, today=timezone.localdate(), user_id=user.pk, writer=writer,
                     stdout=stdout)
    provinces = gen.load_territory()
    phases = {}
    writer.before()
    try:
        with transaction.atomic():
            writer.start()
            t0 = time.monotonic()
            gen.run(provinces, skip)
            phases["rows"] = time.monotonic() - t0
            _say(stdout, f"Đã ghi dữ liệu trong {phases['rows']:.0f} giây; dựng lại chỉ mục…")
            t0 = time.monotonic()
            writer.finish(stdout)
            phases["indexes"] = time.monotonic() - t0
    finally:
        t0 = time.monotonic()
        writer.after()
        phases["analyze"] = time.monotonic() - t0
    t0 = time.monotonic()
    from danvan.stats import counts

    _say(stdout, "Tính lại bảng số liệu tổng hợp cho bảng điều khiển…")
    counts.rebuild()
    phases["dashboards"] = time.monotonic() - t0
    result = {"counts": dict(gen.counts), "phases": phases,
              "skipped_provinces": [p.name for p in provinces if p.pk in skip]}
    if accounts:
        named = [demo.find_province(name) for name in demo.DEFAULT_PROVINCES
                 if AdminUnit.objects.provinces().filter(short_name=name).exists()] or provinces[:1]
        with transaction.atomic():
            result["accounts"] = demo.ensure_accounts(named, user)
    result["seconds"] = time.monotonic() - started
    return result
