"""What a unit's report says, independent of the file format: the shared model of the .docx and the .xlsx.

`build_content()` reads every number from reporting.figures.figures() (and the roll-ups that count the same
records), so the Word report, its Excel annex, the dashboards and the CLI show the same figures. Documents
are official Vietnamese papers: their wording is Vietnamese whatever language the user's screen is in.
"""
import datetime
from dataclasses import dataclass, field

from django.utils import timezone, translation

from danvan.core.text import fold
from danvan.initiatives.models import Field, MeasureUnit, Scope, Status
from danvan.stats import breakdowns as rollups
from danvan.documents.issuer import Issuer, issuer_for
from danvan.documents.wording import clean_number, short_date
from danvan.stats.figures import Figures, figures
from danvan.stats.periods import Period, PeriodKind
from danvan.territory.models import AdminUnit

NARRATIVE_KEYS = ("results", "limitations", "causes", "directions")
TOTAL_LABEL = "Tổng cộng"
# Column headers say which figures are cumulative (luỹ kế: registered up to the period's end) and which are
# within the period (trong kỳ), as stats.definitions counts them.
CUMULATIVE_INITIATIVES = "Mô hình (luỹ kế)"
PERIOD_EXEMPLARS = "Điển hình (trong kỳ)"

# Indicator rows: measure unit -> (what is counted, unit of measurement), in the order users expect.
INDICATOR_LABELS = {
    MeasureUnit.WORK_DAYS: ("Ngày công lao động", "ngày công"),
    MeasureUnit.GIFTS: ("Quà tặng", "suất"),
    MeasureUnit.HOUSES: ("Nhà xây mới, sửa chữa", "nhà"),
    MeasureUnit.VND: ("Kinh phí vận động, huy động", "đồng"),
    MeasureUnit.HOUSEHOLDS: ("Hộ gia đình", "hộ"),
    MeasureUnit.PEOPLE: ("Người tham gia, hưởng lợi", "người"),
    MeasureUnit.KM: ("Đường giao thông, đường điện", "km"),
    MeasureUnit.HECTARES: ("Diện tích", "ha"),
    MeasureUnit.TREES: ("Cây xanh", "cây"),
    MeasureUnit.TIMES: ("Lượt hoạt động", "lượt"),
    MeasureUnit.OTHER: ("Chỉ tiêu khác", ""),
}


@dataclass
class Column:
    label: str
    group: str = ""          # a second-level header above it ("Mô hình" over the four fields), "" = none
    width: float = 14        # spreadsheet width in characters
    numeric: bool = True


@dataclass
class Row:
    label: str
    values: list             # one per numeric column (int, or Decimal for ha/km)
    unit_text: str = ""      # for tables with a text column after the label (indicators: đơn vị tính)
    phrase: str = ""         # how the figure's unit reads in a sentence ("suất quà")


@dataclass
class Table:
    key: str                 # stable id, also used by tests: field, status, scope, organization_kind, units, indicators
    title: str               # "Mô hình, điển hình theo lĩnh vực" (each format numbers its tables itself)
    sheet: str               # spreadsheet tab, after its number (≤ 27 characters)
    label_header: str        # header of the first text column ("Lĩnh vực")
    columns: list[Column]
    rows: list[Row]
    has_total: bool = True   # a "Tổng cộng" row of column sums
    unit_header: str = ""    # header of the text column after the label, when rows carry `unit_text`
    label_width: float = 36

    def totals(self) -> list:
        return [sum((r.values[i] for r in self.rows), start=0) for i in range(len(self.columns))]

    @property
    def wide(self) -> bool:
        return len(self.columns) > 4


