"""Vietnamese number formatting: 1.234.567 and "90.000.000 đ"."""
from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


def _group(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@register.filter
def vnnumber(value):
    """1234567 -> "1.234.567"; 2.5 -> "2,5" (comma decimal separator)."""
    if value is None or value == "":
        return ""
    try:
        d = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return value
    if d == d.to_integral_value():
        return _group(int(d))
    whole, frac = f"{abs(d):f}".split(".")
    frac = frac.rstrip("0")
    sign = "-" if d < 0 else ""
    return f"{sign}{_group(int(whole))},{frac}"


@register.filter
def vnd(value):
    """Money in VND as an integer: "90.000.000 đ"."""
    if value is None or value == "":
        return ""
    try:
        return f"{_group(int(Decimal(value)))} đ"
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
