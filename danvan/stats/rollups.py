"""Roll-ups: a unit's figures for a period by field, scope, status, organisation kind and year, each with
the same period last year and the link to the records behind it.

The counting rules are the figures' declarations (stats.definitions: initiatives in the movement =
registered on or before the period's end; new = registered in the period; recognised / not implemented =
moved to that status in the period; exemplars = recorded in a year of the period), read here from the
count tables. Where the numbers come from:
- cells (stats.models; the nation's are the sum of its provinces') when the user's scope covers the unit entirely (`covers`): whole years from the year
  cells; a period that is not whole years (month, quarter, 6 months) takes the years before it from the
  year cells and its own year's months from the month cells (nation, province; a commune, being small,
  counts that part with an indexed query);
- otherwise (organisation scopes, historic units) the same numbers are counted from the user's visible
  records (`Tally.from_records`), so what a user sees is always what `visible_to` allows.
`test_cells_and_a_live_count_give_the_same_rollup_and_ranking` checks both paths give the same numbers.
Links come from the declarations, so a drill-down list counts what the number says.
"""
import datetime
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When
from django.utils.translation import gettext as _

from danvan.accounts import policy
from danvan.core.text import sort_key
from danvan.initiatives.models import Field, Scope, Status
from danvan.organizations.models import OrganizationKind
from danvan.stats import counts as keeper
from danvan.stats import definitions
from danvan.stats.figures import exemplars_in, initiatives_in
from danvan.stats.models import (
    CellKind, CommuneMonthCell, Dim, NationStatCell, ProvinceMonthCell, ProvinceStatCell, StatCell,
)
from danvan.stats.periods import Period
from danvan.territory.models import AdminUnit, UnitLevel

I, E = CellKind.INITIATIVE.value, CellKind.EXEMPLAR.value
INITIATIVE_LIST, EXEMPLAR_LIST = definitions.INITIATIVE_LIST, definitions.EXEMPLAR_LIST
FIGURES = definitions.KEY_FIGURES
list_url = definitions.list_url


def figure_labels() -> dict:
    return {key: label for key, label in definitions.labels().items() if key in FIGURES}


@dataclass
class Number:
    """A count with its drill-down link, and the same period last year when compared."""

    value: int
    url: str
    previous: int | None = None
    previous_url: str = ""

    @property
    def delta(self) -> int | None:
        return None if self.previous is None else self.value - self.previous

    @property
    def delta_text(self) -> str:
        d = self.delta
        if d is None:
            return ""
        return f"+{d:,}".replace(",", ".") if d > 0 else ("0" if d == 0 else f"−{-d:,}".replace(",", "."))


# ---------------------------------------------------------------------------------------------------
# Who may see which unit, and whether the cells can answer for them
# ---------------------------------------------------------------------------------------------------
def covers(user, unit: AdminUnit | None) -> bool:
    """True when the unit part of the user's scope includes every record of `unit` (then the visible
    records of the unit are exactly its cells). `user` None: no scope (every record), always covered."""
    if unit is not None and unit.historic:
        return False  # cells are keyed by current units; a historic unit's lineage is counted live
    return user is None or policy.covers_unit(user, unit)


def may_view(user, unit: AdminUnit | None) -> bool:
    """A dashboard is open for the nation to national users; for a current unit the scope covers; for a
    historic unit whose current unit is open; and for the units of the user's organisations."""
    if policy.is_national(user):
        return True
    if unit is None:
        return False
    if unit.historic:
        current = unit.current_unit()
        return not current.historic and may_view(user, current)
    if covers(user, unit):
        return True
    return unit.pk in organization_units(user)


def organization_units(user) -> set[int]:
    """The communes/provinces of the organisations in the user's scope."""
    return policy.organization_units(user)


