"""The workflow primitive (core.workflow) on a machine declared for the test: the order of the checks and their
status codes, the standard guards, permissions, the one-transaction write under either lock, and clocks counted
in working days across Tết."""
import datetime

import pytest
from django.db import IntegrityError

from danvan.accounts import policy
from danvan.core import calendar
from danvan.core.exceptions import DomainError, NotInScope, StaleEdit, TransitionNotAllowed
from danvan.core.workflow import STATE, Clock, Step, Workflow
from danvan.initiatives.models import Initiative, InitiativeTransition, Status

pytestmark = pytest.mark.django_db

D = datetime.date
R, I, REV, S, C = Status.REGISTERED, Status.IMPLEMENTING, Status.REVIEWED, Status.SUSPENDED, Status.CLOSED


def record(move):
    InitiativeTransition.objects.create(initiative=move.obj, from_status=move.source, to_status=move.step.target,
                                        date=move.date, reason=move.reason, user=move.actor)


def machine(**options):
    """Start (dated, no earlier than the registration), suspend (needs a reason), a province-only review that
    needs goals written, and a clock: implementation must start within 10 working days of registration."""
    options.setdefault("records", record)
    return Workflow(
        Initiative, states=Status, date_field="status_changed_at", allowed=policy.may_change_initiative,
        floor=(lambda ini: ini.registered_on, "ngày đăng ký"),
        steps=[
            Step("start", sources=[R, S], target=I, dated=True),
            Step("suspend", sources=[R, I], target=S, dated=True, needs_reason=True),
            Step("review", sources=[I], target=REV, allowed=policy.may_recognise, denied="Chỉ cấp tỉnh.",
                 requires=[(lambda ini: bool(ini.goals), "Chưa có mục tiêu.")]),
        ],
        clocks=[Clock("slow_start", states=[R], start_fields=("registered_on",), days=10, kind=calendar.WORKING)],
        **options,
    )


def fresh(world, key="a", **values):
    ini = world.records[key]
    if values:
        Initiative.objects.filter(pk=ini.pk).update(**values)
    ini.refresh_from_db()
    return ini


def test_a_step_must_exist_from_the_current_state_409(world):
    wf, ini = machine(), fresh(world)
    with pytest.raises(TransitionNotAllowed) as exc:
        wf.take(ini, "review", user=world.users.province_staff, expected_version=ini.version)
    assert exc.value.status_code == 409 and "Không thể chuyển từ “Đã đăng ký” sang “Đã sơ kết”" in exc.value.message
    with pytest.raises(TransitionNotAllowed):
        wf.take(ini, "fly", expected_version=ini.version)
    # state first: a step not possible now is 409 even for someone who may not take it at all
    with pytest.raises(TransitionNotAllowed):
        wf.take(ini, "review", user=world.users.leader_p1, expected_version=ini.version)


def test_the_steps_rule_decides_who_403(world):
    wf, ini = machine(), fresh(world, goals="Mọi hộ phân loại rác", status=I)
    for user in (world.users.staff_a, world.users.steering_a, world.users.reporter_a, world.users.leader_p1,
                 world.users.staff_c):
        with pytest.raises(NotInScope) as exc:
            wf.take(ini, "review", user=user, expected_version=ini.version)
        assert exc.value.status_code == 403 and exc.value.message == "Chỉ cấp tỉnh."
    with pytest.raises(NotInScope, match="không có quyền thực hiện"):  # the machine's default message
        wf.take(ini, "suspend", user=world.users.staff_c, expected_version=ini.version, reason="x")
    wf.take(ini, "review", user=world.users.province_staff, expected_version=ini.version)
    assert Initiative.objects.get(pk=ini.pk).status == REV


def test_the_system_is_stopped_by_no_rule(world):
    wf, ini = machine(), fresh(world, goals="x", status=I)
    wf.take(ini, "review", user=None, expected_version=ini.version)
    assert ini.status == REV


def test_a_precondition_on_the_record_hides_the_step_and_refuses_it_409(world):
    wf, ini = machine(), fresh(world, status=I)
    assert [s.name for s in wf.steps_for(ini, world.users.province_staff)] == ["suspend"]
    with pytest.raises(TransitionNotAllowed, match="Chưa có mục tiêu"):
        wf.take(ini, "review", user=world.users.province_staff, expected_version=ini.version)
    ini = fresh(world, goals="Mọi hộ phân loại rác")
    assert [s.name for s in wf.steps_for(ini, world.users.province_staff)] == ["suspend", "review"]
    assert [s.name for s in wf.steps_for(ini, world.users.staff_a)] == ["suspend"]
    assert [s.name for s in wf.steps_for(ini, world.users.leader_p1)] == []
    assert wf.can(ini, "review", world.users.admin) and not wf.can(ini, "review", world.users.staff_a)


@pytest.mark.parametrize("step, values, field, message", [
    ("suspend", {"reason": "  "}, "reason", "Cần ghi lý do khi chuyển sang “Tạm dừng”"),
    ("start", {"date": D.today() + datetime.timedelta(days=1)}, "date", "không được ở tương lai"),
    ("start", {"date": D(2025, 3, 9)}, "date", "trước lần chuyển gần nhất (10/03/2025)"),
])
def test_the_standard_guards_422_with_the_field(world, step, values, field, message):
    wf = machine()
    ini = fresh(world, registered_on=D(2025, 3, 1), status_changed_at=D(2025, 3, 10))
    with pytest.raises(DomainError) as exc:
        wf.take(ini, step, user=world.users.staff_a, expected_version=ini.version, **values)
    assert exc.value.status_code == 422 and exc.value.field == field and message in str(exc.value.message)
    assert Initiative.objects.get(pk=ini.pk).status == R and not ini.transitions.filter(to_status=I).exists()


