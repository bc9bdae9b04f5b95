"""The lifecycle and the record-keeping rules, at the service level (UI, API and importer share them)."""
import datetime

import pytest

from danvan.core.exceptions import DomainError, NotInScope, StaleEdit, TransitionNotAllowed
from danvan.core.services import history, save_versioned
from danvan.initiatives.models import Initiative, Status
from danvan.initiatives.services import TRANSITIONS, add_indicator, record_progress, transition


@pytest.mark.django_db
def test_full_lifecycle_is_dated_with_reason_and_user(world):
    """The commune carries the initiative out and reviews it; the province recognises it."""
    ini, user, province = world.records["a"], world.users.staff_a, world.users.province_staff
    transition(ini, Status.IMPLEMENTING, user=user)
    transition(ini, Status.REVIEWED, user=user, reason="Sơ kết 6 tháng")
    transition(ini, Status.RECOGNISED, user=province, reason="Điển hình cấp tỉnh")
    steps = list(ini.transitions.values_list("from_status", "to_status"))
    assert steps == [("", "draft"), ("draft", "registered"), ("registered", "implementing"),
                     ("implementing", "reviewed"), ("reviewed", "recognised")]
    last = ini.transitions.last()
    assert last.user == province and last.reason == "Điển hình cấp tỉnh"
    assert Initiative.objects.get(pk=ini.pk).status == Status.RECOGNISED


@pytest.mark.django_db
@pytest.mark.parametrize("start", list(TRANSITIONS))
def test_only_listed_transitions_are_allowed(world, start, ):
    ini = world.records["a"]
    Initiative.objects.filter(pk=ini.pk).update(status=start)
    ini.refresh_from_db()
    for target in Status.values:
        if target in TRANSITIONS[start]:
            continue
        with pytest.raises(TransitionNotAllowed):
            transition(ini, target, reason="x")


@pytest.mark.django_db
def test_not_implemented_needs_a_reason_and_no_future_dates(world):
    ini = world.records["a"]
    with pytest.raises(DomainError):
        transition(ini, Status.NOT_IMPLEMENTED)
    with pytest.raises(DomainError):
        transition(ini, Status.IMPLEMENTING, date=datetime.date.today() + datetime.timedelta(days=3))
    with pytest.raises(DomainError):  # before the registration
        transition(ini, Status.IMPLEMENTING, date=ini.status_changed_at - datetime.timedelta(days=1))
    transition(ini, Status.NOT_IMPLEMENTED, reason="Không bố trí được kinh phí")
    assert ini.status == Status.NOT_IMPLEMENTED


@pytest.mark.django_db
def test_out_of_scope_users_cannot_transition(world):
    with pytest.raises(NotInScope):
        transition(world.records["b"], Status.IMPLEMENTING, user=world.users.staff_a)
    with pytest.raises(NotInScope):
        transition(world.records["a"], Status.IMPLEMENTING, user=world.users.leader_p1)


@pytest.mark.django_db
def test_optimistic_locking_refuses_the_second_stale_save(world):
    first = Initiative.objects.get(pk=world.records["a"].pk)
    second = Initiative.objects.get(pk=world.records["a"].pk)
    first.title = "Bản sửa thứ nhất"
    save_versioned(first, expected_version=first.version, user=world.users.staff_a)
    second.title = "Bản sửa thứ hai"
    with pytest.raises(StaleEdit) as err:
        save_versioned(second, expected_version=second.version, user=world.users.province_staff)
    assert err.value.changes and err.value.changes[0]["changes"]["title"][1] == "Bản sửa thứ nhất"
    assert Initiative.objects.get(pk=first.pk).title == "Bản sửa thứ nhất"


@pytest.mark.django_db
def test_every_change_is_audited_with_before_and_after(world):
    ini = world.records["a"]
    ini.title = "Tên mới"
    save_versioned(ini, expected_version=ini.version, user=world.users.staff_a)
    entry = history(ini)[0]
    assert entry.actor == world.users.staff_a
    assert entry.changes_dict["title"] == ["Dân vận khéo trong thu gom rác thải ở Phổng Lái Mới", "Tên mới"]


@pytest.mark.django_db
def test_vnd_values_are_integers_and_values_not_negative(world):
    ini = world.records["a"]
    money = add_indicator(ini, name="Tiền vận động", measure_unit="vnd", target=90_000_000)
    with pytest.raises(DomainError):
        record_progress(ini, text="x", values={money.pk: 10.5})
    with pytest.raises(DomainError):
        record_progress(ini, text="x", values={money.pk: -1})
    with pytest.raises(DomainError):
        add_indicator(ini, name="Tiền", measure_unit="vnd", target=1.5)
    update = record_progress(ini, text="Vận động 90 triệu", values={money.pk: 90_000_000})
    assert money.actual == 90_000_000 and update.values.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["initiative", "exemplar"])
def test_no_service_moves_a_record_into_another_provinces_organisation(world, kind):
    """Before: update_initiative let a commune editor move an initiative into another province's organisation
    (only the form's choice list stopped it) while update_exemplar refused the same move."""
    from danvan.core.exceptions import NotInScope
    from danvan.initiatives import services

    record = world.records["a" if kind == "initiative" else "a_exemplar"]
    record.organization = world.orgs["c"]
    update = services.update_initiative if kind == "initiative" else services.update_exemplar
    with pytest.raises(NotInScope):
        update(record, expected_version=record.version, user=world.users.staff_a)
    record.refresh_from_db()
    assert record.organization == world.orgs["a"]


@pytest.mark.django_db
def test_a_steering_member_edits_an_assigned_initiative_without_moving_it(world):
    from danvan.initiatives import services

    ini = world.records["a"]
    ini.steering_member = world.users.steering_a
    services.update_initiative(ini, expected_version=ini.version, user=world.users.staff_a)
    ini.goals = "Mọi hộ phân loại rác"
    services.update_initiative(ini, expected_version=ini.version, user=world.users.steering_a)
    ini.refresh_from_db()
    assert ini.goals == "Mọi hộ phân loại rác"
