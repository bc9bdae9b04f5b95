"""Figures add up at every level, on random registry data.

Random initiatives, exemplars, indicators and progress (random fields, scopes, statuses, dates, soft deletes)
are spread over communes A, B, C, the provinces themselves and the historic units (old commune → A, old district
and old province → P1). For several periods:
- each unit's figures equal a brute-force recount in Python (with the lineage resolved independently);
- province = Σ its communes + its province-level records (those in no commune), nation = Σ provinces;
- a round's roll-up of the submitted snapshots equals Σ of the units' figures, and adds up to the issuing
  level's own figures.
"""
import datetime
import random
from collections import defaultdict
from decimal import Decimal

import pytest
from django.utils import timezone

from danvan.initiatives.models import (
    Exemplar, ExemplarKind, Field, Indicator, IndicatorValue, Initiative, MeasureUnit, ProgressUpdate, Scope, Status,
)
from danvan.reporting import services, snapshots
from danvan.stats import counts
from danvan.stats.figures import figures
from danvan.stats.periods import parse_period
from danvan.territory.models import AdminUnit, UnitLevel

PERIODS = ["2016-2025", "2024", "2025-H2", "2024-Q3", "2025-07", "2021-2025"]
FIRST_DAY = datetime.date(2016, 1, 1)


def _day(rng, start=FIRST_DAY, end=None):
    end = end or timezone.localdate()
    return start + datetime.timedelta(days=rng.randrange((end - start).days + 1))


def make_random_registry(world, seed):
    rng = random.Random(seed)
    units = [world.a, world.b, world.c, world.p1, world.p2, world.old_a, world.old_district, world.old_p1]
    orgs = list(world.orgs.values())
    now = timezone.now()
    for n in range(60):
        status = rng.choice(Status.values)
        registered_on = None if status == Status.DRAFT or (status == Status.CLOSED and rng.random() < .3) \
            else _day(rng)
        ini = Initiative(
            title=f"Mô hình ngẫu nhiên {seed}-{n}", field=rng.choice(Field.values), scope=rng.choice(Scope.values),
            organization=rng.choice(orgs), unit=rng.choice(units), year=rng.randint(2016, 2026), status=status,
            registered_on=registered_on, status_changed_at=_day(rng, registered_on or FIRST_DAY),
            deleted_at=now if rng.random() < .1 else None,
        )
        ini.save()
        for _k in range(rng.choice([0, 0, 1, 2])):
            indicator = Indicator.objects.create(
                initiative=ini, name="Chỉ tiêu", measure_unit=rng.choice(MeasureUnit.values),
                deleted_at=now if rng.random() < .1 else None,
            )
            for _v in range(rng.randint(1, 3)):
                date = _day(rng)
                update = None
                if rng.random() < .8:
                    update = ProgressUpdate.objects.create(initiative=ini, date=date, text="Cập nhật",
                                                           deleted_at=now if rng.random() < .1 else None)
                IndicatorValue.objects.create(indicator=indicator, progress_update=update, date=date,
                                              value=Decimal(rng.randint(0, 100_000)) / 100)
    for n in range(30):
        Exemplar(
            name=f"Điển hình ngẫu nhiên {seed}-{n}", kind=rng.choice(ExemplarKind.values),
            field=rng.choice(Field.values), organization=rng.choice(orgs), unit=rng.choice(units),
            year=rng.randint(2016, 2026), deleted_at=now if rng.random() < .1 else None,
        ).save()
    # The rows above bypass the services (like a bulk load): bring the count tables in line, as a load does.
    counts.rebuild()


# --- An independent recount --------------------------------------------------------------------

class Placement:
    """Where each unit's records count, by walking the successor chain in Python (not the stored columns)."""

    def __init__(self):
        self.units = {u.pk: u for u in AdminUnit.objects.all()}

    def __call__(self, unit_id):
        unit = self.units[unit_id]
        while unit.historic and unit.successor_id:
            unit = self.units[unit.successor_id]
        if unit.historic:
            return None, None
        if unit.level == UnitLevel.COMMUNE:
            return unit.pk, unit.province_id
        return None, unit.pk


