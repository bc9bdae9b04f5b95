"""The figures of a unit for a period, straight from the registry, each with the link to its records.

One function, `figures()`, feeds dashboards, periodic reports, documents and the CLI, so the same
number is the same everywhere. Every count is `count()` of a queryset that the initiative/exemplar
list reproduces from the query string of its link, both built from the figure's declaration
(stats.definitions), so a drill-down list always shows that many rows.

Counting rules:
- initiatives in the movement ("total"): registered on or before the period's end (drafts never count);
- "new": registered within the period; "recognised" / "not_implemented": moved to that status within it;
- exemplars: recorded in a year of the period ("total") or up to its end ("cumulative");
- a record counts in the current commune/province it resolves to (territory.lineage), once.
"""
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Sum

from danvan.initiatives.models import Exemplar, Field, IndicatorValue, Initiative, Scope, Status
from danvan.stats.definitions import BREAKDOWN, FIGURES, INITIATIVE_LIST, list_url
from danvan.stats.periods import Period
from danvan.territory.lineage import unit_q
from danvan.territory.models import AdminUnit, UnitLevel

# The figures a snapshot freezes, in order (stats.definitions declares them).
TOP_LEVEL = ("initiatives", "new", "recognised", "not_implemented", "exemplars", "exemplars_cumulative")


def initiatives_in(unit: AdminUnit | None, user=None):
    qs = Initiative.objects.visible_to(user) if user is not None else Initiative.objects.all()
    return qs.filter(unit_q(unit))


def exemplars_in(unit: AdminUnit | None, user=None):
    qs = Exemplar.objects.visible_to(user) if user is not None else Exemplar.objects.all()
    return qs.filter(unit_q(unit))


@dataclass
class Figure:
    value: int
    url: str


@dataclass
class Figures:
    unit: AdminUnit | None
    period: Period
    initiatives: Figure = None
    new: Figure = None
    recognised: Figure = None
    not_implemented: Figure = None
    exemplars: Figure = None
    exemplars_cumulative: Figure = None
    by_field: dict = field(default_factory=dict)       # field -> {"label", "initiatives": Figure, "exemplars": Figure}
    by_scope: dict = field(default_factory=dict)       # scope -> Figure (initiatives)
    by_status: dict = field(default_factory=dict)      # status -> Figure (initiatives)
    indicators: dict = field(default_factory=dict)     # measure unit -> total value in the period

    @classmethod
    def from_dict(cls, unit, period: Period, data: dict) -> "Figures":
        """Figures from plain numbers (a frozen snapshot, `as_dict()`): the values as they were, no links."""
        from decimal import Decimal

        f = cls(unit=unit, period=period)
        for name in TOP_LEVEL:
            setattr(f, name, Figure(int(data.get(name) or 0), ""))
        stored = data.get("by_field") or {}
        for code, label in Field.choices:
            pair = stored.get(code) or {}
            f.by_field[code] = {"label": label, "initiatives": Figure(int(pair.get("initiatives") or 0), ""),
                                "exemplars": Figure(int(pair.get("exemplars") or 0), "")}
        f.by_scope = {code: Figure(int((data.get("by_scope") or {}).get(code) or 0), "") for code in Scope.values}
        f.by_status = {code: Figure(int((data.get("by_status") or {}).get(code) or 0), "")
                       for code in Status.values if code != Status.DRAFT}
        f.indicators = {code: Decimal(str(value)) for code, value in (data.get("indicators") or {}).items()}
        return f

    def as_dict(self) -> dict:
        """Plain numbers, for freezing a snapshot and for JSON."""
        return {
            "initiatives": self.initiatives.value, "new": self.new.value, "recognised": self.recognised.value,
            "not_implemented": self.not_implemented.value, "exemplars": self.exemplars.value,
            "exemplars_cumulative": self.exemplars_cumulative.value,
            "by_field": {k: {"initiatives": v["initiatives"].value, "exemplars": v["exemplars"].value}
                         for k, v in self.by_field.items()},
            "by_scope": {k: v.value for k, v in self.by_scope.items()},
            "by_status": {k: v.value for k, v in self.by_status.items()},
            "indicators": {k: str(v) for k, v in self.indicators.items()},
        }


