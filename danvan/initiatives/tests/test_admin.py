"""The Django admin shows registry records but cannot write them (only the services may)."""
import pytest
from django.urls import reverse

from danvan.initiatives.models import Initiative

pytestmark = pytest.mark.django_db


def test_the_admin_reads_but_never_writes_the_registry(world, client):
    world.users.admin.is_staff = world.users.admin.is_superuser = True
    world.users.admin.save()
    client.force_login(world.users.admin)
    ini = world.records["a"]
    url = reverse("admin:initiatives_initiative_change", args=[ini.pk])
    page = client.get(url)
    assert page.status_code == 200 and ini.title in page.content.decode()
    client.post(url, {"title": "Sửa qua admin", "field": ini.field})
    assert client.get(reverse("admin:initiatives_initiative_add")).status_code == 403
    client.post(reverse("admin:initiatives_initiative_delete", args=[ini.pk]), {"post": "yes"})
    ini.refresh_from_db()
    assert ini.title != "Sửa qua admin" and Initiative.objects.filter(pk=ini.pk).exists()
    for name in ("organizations_organization", "initiatives_exemplar", "initiatives_progressupdate",
                 "reporting_reportinground"):
        assert client.get(reverse(f"admin:{name}_add")).status_code == 403, name