class Registry:
    """Every row, loaded once, with each record's (commune, province) resolved by `Placement`."""

    def __init__(self):
        place = Placement()
        self.initiatives = [(i, place(i.unit_id)) for i in Initiative.all_objects.all() if i.deleted_at is None]
        self.exemplars = [(e, place(e.unit_id)) for e in Exemplar.all_objects.all() if e.deleted_at is None]
        self.values = list(IndicatorValue.objects.select_related("indicator", "progress_update"))

    def recount(self, period, keep) -> dict:
        """Figures.as_dict() computed in Python, for the records whose (commune, province) `keep` accepts."""
        start, end = period.start, period.end
        initiatives = [i for i, where in self.initiatives if keep(*where)]
        counted = [i for i in initiatives if i.registered_on is not None and i.registered_on <= end]
        exemplars = [e for e, where in self.exemplars if keep(*where)]
        in_years = [e for e in exemplars if start.year <= e.year <= end.year]

        def moved(status):
            return sum(1 for i in initiatives if i.status == status and start <= i.status_changed_at <= end)

        alive_ids = {i.pk for i in initiatives}
        indicators = defaultdict(Decimal)
        for v in self.values:
            if (v.indicator.initiative_id in alive_ids and v.indicator.deleted_at is None and start <= v.date <= end
                    and (v.progress_update is None or v.progress_update.deleted_at is None)):
                indicators[v.indicator.measure_unit] += v.value
        return snapshots.flatten({
            "initiatives": len(counted),
            "new": sum(1 for i in initiatives if i.registered_on is not None and start <= i.registered_on <= end),
            "recognised": moved(Status.RECOGNISED), "not_implemented": moved(Status.NOT_IMPLEMENTED),
            "exemplars": len(in_years), "exemplars_cumulative": sum(1 for e in exemplars if e.year <= end.year),
            "by_field": {f: {"initiatives": sum(1 for i in counted if i.field == f),
                             "exemplars": sum(1 for e in in_years if e.field == f)} for f in Field.values},
            "by_scope": {s: sum(1 for i in counted if i.scope == s) for s in Scope.values},
            "by_status": {s: sum(1 for i in counted if i.status == s) for s in Status.values if s != Status.DRAFT},
            "indicators": {k: str(v) for k, v in indicators.items()},
        })


def flat(unit, period):
    return snapshots.flatten(figures(unit, period).as_dict())


def assert_same(left: dict, right: dict, what: str):
    keys = set(left) | set(right)
    diff = {k: (left.get(k, 0), right.get(k, 0)) for k in keys if left.get(k, 0) != right.get(k, 0)}
    assert not diff, f"{what}: {diff}"


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_figures_add_up_at_every_level_on_random_data(world, seed):
    make_random_registry(world, seed)
    registry = Registry()
    communes = {world.p1: [world.a, world.b], world.p2: [world.c]}
    for code in PERIODS:
        period = parse_period(code)
        figs = {unit: flat(unit, period) for unit in (world.a, world.b, world.c, world.p1, world.p2, None)}
        for unit in (world.a, world.b, world.c):
            assert_same(figs[unit], registry.recount(period, lambda c, p, pk=unit.pk: c == pk), f"{code} {unit}")
        for province, its_communes in communes.items():
            province_level = registry.recount(period, lambda c, p, pk=province.pk: c is None and p == pk)
            assert any(i.province_id == province.pk and i.commune_id is None for i, _w in registry.initiatives)
            assert_same(figs[province], snapshots.add(*(figs[c] for c in its_communes), province_level),
                        f"{code} {province} = Σ communes + province-level")
        nowhere = registry.recount(period, lambda c, p: p is None)
        assert_same(figs[None], snapshots.add(*(figs[p] for p in communes), nowhere), f"{code} nation = Σ provinces")


@pytest.mark.django_db
@pytest.mark.parametrize("seed, code", [(5, "2024"), (6, "2025-H2"), (7, "2016-2025")])
def test_a_rounds_rollup_is_the_sum_of_its_units_figures_on_random_data(world, seed, code):
    make_random_registry(world, seed)
    period = parse_period(code)
    deadline = timezone.localdate()
    province_round = services.open_round(world.p1, code, deadline, world.users.province_staff)
    national_round = services.open_round(None, code, deadline, world.users.admin)
    for report in [*province_round.reports.all(), *national_round.reports.all()]:
        report.results = "Kết quả."
        services.submit(report, user=None, expected_version=report.version)

    rollup = services.rollup(province_round)
    assert rollup.complete and rollup.adds_up and rollup.reports_counted == 2
    communes_sum = snapshots.add(flat(world.a, period), flat(world.b, period))
    province_level = Registry().recount(period, lambda c, p: c is None and p == world.p1.pk)
    assert_same({r.key: r.reported for r in rollup.rows}, communes_sum, "Σ snapshots = Σ communes")
    assert_same({r.key: r.outside for r in rollup.rows}, province_level, "outside = province-level records")
    assert_same({r.key: r.own for r in rollup.rows}, flat(world.p1, period), "own = province")
    assert_same({r.key: r.reported + r.outside for r in rollup.rows}, flat(world.p1, period),
                "province = Σ communes + province-level")

    national = services.rollup(national_round)
    assert national.adds_up
    assert_same({r.key: r.reported for r in national.rows},
                snapshots.add(flat(world.p1, period), flat(world.p2, period)), "nation = Σ provinces")
    assert_same({r.key: r.own for r in national.rows}, flat(None, period), "own = nation")
