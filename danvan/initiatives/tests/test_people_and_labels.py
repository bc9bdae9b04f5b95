"""People by their full names, pagination in Vietnamese, the language picker naming each language in itself."""
import html as html_lib
import re

import pytest
from django.urls import reverse
from django.utils import translation

from danvan.initiatives.models import Initiative
from danvan.initiatives.services import register_initiative, transition

pytestmark = pytest.mark.django_db


def test_people_appear_by_full_name_not_login_name(world, login):
    staff = world.users.staff_a
    staff.first_name, staff.last_name = "Cà Văn", "Tuấn"
    staff.save()
    initiative = world.records["a"]
    transition(initiative, "implementing", user=staff)
    client = login(staff)
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert "Cà Văn Tuấn" in page and "(bdv_a)" not in page
    form = client.get(reverse("initiatives:initiative_edit", args=[initiative.pk])).content.decode()
    assert "Lò Văn Minh" in form and ">bcd_a<" not in form  # the steering member to choose


def test_list_pagination_speaks_vietnamese(world, login):
    for i in range(30):
        register_initiative(Initiative(title=f"Mô hình số {i}", field="economy", organization=world.orgs["a"],
                                       year=2025), submit=True)
    page = login(world.users.staff_a).get(reverse("initiatives:initiative_list")).content.decode()
    def words(html):
        return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", html)).split())

    assert "Trang sau »" in words(page) and "next" not in words(page)
    page = login(world.users.staff_a).get(reverse("initiatives:initiative_list") + "?page=2").content.decode()
    assert "« Trang trước" in words(page) and "previous" not in words(page)


def test_the_language_picker_names_each_language_in_itself(world, login):
    client = login(world.users.staff_a)
    try:
        for language in ("en", "vi"):
            client.post(reverse("set_language"), {"language": language, "next": "/"})
            page = client.get("/").content.decode()
            assert f'lang="{language}" selected' in page
            assert ">Tiếng Việt<" in page and ">English<" in page
            assert ">Vietnamese<" not in page and ">Tiếng Anh<" not in page
    finally:
        translation.activate("vi")  # the middleware leaves the last request's language active in this thread