def home_unit(user) -> tuple[bool, AdminUnit | None]:
    """(found, unit) of the level a user lands on: the nation (None), their first province, commune,
    or the unit of their organisation."""
    if policy.is_national(user):
        return True, None
    for ids in (policy.province_ids(user), policy.commune_ids(user), organization_units(user)):
        if ids:
            unit = AdminUnit.objects.filter(pk__in=sorted(ids)).order_by("level", "sort_key").first()
            if unit is not None:
                return True, unit
    return False, None


def _readable(model, user):
    """The cells of `model` the user may read (`user` None: no scope, every cell)."""
    return model.objects.all() if user is None else model.objects.visible_to(user)


def cells_for(user, unit: AdminUnit | None, *, below: bool = False):
    """The year cells of `unit` (None = the nation), or with `below` of the units below it, that the user
    may read: cells are only ever read through the user's scope."""
    if unit is None:
        if below:
            return _readable(ProvinceStatCell, user)
        # The nation's figures: the sum of its sharded cells (there is no national row), read only by users who
        # see the whole nation.
        cells = NationStatCell.objects.all()
        return cells if user is None or policy.is_national(user) else cells.none()
    if unit.level == UnitLevel.PROVINCE:
        return _readable(StatCell if below else ProvinceStatCell, user).filter(province_id=unit.pk)
    return _readable(StatCell, user).filter(commune_id=unit.pk)


# ---------------------------------------------------------------------------------------------------
# Counting
# ---------------------------------------------------------------------------------------------------
def _whole_years(start: datetime.date, end: datetime.date) -> bool:
    return (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)


class Tally:
    """Counts by (kind, dim, value, year) for one unit as one user sees it."""

    def __init__(self, counts: Counter):
        self.counts = counts
        # (kind, dim) -> [(value, year, n)]: a breakdown reads only its own dimension
        self._by_dim: dict[tuple, list] = {}
        for (k, d, v, y), n in counts.items():
            self._by_dim.setdefault((k, d), []).append((v, y, n))

    @classmethod
    def from_cells(cls, cells) -> "Tally":
        rows = cells.values("kind", "dim", "value", "year").annotate(total=Sum("n")).order_by()
        return cls(Counter({(r["kind"], r["dim"], r["value"], r["year"]): r["total"] for r in rows}))

    @classmethod
    def from_records(cls, initiatives, exemplars) -> "Tally":
        counts = Counter()
        for kind, qs in ((I, initiatives), (E, exemplars)):
            for (k, _p, _c, y, _m, dim, v), n in keeper.grouped(kind, qs).items():
                counts[(k, dim, v, y)] += n
        return cls(counts)

    @classmethod
    def per_child(cls, cells, column: str, *, since: int | None = None) -> dict:
        """{child id (0: records in no unit below): Tally} from the year cells of the units below, in one query.
        `since`: the years before it are summed by the database into one, `since - 1` (enough for counts of
        periods starting in `since` or later, and far fewer rows; not for `by_year`)."""
        year = F("year")
        if since is not None:
            year = Case(When(year__lt=since, then=Value(since - 1)), default=F("year"), output_field=IntegerField())
        rows = (cells.values_list(column, "kind", "dim", "value").annotate(y=year).values_list(
            column, "kind", "dim", "value", "y").annotate(total=Sum("n")).order_by())
        counts: dict = {}
        for child, kind, dim, value, year, n in rows:
            counts.setdefault(child or 0, Counter())[(kind, dim, value, year)] += n
        return {child: cls(c) for child, c in counts.items()}

    def by_value(self, kind: str, dim: str, first: int | None, last: int) -> Counter:
        out = Counter()
        for v, y, n in self._by_dim.get((kind, str(dim)), ()):
            if y <= last and (first is None or y >= first):
                out[v] += n
        return out

    def by_year(self, kind: str, dim: str) -> Counter:
        out = Counter()
        for _v, y, n in self._by_dim.get((kind, str(dim)), ()):
            out[y] += n
        return out


def _month_end(day: datetime.date) -> bool:
    return (day + datetime.timedelta(days=1)).day == 1