def figures(unit: AdminUnit | None, period: Period, *, user=None, source=None, indicators: bool = True) -> Figures:
    """Counts for `unit` (None = nation) in `period`, scoped to `user` when given; each figure is its
    declaration in stats.definitions: the same filter counts it and builds its link.

    When the user's scope covers the unit entirely (or there is no user), the counts are read from the count
    tables (stats.rollups.Source: a few hundred cells, whatever the number of records; `source` one already
    read) and only the indicator totals are summed live (`indicators=False`: not summed, left empty, e.g. for
    the comparison period of a document, which compares counts only); otherwise three GROUP BY queries."""
    from danvan.stats import rollups  # rollups reads this module's querysets

    if source is None and rollups.covers(user, unit):
        source = rollups.Source(user, unit)
    if source is not None and source.from_cells:
        counts = _from_source(source, period)
        records = {"initiative": initiatives_in(unit, user)}
        counts["indicators"] = _indicators(records, None, period, user).get(None, {}) if indicators else {}
        return _assemble(unit, period, counts)
    records = {"initiative": initiatives_in(unit, user), "exemplar": exemplars_in(unit, user)}
    return _batch(records, None, period, user, {None: unit})[None]


def figures_for_units(units, period: Period, *, user=None, links: bool = True,
                      indicators: bool = True) -> dict[int, Figures]:
    """{unit id: Figures} for many current units of one level (the communes of a province, the provinces):
    from the count tables in one query when the user's scope covers them and the period is whole years,
    else in three GROUP BY queries over the records, whatever their number; other units one by one.
    `links=False`: the numbers only (each Figure's url is ""), for callers that sum them (a round's roll-up)."""
    units = list(units)
    same_level = {(u.historic, u.level) for u in units}
    if not units or len(same_level) != 1 or units[0].historic or units[0].level not in (
            UnitLevel.COMMUNE, UnitLevel.PROVINCE):
        return {u.pk: figures(u, period, user=user) for u in units}
    key = "commune_id" if units[0].level == UnitLevel.COMMUNE else "province_id"
    ids = [u.pk for u in units]
    records = {"initiative": initiatives_in(None, user).filter(**{f"{key}__in": ids}),
               "exemplar": exemplars_in(None, user).filter(**{f"{key}__in": ids})}
    sources = _child_sources(units, key, period, user)
    if sources is None:
        return _batch(records, key, period, user, {u.pk: u for u in units}, links=links, indicators=indicators)
    totals = _indicators(records, key, period, user) if indicators else {}
    out = {}
    for u in units:
        counts = _from_source(sources[u.pk], period)
        counts["indicators"] = totals.get(u.pk, {})
        out[u.pk] = _assemble(u, period, counts, links=links)
    return out


def figures_with_units(parent: AdminUnit | None, units, period: Period) -> tuple[Figures, dict[int, Figures]]:
    """A round's figures, no user: those of `parent` (a current province, None = the nation), with links, and
    those of the units below it that report to it ({unit id: Figures}, numbers only), with every indicator
    total from one query grouped by unit (the parent's is their sum, records in no unit below included)."""
    units = list(units)
    key = "province_id" if parent is None else "commune_id"
    inside = all(u.province_id == parent.pk and u.level == UnitLevel.COMMUNE for u in units) if parent is not None \
        else all(u.level == UnitLevel.PROVINCE for u in units)
    from danvan.stats.rollups import _whole_years

    whole_years = _whole_years(period.start, period.end)  # else the units below are counted live (_child_sources)
    if not units or not inside or not whole_years or (parent is not None and parent.historic) \
            or any(u.historic for u in units):
        return figures(parent, period), figures_for_units(units, period, links=False)
    own = figures(parent, period, indicators=False)
    below = figures_for_units(units, period, links=False, indicators=False)
    groups = _indicators({"initiative": initiatives_in(parent)}, key, period, None)
    summed: dict = {}
    for totals in groups.values():
        for measure, value in totals.items():
            summed[measure] = summed.get(measure, 0) + value
    own.indicators = dict(sorted(summed.items()))
    for u in units:
        below[u.pk].indicators = groups.get(u.pk, {})
    return own, below