def test_the_floor_the_machine_names(world):
    wf = machine()
    ini = fresh(world, registered_on=D(2025, 3, 10), status_changed_at=None)
    with pytest.raises(DomainError, match=r"trước ngày đăng ký \(10/03/2025\)") as exc:
        wf.take(ini, "start", user=world.users.staff_a, expected_version=ini.version, date=D(2025, 3, 9))
    assert exc.value.field == "date"
    wf.take(ini, "start", user=world.users.staff_a, expected_version=ini.version, date=D(2025, 3, 10))
    unknown = fresh(world, "b", registered_on=None, status_changed_at=None)  # no floor recorded: nothing to check
    wf.take(unknown, "start", user=world.users.staff_b, expected_version=unknown.version, date=D(2020, 1, 1))
    assert unknown.status_changed_at == D(2020, 1, 1)


def test_a_step_records_its_state_date_and_row_together(world):
    wf, ini = machine(), fresh(world)
    version = ini.version
    wf.take(ini, "suspend", user=world.users.staff_a, expected_version=version, reason=" Thiếu kinh phí ",
            date=D.today())
    stored = Initiative.objects.get(pk=ini.pk)
    assert (stored.status, stored.status_changed_at, stored.version) == (S, D.today(), version + 1)
    last = ini.transitions.last()
    assert (last.from_status, last.to_status, last.reason, last.user) == (R, S, "Thiếu kinh phí",
                                                                         world.users.staff_a)


def test_if_what_a_step_records_fails_nothing_is_written(world):
    def broken(move):
        raise IntegrityError("the row could not be written")

    wf, ini = machine(records=broken), fresh(world)
    version, changed = ini.version, ini.status_changed_at
    with pytest.raises(IntegrityError):
        wf.take(ini, "start", user=world.users.staff_a, expected_version=version)
    stored = Initiative.objects.get(pk=ini.pk)
    assert (stored.status, stored.version) == (R, version)
    assert (ini.status, ini.status_changed_at, ini.version) == (R, changed, version)  # the object is as it was


def test_a_stale_version_is_refused_and_a_missing_one_too(world):
    wf, ini = machine(), fresh(world)
    with pytest.raises(StaleEdit):
        wf.take(ini, "start", user=world.users.staff_a, expected_version=ini.version - 1)
    with pytest.raises(DomainError) as exc:
        wf.take(ini, "start", user=world.users.staff_a, expected_version=None)
    assert exc.value.field == "version"
    assert Initiative.objects.get(pk=ini.pk).status == R and ini.status == R
    assert not ini.transitions.filter(to_status=I).exists()


def test_under_the_state_lock_only_the_first_of_two_takes_wins(world):
    """Records without a version (import jobs) lock on the state itself: a compare-and-set UPDATE."""
    wf = machine(lock=STATE)
    first, second = fresh(world), Initiative.objects.get(pk=world.records["a"].pk)
    wf.take(first, "start")
    with pytest.raises(TransitionNotAllowed, match="trạng thái khác"):
        wf.take(second, "suspend", reason="cùng lúc")
    assert second.status == R  # the loser's object is left as it was loaded
    assert Initiative.objects.get(pk=first.pk).status == I
    assert list(first.transitions.values_list("to_status", flat=True)) == ["draft", "registered", "implementing"]


def test_graph_and_labels():
    wf = machine()
    assert wf.graph()[R] == {I, S} and wf.graph()[C] == set()
    assert wf.step_into(R, S).name == "suspend" and wf.step_into(R, REV) is None
    assert wf.label(wf.step("start")) == "Đang thực hiện"


@pytest.mark.parametrize("registered, today, overdue", [
    (D(2026, 2, 12), D(2026, 3, 5), False),   # 10 working days after 12/02/2026 is 05/03, across Tết
    (D(2026, 2, 12), D(2026, 3, 6), True),
    (D(2026, 2, 13), D(2026, 3, 6), False),
    (D(2026, 2, 9), D(2026, 3, 3), True),     # 9/2 + 10 working days = 02/03 (the Tết break not counted)
    (D(2026, 2, 9), D(2026, 3, 2), False),
])
def test_a_working_day_clock_across_tet_is_one_query_and_agrees_with_each_record(world, registered, today, overdue):
    wf = machine()
    ini = fresh(world, registered_on=registered)
    others = fresh(world, "b", status=I, registered_on=D(2025, 1, 1))  # not in a state where the clock runs
    found = set(wf.filter(Initiative.objects.all(), "slow_start", today=today).values_list("pk", flat=True))
    assert (ini.pk in found) is overdue and others.pk not in found
    assert wf.holds(ini, "slow_start", today=today) is overdue and not wf.holds(others, "slow_start", today=today)
    if registered == D(2026, 2, 12):
        due = wf.deadline(ini, "slow_start")
        assert due.due == D(2026, 3, 5) and "trừ Tết Nguyên Đán 14–22/02/2026" in str(due)