def _months_of_one_year(start: datetime.date, end: datetime.date) -> bool:
    """A window of whole months inside one year (every part-year period: month, quarter, 6 months)."""
    return start.year == end.year and start.day == 1 and _month_end(end)


class Source:
    """Period counts of one unit (None = the nation) as `user` sees them."""

    def __init__(self, user, unit: AdminUnit | None, *, tally: Tally | None = None):
        """`tally`: the unit's year cells already read (a child of `Tally.per_child`), for a unit covered."""
        self.user, self.unit = user, unit
        self.from_cells = tally is not None or covers(user, unit)
        if tally is not None:
            self.tally = tally
        else:
            self.tally = (Tally.from_cells(cells_for(user, unit)) if self.from_cells
                          else Tally.from_records(self.initiatives, self.exemplars))
        # Month cells exist per province: the nation and provinces read them, a commune counts live (small).
        self.has_months = self.from_cells and (unit is None or unit.level == UnitLevel.PROVINCE)
        self._months: dict[int, Counter] = {}
        self._moves: dict[tuple, Counter] = {}

    @cached_property
    def initiatives(self):
        """The unit's initiatives the user sees (counted live only where the cells cannot answer)."""
        return initiatives_in(self.unit, self.user)

    @cached_property
    def exemplars(self):
        return exemplars_in(self.unit, self.user)

    def months(self, year: int) -> Counter:
        """Initiative counts of one year by (dim, value, month), from ProvinceMonthCell."""
        if year not in self._months:
            if self.unit is None:
                cells = _readable(ProvinceMonthCell, self.user).filter(year=year)  # Σ provinces
                cells = cells if self.user is None or policy.is_national(self.user) else cells.none()
            else:
                cells = _readable(ProvinceMonthCell, self.user).filter(year=year, province_id=self.unit.pk)
            rows = cells.values_list("dim", "value", "month").annotate(total=Sum("n")).order_by()
            self._months[year] = Counter({(d, v, m): n for d, v, m, n in rows})
        return self._months[year]

    def _in_months(self, dim: str, start: datetime.date, end: datetime.date) -> Counter:
        out = Counter()
        for (d, v, m), n in self.months(end.year).items():
            if d == dim and start.month <= m <= end.month:
                out[v] += n
        return out

    def registered_by(self, dim: str, end: datetime.date) -> Counter:
        """Initiatives registered on or before `end`, by the value of `dim`."""
        if end.month == 12 and end.day == 31:
            return self.tally.by_value(I, dim, None, end.year)
        counts = self.tally.by_value(I, dim, None, end.year - 1)
        january = datetime.date(end.year, 1, 1)
        if self.has_months and _months_of_one_year(january, end):
            counts.update(self._in_months(dim, january, end))
            return counts
        part = self.initiatives.filter(registered_on__gte=january, registered_on__lte=end)
        if dim == Dim.TOTAL:
            counts[""] += part.count()
        else:
            counts.update(dict(part.values_list(keeper.INITIATIVE_DIMS[dim]).annotate(n=Count("id")).order_by()))
        return counts

    def registered_between(self, start: datetime.date, end: datetime.date) -> int:
        if _whole_years(start, end):
            return self.tally.by_value(I, Dim.TOTAL, start.year, end.year).get("", 0)
        if self.has_months and _months_of_one_year(start, end):
            return self._in_months(Dim.TOTAL, start, end).get("", 0)
        return self.initiatives.filter(registered_on__gte=start, registered_on__lte=end).count()

    def changed_between(self, status: str, start: datetime.date, end: datetime.date) -> int:
        if _whole_years(start, end):
            return self.tally.by_value(I, Dim.CHANGED, start.year, end.year).get(status, 0)
        if self.has_months and _months_of_one_year(start, end):
            return self._in_months(Dim.CHANGED, start, end).get(status, 0)
        return self.initiatives.filter(status=status, status_changed_at__gte=start, status_changed_at__lte=end).count()

    def moved_between(self, start: datetime.date, end: datetime.date) -> Counter:
        """Initiatives whose status was set in [start, end] (and is still that status), by status: from the cells
        (dim "changed", every status) for whole years or months of one year, else one grouped query."""
        key = (start, end)
        if key not in self._moves:
            if _whole_years(start, end):
                moves = self.tally.by_value(I, Dim.CHANGED, start.year, end.year)
            elif self.has_months and _months_of_one_year(start, end):
                moves = self._in_months(Dim.CHANGED, start, end)
            else:
                moves = dict(self.initiatives.filter(status_changed_at__gte=start, status_changed_at__lte=end)
                             .values_list("status").annotate(n=Count("id")).order_by())
            self._moves[key] = Counter(moves)
        return self._moves[key]

    def exemplars_by(self, dim: str, first: int, last: int) -> Counter:
        return self.tally.by_value(E, dim, first, last)


