"""Importing indicator values (kết quả theo chỉ tiêu): one progress update per row, through the services.

Each row goes through initiatives.services.record_progress (and add_indicator for an indicator the
initiative does not have yet), so the rules are the services' own: the user may edit the initiative,
no future date, no negative value, whole đồng for money. The preview runs the same calls inside a
transaction that is rolled back.
"""
from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from danvan.core.exceptions import DomainError
from danvan.core.exports import CHOICE, DATE, DECIMAL, INT, ORGANIZATION, TEXT, UNIT, Column
from danvan.core.text import fold
from danvan.imports.engine import EXISTING, NEW, Importer, Row
from danvan.imports.lookups import OrganizationIndex, UnitIndex
from danvan.imports.validation import one_line
from danvan.initiatives import services
from danvan.initiatives.columns import ORGANIZATION_SYNONYMS, UNIT_SYNONYMS
from danvan.initiatives.models import Indicator, IndicatorValue, Initiative, MeasureUnit

MEASURE_SYNONYMS = (("ngay cong", MeasureUnit.WORK_DAYS), ("suat qua", MeasureUnit.GIFTS), ("qua", MeasureUnit.GIFTS),
                    ("nha", MeasureUnit.HOUSES), ("can", MeasureUnit.HOUSES), ("dong", MeasureUnit.VND),
                    ("vnd", MeasureUnit.VND), ("trieu dong", MeasureUnit.OTHER), ("ho", MeasureUnit.HOUSEHOLDS),
                    ("nguoi", MeasureUnit.PEOPLE), ("luot nguoi", MeasureUnit.TIMES), ("km", MeasureUnit.KM),
                    ("ha", MeasureUnit.HECTARES), ("hecta", MeasureUnit.HECTARES), ("cay", MeasureUnit.TREES),
                    ("luot", MeasureUnit.TIMES))

INDICATOR_VALUE_COLUMNS = [
    Column("initiative_id", _lazy("Mã mô hình"), INT, synonyms=("Mã",), width=10,
           help=_lazy("Mã số của mô hình (trên trang mô hình hoặc trong tệp xuất). Hoặc ghi Tên mô hình và Tổ chức.")),
    Column("title", _lazy("Tên mô hình"), TEXT, synonyms=("Mô hình",), width=40),
    Column("organization", _lazy("Tổ chức chủ trì"), ORGANIZATION, synonyms=ORGANIZATION_SYNONYMS, width=30),
    Column("unit", _lazy("Đơn vị hành chính"), UNIT, synonyms=UNIT_SYNONYMS, width=24),
    Column("province", _lazy("Tỉnh/thành phố"), UNIT, synonyms=("Tỉnh", "Thành phố")),
    Column("year", _lazy("Năm đăng ký"), INT, synonyms=("Năm",), width=8),
    Column("indicator", _lazy("Chỉ tiêu"), TEXT, required=True, width=30,
           synonyms=("Tên chỉ tiêu", "Nội dung chỉ tiêu", "Kết quả")),
    Column("measure_unit", _lazy("Đơn vị tính"), CHOICE, choices=MeasureUnit, choice_synonyms=MEASURE_SYNONYMS,
           synonyms=("ĐVT", "Đơn vị"), width=12, help=_lazy("Bắt buộc khi chỉ tiêu chưa có ở mô hình.")),
    Column("target", _lazy("Mục tiêu"), DECIMAL, synonyms=("Chỉ tiêu kế hoạch", "Kế hoạch"), width=12),
    Column("date", _lazy("Ngày"), DATE, required=True, width=12,
           synonyms=("Ngày cập nhật", "Ngày báo cáo", "Thời điểm", "Ngày thực hiện")),
    Column("value", _lazy("Giá trị"), DECIMAL, required=True, width=14,
           synonyms=("Số lượng", "Kết quả đạt được", "Thực hiện", "Giá trị đạt được", "Đạt được")),
    Column("text", _lazy("Nội dung"), TEXT, width=40, synonyms=("Nội dung cập nhật", "Diễn giải", "Ghi chú")),
]


