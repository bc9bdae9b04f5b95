"""The national-scale generator (generators.national), run at a tiny scale on the test territory: it writes through
the registry's batch services, so what they guarantee holds for its records."""
import io
import re
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from danvan.core.text import fold, record_sort_key
from danvan.initiatives.models import (
    Exemplar, Indicator, IndicatorValue, Initiative, InitiativeTransition, ProgressUpdate, Status,
)
from danvan.generators.national import NATIONAL_SEED_USERNAME, NationalDataError, generate_national
from danvan.initiatives.services import TRANSITIONS
from danvan.organizations.models import Organization

SCALE = 0.001  # 1.300 initiatives and 700 exemplars
MODELS = (Organization, Initiative, InitiativeTransition, Indicator, ProgressUpdate, IndicatorValue, Exemplar)


def counts():
    return {m.__name__: m._base_manager.count() for m in MODELS}


@pytest.fixture
def national(world):
    result = generate_national(scale=SCALE, seed=7)
    return result


def generated(model):
    return model._base_manager.filter(created_by__username=NATIONAL_SEED_USERNAME)


@pytest.mark.django_db
def test_counts_and_distributions(national, world):
    c = national["counts"]
    assert 1200 <= c["initiatives"] <= 1400 and 630 <= c["exemplars"] <= 770
    assert generated(Initiative).count() == c["initiatives"]
    assert generated(Exemplar).count() == c["exemplars"]
    assert Indicator.objects.filter(initiative__in=generated(Initiative)).count() == c["indicators"]
    assert IndicatorValue.objects.count() == c["indicator_values"] > c["initiatives"]
    assert InitiativeTransition.objects.filter(initiative__in=generated(Initiative)).count() == c["transitions"]
    # Every current commune has its bodies and records; ten years, four fields, many statuses.
    for commune in (world.a, world.b, world.c):
        assert generated(Organization).filter(unit=commune).count() >= 10
        assert generated(Initiative).filter(commune=commune).count() > 100
    ini = generated(Initiative)
    assert set(ini.values_list("field", flat=True)) == {"economy", "culture_society", "defence_security",
                                                        "political_system"}
    assert len(set(ini.values_list("status", flat=True))) >= 6
    years = set(ini.values_list("year", flat=True))
    assert min(years) == 2016 and max(years) == timezone.localdate().year
    assert ini.filter(scope="individual").exists() and ini.filter(replicates__isnull=False).exists()
    # Records of before 2025 kept against the historic commune roll up into its successor.
    old = ini.filter(unit=world.old_a)
    assert old.exists() and set(old.values_list("commune", flat=True)) == {world.a.pk}
    assert generated(Exemplar).filter(initiative__isnull=False).exists()


@pytest.mark.django_db
def test_lifecycle_history_matches_status(national):
    today = timezone.localdate()
    steps = defaultdict(list)
    for t in InitiativeTransition.objects.order_by("date", "id"):
        steps[t.initiative_id].append(t)
    updates = defaultdict(list)
    for u in ProgressUpdate.objects.all():
        updates[u.initiative_id].append(u.date)
    for ini in generated(Initiative):
        history = steps[ini.pk]
        assert history[0].from_status == "" and history[0].to_status == Status.DRAFT
        for prev, step in zip(history, history[1:]):
            assert step.from_status == prev.to_status
            assert step.to_status in TRANSITIONS[prev.to_status], (prev.to_status, step.to_status)
        assert history[-1].to_status == ini.status and history[-1].date == ini.status_changed_at <= today
        registered = [t.date for t in history if t.to_status == Status.REGISTERED]
        assert ini.registered_on == (registered[0] if registered else None)
        assert ini.last_progress_at == (max(updates[ini.pk]) if updates[ini.pk] else None)
        assert all(ini.registered_on <= d <= today for d in updates[ini.pk])
    # Indicator values belong to an indicator of the same initiative, dated like their progress update.
    assert not IndicatorValue.objects.exclude(indicator__initiative=F("progress_update__initiative")).exists()
    assert not IndicatorValue.objects.exclude(date=F("progress_update__date")).exists()