# ---------------------------------------------------------------------------------------------------
# The roll-up of one unit
# ---------------------------------------------------------------------------------------------------
@dataclass
class Row:
    code: str
    label: str
    numbers: dict  # "initiatives" / "exemplars" -> Number


@dataclass
class Rollup:
    unit: AdminUnit | None
    period: Period
    previous_period: Period
    from_cells: bool
    key: dict = field(default_factory=dict)          # FIGURES -> Number (with previous)
    by_field: list = field(default_factory=list)     # Row(initiatives, exemplars)
    by_scope: list = field(default_factory=list)     # Row(initiatives, exemplars)
    by_status: list = field(default_factory=list)    # Row(initiatives)
    by_org_kind: list = field(default_factory=list)  # Row(initiatives, exemplars)
    by_year: list = field(default_factory=list)      # Row(initiatives = registered that year, exemplars of it)

    def numbers(self):
        """Every Number on the roll-up (for tests and checks)."""
        yield from self.key.values()
        for rows in (self.by_field, self.by_scope, self.by_status, self.by_org_kind, self.by_year):
            for row in rows:
                yield from row.numbers.values()


class _Links:
    def __init__(self, unit):
        self.unit = unit.pk if unit is not None else None

    def initiatives(self, **params):
        return list_url(INITIATIVE_LIST, unit=self.unit, **params)

    def exemplars(self, **params):
        return list_url(EXEMPLAR_LIST, unit=self.unit, **params)


def _compare(now: Number, before: Number) -> Number:
    now.previous, now.previous_url = before.value, before.url
    return now


def _key_figures(src: Source, p: Period, links: _Links) -> dict:
    d = definitions.FIGURES
    out = {
        "initiatives": Number(src.registered_by(Dim.TOTAL, p.end).get("", 0), d["initiatives"].url(src.unit, p)),
        "new": Number(src.registered_between(p.start, p.end), d["new"].url(src.unit, p)),
    }
    for name, status in (("recognised", Status.RECOGNISED), ("not_implemented", Status.NOT_IMPLEMENTED)):
        out[name] = Number(src.changed_between(status, p.start, p.end), d[name].url(src.unit, p))
    out["exemplars"] = Number(src.exemplars_by(Dim.TOTAL, p.start.year, p.end.year).get("", 0),
                              d["exemplars"].url(src.unit, p))
    return out


def key_figure(user, unit: AdminUnit | None, period: Period, name: str) -> Number:
    """One key figure of `unit` in `period` (no comparison, no breakdowns): e.g. a mark on a map."""
    return _key_figures(Source(user, unit), period, _Links(unit))[name]