def _child_sources(units, key: str, period: Period, user) -> dict | None:
    """{unit id: rollups.Source} of current units of one level from the year cells, in one query; None when
    the cells cannot answer alone (a unit the user's scope does not cover, or a period that is not whole
    years: communes have no month cells by field)."""
    from danvan.stats import rollups
    from danvan.stats.models import Dim, ProvinceStatCell, StatCell

    if not rollups._whole_years(period.start, period.end) or not all(rollups.covers(user, u) for u in units):
        return None
    ids = sorted(u.pk for u in units)
    model = StatCell if key == "commune_id" else ProvinceStatCell
    # The dimensions figures read (not the sixteen organisation kinds), up to the period's end.
    cells = (rollups._readable(model, user).filter(**{f"{key}__in": ids}, year__lte=period.end.year)
             .exclude(dim=Dim.ORG_KIND))
    tallies = rollups.Tally.per_child(cells, key, since=period.start.year)
    empty = rollups.Tally(Counter())
    return {u.pk: rollups.Source(user, u, tally=tallies.get(u.pk, empty)) for u in units}


def _empty_counts() -> dict:
    return {"top": Counter(), "field": Counter(), "scope": Counter(), "status": Counter(),
            "ex_field": Counter(), "indicators": {}}


def _from_source(src, period: Period) -> dict:
    """The counts of `_batch` for one unit, read from a stats.rollups.Source (count tables) by the figures'
    rules: initiatives registered by the end, new in the period, moved to a status in it, exemplars of its years."""
    from danvan.stats.models import Dim

    c = _empty_counts()
    start, end = period.start, period.end
    top = c["top"]
    top["initiatives"] = src.registered_by(Dim.TOTAL, end).get("", 0)
    top["new"] = src.registered_between(start, end)
    top["recognised"] = src.changed_between(Status.RECOGNISED, start, end)
    top["not_implemented"] = src.changed_between(Status.NOT_IMPLEMENTED, start, end)
    top["exemplars"] = src.exemplars_by(Dim.TOTAL, start.year, end.year).get("", 0)
    top["exemplars_cumulative"] = src.exemplars_by(Dim.TOTAL, None, end.year).get("", 0)
    c["field"] = src.registered_by(Dim.FIELD, end)
    c["scope"] = src.registered_by(Dim.SCOPE, end)
    c["status"] = src.registered_by(Dim.STATUS, end)
    c["ex_field"] = src.exemplars_by(Dim.FIELD, start.year, end.year)
    return c


def _indicators(records: dict, key: str | None, period: Period, user) -> dict:
    """{group of `key` (None: one group): {measure unit: total value in the period}} of `records`' initiatives."""
    values = IndicatorValue.objects.filter(
        indicator__initiative__in=records["initiative"].values("pk"), indicator__deleted_at__isnull=True,
        date__gte=period.start, date__lte=period.end,
    ).exclude(progress_update__deleted_at__isnull=False)
    if user is not None:
        values = values.visible_to(user)
    value_group = [f"indicator__initiative__{key}"] if key else []
    out: dict = {}
    for r in (values.order_by().values(*value_group, "indicator__measure_unit").annotate(total=Sum("value"))):
        out.setdefault(r[value_group[0]] if key else None, {})[r["indicator__measure_unit"]] = r["total"]
    return out


def _batch(records: dict, key: str | None, period: Period, user, units: dict, *, links: bool = True,
           indicators: bool = True) -> dict:
    """Figures of every group of `key` (None: one group) among `records`, from three GROUP BY queries."""
    group = [key] if key else []
    ini_def = BREAKDOWN["initiative"]
    per_unit = {k: _empty_counts() for k in units}
    ini_figures = [k for k in TOP_LEVEL if FIGURES[k].model == "initiative"]
    ex_figures = [k for k in TOP_LEVEL if FIGURES[k].model == "exemplar"]
    rows = (records["initiative"].order_by().values(*group, "field", "scope", "status")
            .annotate(**{k: Count("id", filter=FIGURES[k].q(period)) for k in ini_figures}))
    for r in rows:
        c = per_unit.get(r[key] if key else None)
        if c is None:
            continue
        for k in ini_figures:
            c["top"][k] += r[k]
        counted = r[ini_def.key]
        c["field"][r["field"]] += counted
        c["scope"][r["scope"]] += counted
        c["status"][r["status"]] += counted
    rows = (records["exemplar"].order_by().values(*group, "field")
            .annotate(**{k: Count("id", filter=FIGURES[k].q(period)) for k in ex_figures}))
    for r in rows:
        c = per_unit.get(r[key] if key else None)
        if c is None:
            continue
        for k in ex_figures:
            c["top"][k] += r[k]
        c["ex_field"][r["field"]] += r[BREAKDOWN["exemplar"].key]
    for k, totals in (_indicators(records, key, period, user) if indicators else {}).items():
        if k in per_unit:
            per_unit[k]["indicators"] = totals
    return {k: _assemble(unit, period, per_unit[k], links=links) for k, unit in units.items()}


