"""Number formatting: 1.234.567 and "90.000.000 đ" in Vietnamese, 1,234,567 and "90,000,000 đ" in English.

In templates the filters `vnnumber` and `vnd` follow the page's language (issue 12: numbers follow the chosen
language). Called from Python, `vnnumber()` stays Vietnamese: it writes the text of official reports and papers;
`local_number()` is the language-following form for pages built in Python."""
from decimal import Decimal, InvalidOperation

from django import template
from django.utils.translation import get_language

register = template.Library()

# (thousands separator, decimal separator) per language; Vietnamese for any other.
SEPARATORS = {"vi": (".", ","), "en": (",", ".")}


def _separators(language: str | None = "vi") -> tuple[str, str]:
    return SEPARATORS.get((language or "vi").split("-")[0], SEPARATORS["vi"])


def _group(n: int, thousands: str = ".") -> str:
    return f"{n:,}".replace(",", thousands)


def _format(value, language: str | None):
    if value is None or value == "":
        return ""
    try:
        d = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return value
    thousands, decimal = _separators(language)
    if d == d.to_integral_value():
        return _group(int(d), thousands)
    whole, frac = f"{abs(d):f}".split(".")
    frac = frac.rstrip("0")
    sign = "-" if d < 0 else ""
    return f"{sign}{_group(int(whole), thousands)}{decimal}{frac}"


def vnnumber(value):
    """1234567 -> "1.234.567"; 2.5 -> "2,5" (comma decimal separator), whatever the language."""
    return _format(value, "vi")


@register.filter(name="vnnumber")
def local_number(value):
    """A number in the current language: "1.234.567" / "2,5" in Vietnamese, "1,234,567" / "2.5" in English."""
    return _format(value, get_language())


@register.filter
def vnd(value):
    """Money in VND as an integer: "90.000.000 đ" (in English "90,000,000 đ")."""
    if value is None or value == "":
        return ""
    try:
        return f"{_group(int(Decimal(value)), _separators(get_language())[0])} đ"
    except (InvalidOperation, TypeError, ValueError):
        return value


@register.filter
def field_label(form, name):
    """The label of a form's field by name (for listing a form's errors)."""
    field = form.fields.get(name)
    return field.label if field is not None and field.label else name


@register.simple_tag(takes_context=True)
def filter_summary(context, filterset):
    """The chips and the sentence of a filtered list (core.filter_summary)."""
    from danvan.core.filter_summary import summarize

    return summarize(filterset, context["request"])


@register.simple_tag
def card_cells(table, row):
    """A list's row as a phone card (core/_cards.html): [(label, html)] of the table's `card_columns` after the
    first (the title): a table column gives its cell as rendered, a record field its value (a date dd/mm/yyyy)."""
    from django.utils.formats import date_format

    out = []
    names = {c.name: c for c in table.columns}
    for name in table.card_columns[1:]:
        if name in names:
            value = row.get_cell(name)
            label = names[name].header
        else:
            value = getattr(row.record, name, None)
            field = row.record._meta.get_field(name)
            label = field.verbose_name
            if hasattr(value, "strftime"):
                value = date_format(value, "d/m/Y")
        if value in (None, "", "—"):
            continue
        out.append((label, value))
    return out


@register.filter
def cell(row, name):
    """The rendered cell `name` of a django-tables2 row."""
    return row.get_cell(name)
