"""The old provinces of a current province add up to it: each record counts in exactly one of them.

Like Cần Thơ (old 92 + 93 + 94), province P1 continues old province 14 and took in old province 12; commune B
was formed from an old commune of each (the one of old province 12 comes first in the merger's list), commune A
from an old commune of old province 14. Rule (docs/decisions.md): a record against a pre-2025 unit counts in
that unit's old province; against a current commune, in the old province of its primary predecessor; at
province level, in the old province the current province continues.
"""
import datetime
import random

import pytest
from django.utils import timezone

from danvan.conftest import make_unit
from danvan.core.services import soft_delete
from danvan.initiatives.models import Exemplar, ExemplarKind, Field, Initiative, Scope
from danvan.initiatives.services import create_exemplar, register_initiative
from danvan.reporting import snapshots
from danvan.stats.figures import figures
from danvan.stats.periods import parse_period
from danvan.territory.lineage import attributed_communes, continued_province, unit_q
from danvan.territory.models import UnitKind, UnitLevel, UnitLineage


@pytest.fixture
def merged(world):
    w = world
    w.old_12 = make_unit("12", "Tỉnh Lai Châu", UnitKind.OLD_PROVINCE, UnitLevel.PROVINCE, historic=True,
                         successor=w.p1)
    w.old_x = make_unit("03500", "Xã Nậm Hàng", UnitKind.OLD_COMMUNE, UnitLevel.COMMUNE, parent=w.old_12,
                        historic=True, successor=w.b)
    w.old_y = make_unit("04105", "Xã Mường Giôn", UnitKind.OLD_COMMUNE, UnitLevel.COMMUNE, parent=w.old_district,
                        historic=True, successor=w.b)
    for old in (w.old_x, w.old_y):
        UnitLineage.objects.create(old=old, new=w.b, is_primary=True)
    rng = random.Random(12)
    units = [None, None, None, w.old_a, w.old_district, w.old_x, w.old_y, w.old_12, w.p1]
    orgs = [o for key, o in w.orgs.items() if not key.startswith("c")]
    records = []
    for n in range(50):
        day = datetime.date(2021, 1, 1) + datetime.timedelta(days=rng.randrange(1700))
        ini = Initiative(title=f"Mô hình {n}", field=rng.choice(Field.values), scope=rng.choice(Scope.values),
                         organization=rng.choice(orgs), year=day.year, unit=rng.choice(units))
        records.append(register_initiative(ini, submit=rng.random() < 0.85, date=min(day, timezone.localdate())))
    for n in range(20):
        records.append(create_exemplar(Exemplar(
            name=f"Điển hình {n}", kind=rng.choice(ExemplarKind.values), field=rng.choice(Field.values),
            organization=rng.choice(orgs), year=rng.randint(2021, 2025), unit=rng.choice(units))))
    for record in rng.sample(records, 6):
        soft_delete(record, expected_version=record.version)
    return w


@pytest.mark.django_db
def test_the_attribution_rule(merged):
    w = merged
    assert continued_province(w.p1) == w.old_p1  # same code, 14
    assert attributed_communes(w.p1) == {w.a.pk: w.old_p1.pk, w.b.pk: w.old_12.pk}


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Initiative, Exemplar])
def test_each_record_of_a_current_province_counts_in_exactly_one_old_province(merged, model):
    w = merged
    current = set(model.objects.filter(unit_q(w.p1)).values_list("pk", flat=True))
    olds = [set(model.objects.filter(unit_q(old)).values_list("pk", flat=True)) for old in (w.old_p1, w.old_12)]
    assert olds[0] and olds[1]
    assert not olds[0] & olds[1]
    assert olds[0] | olds[1] == current
    # the province's own records (no commune) are in the old province it continues
    own = set(model.objects.filter(province=w.p1, commune__isnull=True, unit__historic=False)
              .values_list("pk", flat=True))
    assert own and own <= olds[0]


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["2025", "2021-2025", "2024-Q3"])
def test_the_old_provinces_figures_add_up_to_the_current_province(merged, code):
    w = merged
    period = parse_period(code)
    flat = {unit: snapshots.flatten(figures(unit, period).as_dict()) for unit in (w.p1, w.old_p1, w.old_12)}
    total = snapshots.add(flat[w.old_p1], flat[w.old_12])
    keys = set(total) | set(flat[w.p1])
    assert {k: total.get(k, 0) for k in keys} == {k: flat[w.p1].get(k, 0) for k in keys}
    assert flat[w.p1]["initiatives"] > 0 or code == "2024-Q3"