def _assemble(unit, period: Period, c: dict, *, links: bool = True) -> Figures:
    """Figures (with their links, unless `links` is False) of one unit from its counts."""
    ini_def, ex_def = BREAKDOWN["initiative"], BREAKDOWN["exemplar"]

    def url(d, **values):
        return d.url(unit, period, **values) if links else ""

    f = Figures(unit=unit, period=period)
    for name in TOP_LEVEL:
        setattr(f, name, Figure(c["top"][name], url(FIGURES[name])))
    for code, label in Field.choices:
        f.by_field[code] = {
            "label": label,
            "initiatives": Figure(c["field"][code], url(ini_def, field=code)),
            "exemplars": Figure(c["ex_field"][code], url(ex_def, field=code)),
        }
    for code, _label in Scope.choices:
        f.by_scope[code] = Figure(c["scope"][code], url(ini_def, scope=code))
    for code in Status.values:
        if code != Status.DRAFT:
            f.by_status[code] = Figure(c["status"][code], url(ini_def, status=code))
    f.indicators = c["indicators"]
    return f


@dataclass
class ScopeFigures:
    """The figures of everything a user may see, up to today (the home page)."""

    initiatives: Figure
    exemplars: Figure
    no_steering: Figure
    status: list     # [(code, label, Figure)], drafts first, every status
    field: list      # [(code, label, Figure)]


def scope_figures(user, today) -> ScopeFigures:
    """The user's whole scope: initiatives in the movement today, exemplars up to this year, the user's drafts
    (which are not in the movement) and the figures by status and field, each with its list link."""
    from danvan.stats.periods import parse_period

    period = parse_period(str(today.year))
    f = figures(None, period, user=user)
    base = initiatives_in(None, user)
    drafts, no_steering = FIGURES["drafts"], FIGURES["no_steering"]
    status = [(Status.DRAFT.value, Status.DRAFT.label,
               Figure(drafts.queryset(base, period).count(), drafts.url(None, period)))]
    status += [(code, Status(code).label, fig) for code, fig in f.by_status.items()]
    return ScopeFigures(
        initiatives=f.initiatives, exemplars=f.exemplars_cumulative,
        no_steering=Figure(no_steering.queryset(base, period).count(), no_steering.url(None, period)),
        status=status,
        field=[(code, entry["label"], entry["initiatives"]) for code, entry in f.by_field.items()],
    )


def stale(unit: AdminUnit | None, user, today=None):
    """(Figure, records) of the initiatives the lifecycle's clock "stale" has run out on (initiatives.workflow
    defines the clock; the list filter `stale_before` applies the same cut-off)."""
    from django.utils import timezone

    from danvan.initiatives.workflow import LIFECYCLE

    records = LIFECYCLE.filter(initiatives_in(unit, user), "stale", today=today)
    cutoff = LIFECYCLE.clocks["stale"].cutoff(today or timezone.localdate())
    url = list_url(INITIATIVE_LIST, unit=unit.pk if unit is not None else None, stale_before=cutoff.isoformat())
    return Figure(records.count(), url), records


def unfollowed(unit: AdminUnit | None, user):
    """(Figure, records) of the active initiatives no steering member follows (the figure "no_steering")."""
    d = FIGURES["no_steering"]
    records = d.queryset(initiatives_in(unit, user), None)
    return Figure(records.count(), d.url(unit, None)), records


def followed(user):
    """(Figure, records) of the active initiatives the user follows as a steering member (the home page's
    "Mô hình bạn theo dõi"); the link is the list with the same filters."""
    from danvan.initiatives.workflow import ACTIVE

    records = initiatives_in(None, user).filter(steering_member=user, status__in=ACTIVE)
    url = list_url(INITIATIVE_LIST, steering_member=user.pk, status=sorted(ACTIVE))
    return Figure(records.count(), url), records
