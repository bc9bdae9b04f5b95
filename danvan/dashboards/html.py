"""The big repetitive parts of a dashboard (ranking rows, map circles) built in Python: a province has up
to ~170 communes with six links each, which would cost tens of milliseconds through the template engine.
Everything interpolated is escaped; numbers follow the page's language (1.234 / 1,234)."""
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from danvan.core.templatetags.danvan import local_number

WIDE_ONLY = " d-none d-sm-table-cell"


def vn(n: int) -> str:
    """A count in the page's language (1.234 in Vietnamese, 1,234 in English)."""
    return local_number(n)


def _link(number) -> str:
    return f'<a href="{escape(number.url)}" data-n="{number.value}">{vn(number.value)}</a>'


def ranking_rows(rows, figures, figure: str, period_code: str) -> SafeString:
    """<tr> of each ranked unit: its name (to its own dashboard) and each figure linking to its records;
    on a phone only the chosen figure's column shows."""
    template = reverse("dashboards:unit", args=[987654321])
    query = f"?period={escape(period_code)}&amp;map={escape(figure)}"
    out = []
    for row in rows:
        if row.unit is not None:
            url = template.replace("987654321", str(row.unit.pk))
            name, number = f'<a href="{url}{query}">{escape(row.label)}</a>', str(row.rank or "")
        else:
            name, number = f"<em>{escape(row.label)}</em>", ""
        cells = "".join(
            f'<td class="text-end{"" if f == figure else WIDE_ONLY}">{_link(row.numbers[f])}</td>' for f in figures)
        out.append(f'<tr><td class="text-end text-muted small">{number}</td><td>{name}</td>{cells}</tr>')
    return mark_safe("\n".join(out))


def map_marks(drawn: dict) -> SafeString:
    """The SVG circles (and the side strip of far islands) of maps.draw(), each a link with a tooltip, then the
    place names on top (not links themselves, hidden from screen readers: each link is named by its tooltip)."""
    out = [
        f'<a href="{escape(c.url)}" data-n="{c.value}"><circle cx="{c.cx}" cy="{c.cy}" r="{c.r}" '
        f'fill="{c.colour}"><title>{escape(c.title)}</title></circle></a>'
        for c in drawn["circles"]
    ]
    labels = [
        f'<text x="{c.cx}" y="{c.place_label_y}" text-anchor="middle">{escape(c.label)}</text>'
        for c in drawn["circles"] if c.label
    ]
    if labels:
        out.append('<g class="place-labels" aria-hidden="true">' + "".join(labels) + "</g>")
    if drawn["islands"]:
        x = drawn["strip_x"]
        out.append(f'<line x1="{x}" y1="4" x2="{x}" y2="{drawn["height"]}" class="strip-line"/>')
        out += [
            f'<a href="{escape(c.url)}" data-n="{c.value}"><circle cx="{c.cx}" cy="{c.cy}" r="{c.r}" '
            f'fill="{c.colour}"><title>{escape(c.title)}</title></circle>'
            f'<text x="{c.cx}" y="{c.label_y}" text-anchor="middle" class="island-label">{escape(c.label)}</text></a>'
            for c in drawn["islands"]
        ]
    return mark_safe("\n".join(out))