@dataclass
class ReportContent:
    unit: AdminUnit | None
    period: Period
    figures: Figures
    previous: Figures | None          # the period a year earlier ("tăng 21 so với cùng kỳ"); itself for 5/10 years;
    #                                   None: not known (a report frozen without it), no comparison is written
    issuer: Issuer
    issued_on: datetime.date
    number: str = ""                  # the register number, given by the office when the paper is issued
    signer: str = ""
    counted_on: datetime.date | None = None  # the day the figures were counted (frozen); None: the issue day
    narrative: dict = field(default_factory=dict)
    tables: list[Table] = field(default_factory=list)

    @property
    def unit_name(self) -> str:
        if self.unit is None:
            return "Toàn quốc"
        return f"{self.unit.name} (cũ)" if self.unit.historic else self.unit.name

    @property
    def title(self) -> str:
        return "BÁO CÁO"

    @property
    def subtitle(self) -> str:
        """The summary line under the title (trích yếu)."""
        where = f" {self.issuer.area}" if self.unit is not None and self.unit.historic else ""
        if self.period.kind in (PeriodKind.FIVE_YEARS, PeriodKind.TEN_YEARS):
            years = self.period.end.year - self.period.start.year + 1
            return (f"Tổng kết {years} năm thực hiện phong trào thi đua “Dân vận khéo”{where} "
                    f"({self.period.start.year} – {self.period.end.year})")
        if self.period.kind == PeriodKind.HALF_YEAR and self.period.start.month == 1:
            return f"Sơ kết 6 tháng đầu năm {self.period.start.year} phong trào thi đua “Dân vận khéo”{where}"
        return f"Kết quả thực hiện phong trào thi đua “Dân vận khéo” {self.period.label}{where}"

    @property
    def symbol_line(self) -> str:
        # HD 36: "Số 45-BC/BDVTU"; the number is left blank for the office to fill in when it issues the paper.
        number = self.number or "\u00a0" * 6
        return f"Số {number}-BC/{self.issuer.symbol}"

    @property
    def as_of(self) -> str:
        """"Tính đến ngày …": the period's end, or the day the figures were counted when that came first (a
        report handed in before its period ends does not speak for days after it)."""
        return short_date(min(self.period.end, self.counted_on or self.issued_on))

    def table(self, key: str) -> Table | None:
        return next((t for t in self.tables if t.key == key), None)

    def slug(self) -> str:
        """ASCII file name stem: bao-cao-tinh-son-la-2025, bao-cao-tinh-binh-thuan-cu-2016-2025."""
        return "bao-cao-" + slugify(self.unit_name) + "-" + self.period.code.lower()


def narrative_of(report) -> dict:
    """The narrative sections of a periodic report (any object with results/limitations/causes/directions)."""
    return {key: getattr(report, key, "") or "" for key in NARRATIVE_KEYS}


def slugify(text: str) -> str:
    folded = fold(text)
    return "-".join("".join(ch if ch.isalnum() and ch.isascii() else " " for ch in folded).split())


def build_content(unit: AdminUnit | None, period: Period, *, user=None, issued_on: datetime.date | None = None,
                  number: str = "", signer: str = "", narrative: dict | None = None) -> ReportContent:
    """The report of `unit` (None = the nation) for `period`, scoped to `user` when given, from the registry now.

    `narrative` carries the sections' text written by the unit ({"results", "limitations", "causes",
    "directions"}: str, paragraphs separated by new lines), e.g. from a periodic report not yet handed in.
    """
    with translation.override("vi"):
        # The count tables read once for the figures, last year's and the tables (None: counted live).
        src = rollups.source(user, unit)
        f = figures(unit, period, user=user, source=src)
        extras = _extras(unit, period, user, src)
        return _content(unit, period, f, extras, issued_on=issued_on, number=number, signer=signer,
                        narrative=narrative)


def frozen_extras(unit: AdminUnit | None, period: Period) -> dict:
    """What a report's paper needs beyond its figures, as plain data to freeze with them when a periodic report
    is handed in: the same period a year earlier, the organisation kinds and the units below."""
    with translation.override("vi"):
        return _extras(unit, period, None, rollups.source(None, unit))


def content_from_snapshot(unit: AdminUnit | None, period: Period, snapshot: dict, *,
                          issued_on: datetime.date | None = None, number: str = "", signer: str = "",
                          narrative: dict | None = None, counted_on: datetime.date | None = None) -> ReportContent:
    """The paper of a handed-in periodic report: its frozen figures (`snapshot`: `Figures.as_dict()`, with the
    `frozen_extras()` under "document" when it was frozen with them) and its own text; nothing is re-counted."""
    with translation.override("vi"):
        f = Figures.from_dict(unit, period, snapshot or {})
        extras = (snapshot or {}).get("document") or {}
        return _content(unit, period, f, extras, issued_on=issued_on, number=number, signer=signer,
                        narrative=narrative, counted_on=counted_on)