class IndicatorValueImporter(Importer):
    """Natural key: (initiative, indicator name, date): a value already recorded that day is not recorded again."""

    kind = "indicator_values"
    model = IndicatorValue
    columns = INDICATOR_VALUE_COLUMNS
    chunk_size = 200
    writes_to_check = True

    def __init__(self, user=None, *, cid: str = ""):
        super().__init__(user, cid=cid)
        self.orgs = OrganizationIndex(self.user)
        self.units = UnitIndex()
        self._initiatives: dict[int, Initiative | None] = {}
        self._indicators: dict[int, dict] = {}

    def _editable(self):
        return Initiative.objects.editable_by(self.user) if self.user else Initiative.objects.all()

    def prepare(self, rows: list[Row]) -> None:
        live = rows  # a row with a bad cell is looked up too: one upload lists all of its errors
        ids = {r.get("initiative_id") for r in live if r.get("initiative_id")} - self._initiatives.keys()
        if ids:
            found = {i.pk: i for i in self._editable().filter(pk__in=ids)}
            self._initiatives.update({i: found.get(i) for i in ids})
        by_title = [r for r in live if not r.get("initiative_id")]
        self.orgs.load(names=[r.get("organization") for r in by_title])
        for row in by_title:
            self._find_by_title(row)
        for row in live:
            initiative = row.extra.get("initiative") or self._initiatives.get(row.get("initiative_id"))
            if row.get("initiative_id") and initiative is None:
                row.error("initiative_id", _("Không có mô hình mã %(id)s trong phạm vi bạn được sửa.")
                          % {"id": row.get("initiative_id")})
            elif initiative is not None:
                row.extra["initiative"] = initiative
                row.values["indicator"] = one_line(row.get("indicator"))

    def _find_by_title(self, row: Row) -> None:
        if not row.ok and (row.cell("initiative_id") is not None or row.cell("year") is not None
                           and row.get("year") is None):
            return  # the id or year cell is unreadable (already said): the initiative cannot be told
        if not row.get("title") or not row.get("organization"):
            row.error("initiative_id", _("Cần Mã mô hình, hoặc Tên mô hình và Tổ chức chủ trì."), "")
            return
        unit = None
        if row.get("unit"):
            unit, message = self.units.find(row.get("unit"), row.get("province"))
            if unit is None:
                row.error("unit", message)
                return
            if message:
                row.warn("unit", message)
        org, message = self.orgs.find(row.get("organization"), unit, home=None if unit else self.orgs.home())
        if org is None:
            row.error("organization", message)
            return
        if message:
            row.warn("organization", message)
        qs = self._editable().filter(organization_id=org.id, title=one_line(row.get("title")))
        if row.get("year"):
            qs = qs.filter(year=row.get("year"))
        found = list(qs[:2])
        if len(found) != 1:
            row.error("title", _("Không tìm thấy mô hình này của “%(org)s” trong phạm vi bạn được sửa.")
                      % {"org": org.name} if not found else
                      _("Có nhiều mô hình cùng tên của “%(org)s”; hãy ghi Mã mô hình hoặc Năm đăng ký.")
                      % {"org": org.name})
            return
        row.extra["initiative"] = found[0]

    def key(self, row: Row):
        initiative = row.extra.get("initiative")
        if initiative is None:
            return None
        return (initiative.pk, fold(row.get("indicator")), row.get("date"))

    def check(self, row: Row) -> None:
        if "initiative" in row.extra:
            row.state = NEW

    def _indicator(self, initiative: Initiative, name: str):
        cached = self._indicators.get(initiative.pk)
        if cached is None:
            cached = {fold(i.name): i for i in Indicator.objects.filter(initiative=initiative)}
            self._indicators[initiative.pk] = cached
        return cached.get(fold(name))

    def write(self, rows: list[Row]) -> None:
        for row in rows:
            try:
                with transaction.atomic():
                    self._write_one(row)
            except DomainError as exc:
                row.error(exc.field if exc.field in row.labels else "value", exc.message)
                self._indicators.pop(row.extra["initiative"].pk, None)  # an indicator added may be rolled back

    def _write_one(self, row: Row) -> None:
        initiative = row.extra["initiative"]
        indicator = self._indicator(initiative, row.get("indicator"))
        measure = row.get("measure_unit")
        if indicator is None:
            if not measure:
                row.error("measure_unit", _("Chỉ tiêu “%(name)s” chưa có ở mô hình này: cần ghi Đơn vị tính.")
                          % {"name": row.get("indicator")}, "")
                return
            indicator = services.add_indicator(initiative, name=row.get("indicator"), measure_unit=measure,
                                               target=row.get("target"), user=self.user)
            self._indicators[initiative.pk][fold(indicator.name)] = indicator
            row.warn("indicator", _("Đã thêm chỉ tiêu mới “%(name)s” cho mô hình.") % {"name": indicator.name})
        elif measure and measure != indicator.measure_unit:
            row.error("measure_unit", _("Khác đơn vị tính của chỉ tiêu đã có (%(unit)s).")
                      % {"unit": indicator.get_measure_unit_display()})
            return
        existing = IndicatorValue.objects.filter(indicator=indicator, date=row.get("date")).first()
        if existing is not None:
            row.state = EXISTING
            if existing.value != row.get("value"):
                row.warn("value", _("Ngày này đã có giá trị %(v)s; nhập Excel không ghi đè.") % {"v": existing.value})
            return
        text = row.get("text") or _("Cập nhật từ tệp Excel: %(name)s") % {"name": indicator.name}
        services.record_progress(initiative, text=text, date=row.get("date"), values={indicator.pk: row.get("value")},
                                 user=self.user)