def _breakdown(src, p, links, dim, choices, *, exemplar_param=None, skip=()) -> dict:
    """code -> {"initiatives": Number, "exemplars": Number?} for one period."""
    ini_def, ex_def = definitions.BREAKDOWN["initiative"], definitions.BREAKDOWN["exemplar"]
    ini = src.registered_by(dim, p.end)
    ex = src.exemplars_by(dim, p.start.year, p.end.year) if exemplar_param else None
    out = {}
    for code, _label in choices:
        if code in skip:
            continue
        value = {str(dim): code}
        cell = {"initiatives": Number(ini.get(code, 0), ini_def.url(src.unit, p, **value))}
        if ex is not None:
            cell["exemplars"] = Number(ex.get(code, 0), ex_def.url(src.unit, p, **value))
        out[code] = cell
    return out


def rollup(user, unit: AdminUnit | None, period: Period, *, years: int = 10) -> Rollup:
    """The figures of `unit` (None = nation) in `period` as `user` sees them, compared with the same period
    last year, broken down by field, scope, status, organisation kind and (last `years`) year."""
    src = Source(user, unit)
    links = _Links(unit)
    before = period.same_period_last_year()
    r = Rollup(unit=unit, period=period, previous_period=before, from_cells=src.from_cells)
    now_key, old_key = _key_figures(src, period, links), _key_figures(src, before, links)
    r.key = {name: _compare(now_key[name], old_key[name]) for name in FIGURES}

    specs = (
        ("by_field", Dim.FIELD, Field.choices, "field", ()),
        ("by_scope", Dim.SCOPE, Scope.choices, "kind", ()),
        ("by_status", Dim.STATUS, Status.choices, None, (Status.DRAFT,)),
        ("by_org_kind", Dim.ORG_KIND, OrganizationKind.choices, "organization_kind", ()),
    )
    for attr, dim, choices, ex_param, skip in specs:
        now = _breakdown(src, period, links, dim, choices, exemplar_param=ex_param, skip=skip)
        old = _breakdown(src, before, links, dim, choices, exemplar_param=ex_param, skip=skip) \
            if dim != Dim.STATUS else None
        rows = []
        for code, label in choices:
            if code in skip:
                continue
            if dim == Dim.STATUS:
                numbers = _status_numbers(src, period, before, code, now[code]["initiatives"])
                rows.append(Row(code, str(label), numbers))
                continue
            numbers = {k: _compare(v, old[code][k]) for k, v in now[code].items()}
            if attr == "by_org_kind" and not any(n.value or n.previous for n in numbers.values()):
                continue  # sixteen kinds: list only those with records
            rows.append(Row(code, str(label), numbers))
        setattr(r, attr, rows)

    registered = src.tally.by_year(I, Dim.TOTAL)
    exemplars = src.tally.by_year(E, Dim.TOTAL)
    for y in range(period.end.year - years + 1, period.end.year + 1):
        r.by_year.append(Row(str(y), str(y), {
            "initiatives": Number(registered.get(y, 0), links.initiatives(
                registered_from=f"{y}-01-01", registered_to=f"{y}-12-31")),
            "exemplars": Number(exemplars.get(y, 0), links.exemplars(year=y)),
        }))
    return r


def _status_numbers(src: Source, period: Period, before: Period, status: str, stock: Number) -> dict:
    """A status row: how many initiatives of the movement are in it (today's status: no comparison), and how
    many moved to it in the period against the same period a year earlier (like with like)."""
    moves = definitions.STATUS_MOVES
    now = Number(src.moved_between(period.start, period.end).get(status, 0), moves.url(src.unit, period, status=status))
    old = Number(src.moved_between(before.start, before.end).get(status, 0), moves.url(src.unit, before, status=status))
    return {"initiatives": stock, "moved": _compare(now, old)}


# ---------------------------------------------------------------------------------------------------
# Ranking of the units below
# ---------------------------------------------------------------------------------------------------
@dataclass
class RankRow:
    unit: AdminUnit | None   # None: records of the unit itself, in no unit below
    label: str
    numbers: dict            # FIGURES -> Number
    rank: int | None = None  # set by order_ranking: 1, 2, 2, 4 (standard competition ranking); None for the unit itself


