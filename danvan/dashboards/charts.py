"""Chart.js data for a roll-up: every segment carries the link to its records (opened on click)."""
from django.utils.translation import gettext as _

STATUS_COLOURS = {
    "registered": "#0d6efd", "implementing": "#198754", "reviewed": "#0dcaf0", "recognised": "#ffc107",
    "not_implemented": "#dc3545", "suspended": "#fd7e14", "closed": "#343a40", "draft": "#6c757d",
}
INITIATIVE_COLOUR, EXEMPLAR_COLOUR = "#9b1c1c", "#e0a800"


def _dataset(label, rows, key, colour):
    return {
        "label": label, "backgroundColor": colour,
        "data": [row.numbers[key].value for row in rows], "urls": [row.numbers[key].url for row in rows],
    }


def _chart(kind: str, rows, datasets, **options) -> dict:
    return {"type": kind, "labels": [r.label for r in rows], "datasets": datasets, **options}


def chart_data(rollup) -> dict:
    """{chart name: {type, labels, datasets[{label, data, urls, backgroundColor}], options}} for dashboard.js."""
    ini, ex = str(_("Mô hình")), str(_("Điển hình"))
    status_colours = [STATUS_COLOURS.get(r.code, "#999") for r in rollup.by_status]
    return {
        "field": _chart("bar", rollup.by_field, [
            _dataset(ini, rollup.by_field, "initiatives", INITIATIVE_COLOUR),
            _dataset(ex, rollup.by_field, "exemplars", EXEMPLAR_COLOUR)], horizontal=True, wrap=True),
        "status": _chart("doughnut", rollup.by_status, [
            _dataset(ini, rollup.by_status, "initiatives", status_colours)]),
        "year": _chart("bar", rollup.by_year, [
            _dataset(str(_("Mô hình đăng ký trong năm")), rollup.by_year, "initiatives", INITIATIVE_COLOUR),
            _dataset(ex, rollup.by_year, "exemplars", EXEMPLAR_COLOUR)], wrap=True),
        "org_kind": _chart("bar", rollup.by_org_kind, [
            _dataset(ini, rollup.by_org_kind, "initiatives", INITIATIVE_COLOUR),
            _dataset(ex, rollup.by_org_kind, "exemplars", EXEMPLAR_COLOUR)], horizontal=True, wrap=True),
    }
