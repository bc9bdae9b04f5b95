"""Figures as flat numbers: one key per figure, so snapshots can be added up, compared and labelled.

A snapshot is `Figures.as_dict()` (reporting.figures) frozen in a PeriodicReport. Flattened, its keys are
"initiatives", "by_field.economy.exemplars", "by_status.registered", "indicators.work_days", …; values are
Decimals (counts are whole numbers, indicator totals may not be).
"""
from decimal import Decimal

from django.utils.translation import gettext as _

from danvan.initiatives.models import Field, MeasureUnit, Scope, Status
from danvan.stats import definitions
from danvan.stats.figures import TOP_LEVEL



def _top_labels() -> dict:
    return {key: label for key, label in definitions.report_labels().items() if key in TOP_LEVEL}


def flatten(data: dict | None) -> dict[str, Decimal]:
    """`Figures.as_dict()` (or a stored snapshot) → {"by_field.economy.initiatives": Decimal(3), …}."""
    flat: dict[str, Decimal] = {}
    if not data:
        return flat
    for key in TOP_LEVEL:
        if key in data:
            flat[key] = Decimal(str(data[key]))
    for field, pair in (data.get("by_field") or {}).items():
        for what in ("initiatives", "exemplars"):
            if what in pair:
                flat[f"by_field.{field}.{what}"] = Decimal(str(pair[what]))
    for group in ("by_scope", "by_status", "indicators"):
        for code, value in (data.get(group) or {}).items():
            flat[f"{group}.{code}"] = Decimal(str(value))
    return flat


def add(*flats: dict) -> dict[str, Decimal]:
    """Key-wise sum; a key missing from one side counts as 0."""
    total: dict[str, Decimal] = {}
    for flat in flats:
        for key, value in flat.items():
            total[key] = total.get(key, Decimal(0)) + value
    return total


def subtract(a: dict, b: dict) -> dict[str, Decimal]:
    keys = set(a) | set(b)
    return {k: a.get(k, Decimal(0)) - b.get(k, Decimal(0)) for k in keys}


def _choice_label(choices, code) -> str:
    try:
        return str(choices(code).label)
    except ValueError:
        return code


def label(key: str) -> str:
    """The Vietnamese name of a flattened figure key."""
    top = _top_labels()
    if key in top:
        return top[key]
    parts = key.split(".")
    # Whole sentences with placeholders (an f-string's _() is not seen by the extractor and stayed Vietnamese).
    if parts[0] == "by_field" and len(parts) == 3:
        what = _("Mô hình – lĩnh vực %(field)s") if parts[2] == "initiatives" else _("Điển hình – lĩnh vực %(field)s")
        return what % {"field": _choice_label(Field, parts[1])}
    if parts[0] == "by_scope":
        return _("Mô hình – %(scope)s") % {"scope": _choice_label(Scope, parts[1]).lower()}
    if parts[0] == "by_status":
        return _("Mô hình – %(status)s") % {"status": _choice_label(Status, parts[1]).lower()}
    if parts[0] == "indicators":
        return _("Chỉ tiêu (%(unit)s)") % {"unit": _choice_label(MeasureUnit, parts[1])}
    return key


def group(key: str) -> str:
    """The heading a figure is listed under in report tables."""
    head = key.split(".")[0]
    return {
        "by_field": _("Theo lĩnh vực"), "by_scope": _("Theo phạm vi"), "by_status": _("Mô hình theo trạng thái"),
        "indicators": _("Kết quả theo chỉ tiêu (trong kỳ)"),
    }.get(head, _("Tổng hợp"))


def _order(key: str) -> tuple:
    parts = key.split(".")
    if key in TOP_LEVEL:
        return (0, TOP_LEVEL.index(key), 0)
    groups = {"by_field": (1, list(Field.values)), "by_scope": (2, list(Scope.values)),
              "by_status": (3, list(Status.values)), "indicators": (4, list(MeasureUnit.values))}
    rank, codes = groups.get(parts[0], (5, []))
    position = codes.index(parts[1]) if len(parts) > 1 and parts[1] in codes else len(codes)
    return (rank, position, 0 if parts[-1] == "initiatives" else 1)


def ordered_keys(*flats: dict) -> list[str]:
    """Every key of the given flat dicts, in report order (totals, fields, scopes, statuses, indicators)."""
    keys = set()
    for flat in flats:
        keys |= set(flat)
    return sorted(keys, key=lambda k: (_order(k), k))


def figure_urls(figs) -> dict[str, str]:
    """The drill-down URL of each flattened key of a live `Figures` (indicators have none)."""
    urls = {key: getattr(figs, key).url for key in TOP_LEVEL}
    for code, entry in figs.by_field.items():
        urls[f"by_field.{code}.initiatives"] = entry["initiatives"].url
        urls[f"by_field.{code}.exemplars"] = entry["exemplars"].url
    for code, fig in figs.by_scope.items():
        urls[f"by_scope.{code}"] = fig.url
    for code, fig in figs.by_status.items():
        urls[f"by_status.{code}"] = fig.url
    return urls


def as_number(value: Decimal):
    """A whole Decimal as int (for JSON and templates), else the Decimal."""
    return int(value) if value == value.to_integral_value() else value
