"""The audit page lists the changes of every audited model the auditor may see (before: 5 of the 8)."""
import datetime

import pytest
from django.urls import reverse

from danvan.reporting.services import open_round

pytestmark = pytest.mark.django_db


def test_a_round_opened_in_the_province_is_on_its_auditors_page_and_not_elsewhere(world, client):
    round_ = open_round(world.p1, "2025", datetime.date.today() + datetime.timedelta(days=10),
                        world.users.province_staff)
    client.force_login(world.users.auditor_p1)
    body = client.get(reverse("audit_log")).content.decode()
    assert round_.title in body
    client.force_login(world.users.staff_c)  # another province's staff audit their own scope only
    assert round_.title not in client.get(reverse("audit_log")).content.decode()
