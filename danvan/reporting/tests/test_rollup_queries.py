"""A round's roll-up costs a fixed number of queries, whatever the number of units that report: every unit's
figures come from stats in a few GROUP BY queries (it used to be about eleven queries per unit)."""
import datetime

import pytest
from django.utils import timezone

from danvan.conftest import make_unit
from danvan.initiatives.models import Exemplar, Field, Initiative
from danvan.initiatives.services import create_exemplar, register_initiative
from danvan.organizations.models import Organization, OrganizationKind
from danvan.reporting import services, snapshots
from danvan.stats.figures import figures
from danvan.territory.models import UnitKind, UnitLevel


@pytest.mark.django_db
def test_the_rollup_of_a_round_of_75_communes_costs_at_most_20_queries(world, django_assert_max_num_queries):
    communes = [world.a, world.b] + [
        make_unit(f"{4200 + n:05d}", f"Xã Thử {n}", UnitKind.COMMUNE, UnitLevel.COMMUNE, parent=world.p1)
        for n in range(73)]
    for n, commune in enumerate(communes[:30]):
        org = Organization.objects.create(kind=OrganizationKind.FARMERS, name=f"Hội Nông dân {n}", unit=commune)
        register_initiative(Initiative(title=f"Mô hình {n}", field=Field.values[n % 4], organization=org,
                                       year=2025), submit=n % 3 != 0, date=datetime.date(2025, 1 + n % 12, 1))
        create_exemplar(Exemplar(name=f"Điển hình {n}", field=Field.ECONOMY, organization=org, year=2025))
    round_ = services.open_round(world.p1, "2025", timezone.localdate(), world.users.province_staff)
    reports = list(round_.reports.select_related("unit"))
    assert len(reports) == 75
    for report in reports[:40]:
        report.results = "Kết quả."
        services.submit(report, user=None, expected_version=report.version)

    with django_assert_max_num_queries(20):
        rollup = services.rollup(round_)

    assert rollup.reports_total == 75 and rollup.reports_counted == 40 and not rollup.complete
    assert all(r.drift == 0 for r in rollup.rows)  # handed in + pending + outside = the province now
    period = round_.period
    own = snapshots.flatten(figures(world.p1, period).as_dict())
    assert own["initiatives"] > 0
    assert {r.key: r.own for r in rollup.rows if r.key in own} == {k: v for k, v in own.items() if k in
                                                                 {r.key for r in rollup.rows}}
    pending = snapshots.add(*(snapshots.flatten(figures(r.unit, period).as_dict()) for r in reports[40:]))
    assert {r.key: r.pending for r in rollup.rows} == {r.key: pending.get(r.key, 0) for r in rollup.rows}
