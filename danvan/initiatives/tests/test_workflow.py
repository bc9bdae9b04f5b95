"""The initiative lifecycle on the workflow primitive (initiatives.workflow): who may take which step, and
that the form, the detail page and the API offer exactly those steps."""
import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from danvan.core.exceptions import NotInScope
from danvan.initiatives.forms import TransitionForm
from danvan.initiatives.models import Initiative, Status
from danvan.initiatives.services import REASON_REQUIRED, TRANSITIONS, allowed_transitions, transition
from danvan.initiatives.workflow import LIFECYCLE

pytestmark = pytest.mark.django_db
R, I, REV, REC, NI, S, C = (Status.REGISTERED, Status.IMPLEMENTING, Status.REVIEWED, Status.RECOGNISED,
                            Status.NOT_IMPLEMENTED, Status.SUSPENDED, Status.CLOSED)


def reviewed(world, key="a", **values):
    ini = world.records[key]
    Initiative.objects.filter(pk=ini.pk).update(status=REV, **values)
    ini.refresh_from_db()
    return ini


def test_the_lifecycle_is_the_one_it_always_was():
    assert TRANSITIONS == {
        "draft": {R, C}, R: {I, NI, S, C}, I: {REV, NI, S, C}, REV: {REC, I, S, C}, REC: {C}, S: {I, C},
        NI: {R, C}, C: set(),
    }
    assert REASON_REQUIRED == {NI, S, C}


@pytest.mark.parametrize("who, may", [
    ("province_staff", True), ("admin", True),                         # the level that recognises
    ("staff_a", False), ("reporter_a", False), ("steering_a", False),  # commune editor, organisation, steering
    ("leader_p1", False), ("staff_c", False), ("nobody", False),
])
def test_only_the_province_or_the_nation_recognises(world, who, may):
    ini = reviewed(world, "a_farmers", steering_member=world.users.steering_a)
    user = getattr(world.users, who)
    assert (REC in allowed_transitions(ini, user)) is may
    if may:
        transition(ini, REC, user=user, reason="Điển hình cấp tỉnh")
        assert Initiative.objects.get(pk=ini.pk).status == REC
    else:
        with pytest.raises(NotInScope) as exc:
            transition(ini, REC, user=user, reason="Điển hình")
        assert exc.value.status_code == 403
        assert Initiative.objects.get(pk=ini.pk).status == REV


def test_a_steering_member_steps_only_on_the_initiatives_assigned_to_them(world):
    mine = reviewed(world, "a", steering_member=world.users.steering_a)
    other = reviewed(world, "a_farmers")
    member = world.users.steering_a
    assert allowed_transitions(mine, member) == [I, S, C]   # everything but recognition
    assert allowed_transitions(other, member) == []
    transition(mine, I, user=member)
    with pytest.raises(NotInScope):
        transition(other, I, user=member)


def test_the_province_is_offered_every_step_the_commune_all_but_recognition(world):
    ini = reviewed(world)
    assert allowed_transitions(ini, world.users.province_staff) == [I, REC, S, C]
    assert allowed_transitions(ini, world.users.staff_a) == [I, S, C]
    assert allowed_transitions(ini, world.users.leader_p1) == []
    assert allowed_transitions(ini) == [I, REC, S, C]  # the system
    assert [s for s, _label in TransitionForm(initiative=ini, user=world.users.staff_a).fields["to_status"].choices] \
        == [I, S, C]
    labels = dict(TransitionForm(initiative=ini, user=world.users.province_staff).fields["to_status"].choices)
    assert labels[REC] == "Được công nhận điển hình"


def test_the_detail_page_offers_and_takes_only_permitted_steps(world, client):
    ini = reviewed(world)
    client.force_login(world.users.staff_a)
    page = client.get(ini.get_absolute_url()).content.decode()
    assert 'value="implementing"' in page and 'value="recognised"' not in page
    today = datetime.date.today().strftime("%d/%m/%Y")
    url = reverse("initiatives:initiative_transition", args=[ini.pk])
    client.post(url, {"to_status": "recognised", "date": today, "reason": "x", "version": ini.version})
    assert Initiative.objects.get(pk=ini.pk).status == REV
    client.force_login(world.users.province_staff)
    assert 'value="recognised"' in client.get(ini.get_absolute_url()).content.decode()
    client.post(url, {"to_status": "recognised", "date": today, "reason": "Điển hình cấp tỉnh", "version": ini.version})
    assert Initiative.objects.get(pk=ini.pk).status == REC


def test_the_api_lists_and_takes_only_permitted_steps(world):
    ini = reviewed(world)
    url = f"/api/v1/initiatives/{ini.pk}/"
    commune, province = APIClient(), APIClient()
    commune.force_authenticate(world.users.staff_a)
    province.force_authenticate(world.users.province_staff)
    assert commune.get(url).json()["allowed_transitions"] == ["implementing", "suspended", "closed"]
    assert province.get(url).json()["allowed_transitions"] == ["implementing", "recognised", "suspended", "closed"]
    listed = {row["id"]: row for row in commune.get("/api/v1/initiatives/").json()["results"]}
    assert "recognised" not in listed[ini.pk]["allowed_transitions"]
    refused = commune.post(url + "transition/", {"to_status": "recognised", "reason": "x", "version": ini.version},
                           format="json")
    assert refused.status_code == 403 and "cấp tỉnh" in str(refused.json())
    done = province.post(url + "transition/", {"to_status": "recognised", "reason": "Điển hình cấp tỉnh",
                                               "version": ini.version}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "recognised"
    assert done.json()["allowed_transitions"] == ["closed"]


def test_stale_is_one_clock_used_by_the_list_filter_and_the_alerts(world, settings):
    """No progress report for DANVAN_STALE_DAYS days (none ever: counted from the registration)."""
    from danvan.dashboards.alerts import stale_before, stale_initiatives
    from danvan.initiatives.filtersets import InitiativeFilterSet

    settings.STALE_INITIATIVE_DAYS = 90
    today = datetime.date(2026, 6, 1)
    cutoff = stale_before(today)
    assert cutoff == datetime.date(2026, 3, 3)
    a, b, c, farmers = (world.records[k] for k in ("a", "b", "c", "a_farmers"))
    Initiative.objects.filter(pk=a.pk).update(registered_on=datetime.date(2025, 1, 1), last_progress_at=cutoff)
    Initiative.objects.filter(pk=b.pk).update(registered_on=datetime.date(2025, 1, 1), last_progress_at=None)
    Initiative.objects.filter(pk=c.pk).update(registered_on=cutoff, last_progress_at=None)
    Initiative.objects.filter(pk=farmers.pk).update(registered_on=datetime.date(2025, 1, 1),
                                                    last_progress_at=cutoff - datetime.timedelta(days=1))
    expected = {b.pk, farmers.pk}
    assert set(stale_initiatives(None, today=today).values_list("pk", flat=True)) == expected
    listed = InitiativeFilterSet({"stale_before": cutoff.isoformat()}, queryset=Initiative.objects.all()).qs
    assert set(listed.values_list("pk", flat=True)) == expected
    for ini in Initiative.objects.all():
        assert LIFECYCLE.holds(ini, "stale", today=today) is (ini.pk in expected)
    Initiative.objects.filter(pk=b.pk).update(status=S)  # suspended: the clock stops
    assert set(stale_initiatives(None, today=today).values_list("pk", flat=True)) == {farmers.pk}
