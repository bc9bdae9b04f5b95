"""The demo data set (danvan.generators.demo) and the `seed` / `demo` commands."""
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from danvan.accounts.models import Assignment, Role
from danvan.core.text import fold
from danvan.generators.demo import ADMIN_PASSWORD, DEMO_PASSWORD, generate_demo
from danvan.initiatives.models import (
    Exemplar, Indicator, IndicatorValue, Initiative, InitiativeTransition, MeasureUnit, ProgressUpdate, Status,
)
from danvan.initiatives.services import REASON_REQUIRED, TRANSITIONS
from danvan.organizations.models import Organization, OrganizationKind
from danvan.territory.loader import load_units
from danvan.territory.models import AdminUnit, UnitLevel

MODELS = (Organization, Initiative, InitiativeTransition, Indicator, ProgressUpdate, IndicatorValue, Exemplar)


def counts():
    return {m.__name__: m._default_manager.count() for m in MODELS} | {"users": get_user_model().objects.count(),
                                                                         "assignments": Assignment.objects.count()}


@pytest.fixture
def territory(db):
    load_units()


@pytest.fixture
def son_la_demo(territory):
    first = generate_demo(provinces=("Sơn La",), per_commune=2)
    return first


@pytest.mark.django_db
def test_generate_demo_twice_does_not_duplicate(son_la_demo):
    before = counts()
    assert son_la_demo["provinces"]["Tỉnh Sơn La"]["initiatives"] == before["Initiative"]
    second = generate_demo(provinces=("Sơn La",), per_commune=2)
    assert second["provinces"]["Tỉnh Sơn La"] == "đã có"
    assert counts() == before
    # Every current commune of the province has its organisations and some initiatives.
    communes = AdminUnit.objects.communes().filter(province__short_name="Sơn La")
    assert communes.count() == 75
    with_farmers = Organization.objects.filter(kind=OrganizationKind.FARMERS, unit__in=communes).values("unit")
    assert with_farmers.distinct().count() == 75
    assert Initiative.objects.filter(commune__in=communes).values("commune").distinct().count() == 75
    assert Exemplar.objects.count() > 0
    assert Initiative.objects.filter(title__icontains="Dân vận khéo").exists()


@pytest.mark.django_db
def test_statuses_follow_the_recorded_lifecycle(son_la_demo):
    today = timezone.localdate()
    steps = {}
    for t in InitiativeTransition.objects.order_by("initiative_id", "date", "id"):
        steps.setdefault(t.initiative_id, []).append(t)
    initiatives = list(Initiative.objects.all())
    assert initiatives
    seen = set()
    for obj in initiatives:
        history = steps[obj.pk]
        assert history[0].from_status == "" and history[0].to_status == Status.DRAFT
        for prev, step in zip(history, history[1:]):
            assert step.from_status == prev.to_status
            assert step.to_status in TRANSITIONS[prev.to_status], (obj.title, prev.to_status, step.to_status)
            assert step.date >= prev.date
        for step in history:
            assert step.date <= today
            if step.to_status in REASON_REQUIRED:
                assert step.reason.strip()
        assert history[-1].to_status == obj.status
        assert obj.status_changed_at == history[-1].date
        registered = [t.date for t in history if t.to_status == Status.REGISTERED]
        assert obj.registered_on == (registered[0] if registered else None)
        seen.add(obj.status)
    # A realistic spread: carried out, recognised, and the seeds' "registered but never carried out".
    assert {Status.IMPLEMENTING, Status.REVIEWED, Status.RECOGNISED, Status.NOT_IMPLEMENTED} <= seen


@pytest.mark.django_db
def test_units_search_columns_and_progress_are_consistent(son_la_demo):
    son_la = AdminUnit.objects.provinces().get(short_name="Sơn La")
    historic = 0
    last_dates = {}
    for update in ProgressUpdate.objects.all():
        last = last_dates.get(update.initiative_id)
        last_dates[update.initiative_id] = update.date if last is None else max(last, update.date)
    for obj in Initiative.objects.select_related("unit"):
        assert obj.province_id == son_la.pk
        commune, province = obj.unit.current_commune_and_province()
        assert (obj.commune_id, obj.province_id) == (commune and commune.pk, province.pk)
        if obj.unit.level == UnitLevel.COMMUNE:
            assert obj.commune_id is not None
        historic += obj.unit.historic
        assert obj.search_text and obj.search_text == fold(f"{obj.title} {obj.description}")
        assert obj.sort_key
        assert obj.last_progress_at == last_dates.get(obj.pk)
    assert historic > 0  # some records stay against their pre-2025 commune/district
    for ex in Exemplar.objects.select_related("unit"):
        assert ex.province_id == son_la.pk and ex.search_text
    for org in Organization.objects.all():
        assert org.province_id == son_la.pk and org.search_text
    for value in IndicatorValue.objects.filter(indicator__measure_unit=MeasureUnit.VND):
        assert value.value == value.value.to_integral_value()
    assert Indicator.objects.filter(target__gt=Decimal(0)).count() == Indicator.objects.count()
    assert Initiative.objects.filter(replicates__isnull=False).exists()


