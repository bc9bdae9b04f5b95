"""Only the actions a user may take are offered (the policy and the workflow answer, templates read booleans)."""
import pytest
from django.urls import reverse

from danvan.reporting import services

pytestmark = pytest.mark.django_db


def test_the_read_only_leader_is_not_offered_adding_or_importing(world, login):
    for name in ("initiatives:initiative_list", "initiatives:exemplar_list"):
        page = login(world.users.leader_p1).get(reverse(name)).content.decode()
        assert "Thêm mới" not in page and "Nhập từ Excel" not in page
        page = login(world.users.staff_a).get(reverse(name)).content.decode()
        assert "Thêm mới" in page and "Nhập từ Excel" in page


def test_the_rounds_list_offers_no_import(world, p1_round, login):
    page = login(world.users.province_staff).get(reverse("reporting:round_list")).content.decode()
    assert "Nhập từ Excel" not in page and "Thêm mới" in page
    assert "Thêm mới" not in login(world.users.staff_a).get(reverse("reporting:round_list")).content.decode()


def test_the_province_reviews_a_commune_report_but_is_not_offered_writing_or_handing_it_in(world, report_a, login):
    url = report_a.get_absolute_url()
    province = login(world.users.province_staff)
    page = province.get(url).content.decode()
    assert "Viết / sửa báo cáo" not in page and "Nộp báo cáo" not in page
    edit = province.get(reverse("reporting:report_edit", args=[report_a.pk]), follow=True).content.decode()
    assert "Chỉ đơn vị báo cáo mới viết và nộp báo cáo này." in edit
    commune = login(world.users.staff_a)
    page = commune.get(url).content.decode()
    assert "Viết / sửa báo cáo" in page and "Nộp báo cáo" in page and "Tiếp nhận" not in page

    report_a.results = "Đã làm."
    report = services.update_narrative(report_a, world.users.staff_a, report_a.version)
    services.submit(report, world.users.staff_a, report.version)
    page = login(world.users.province_staff).get(url).content.decode()
    assert "Tiếp nhận" in page and "Trả lại để sửa" in page and "Viết / sửa báo cáo" not in page