def _extras(unit, period: Period, user, src=None) -> dict:
    multi_year = period.kind in (PeriodKind.FIVE_YEARS, PeriodKind.TEN_YEARS)
    # The comparison is of counts only: last year's indicator totals are not summed.
    previous = None if multi_year else figures(unit, period.same_period_last_year(), user=user, source=src,
                                               indicators=False).as_dict()
    units = None
    if rollups.has_units_below(unit):
        units = [{"label": r.label, "total": r.total, "by_field": dict(r.by_field), "new": r.new,
                  "exemplars": r.exemplars} for r in rollups.units_below(unit, period, user)]
    return {
        "previous": previous,
        "organization_kind": [[code, label, ini, ex]
                              for code, label, ini, ex in rollups.by_organization_kind(unit, period, user, src=src)],
        "units": units,
    }


def _content(unit, period: Period, f: Figures, extras: dict, *, issued_on, number, signer,
             narrative, counted_on=None) -> ReportContent:
    # 5- and 10-year reviews are not compared with a shifted window; shorter periods are, year on year. A
    # snapshot frozen without the year-earlier figures says no comparison rather than a wrong one.
    multi_year = period.kind in (PeriodKind.FIVE_YEARS, PeriodKind.TEN_YEARS)
    if multi_year:
        previous = f
    elif extras.get("previous") is not None:
        previous = Figures.from_dict(unit, period.same_period_last_year(), extras["previous"])
    else:
        previous = None
    content = ReportContent(
        unit=unit, period=period, figures=f, previous=previous, issuer=issuer_for(unit),
        issued_on=issued_on or timezone.localdate(), number=(number or "").strip(), signer=(signer or "").strip(),
        narrative={k: (narrative or {}).get(k) or "" for k in NARRATIVE_KEYS}, counted_on=counted_on,
    )
    content.tables = _tables(content, extras)
    return content


def _tables(c: ReportContent, extras: dict) -> list[Table]:
    f = c.figures
    tables = [
        Table("field", "Mô hình, điển hình “Dân vận khéo” theo lĩnh vực", "Theo lĩnh vực", "Lĩnh vực",
              [Column(CUMULATIVE_INITIATIVES), Column(PERIOD_EXEMPLARS)],
              [Row(str(v["label"]), [v["initiatives"].value, v["exemplars"].value]) for v in f.by_field.values()]),
        Table("status", "Mô hình theo tình trạng thực hiện", "Theo tình trạng", "Tình trạng",
              [Column(CUMULATIVE_INITIATIVES)],
              [Row(str(Status(code).label), [fig.value]) for code, fig in f.by_status.items()]),
        Table("scope", "Mô hình theo phạm vi (tập thể, cá nhân)", "Theo phạm vi", "Phạm vi",
              [Column(CUMULATIVE_INITIATIVES)],
              [Row(str(Scope(code).label), [fig.value]) for code, fig in f.by_scope.items()]),
        Table("organization_kind", "Mô hình, điển hình theo loại tổ chức chủ trì", "Theo loại tổ chức",
              "Loại tổ chức", [Column(CUMULATIVE_INITIATIVES), Column(PERIOD_EXEMPLARS)],
              [Row(label, [ini, ex])
               for _code, label, ini, ex in extras.get("organization_kind") or []]),
    ]
    if extras.get("units") is not None:
        below = "tỉnh, thành phố" if c.unit is None else "xã, phường, đặc khu (hiện nay)"
        group = f"Mô hình (luỹ kế đến {c.as_of})"
        fields = [Column(str(label), group=group, width=12) for _code, label in Field.choices]
        tables.append(Table(
            "units", f"Mô hình, điển hình theo {below}", "Theo đơn vị", "Đơn vị",
            [Column("Tổng số", group=group, width=11), *fields, Column("Đăng ký mới trong kỳ", width=12),
             Column("Điển hình trong kỳ", width=12)],
            [Row(r["label"], [r["total"], *(r["by_field"].get(code, 0) for code, _l in Field.choices), r["new"],
                              r["exemplars"]])
             for r in extras["units"]],
            label_width=30,
        ))
    tables.append(Table(
        "indicators", "Kết quả các chỉ tiêu của mô hình trong kỳ", "Chỉ tiêu", "Chỉ tiêu",
        [Column("Kết quả trong kỳ", width=20)],
        [Row(INDICATOR_LABELS[mu][0], [clean_number(f.indicators[mu])], unit_text=INDICATOR_LABELS[mu][1],
             phrase=str(MeasureUnit(mu).label) if mu != MeasureUnit.OTHER else "")
         for mu in INDICATOR_LABELS if mu in f.indicators],
        has_total=False, unit_header="Đơn vị tính",
    ))
    return tables
