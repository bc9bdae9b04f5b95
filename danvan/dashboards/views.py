"""Dashboard pages: the nation, a province, a commune (or a historic unit), and alerts (notifications are the notifications app's).

Every page starts from the user's scope (rollups.may_view / covers, `visible_to`); out-of-scope units
answer 404 like every other record.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from danvan.dashboards import alerts as alert_rules
from danvan.dashboards import html, maps
from danvan.dashboards.charts import chart_data
from danvan.stats.rollups import (
    FIGURES, child_level, figure_labels, home_unit, key_figure, may_view, order_ranking, organization_ranking,
    ranking, rollup,
)
from danvan.stats.periods import Period, parse_period
from danvan.territory.models import AdminUnit, UnitLevel


def current_year_period() -> Period:
    return parse_period(str(timezone.localdate().year))


def read_period(request) -> tuple[Period, str]:
    """The period asked for in ?period= (default: the current year) and an error message if it was bad."""
    code = (request.GET.get("period") or "").strip()
    if not code:
        return current_year_period(), ""
    try:
        return parse_period(code), ""
    except ValueError as exc:
        return current_year_period(), str(exc)


def period_choices(selected: Period) -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped options for the period picker: years, parts of the selected year, 5- and 10-year reviews."""
    this_year = timezone.localdate().year
    year = selected.end.year
    years = sorted(set(range(this_year - 9, this_year + 1)) | {year}, reverse=True)
    inside = [f"{year}-H1", f"{year}-H2"] + [f"{year}-Q{q}" for q in range(1, 5)] + [
        f"{year}-{m:02d}" for m in range(1, 13)]
    multi = [f"{year - 4}-{year}", f"{year - 9}-{year}"]

    def opts(codes):
        return [(c, parse_period(c).display_label[:1].upper() + parse_period(c).display_label[1:]) for c in codes]

    return [(_("Năm"), opts(str(y) for y in years)), (_("Trong năm %(y)s") % {"y": year}, opts(inside)),
            (_("Sơ kết, tổng kết nhiều năm"), opts(multi))]


def breadcrumbs(user, unit: AdminUnit | None) -> list[tuple[str, str]]:
    crumbs = []
    if may_view(user, None):
        crumbs.append((_("Toàn quốc"), reverse("dashboards:home")))
    if unit is not None:
        province = unit.province if unit.level != UnitLevel.PROVINCE and unit.province_id else None
        if province is not None and province.pk != unit.pk and may_view(user, province):
            crumbs.append((province.name, reverse("dashboards:unit", args=[province.pk])))
        crumbs.append((unit.name, ""))
    return crumbs


def _map_units(rows, figure) -> list[dict]:
    out = []
    for row in rows:
        if row.unit is None:
            continue
        number = row.numbers[figure]
        out.append({"lat": row.unit.latitude, "lon": row.unit.longitude, "value": number.value,
                    "url": number.url, "name": row.unit.short_name})
    return out


def _archipelago_units(user, period, figure) -> list[dict]:
    """Hoàng Sa and Trường Sa on the map of the country, as the special zones of Đà Nẵng and Khánh Hòa, with
    their own figure and link (maps.archipelagos)."""
    out = []
    for zone in maps.archipelagos():
        number = key_figure(user, zone, period, figure)
        label = maps.archipelago_label(zone)
        out.append({"lat": zone.latitude, "lon": zone.longitude, "value": number.value,
                    "url": number.url or reverse("dashboards:unit", args=[zone.pk]), "name": label, "island": True})
    return out


def dashboard_context(request, unit: AdminUnit | None) -> dict:
    user = request.user
    period, error = read_period(request)
    figure = request.GET.get("map") if request.GET.get("map") in FIGURES else "initiatives"
    r = rollup(user, unit, period)
    rows = order_ranking(ranking(user, unit, period), figure)
    org_rows = []
    if unit is not None and not unit.historic and unit.level == UnitLevel.COMMUNE:
        org_rows = organization_ranking(user, unit, period)
    level = child_level(unit)
    labels = figure_labels()
    map_units = _map_units(rows, figure)
    if unit is None and rows:
        map_units += _archipelago_units(user, period, figure)
    drawn = maps.draw(map_units) if rows else None
    return {
        "unit": unit, "period": period, "period_error": error, "period_choices": period_choices(period),
        "rollup": r, "key_figures": [(name, labels[name], r.key[name]) for name in FIGURES],
        "ranking": rows, "org_ranking": org_rows, "figure": figure, "figure_labels": labels,
        "figure_choices": [(name, labels[name]) for name in FIGURES],
        "child_label": {UnitLevel.PROVINCE: _("Tỉnh/thành phố"), UnitLevel.COMMUNE: _("Xã/phường/đặc khu")}.get(level),
        "map": drawn, "map_html": html.map_marks(drawn) if drawn else "",
        "ranking_html": html.ranking_rows(rows, FIGURES, figure, period.code),
        "charts": chart_data(r),
        "breadcrumbs": breadcrumbs(user, unit),
        "title": unit.name if unit is not None else _("Toàn quốc"),
        "successors": list(unit.became().order_by("level", "sort_key")) if unit is not None and unit.historic else [],
    }


@login_required
def home(request):
    """The dashboard of the user's level: the nation, their province, commune or organisation's unit."""
    found, unit = home_unit(request.user)
    if not found:
        return render(request, "dashboards/no_scope.html", {"title": _("Bảng điều khiển")})
    return render(request, "dashboards/dashboard.html", dashboard_context(request, unit))


class UnitDashboardView(LoginRequiredMixin, View):
    """The dashboard of one unit the user may see (a historic unit: its figures by lineage)."""

    model = AdminUnit

    def get(self, request, pk):
        unit = get_object_or_404(AdminUnit.objects.select_related("province"), pk=pk)
        if not may_view(request.user, unit):
            raise Http404
        return render(request, "dashboards/dashboard.html", dashboard_context(request, unit))


def _alert_unit(request):
    """?unit= (a unit the user may see), else the user's own level (None for national users)."""
    raw = request.POST.get("unit") or request.GET.get("unit") or ""
    if not raw:
        return home_unit(request.user)[1]
    try:
        unit = AdminUnit.objects.select_related("province").get(pk=int(raw))
    except (ValueError, AdminUnit.DoesNotExist):
        raise Http404
    if not may_view(request.user, unit):
        raise Http404
    return unit


class AlertsView(LoginRequiredMixin, View):
    """Alerts of the user's scope (or of one unit with ?unit=), with their records; POST sends them."""

    def get(self, request):
        unit = _alert_unit(request)
        return render(request, "dashboards/alerts.html", {
            "title": _("Cảnh báo"), "unit": unit, "alerts": alert_rules.alerts(request.user, unit),
            "may_send": alert_rules.may_send(request.user, unit),
        })

    def post(self, request):
        unit = _alert_unit(request)
        code = request.POST.get("code", "")
        if code not in (alert_rules.STALE, alert_rules.NO_STEERING, alert_rules.OVERDUE):
            messages.error(request, _("Cảnh báo không hợp lệ."))
        elif not alert_rules.may_send(request.user, unit):
            messages.error(request, _("Bạn không có quyền gửi thông báo cho đơn vị này."))
        else:
            sent = alert_rules.send(code, unit=unit)
            messages.success(request, _("Đã gửi %(n)s thông báo tới người phụ trách.") % {"n": sent})
        url = reverse("dashboards:alerts") + (f"?unit={unit.pk}" if unit is not None else "")
        return HttpResponseRedirect(url)
