"""An organisation cannot be deleted while live records still use it.

Before: deleting an organisation that live initiatives belonged to succeeded; their edit form then failed
(the organisation was gone from every choice list). Soft delete now refuses, as the database would refuse a
hard delete of a protected link, and says what still uses it.
"""
import pytest
from django.urls import reverse

from danvan.core.exceptions import InUse
from danvan.core.services import soft_delete
from danvan.organizations.models import Organization

pytestmark = pytest.mark.django_db


def test_the_page_refuses_and_lists_what_uses_it(world, client):
    org = world.orgs["a"]
    client.force_login(world.users.staff_a)
    response = client.post(reverse("organizations:organization_delete", args=[org.pk]), {"version": org.version},
                           follow=True)
    body = response.content.decode()
    assert "Không thể xoá" in body and "thu gom rác thải" in body
    assert Organization.objects.filter(pk=org.pk).exists()


def test_the_api_refuses_with_409(world, client):
    org = world.orgs["a"]
    client.force_login(world.users.staff_a)
    response = client.delete(f"/api/v1/organizations/{org.pk}/?version={org.version}")
    assert response.status_code == 409 and "Không thể xoá" in response.json()["detail"]
    assert Organization.objects.filter(pk=org.pk).exists()


def test_once_its_records_moved_it_can_be_deleted(world):
    org = world.orgs["a"]
    with pytest.raises(InUse):
        soft_delete(org, expected_version=org.version)
    for record in [*org.initiatives.all(), *org.exemplars.all()]:
        soft_delete(record, expected_version=record.version)
    soft_delete(org, expected_version=org.version)
    assert not Organization.objects.filter(pk=org.pk).exists()
