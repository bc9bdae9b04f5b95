"""An offline map of the units below a dashboard's unit, drawn as inline SVG on the server.

Each unit is a circle at its centre point (AdminUnit.latitude/longitude) whose area is in proportion to the
chosen figure, coloured by even bands of that figure (1–50, 51–100, …), labelled with the place's name where
it fits, and linking to the records behind that figure. Equirectangular projection around the mean latitude; no tiles,
no map library, nothing from the internet. Islands far out at sea (Hoàng Sa, Trường Sa…) would shrink
the mainland to a dot, so they are drawn in a side strip, labelled, and not to scale.

Every map of the whole country shows the Hoàng Sa and Trường Sa archipelagos, as the special zones they are
(Đặc khu Hoàng Sa of Đà Nẵng, Đặc khu Trường Sa of Khánh Hòa): `archipelagos()` finds them, the national
dashboard adds them to the provinces, and `draw` puts units marked `island` in the strip whatever their place.
"""
import math
from dataclasses import dataclass
from statistics import median

from danvan.core.templatetags.danvan import local_number
from danvan.territory.models import AdminUnit, UnitKind

# The archipelagos a map of Vietnam always shows: (short name of the special zone, short name of its province).
ARCHIPELAGOS = (("Hoàng Sa", "Đà Nẵng"), ("Trường Sa", "Khánh Hòa"))

# Light to dark, ending in the colour of the navigation bar; zero has its own grey.
PALETTE = ("#fde0d9", "#f8a98f", "#ee6a50", "#cf3228", "#8f1111")
ZERO_COLOUR = "#e9ecef"
MIN_RADIUS_PX = 3.0
WIDTH = 560
PAD = 12
STRIP = 110  # width of the side strip for far-away islands
LABEL_PX = 13  # font size of the place names (the SVG is drawn ~0.6–1× on screens)
LABEL_CHAR_PX = 7.0  # their average character width


@dataclass
class Circle:
    cx: float
    cy: float
    r: float
    colour: str
    url: str
    title: str
    value: int = 0
    label: str = ""
    name: str = ""

    @property
    def label_y(self) -> float:
        return round(self.cy + self.r + 12, 1)

    @property
    def place_label_y(self) -> float:
        return round(self.cy + self.r + LABEL_PX, 1)


def archipelagos() -> list[AdminUnit]:
    """The current special zones of the archipelagos (Hoàng Sa, Trường Sa), each with its province, in that order."""
    zones = {u.short_name: u for u in AdminUnit.objects.current().filter(
        kind=UnitKind.SPECIAL_ZONE, short_name__in=[name for name, _p in ARCHIPELAGOS]).select_related("province")}
    return [zones[name] for name, _province in ARCHIPELAGOS if name in zones]


def archipelago_label(zone: AdminUnit) -> str:
    """"Hoàng Sa (Đà Nẵng)": the zone with the province it belongs to."""
    return f"{zone.short_name} ({zone.province.short_name})" if zone.province_id else zone.short_name


def _n(v: int) -> str:
    return local_number(v)  # the page's language: 1.234 / 1,234


def _nice_step(raw: float) -> int:
    """The smallest 1, 2 or 5 × 10ⁿ (an integer, at least 1) not below raw."""
    if raw <= 1:
        return 1
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if m * power >= raw:
            return int(m * power)
    return int(10 * power)


def classes(values: list[int]) -> list[tuple[int, int, str]]:
    """(lowest, highest, colour) of up to five even bands of the non-zero values: 1–step, step+1–2·step, …, up to
    the band holding the largest value, with a round step (1, 2 or 5 × 10ⁿ). The last band gets the darkest
    colour; the others are spread over the palette."""
    top = max((v for v in values if v > 0), default=0)
    if top <= 0:
        return []
    step = _nice_step(top / len(PALETTE))
    count = math.ceil(top / step)
    out = []
    for i in range(count):
        shade = PALETTE[round(i * (len(PALETTE) - 1) / (count - 1))] if count > 1 else PALETTE[-1]
        out.append((i * step + 1, (i + 1) * step, shade))
    return out


def colour_for(value: int, scale: list[tuple[int, int, str]]) -> str:
    for _low, high, colour in scale:
        if 0 < value <= high:
            return colour
    return ZERO_COLOUR


def legend(scale: list[tuple[int, int, str]]) -> list[tuple[str, str]]:
    """(colour, range text) of each band, zero first."""
    return [(ZERO_COLOUR, "0")] + [
        (colour, _n(low) if low == high else f"{_n(low)}–{_n(high)}") for low, high, colour in scale]


