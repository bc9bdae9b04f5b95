"""Fixtures of the dashboards tests: the shared `world` plus records over several years, in every status,
at commune level, at province level, and recorded against pre-2025 units."""
import datetime
import random
from types import SimpleNamespace

import pytest
from django.utils import timezone

from danvan.initiatives.models import Exemplar, ExemplarKind, Field, Initiative, Scope, Status
from danvan.initiatives.services import TRANSITIONS, create_exemplar, register_initiative, transition
from danvan.organizations.models import Organization, OrganizationKind
from danvan.territory.models import AdminUnit

REASON = "Theo kết luận của Ban Dân vận"


def walk_lifecycle(initiative, rng, start: datetime.date, steps: int) -> Initiative:
    """Move an initiative a few allowed steps forward, each on a later date."""
    day = start
    for _ in range(steps):
        choices = sorted(TRANSITIONS[initiative.status])
        if not choices:
            break
        day = min(day + datetime.timedelta(days=rng.randint(20, 200)), timezone.localdate())
        transition(initiative, rng.choice(choices), reason=REASON, date=day)
    return initiative


def random_initiative(world, rng, units=None) -> Initiative:
    """An initiative of a random organisation (commune, province or a pre-2025 unit), registered on a random
    day of 2023–2026 (some stay drafts), then moved a few steps along its lifecycle."""
    org = rng.choice(list(world.orgs.values()))
    unit = rng.choice(units) if units else None
    ini = Initiative(
        title=f"Mô hình {rng.randint(1, 10**6)}", field=rng.choice(Field.values), scope=rng.choice(Scope.values),
        organization=org, year=rng.randint(2023, 2026), unit=unit,
    )
    day = min(datetime.date(rng.randint(2023, 2025), rng.randint(1, 12), rng.randint(1, 28)), timezone.localdate())
    register_initiative(ini, submit=rng.random() < 0.9, date=day)
    if ini.status != Status.DRAFT:
        walk_lifecycle(ini, rng, day, rng.randint(0, 4))
    return ini


def random_exemplar(world, rng, units=None) -> Exemplar:
    org = rng.choice(list(world.orgs.values()))
    return create_exemplar(Exemplar(
        name=f"Điển hình {rng.randint(1, 10**6)}", kind=rng.choice(ExemplarKind.values), field=rng.choice(Field.values),
        organization=org, year=rng.randint(2022, 2026), unit=rng.choice(units) if units else None,
    ))


@pytest.fixture
def filled(world):
    """`world` plus 40 initiatives and 20 exemplars over 2022–2026, some at the province itself (no
    commune), some recorded against the old commune and the old district, a province Party committee."""
    rng = random.Random(20250701)
    places = {"p1": (21.33, 103.91, None), "p2": (12.71, 108.24, None), "a": (21.35, 103.62, 120.5),
              "b": (21.44, 104.05, 86.0), "c": (12.68, 108.05, 61.2)}
    for key, (lat, lon, area) in places.items():
        AdminUnit.objects.filter(pk=getattr(world, key).pk).update(latitude=lat, longitude=lon, area_km2=area)
        getattr(world, key).refresh_from_db()
    world.orgs["p1_party"] = Organization.objects.create(
        kind=OrganizationKind.PARTY_COMMITTEE, name="Tỉnh uỷ Sơn La", unit=world.p1)
    units = [None] * 6 + [world.old_a, world.old_district]
    initiatives = [random_initiative(world, rng, units) for _ in range(40)]
    exemplars = [random_exemplar(world, rng, units) for _ in range(20)]
    return SimpleNamespace(world=world, rng=rng, initiatives=initiatives, exemplars=exemplars)
