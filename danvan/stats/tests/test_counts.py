"""The precomputed cells always equal a fresh recount of the registry, whatever happens to it."""
import datetime
import random

import pytest
from django.core.management import call_command
from django.utils import timezone

from danvan.core.exceptions import DomainError, StaleEdit
from danvan.core.services import restore, soft_delete
from danvan.stats import counts as aggregates
from danvan.stats.models import CommuneMonthCell, ProvinceMonthCell, ProvinceStatCell, StatCell
from danvan.territory.services import relink_unit
from danvan.dashboards.tests.conftest import REASON, random_exemplar, random_initiative
from danvan.initiatives.models import Exemplar, ExemplarKind, Field, Initiative, Scope
from danvan.initiatives.services import TRANSITIONS, record_progress, transition, update_exemplar, update_initiative
from danvan.organizations.models import OrganizationKind
from danvan.organizations.services import update_organization


def assert_cells_match():
    expected, found = aggregates.derive(aggregates.recount()), aggregates.stored()
    for model in expected:
        assert found[model] == expected[model], model.__name__
    assert expected[StatCell] and expected[CommuneMonthCell]


def _alive(model):
    return list(model.objects.order_by("pk"))


def _deleted(model):
    return list(model.all_objects.filter(deleted_at__isnull=False).order_by("pk"))


def random_step(world, rng):
    """One random change through the services (the only writers that keep the counts; records are never
    hard-deleted, the registry soft-deletes)."""
    units = [None, None, world.old_a, world.old_district]
    op = rng.choice([
        "create_initiative", "create_exemplar", "edit_initiative", "edit_exemplar", "transition", "transition",
        "soft_delete", "restore", "org_kind", "relink", "progress",
    ])
    initiatives, exemplars = _alive(Initiative), _alive(Exemplar)
    if op == "create_initiative" or not initiatives:
        random_initiative(world, rng, units)
    elif op == "create_exemplar" or not exemplars:
        random_exemplar(world, rng, units)
    elif op == "edit_initiative":
        ini = rng.choice(initiatives)
        ini.field, ini.scope = rng.choice(Field.values), rng.choice(Scope.values)
        ini.organization = rng.choice(list(world.orgs.values()))
        ini.unit = ini.organization.unit if rng.random() < 0.7 else rng.choice([world.old_a, world.old_district])
        update_initiative(ini, expected_version=ini.version)
    elif op == "edit_exemplar":
        ex = rng.choice(exemplars)
        ex.field, ex.kind, ex.year = rng.choice(Field.values), rng.choice(ExemplarKind.values), rng.randint(2022, 2026)
        ex.organization = rng.choice(list(world.orgs.values()))
        update_exemplar(ex, expected_version=ex.version)
    elif op == "transition":
        ini = rng.choice(initiatives)
        choices = sorted(TRANSITIONS[ini.status])
        if choices:
            last = ini.status_changed_at or datetime.date(2023, 1, 1)
            day = min(last + datetime.timedelta(days=rng.randint(0, 300)), timezone.localdate())
            transition(ini, rng.choice(choices), reason=REASON, date=day)
    elif op == "soft_delete":
        target = rng.choice(initiatives + exemplars)
        soft_delete(target, expected_version=target.version)
    elif op == "restore":
        gone = _deleted(Initiative) + _deleted(Exemplar)
        if gone:
            back = rng.choice(gone)
            restore(back, expected_version=back.version)
    elif op == "org_kind":
        org = rng.choice(list(world.orgs.values()))
        org.refresh_from_db()
        org.kind = rng.choice(OrganizationKind.values)
        update_organization(org, expected_version=org.version)
    elif op == "relink":
        old = rng.choice([world.old_a, world.old_district])
        targets = [world.a, world.b, world.c] if old == world.old_a else [world.p1, world.p2, world.c]
        relink_unit(old, rng.choice(targets))
    elif op == "progress":
        ini = rng.choice(initiatives)
        try:
            record_progress(ini, text="Đã họp dân", date=timezone.localdate())
        except DomainError:
            pass
    return op


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2025])
def test_cells_equal_a_fresh_recount_after_random_changes(filled, seed):
    world, rng = filled.world, random.Random(seed)
    assert_cells_match()
    done = set()
    for step in range(120):
        done.add(random_step(world, rng))
        if step % 20 == 19:
            assert_cells_match()
    assert_cells_match()
    assert {"relink", "org_kind", "restore", "transition", "soft_delete"} <= done
    # and a full rebuild gives the same cells as the incremental upkeep
    before = aggregates.stored()
    aggregates.rebuild()
    assert aggregates.stored() == before
    assert_cells_match()


@pytest.mark.django_db
def test_relinking_an_old_commune_moves_its_records_and_their_counts(filled):
    world = filled.world
    on_old = Initiative.all_objects.filter(unit=world.old_a)
    assert on_old.exists() and set(on_old.values_list("commune_id", flat=True)) == {world.a.pk}
    relink_unit(world.old_a, world.b)
    assert set(on_old.values_list("commune_id", flat=True)) == {world.b.pk}
    world.old_a.refresh_from_db()
    assert world.old_a.successor_id == world.b.pk
    assert list(world.old_a.successor_links.filter(is_primary=True).values_list("new_id", flat=True)) == [world.b.pk]
    assert_cells_match()


@pytest.mark.django_db
def test_relink_refuses_a_current_unit_or_a_historic_successor(filled):
    world = filled.world
    with pytest.raises(DomainError):
        relink_unit(world.a, world.b)
    with pytest.raises(DomainError):
        relink_unit(world.old_a, world.old_district)


@pytest.mark.django_db
def test_a_refused_edit_leaves_the_cells_untouched(filled):
    ini = next(i for i in filled.initiatives if i.registered_on)
    before = aggregates.stored()
    ini.field = Field.ECONOMY if ini.field != Field.ECONOMY else Field.CULTURE_SOCIETY
    with pytest.raises(StaleEdit):
        update_initiative(ini, expected_version=ini.version - 1)
    assert aggregates.stored() == before


@pytest.mark.django_db
def test_rebuild_command_fills_cells_after_a_bulk_load_and_check_reports_drift(filled, capsys):
    for model in (StatCell, ProvinceStatCell, ProvinceMonthCell, CommuneMonthCell):
        model.objects.all().delete()
    with pytest.raises(SystemExit):
        call_command("rebuild_aggregates", "--check")
    call_command("rebuild_aggregates")
    call_command("rebuild_aggregates", "--check")
    assert "khớp" in capsys.readouterr().out
    assert_cells_match()


@pytest.mark.django_db
def test_records_inserted_in_bulk_are_counted_when_the_loader_says_so(filled):
    world = filled.world
    rows = [Initiative(title=f"Nhập từ Excel {i}", field=Field.ECONOMY, organization=world.orgs["b"], unit=world.b,
                       commune=world.b, province=world.p1, year=2024, status="registered",
                       registered_on=datetime.date(2024, 5, i + 1), status_changed_at=datetime.date(2024, 5, i + 1))
            for i in range(5)]
    created = Initiative.objects.bulk_create(rows)  # no save(), no signals: the cells do not know yet
    with pytest.raises(AssertionError):
        assert_cells_match()
    aggregates.records_added(Initiative, [r.pk for r in created])
    assert_cells_match()