def _far_out(points: list[tuple[float, float]]) -> list[bool]:
    """Units much farther from the median centre than the rest (islands far at sea)."""
    if len(points) < 4:
        return [False] * len(points)
    mlat, mlon = median(p[0] for p in points), median(p[1] for p in points)
    dist = [math.hypot(lat - mlat, (lon - mlon) * math.cos(math.radians(mlat))) for lat, lon in points]
    typical = sorted(dist)[int(len(dist) * 0.9) - 1]
    limit = max(2.0, 2.5 * typical)
    return [d > limit for d in dist]


def max_radius(count: int) -> float:
    """The radius of the largest figure's circle: large when few units share the map, smaller when many."""
    return max(10.0, min(28.0, 180.0 / math.sqrt(max(count, 1))))


def radius(value: int, top: int, largest: float) -> float:
    """Circle areas in proportion to the figure (not to land area); zero and tiny values stay clickable."""
    if top <= 0 or value <= 0:
        return MIN_RADIUS_PX
    return max(MIN_RADIUS_PX, largest * math.sqrt(value / top))


def _place_labels(circles: list[Circle], width: float, height: float) -> None:
    """Each place's name under its circle, larger figures first; a name that would overlap one already placed
    (or leave the map) is left out (the circle's tooltip and the ranking still name it)."""
    boxes = []
    for c in sorted(circles, key=lambda c: (-c.value, -c.r)):
        w = LABEL_CHAR_PX * len(c.name) + 2
        x, y = c.cx, c.cy + c.r + LABEL_PX
        box = (x - w / 2, y - LABEL_PX, x + w / 2, y + 2)
        if box[0] < 0 or box[2] > width or box[3] > height:
            continue
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes):
            continue
        boxes.append(box)
        c.label = c.name


def draw(units: list[dict], *, width: int = WIDTH) -> dict:
    """units: dicts with lat, lon, value, url, name (and island: True for a far archipelago). Returns the SVG
    parts: view box size, circles (mainland, each with its place name when it fits), islands (side strip) and
    the legend. A circle's area is in proportion to its figure."""
    placed = [u for u in units if u.get("lat") is not None and u.get("lon") is not None]
    shades = classes([u["value"] for u in units])
    result = {"width": width, "height": 200, "circles": [], "islands": [], "legend": legend(shades),
              "missing": [u for u in units if u not in placed]}
    if not placed:
        return result
    far = [f or bool(u.get("island")) for u, f in zip(placed, _far_out([(u["lat"], u["lon"]) for u in placed]))]
    main = [u for u, f in zip(placed, far) if not f]
    islands = [u for u, f in zip(placed, far) if f]
    top = max((u["value"] for u in placed), default=0)
    largest = max_radius(len(main))
    margin = largest + LABEL_PX
    if main:
        lat0 = math.radians(sum(u["lat"] for u in main) / len(main))
        kx = math.cos(lat0)
        xs = [u["lon"] * kx for u in main]
        ys = [-u["lat"] for u in main]
        x_min, y_min = min(xs), min(ys)
        span_x, span_y = max(max(xs) - x_min, 1e-3), max(max(ys) - y_min, 1e-3)
        draw_width = width - 2 * PAD - 2 * margin - (STRIP if islands else 0)
        scale = draw_width / span_x
        # Very tall territories (the nation) would be too tall on a phone: cap the height at 1.6× the width.
        if span_y * scale > 1.6 * width:
            scale = 1.6 * width / span_y
        height = span_y * scale + 2 * PAD + 2 * margin
        offset_x = PAD + margin + (draw_width - span_x * scale) / 2
        for u, x, y in zip(main, xs, ys):
            result["circles"].append(Circle(
                cx=round(offset_x + (x - x_min) * scale, 1), cy=round(PAD + margin + (y - y_min) * scale, 1),
                r=round(radius(u["value"], top, largest), 1), colour=colour_for(u["value"], shades), url=u["url"],
                title=f"{u['name']}: {_n(u['value'])}", value=u["value"], name=u["name"],
            ))
    else:
        height = 200
    # Larger circles first, so small ones stay clickable on top of them.
    result["circles"].sort(key=lambda c: -c.r)
    for i, u in enumerate(sorted(islands, key=lambda u: -u["lat"])):  # north first: Hoàng Sa above Trường Sa
        result["islands"].append(Circle(
            cx=width - STRIP / 2, cy=PAD + 28 + i * 56, r=8.0, colour=colour_for(u["value"], shades), url=u["url"],
            title=f"{u['name']}: {_n(u['value'])}", value=u["value"], label=u["name"], name=u["name"],
        ))
    result["height"] = round(max(height, PAD + 28 + len(islands) * 56), 1)
    result["strip_x"] = width - STRIP
    _place_labels(result["circles"], result["strip_x"] if islands else width, result["height"])
    return result