@pytest.mark.django_db
def test_demo_accounts_have_their_roles(son_la_demo):
    User = get_user_model()
    expected = {
        "admin": Role.NATIONAL_ADMIN, "bdv.tinh": Role.MASS_MOBILIZATION_STAFF, "bdv.xa": Role.MASS_MOBILIZATION_STAFF,
        "bdv.xa2": Role.MASS_MOBILIZATION_STAFF, "hoinongdan": Role.ORGANIZATION_REPORTER,
        "bcd": Role.STEERING_MEMBER, "lanhdao": Role.LEADER, "kiemtra": Role.AUDITOR,
    }
    for username, role in expected.items():
        user = User.objects.get(username=username)
        assert list(Assignment.objects.filter(user=user).values_list("role", flat=True)) == [role]
        assert user.check_password(ADMIN_PASSWORD if username == "admin" else DEMO_PASSWORD)
    assert User.objects.get(username="admin").is_superuser
    phong_lai = AdminUnit.objects.get(historic=True, level=UnitLevel.COMMUNE, short_name="Phổng Lái")
    bdv_xa = User.objects.get(username="bdv.xa")
    assert Assignment.objects.get(user=bdv_xa).unit == phong_lai.successor
    assert Assignment.objects.get(user__username="bdv.xa2").unit.short_name == "Thuận Châu"
    assert Assignment.objects.get(user__username="hoinongdan").organization.kind == OrganizationKind.FARMERS
    bcd = User.objects.get(username="bcd")
    followed = Initiative.objects.filter(steering_member=bcd)
    assert followed.exists() and set(followed.values_list("commune", flat=True)) == {phong_lai.successor_id}
    # Scoping shows through: commune staff see only their commune.
    visible = Initiative.objects.visible_to(bdv_xa)
    assert visible.exists() and set(visible.values_list("commune", flat=True)) == {phong_lai.successor_id}
    rows = son_la_demo["accounts"]
    assert {r[1] for r in rows} >= set(expected)
    assert all(len(r[2]) >= 8 for r in rows)


@pytest.mark.django_db
def test_demo_command_prepares_everything_without_serving(territory, settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    settings.MEDIA_ROOT = tmp_path / "data" / "media"
    out = io.StringIO()
    call_command("demo", "--no-serve", "--provinces", "Sơn La", "--per-commune", "1", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8000/" in text
    assert "bdv.xa" in text and DEMO_PASSWORD in text and "admin12345" in text
    assert settings.DATA_DIR.is_dir()
    first = counts()
    assert first["Initiative"] > 0
    call_command("demo", "--no-serve", "--provinces", "Sơn La", "--per-commune", "1", stdout=io.StringIO())
    assert counts() == first


@pytest.mark.django_db
def test_seed_unknown_province_is_a_clear_error(territory):
    with pytest.raises(CommandError, match="Không tìm thấy"):
        call_command("seed", "--provinces", "Atlantis", stdout=io.StringIO())


@pytest.mark.django_db
def test_the_demo_has_rounds_in_every_state_with_notifications(son_la_demo):
    from danvan.notifications.models import Notification
    from danvan.reporting.models import PeriodicReport, ReportingRound, ReportStatus, RoundStatus
    from danvan.reporting.services import overdue_reports

    assert son_la_demo["rounds"] == 3
    assert {r.status for r in ReportingRound.objects.all()} == {RoundStatus.OPEN, RoundStatus.CLOSED}
    statuses = set(PeriodicReport.objects.values_list("status", flat=True))
    assert {ReportStatus.DRAFT, ReportStatus.RETURNED, ReportStatus.ACCEPTED} <= statuses
    assert PeriodicReport.objects.filter(is_late=True).exists() and overdue_reports().exists()
    commune_user = get_user_model().objects.get(username="bdv.xa")
    assert Notification.objects.filter(recipient=commune_user).count() >= 4
    assert generate_demo(provinces=("Sơn La",), per_commune=2)["rounds"] == 0