@pytest.mark.django_db
def test_units_and_search_columns_are_those_save_would_compute(national):
    for model, text in ((Initiative, lambda o: f"{o.title} {o.description}"),
                        (Exemplar, lambda o: f"{o.name} {o.achievements}"), (Organization, lambda o: o.name)):
        for obj in generated(model).select_related("unit__successor__province", "unit__province"):
            commune, province = obj.unit.current_commune_and_province()
            assert (obj.commune_id, obj.province_id) == (getattr(commune, "pk", None), getattr(province, "pk", None))
            assert obj.search_text == fold(text(obj))
            assert obj.sort_key == record_sort_key(getattr(obj, model.sort_field))
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_key_check")
            assert cursor.fetchall() == []


@pytest.mark.django_db
def test_generated_records_are_found_and_listed(national, login, world):
    client = login(world.users.admin)
    expected = sum(all(w in text for w in ("dan", "van", "kheo"))
                   for text in Initiative.objects.filter(province=world.p1).values_list("search_text", flat=True))
    assert expected > 0
    response = client.get(reverse("initiatives:initiative_list"), {"q": "dân vận KHÉO", "unit": world.p1.pk})
    assert response.status_code == 200
    shown = re.search(r'id="result-count">([\d.]+)', response.content.decode()).group(1)
    assert int(shown.replace(".", "")) == expected
    # The new rows are in the full-text index too (filled after the bulk load).
    from danvan.core.search import matching_ids

    ids = matching_ids(Initiative, "kheo")
    if ids is not None:
        assert set(ids) == set(Initiative.all_objects.filter(search_text__contains="kheo").values_list("pk", flat=True))


@pytest.mark.django_db
def test_running_twice_refuses_and_changes_nothing(national):
    before = counts()
    with pytest.raises(NationalDataError, match="đã có"):
        generate_national(scale=SCALE, seed=7)
    assert counts() == before


@pytest.mark.django_db
def test_seed_command_national(world):
    out = io.StringIO()
    call_command("seed", "--scale", "national", "--factor", "0.0002", stdout=out)
    text = out.getvalue()
    assert "[1/2] Tỉnh Sơn La" in text and "mô hình" in text and "Tài khoản trình diễn" in text
    assert generated(Initiative).count() > 0
    with pytest.raises(CommandError, match="không tạo thêm"):
        call_command("seed", "--scale", "national", "--factor", "0.0002", stdout=io.StringIO())


@pytest.mark.django_db
def test_the_counts_kept_by_the_batch_equal_a_rebuild(national):
    out = io.StringIO()
    call_command("rebuild_aggregates", "--check", stdout=out)  # exits with status 1 when the cells disagree
    assert "khớp" in out.getvalue()


@pytest.mark.django_db
def test_provinces_that_hold_the_demo_data_are_skipped(world):
    from django.contrib.auth import get_user_model

    from danvan.generators.demo import DEMO_SEED_USERNAME
    from danvan.organizations.models import OrganizationKind

    demo_user = get_user_model().objects.create(username=DEMO_SEED_USERNAME, is_active=False)
    Organization.objects.create(kind=OrganizationKind.MASS_MOBILIZATION, name="Ban Dân vận Tỉnh uỷ Sơn La",
                                unit=world.p1, created_by=demo_user)
    out = io.StringIO()
    result = generate_national(scale=SCALE, stdout=out, accounts=False)
    assert result["skipped_provinces"] == ["Tỉnh Sơn La"] and "Tỉnh Sơn La: đã có dữ liệu mẫu" in out.getvalue()
    assert not generated(Initiative).filter(province=world.p1).exists()
    assert generated(Initiative).filter(province=world.p2).exists()