def order_ranking(rows: list[RankRow], figure: str) -> list[RankRow]:
    """The rows by `figure`, highest first, ties in Vietnamese order of their names (core.text.sort_key: Đ after
    D), each ranked by standard competition ranking: equal values share a rank and the next rank skips (1, 2, 2,
    4). The row of records at the unit itself (unit None) comes last, unranked."""
    ranked = sorted((r for r in rows if r.unit is not None),
                    key=lambda r: (-r.numbers[figure].value, sort_key(r.label)))
    previous = None
    for position, row in enumerate(ranked, start=1):
        value = row.numbers[figure].value
        row.rank = previous.rank if previous is not None and previous.numbers[figure].value == value else position
        previous = row
    return ranked + [r for r in rows if r.unit is None]


def child_level(unit: AdminUnit | None) -> int | None:
    if unit is None:
        return UnitLevel.PROVINCE
    if not unit.historic and unit.level == UnitLevel.PROVINCE:
        return UnitLevel.COMMUNE
    return None


def _children(unit, ids=None):
    """The current provinces (unit None) or the communes of a province, in Vietnamese order."""
    qs = AdminUnit.objects.provinces() if unit is None else AdminUnit.objects.communes().filter(province=unit)
    if ids is not None:
        qs = qs.filter(pk__in=sorted(ids))
    return list(qs.order_by("sort_key").only(
        "pk", "name", "short_name", "code", "level", "latitude", "longitude", "area_km2", "province_id", "sort_key"))


def _live_by_child(qs, column, **filters) -> Counter:
    return Counter(dict(qs.filter(**filters).values_list(column).annotate(n=Count("id")).order_by()))


def _cell_counts(user, unit, period, column) -> dict:
    """Ranking counts from the year cells (dims "total" and "changed": a few cells per unit and year, read
    through a covering index and summed here); "initiatives" only up to the last whole year before a period
    that is not whole years (its own months come from the month cells)."""
    y0, y1 = period.start.year, period.end.year
    whole = _whole_years(period.start, period.end)
    in_period = Case(When(year__gte=y0, then=Value(1)), default=Value(0), output_field=IntegerField())
    rows = (cells_for(user, unit, below=True).filter(dim__in=[Dim.TOTAL, Dim.CHANGED], year__lte=y1)
            .values_list(column, "kind", "dim", "value").order_by()
            .annotate(in_period=in_period).annotate(total=Sum("n")))
    counts = {name: Counter() for name in FIGURES}
    for child, kind, dim, value, recent, n in rows:
        child = child or None
        if dim == Dim.TOTAL and kind == E:
            if recent:
                counts["exemplars"][child] += n
        elif dim == Dim.TOTAL:
            if whole or not recent:
                counts["initiatives"][child] += n
            if recent:
                counts["new"][child] += n
        elif recent and value in (Status.RECOGNISED, Status.NOT_IMPLEMENTED):
            counts[value][child] += n
    return counts


def _month_cell_counts(user, unit, period, column) -> dict:
    """Ranking counts of a part-year period from the month cells: registrations from January to the period's
    end ("initiatives", to add to the whole years before), in the period ("new"), status changes in it."""
    year, first, last = period.end.year, period.start.month, period.end.month
    if unit is None:
        cells = ProvinceMonthCell.objects.visible_to(user)
    else:
        cells = CommuneMonthCell.objects.visible_to(user).filter(province_id=unit.pk)
    total = Dim.TOTAL
    in_period = Q(month__gte=first, month__lte=last)
    changed = Q(dim=Dim.CHANGED) & in_period
    rows = (cells.filter(kind=I, year=year, dim__in=[total, Dim.CHANGED], month__lte=last)
            .values(child=F(column)).order_by().annotate(
                initiatives=Sum("n", filter=Q(dim=total)),
                new=Sum("n", filter=Q(dim=total) & in_period),
                recognised=Sum("n", filter=changed & Q(value=Status.RECOGNISED)),
                not_implemented=Sum("n", filter=changed & Q(value=Status.NOT_IMPLEMENTED)),
            ))
    counts = {name: Counter() for name in ("initiatives", "new", "recognised", "not_implemented")}
    for r in rows:
        for name in counts:
            counts[name][r["child"] or None] += r[name] or 0
    return counts


