"""Records moved in from paper keep their real dates: the form takes the registration date, lifecycle steps may
be dated in the past but not before it, and the initiative lands in its own year's drill-down list."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from danvan.core.exceptions import DomainError
from danvan.initiatives import services
from danvan.initiatives.models import Initiative, Status
from danvan.stats.figures import figures
from danvan.stats.periods import parse_period

pytestmark = pytest.mark.django_db

FORM = {"title": "Sổ vàng tình nguyện", "field": "economy", "scope": "collective", "year": 2025, "submit": "on"}


def _add(client, world, **extra):
    return client.post(reverse("initiatives:initiative_add"), {**FORM, "organization": world.orgs["a"].pk, **extra})


def test_a_back_filled_initiative_is_registered_on_its_real_day_and_listed_in_that_year(world, login):
    client = login(world.users.staff_a)
    response = _add(client, world, registered_on="10/03/2025")
    assert response.status_code == 302, response.content.decode()[:3000]
    initiative = Initiative.objects.get(title=FORM["title"])
    assert initiative.status == Status.REGISTERED and initiative.registered_on == datetime.date(2025, 3, 10)

    # its start in April 2025 can be recorded; a day before its registration cannot
    page = client.post(reverse("initiatives:initiative_transition", args=[initiative.pk]), {
        "to_status": Status.IMPLEMENTING, "date": "01/03/2025", "version": initiative.version}, follow=True)
    assert "trước ngày đăng ký (10/03/2025)" in page.content.decode()
    client.post(reverse("initiatives:initiative_transition", args=[initiative.pk]), {
        "to_status": Status.IMPLEMENTING, "date": "01/04/2025", "version": initiative.version})
    initiative.refresh_from_db()
    assert initiative.status == Status.IMPLEMENTING and initiative.status_changed_at == datetime.date(2025, 4, 1)

    # the 2025 figure's drill-down list holds it; this year's "new" does not
    link = figures(world.a, parse_period("2025")).new.url
    assert "registered_from=2025-01-01" in link
    assert FORM["title"] in client.get(link).content.decode()
    this_year = figures(world.a, parse_period(str(timezone.localdate().year))).new.url
    if timezone.localdate().year != 2025:
        assert FORM["title"] not in client.get(this_year).content.decode()


def test_a_registration_date_in_the_future_is_refused_in_vietnamese(world, login):
    client = login(world.users.staff_a)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = _add(client, world, registered_on=tomorrow.strftime("%d/%m/%Y"))
    assert response.status_code == 400 and "Ngày đăng ký không được ở tương lai." in response.content.decode()
    assert not Initiative.objects.filter(title=FORM["title"]).exists()
    with pytest.raises(DomainError):
        services.register_initiative(Initiative(title="x", field="economy", organization=world.orgs["a"], year=2025),
                                     submit=True, date=tomorrow)


def test_correcting_the_registration_date_moves_the_step_but_not_past_a_later_one(world, login):
    client = login(world.users.staff_a)
    _add(client, world)  # registered today, then corrected to the paper's date
    initiative = Initiative.objects.get(title=FORM["title"])
    form = {**FORM, "organization": world.orgs["a"].pk, "version": initiative.version, "registered_on": "05/02/2025"}
    response = client.post(reverse("initiatives:initiative_edit", args=[initiative.pk]), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    initiative.refresh_from_db()
    assert initiative.registered_on == datetime.date(2025, 2, 5)
    assert initiative.transitions.get(to_status=Status.REGISTERED).date == datetime.date(2025, 2, 5)
    services.transition(initiative, Status.IMPLEMENTING, user=world.users.staff_a, date=datetime.date(2025, 3, 1))
    form.update(version=initiative.version, registered_on="15/03/2025")
    response = client.post(reverse("initiatives:initiative_edit", args=[initiative.pk]), form)
    assert response.status_code == 400
    assert "Ngày đăng ký không được sau bước “Đang thực hiện” ngày 01/03/2025." in response.content.decode()
