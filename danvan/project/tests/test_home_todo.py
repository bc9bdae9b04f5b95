"""The home page's "Việc cần làm": each role sees what is waiting for them."""
import datetime

import pytest
from django.utils import timezone

from danvan.reporting import services
from danvan.reporting.models import PeriodicReport
from danvan.reporting.tests.conftest import current_half

pytestmark = pytest.mark.django_db


def _todo(client):
    page = client.get("/").content.decode()
    start = page.index('id="todo"')
    return page[start:page.index("</section>", start)]


def test_a_commune_sees_its_report_due_with_the_deadline_and_a_returned_one_to_fix(world, login):
    deadline = timezone.localdate() + datetime.timedelta(days=2)
    round_ = services.open_round(world.p1, current_half(), deadline, world.users.province_staff)
    todo = _todo(login(world.users.staff_a))
    assert round_.title in todo and deadline.strftime("%d/%m/%Y") in todo and "còn 2 ngày" in todo
    assert "Xã Phổng Lái Mới" in todo and "Xã Mường Bú" not in todo
    # the province does not write its communes' reports: nothing due for it yet
    assert round_.title not in _todo(login(world.users.province_staff))

    report = PeriodicReport.objects.get(round=round_, unit=world.a)
    report.results = "Đã triển khai."
    report = services.update_narrative(report, world.users.staff_a, report.version)
    report = services.submit(report, world.users.staff_a, report.version)
    province_todo = _todo(login(world.users.province_staff))
    assert "Báo cáo chờ tiếp nhận" in province_todo and "Xã Phổng Lái Mới" in province_todo
    services.return_with_comment(report, world.users.province_staff, report.version, "Bổ sung kinh phí.")
    todo = _todo(login(world.users.staff_a))
    assert "Bị trả lại, cần sửa và nộp lại" in todo
    assert "Báo cáo chờ tiếp nhận" not in _todo(login(world.users.province_staff))


def test_a_steering_member_sees_the_initiatives_they_follow_and_someone_idle_is_told_so(world, login):
    initiative = world.records["a"]
    initiative.steering_member = world.users.steering_a
    type(initiative).objects.filter(pk=initiative.pk).update(steering_member=world.users.steering_a)
    todo = _todo(login(world.users.steering_a))
    assert "Mô hình bạn theo dõi" in todo and initiative.title in todo
    assert "Không có việc nào đang chờ bạn." in _todo(login(world.users.nobody))


def test_alerts_in_scope_appear_among_the_things_to_do(world, login):
    # the commune's registered initiatives have no steering member: an alert of its scope
    todo = _todo(login(world.users.staff_a))
    assert "Mô hình chưa có thành viên Ban Chỉ đạo theo dõi" in todo
