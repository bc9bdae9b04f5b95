"""What every figure counts, declared once, as data.

A `FigureDef` says which records a figure counts (the model and a filter), which date places a record in a
period and how (`window`), its labels (translatable), and the list its drill-down link opens. From the one
declaration come the query (`queryset`), the link (`url`), and their breakdowns by a dimension. The link
carries exactly the filters of the query, in the list's own query-string names, so the list reached from a
figure shows as many rows as the figure says (the agreement test checks it on random data).

Windows:
- "to_end": the date is on or before the period's end (in the movement at the end of the period);
- "within": the date is inside the period;
- "years": an exemplar's `year` is one of the period's years; "years_to_end": on or before its last year;
- "none": no date (e.g. drafts, which have no registration date).
"""
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _

from danvan.initiatives.models import Status
from danvan.initiatives.workflow import ACTIVE

INITIATIVE_LIST = "initiatives:initiative_list"
EXEMPLAR_LIST = "initiatives:exemplar_list"

# date column -> the list's query-string names for its lower and upper bound
_DATE_PARAMS = {
    "registered_on": ("registered_from", "registered_to"),
    "status_changed_at": ("status_changed_from", "status_changed_to"),
    "year": ("year_min", "year_max"),
}
# breakdown dimension -> (initiative column, its list parameter), (exemplar column, its list parameter)
DIMENSIONS = {
    "field": {"initiative": ("field", "field"), "exemplar": ("field", "field")},
    "scope": {"initiative": ("scope", "scope"), "exemplar": ("kind", "kind")},
    "status": {"initiative": ("status", "status")},
    "org_kind": {"initiative": ("organization__kind", "organization_kind"),
                 "exemplar": ("organization__kind", "organization_kind")},
}

_paths: dict = {}


def _path(name: str) -> str:
    """reverse() of an argument-less route, memoised per URLconf and script prefix (hundreds per page)."""
    key = (name, get_urlconf(), get_script_prefix())
    if key not in _paths:
        _paths[key] = reverse(name)
    return _paths[key]


def list_url(name: str, **params) -> str:
    clean = {k: v for k, v in params.items() if v is not None and v != ""}
    return f"{_path(name)}?{urlencode(clean, doseq=True)}" if clean else _path(name)


@dataclass(frozen=True)
class FigureDef:
    key: str
    model: str                    # "initiative" | "exemplar"
    date: str | None              # the date column that places a record in a period
    window: str                   # "to_end" | "within" | "years" | "years_to_end" | "none"
    label: str                    # on pages
    report_label: str             # in reports, snapshots and documents
    where: tuple = field(default=())   # ((column, value, list parameter), …): a fixed filter

    @property
    def list_name(self) -> str:
        return INITIATIVE_LIST if self.model == "initiative" else EXEMPLAR_LIST

    def _bounds(self, period):
        if self.window == "to_end":
            return None, period.end
        if self.window == "within":
            return period.start, period.end
        if self.window == "years":
            return period.start.year, period.end.year
        if self.window == "years_to_end":
            return None, period.end.year
        return None, None

    def q(self, period, **values) -> Q:
        """The filter of the figure in `period` (plus breakdown values {dimension: code})."""
        q = Q(**{column: value for column, value, _param in self.where})
        low, high = self._bounds(period)
        if low is not None:
            q &= Q(**{f"{self.date}__gte": low})
        if high is not None:
            q &= Q(**{f"{self.date}__lte": high})
        for dim, code in values.items():
            q &= Q(**{DIMENSIONS[dim][self.model][0]: code})
        return q

    def queryset(self, records, period, **values):
        """`records` (a queryset of the figure's model, already limited to a unit and a user) narrowed to it."""
        return records.filter(self.q(period, **values))

    def params(self, period, **values) -> dict:
        """The list's query string that selects the same records as `q`."""
        out = {param: ("true" if value is True else value) for _column, value, param in self.where}
        for dim, code in values.items():
            out[DIMENSIONS[dim][self.model][1]] = code
        low, high = self._bounds(period)
        if self.date in _DATE_PARAMS:
            names = _DATE_PARAMS[self.date]
            for name, bound in zip(names, (low, high)):
                if bound is not None:
                    out[name] = bound.isoformat() if hasattr(bound, "isoformat") else bound
        return out

    def url(self, unit, period, **values) -> str:
        """The drill-down link: the list of the records this figure counts in `unit` (None = nation)."""
        unit_id = unit if isinstance(unit, int) or unit is None else unit.pk
        return list_url(self.list_name, unit=unit_id, **self.params(period, **values))


FIGURES = {d.key: d for d in (
    FigureDef("initiatives", "initiative", "registered_on", "to_end",
              _("Mô hình trong phong trào"), _("Mô hình (luỹ kế đến cuối kỳ)")),
    FigureDef("new", "initiative", "registered_on", "within",
              _("Mô hình đăng ký mới"), _("Mô hình mới đăng ký trong kỳ")),
    FigureDef("recognised", "initiative", "status_changed_at", "within",
              _("Được công nhận"), _("Mô hình được công nhận điển hình trong kỳ"),
              where=(("status", Status.RECOGNISED, "status"),)),
    FigureDef("not_implemented", "initiative", "status_changed_at", "within",
              _("Không triển khai"), _("Mô hình không triển khai (trong kỳ)"),
              where=(("status", Status.NOT_IMPLEMENTED, "status"),)),
    FigureDef("exemplars", "exemplar", "year", "years",
              _("Điển hình"), _("Điển hình tiên tiến trong kỳ")),
    FigureDef("exemplars_cumulative", "exemplar", "year", "years_to_end",
              _("Điển hình tiên tiến (luỹ kế)"), _("Điển hình tiên tiến (luỹ kế)")),
    FigureDef("drafts", "initiative", None, "none",
              _("Dự thảo"), _("Dự thảo"),
              where=(("status", Status.DRAFT, "status"),)),
    FigureDef("no_steering", "initiative", None, "none",
              _("Mô hình đang triển khai chưa có thành viên Ban Chỉ đạo theo dõi"),
              _("Mô hình đang triển khai chưa có thành viên Ban Chỉ đạo theo dõi"),
              where=(("steering_member__isnull", True, "no_steering_member"),
                     ("status__in", list(ACTIVE), "status"))),
)}
# The key figures of a unit and of each unit in a ranking, in display order.
KEY_FIGURES = ("initiatives", "new", "recognised", "not_implemented", "exemplars")
# What a breakdown of the movement counts: initiatives in the movement and exemplars of the period.
BREAKDOWN = {"initiative": FIGURES["initiatives"], "exemplar": FIGURES["exemplars"]}
# The breakdown by status compared with the same period: the initiatives that moved to a status in the period
# (and are still in it), against those that did in the same period a year earlier. The status counts of the
# movement are today's statuses (there is no status "as it was" last year to compare them with), so they are
# shown without a comparison; the moves are a like-with-like comparison (the same rule over two equal windows).
STATUS_MOVES = FigureDef("status_moves", "initiative", "status_changed_at", "within",
                         _("Chuyển sang trạng thái trong kỳ"), _("Chuyển sang trạng thái trong kỳ"))


def labels() -> dict:
    """{figure key: page label} in the current language."""
    return {key: str(d.label) for key, d in FIGURES.items()}


def report_labels() -> dict:
    """{figure key: report label} in the current language."""
    return {key: str(d.report_label) for key, d in FIGURES.items()}
