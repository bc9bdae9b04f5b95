"""What a filtered list is, said from its filterset: a removable chip per active filter, and one sentence
("Mô hình đăng ký mới năm 2025 – Tỉnh Sơn La").

Every list page shows it (core/object_list_results.html, through the `filter_summary` tag), so a filter a
dashboard link put in the address (a hidden date window, a status) is visible and can be removed on its own;
removing one keeps all the others. Built once here, fed by the list's FilterSet:

- a filter's label is its chip's label; a value is shown as people read it: a choice's label, a unit's or an
  organisation's name (looked up through the user's scope, `visible_to`), a person's full name, a date as
  dd/mm/yyyy;
- a FilterSet may declare `date_ranges`: pairs of parameters that make one window (e.g. registered_from and
  registered_to), each with its words: one chip ("Đăng ký mới: năm 2025") removes both bounds;
- a FilterSet may declare `summary_unit` (the parameter naming the unit, "unit"): its name closes the sentence.
"""
import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils.formats import date_format
from django.utils.translation import gettext as _

IGNORED = {"page", "sort", "export", "ordering", "per_page"}


@dataclass(frozen=True)
class DateRange:
    """Two parameters that bound one date (or year) column. `within`: what the window is when both bounds are
    set ("đăng ký mới"); `until` / `since`: with only the upper / lower bound ("đăng ký")."""

    low: str
    high: str
    within: str
    until: str
    since: str = ""
    years: bool = False   # the bounds are years (year_min / year_max), not dates
    label: str = ""       # the chip's label (default: the words, capitalised)


@dataclass
class Chip:
    label: str
    value: str
    remove_url: str
    params: tuple = ()


@dataclass
class FilterSummary:
    subject: str
    chips: list = field(default_factory=list)
    sentence: str = ""
    clear_url: str = ""


def _as_date(value):
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


def _day(value) -> str:
    d = _as_date(value)
    return date_format(d, "d/m/Y") if d else str(value)


def _window_text(r: DateRange, low, high) -> str:
    """"năm 2025", "từ 01/04/2025 đến 30/06/2025", "đến 31/12/2025", "từ năm 2020 đến năm 2025"."""
    if r.years:
        if low and high:
            return _("năm %(y)s") % {"y": low} if str(low) == str(high) else (
                _("từ năm %(a)s đến năm %(b)s") % {"a": low, "b": high})
        return _("đến năm %(y)s") % {"y": high} if high else _("từ năm %(y)s") % {"y": low}
    a, b = _as_date(low), _as_date(high)
    if a and b and a.year == b.year and (a.month, a.day, b.month, b.day) == (1, 1, 12, 31):
        return _("năm %(y)s") % {"y": a.year}
    if low and high:
        return _("từ %(a)s đến %(b)s") % {"a": _day(low), "b": _day(high)}
    return _("đến %(d)s") % {"d": _day(high)} if high else _("từ %(d)s") % {"d": _day(low)}


def _without(path, data, names, value=None) -> str:
    """The query string of `data` without the parameters `names` (or only their one `value`), without the page."""
    pairs = []
    for key in data:
        if key in ("page", "export"):
            continue
        for v in data.getlist(key):
            if key in names and (value is None or v == value):
                continue
            pairs.append((key, v))
    return f"{path}?{urlencode(pairs)}" if pairs else path


def _person(user) -> str:
    return (user.get_full_name() or "").strip() or user.get_username()


def _record_name(filterset, flt, value, user) -> str | None:
    """The name of the record an id filter points at, if the user may see it."""
    model = filterset._meta.model
    try:
        related = model._meta.get_field(flt.field_name.split("__")[0]).related_model
    except Exception:  # noqa: BLE001 - not a model field: no name to show
        return None
    if related is None:
        return None
    manager = related._default_manager
    qs = manager.visible_to(user) if hasattr(manager, "visible_to") and user is not None else None
    if qs is None:
        if not hasattr(related, "get_full_name"):
            return None
        qs = manager.all()
    try:
        obj = qs.filter(pk=int(value)).first()
    except (TypeError, ValueError):
        return None
    if obj is None:
        return None
    return _person(obj) if hasattr(obj, "get_full_name") else str(obj)


def _value_text(filterset, name, flt, value, user) -> str:
    form_field = filterset.form.fields.get(name)
    choices = getattr(form_field, "choices", None) or getattr(getattr(form_field, "widget", None), "choices", None)
    if choices:
        for code, label in choices:
            if isinstance(label, (list, tuple)):  # grouped choices
                for c, lab in label:
                    if str(c) == str(value):
                        return str(lab)
            elif str(code) == str(value) and code not in ("", None):
                return str(label)
    if value in ("true", "True", "1") and flt.__class__.__name__ == "BooleanFilter":
        return ""
    if _as_date(value) and len(str(value)) == 10:
        return _day(value)
    if str(value).lstrip("-").isdigit():
        named = _record_name(filterset, flt, value, user)
        if named is not None:
            return named
    return str(value)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def summarize(filterset, request) -> FilterSummary:
    data = request.GET
    user = getattr(request, "user", None)
    model = filterset._meta.model
    summary = FilterSummary(subject=str(model._meta.verbose_name_plural) if model else "")
    summary.clear_url = request.path
    filters = filterset.filters
    errors = filterset.form.errors if filterset.is_bound else {}
    ranges = list(getattr(filterset, "date_ranges", ()))
    unit_param = getattr(filterset, "summary_unit", "unit")
    in_range = {p for r in ranges for p in (r.low, r.high)}
    window_words, parts, unit_name = [], [], ""

    for r in ranges:
        low, high = data.get(r.low) or None, data.get(r.high) or None
        if not (low or high) or r.low in errors or r.high in errors:
            continue
        words = r.within if low and high else (r.until if high else (r.since or r.until))
        text = _window_text(r, low, high)
        label = str(r.label or words)
        summary.chips.append(Chip(label[:1].upper() + label[1:], text, _without(request.path, data, {r.low, r.high}),
                                  (r.low, r.high)))
        window_words.append(f"{words} {text}".strip())

    for name, flt in filters.items():
        if name in IGNORED or name in in_range or name in errors:
            continue
        values = [v.strip() for v in data.getlist(name) if v and v.strip()]
        label = str(flt.label or (filterset.form.fields[name].label if name in filterset.form.fields else name))
        texts = []
        for value in values:
            if flt.__class__.__name__ == "BooleanFilter" and value.lower() in ("false", "0", "unknown"):
                continue
            text = _value_text(filterset, name, flt, value, user)
            one = value if len(values) > 1 else None
            summary.chips.append(Chip(label, text, _without(request.path, data, {name}, one), (name,)))
            texts.append(text)
        if not texts:
            continue
        if name == unit_param:
            unit_name = ", ".join(texts)
        elif name == "q":
            parts.append(_("có “%(q)s”") % {"q": " ".join(texts)})
        else:
            shown = ", ".join(t for t in texts if t)
            parts.append(f"{_lower_first(label)} {shown}".strip())

    sentence = summary.subject
    if window_words or parts:
        sentence += " " + ", ".join(window_words + parts)
    if unit_name:
        sentence += " – " + unit_name
    summary.sentence = sentence if summary.chips else ""
    return summary
