"""An offline map of the units below a dashboard's unit, drawn as inline SVG on the server.

Each unit is a circle at its centre point (AdminUnit.latitude/longitude) whose area matches the unit's
area (area_km2; a province's is the sum of its communes'), coloured by the quintile of the chosen figure,
linking to the records behind that figure. Equirectangular projection around the mean latitude; no tiles,
no map library, nothing from the internet. Islands far out at sea (Hoàng Sa, Trường Sa…) would shrink
the mainland to a dot, so they are drawn in a side strip, labelled, and not to scale.

Every map of the whole country shows the Hoàng Sa and Trường Sa archipelagos, as the special zones they are
(Đặc khu Hoàng Sa of Đà Nẵng, Đặc khu Trường Sa of Khánh Hòa): `archipelagos()` finds them, the national
dashboard adds them to the provinces, and `draw` puts units marked `island` in the strip whatever their place.
"""
import math
from dataclasses import dataclass
from statistics import median

from django.db.models import Sum

from danvan.territory.models import AdminUnit, UnitKind

# The archipelagos a map of Vietnam always shows: (short name of the special zone, short name of its province).
ARCHIPELAGOS = (("Hoàng Sa", "Đà Nẵng"), ("Trường Sa", "Khánh Hòa"))

KM_PER_DEGREE = 111.32
# Light to dark, ending in the colour of the navigation bar; zero has its own grey.
PALETTE = ("#fde0d9", "#f8a98f", "#ee6a50", "#cf3228", "#8f1111")
ZERO_COLOUR = "#e9ecef"
MIN_RADIUS_PX = 3.0
WIDTH = 560
PAD = 12
STRIP = 110  # width of the side strip for far-away islands


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

    @property
    def label_y(self) -> float:
        return round(self.cy + self.r + 12, 1)


def archipelagos() -> list[AdminUnit]:
    """The current special zones of the archipelagos (Hoàng Sa, Trường Sa), each with its province, in that order."""
    zones = {u.short_name: u for u in AdminUnit.objects.current().filter(
        kind=UnitKind.SPECIAL_ZONE, short_name__in=[name for name, _p in ARCHIPELAGOS]).select_related("province")}
    return [zones[name] for name, _province in ARCHIPELAGOS if name in zones]


def archipelago_label(zone: AdminUnit) -> str:
    """"Hoàng Sa (Đà Nẵng)": the zone with the province it belongs to."""
    return f"{zone.short_name} ({zone.province.short_name})" if zone.province_id else zone.short_name


def province_areas() -> dict[int, float]:
    """km² per current province, summed from its communes."""
    rows = AdminUnit.objects.communes().values_list("province_id").annotate(a=Sum("area_km2")).order_by()
    return {pk: a or 0.0 for pk, a in rows}


def _n(v: int) -> str:
    return f"{v:,}".replace(",", ".")


def classes(values: list[int]) -> list[tuple[int, int, str]]:
    """(lowest, highest, colour) of up to five classes of the non-zero values, split by rank (quintiles);
    equal values share a class, and the class of the largest value always gets the darkest colour."""
    nonzero = sorted(v for v in values if v > 0)
    if not nonzero:
        return []
    distinct = sorted(set(nonzero))
    k = min(len(PALETTE), len(distinct))
    bounds = []
    for q in range(1, k + 1):
        bound = nonzero[min(len(nonzero) - 1, math.ceil(len(nonzero) * q / k) - 1)]
        if not bounds or bound > bounds[-1]:
            bounds.append(bound)
    out, previous = [], 0
    for i, bound in enumerate(bounds):
        low = next(v for v in distinct if v > previous)
        shade = PALETTE[round(i * (len(PALETTE) - 1) / (len(bounds) - 1))] if len(bounds) > 1 else PALETTE[-1]
        out.append((low, bound, shade))
        previous = bound
    return out


def colour_for(value: int, scale: list[tuple[int, int, str]]) -> str:
    for _low, high, colour in scale:
        if 0 < value <= high:
            return colour
    return ZERO_COLOUR


def legend(scale: list[tuple[int, int, str]]) -> list[tuple[str, str]]:
    """(colour, range text) of each class, zero first."""
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


def draw(units: list[dict], *, width: int = WIDTH) -> dict:
    """units: dicts with lat, lon, area (km², may be None), value, url, name. Returns the SVG parts:
    view box size, circles (mainland), islands (side strip) and the legend."""
    placed = [u for u in units if u.get("lat") is not None and u.get("lon") is not None]
    shades = classes([u["value"] for u in units])
    result = {"width": width, "height": 200, "circles": [], "islands": [], "legend": legend(shades),
              "missing": [u for u in units if u not in placed]}
    if not placed:
        return result
    far = [f or bool(u.get("island")) for u, f in zip(placed, _far_out([(u["lat"], u["lon"]) for u in placed]))]
    main = [u for u, f in zip(placed, far) if not f]
    islands = [u for u, f in zip(placed, far) if f]
    lat0 = math.radians(sum(u["lat"] for u in main) / len(main))
    kx = math.cos(lat0)

    def radius_deg(u):
        area = u.get("area") or 0.0
        return math.sqrt(area / math.pi) / KM_PER_DEGREE if area > 0 else 0.0

    xs = [u["lon"] * kx for u in main]
    ys = [-u["lat"] for u in main]
    rs = [radius_deg(u) for u in main]
    x_min = min(x - r for x, r in zip(xs, rs))
    x_max = max(x + r for x, r in zip(xs, rs))
    y_min = min(y - r for y, r in zip(ys, rs))
    y_max = max(y + r for y, r in zip(ys, rs))
    span_x, span_y = max(x_max - x_min, 1e-3), max(y_max - y_min, 1e-3)
    draw_width = width - 2 * PAD - (STRIP if islands else 0)
    scale = draw_width / span_x
    # Very tall territories (the nation) would be too tall on a phone: cap the height at 1.6× the width.
    if span_y * scale > 1.6 * width:
        scale = 1.6 * width / span_y
    height = span_y * scale + 2 * PAD
    offset_x = PAD + (draw_width - span_x * scale) / 2
    for u, x, y, r in zip(main, xs, ys, rs):
        result["circles"].append(Circle(
            cx=round(offset_x + (x - x_min) * scale, 1), cy=round(PAD + (y - y_min) * scale, 1),
            r=round(max(r * scale, MIN_RADIUS_PX), 1), colour=colour_for(u["value"], shades), url=u["url"],
            title=f"{u['name']}: {_n(u['value'])}", value=u["value"],
        ))
    # Larger circles first, so small ones stay clickable on top of them.
    result["circles"].sort(key=lambda c: -c.r)
    for i, u in enumerate(sorted(islands, key=lambda u: -u["lat"])):  # north first: Hoàng Sa above Trường Sa
        result["islands"].append(Circle(
            cx=width - STRIP / 2, cy=PAD + 28 + i * 56, r=8.0, colour=colour_for(u["value"], shades), url=u["url"],
            title=f"{u['name']}: {_n(u['value'])}", value=u["value"], label=u["name"],
        ))
    result["height"] = round(max(height, PAD + 28 + len(islands) * 56), 1)
    result["strip_x"] = width - STRIP
    return result