@pytest.mark.django_db
def test_every_record_is_written_by_the_batch_services(world):
    from unittest import mock

    from danvan.initiatives.batch import RegistryBatch

    services = ("create_organizations", "register_initiatives", "add_indicators", "record_progress",
                "create_exemplars", "finish")
    calls = {name: 0 for name in services}
    rows = {name: 0 for name in services}

    def spy(name):
        original = getattr(RegistryBatch, name)

        def wrapper(self, *args, **kwargs):
            calls[name] += 1
            if args:
                rows[name] += len(args[0])
            return original(self, *args, **kwargs)
        return wrapper

    with mock.patch.multiple(RegistryBatch, **{name: spy(name) for name in services}):
        result = generate_national(scale=SCALE, seed=7, accounts=False)
    c = result["counts"]
    assert calls["finish"] == 1  # one batch for the whole seed
    assert rows["create_organizations"] == c["organizations"] == generated(Organization).count()
    assert rows["register_initiatives"] == c["initiatives"] == generated(Initiative).count()
    assert rows["add_indicators"] == c["indicators"]
    assert rows["record_progress"] == c["progress_updates"] == generated(ProgressUpdate).count()
    assert rows["create_exemplars"] == c["exemplars"] == generated(Exemplar).count()


def test_the_generator_writes_no_row_and_derives_no_column_itself():
    """The generator makes content; placement, search columns, lifecycle, counts and audit are the batch's."""
    import inspect

    from danvan.generators import national

    # The marker account is a user, not a registry record: its own save() is fine.
    source = inspect.getsource(national).replace(inspect.getsource(national._seed_user), "")
    for forbidden in (".save(", ".bulk_create(", ".objects.create(", ".update(", "executemany", "COPY ",
                      "INSERT ", "RowWriter", "search_columns", "fold(", "sort_key(", "current_commune_and_province",
                      '"commune_id"', '"province_id"', '"search_text"', '"sort_key"', '"status"',
                      '"status_changed_at"', '"registered_on"', '"last_progress_at"', '"version"', "aggregates",
                      "LogEntry", "AuditBatchRecord("):
        assert forbidden not in source, forbidden
    assert "RegistryBatch(" in source


@pytest.mark.django_db
def test_the_seed_is_one_audited_batch_and_no_auditlog_entries(world):
    from auditlog.models import LogEntry

    from danvan.core.audit import timeline
    from danvan.core.models import AuditBatch, AuditBatchRecord

    entries = LogEntry.objects.count()
    result = generate_national(scale=SCALE, seed=7, accounts=False)
    assert LogEntry.objects.count() == entries
    [batch] = AuditBatch.objects.all()
    assert batch == result["batch"] and batch.action == AuditBatch.Action.SEED
    c = result["counts"]
    assert batch.counts == {
        "organizations.organization": c["organizations"], "initiatives.initiative": c["initiatives"],
        "initiatives.indicator": c["indicators"], "initiatives.progressupdate": c["progress_updates"],
        "initiatives.exemplar": c["exemplars"]}
    assert AuditBatchRecord.objects.filter(batch=batch).count() == sum(batch.counts.values())
    # Each record's history points to the seed.
    for record in (generated(Initiative).last(), generated(Exemplar).first(), generated(Organization).last()):
        assert [e["batch"] for e in timeline(record)] == [batch.pk]


@pytest.mark.django_db
def test_a_failed_seed_leaves_nothing_behind(world):
    from unittest import mock

    from danvan.core.models import AuditBatch
    from danvan.initiatives.batch import RegistryBatch

    before = counts()
    original = RegistryBatch.create_exemplars

    def fail(self, rows):
        original(self, rows)
        raise RuntimeError("đứt giữa chừng")

    with mock.patch.object(RegistryBatch, "create_exemplars", fail), pytest.raises(RuntimeError):
        generate_national(scale=SCALE, seed=7, accounts=False)
    assert counts() == before and not AuditBatch.objects.exists()
    # The indexes dropped for the load are back: running again works and finds the records.
    result = generate_national(scale=SCALE, seed=7, accounts=False)
    assert generated(Initiative).count() == result["counts"]["initiatives"] > 0