def ranking(user, unit: AdminUnit | None, period: Period) -> list[RankRow]:
    """The units below `unit` (provinces of the nation, communes of a province) with their figures; a last
    row holds what is recorded at the unit itself (e.g. a provincial organisation's initiatives)."""
    if child_level(unit) is None:
        return []
    column = "province_id" if unit is None else "commune_id"
    start, end = period.start, period.end
    whole, covered = _whole_years(start, end), covers(user, unit)
    if covered:
        counts = _cell_counts(user, unit, period, column)
        if not whole:  # whole years before the period from the year cells, its own year from the month cells
            months = _month_cell_counts(user, unit, period, column)
            counts["initiatives"].update(months.pop("initiatives"))
            counts.update(months)
    else:
        records = {"initiative": initiatives_in(unit, user), "exemplar": exemplars_in(unit, user)}
        counts = {}
        for name in FIGURES:
            d = definitions.FIGURES[name]
            counts[name] = _live_by_child(d.queryset(records[d.model], period), column)

    # One link per figure with a placeholder for the unit: hundreds of links cost one urlencode each.
    templates = {name: _rank_url(name, period, {"unit": _PLACEHOLDER}) for name in FIGURES}
    seen = None if covered else set().union(*(c.keys() for c in counts.values())) - {None}
    rows = []
    for child in _children(unit, seen):
        pk = str(child.pk)
        rows.append(RankRow(child, child.short_name, {
            name: Number(counts[name].get(child.pk, 0), templates[name].replace(_PLACEHOLDER, pk, 1))
            for name in FIGURES}))
    if any(counts[name].get(None, 0) for name in FIGURES):
        if unit is not None:
            label, params = _("Cấp tỉnh (không thuộc xã/phường)"), {"unit": unit.pk, "no_commune": "true"}
        else:
            label, params = _("Chưa xác định tỉnh/thành phố"), {"no_province": "true"}
        rows.append(RankRow(None, label, {
            name: Number(counts[name].get(None, 0), _rank_url(name, period, params)) for name in FIGURES}))
    return rows


_PLACEHOLDER = "UNIT0PLACEHOLDER"


def _rank_url(name: str, p: Period, params: dict) -> str:
    d = definitions.FIGURES[name]
    return list_url(d.list_name, **params, **d.params(p))


def organization_ranking(user, unit: AdminUnit, period: Period, *, limit: int = 20) -> list[RankRow]:
    """For a commune: its organisations with the most initiatives in the movement (live, small)."""
    from danvan.organizations.models import Organization

    d = definitions.FIGURES
    initiatives, exemplars = initiatives_in(unit, user), exemplars_in(unit, user)
    counts = _live_by_child(d["initiatives"].queryset(initiatives, period), "organization_id")
    new = _live_by_child(d["new"].queryset(initiatives, period), "organization_id")
    ex = _live_by_child(d["exemplars"].queryset(exemplars, period), "organization_id")
    total = counts + ex
    names = dict(Organization.objects.filter(pk__in=sorted(total)).values_list("pk", "name"))
    # the most first; ties in Vietnamese order of the names
    ids = sorted(total, key=lambda pk: (-total[pk], sort_key(names.get(pk, ""))))[:limit]
    rows = []
    for pk in ids:
        params = {"unit": unit.pk, "organization": pk}
        rows.append(RankRow(None, names.get(pk, "?"), {
            "initiatives": Number(counts.get(pk, 0), _rank_url("initiatives", period, params)),
            "new": Number(new.get(pk, 0), _rank_url("new", period, params)),
            "exemplars": Number(ex.get(pk, 0), _rank_url("exemplars", period, params)),
        }))
    return rows

