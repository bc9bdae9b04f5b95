"""Scoping rules: who sees and changes what."""
import pytest

from danvan.accounts.policy import forget
from danvan.initiatives.models import Exemplar, Indicator, Initiative
from danvan.initiatives.services import add_indicator
from danvan.organizations.models import Organization


def titles(qs):
    return set(qs.values_list("title", flat=True))


@pytest.mark.django_db
def test_commune_staff_sees_only_their_commune(world):
    r = world.records
    visible = Initiative.objects.visible_to(world.users.staff_a)
    assert set(visible) == {r["a"], r["a_farmers"]}
    assert set(Initiative.objects.editable_by(world.users.staff_a)) == {r["a"], r["a_farmers"]}
    assert set(Exemplar.objects.visible_to(world.users.staff_a)) == {r["a_exemplar"]}


@pytest.mark.django_db
def test_province_scope_covers_its_communes_not_other_provinces(world):
    r = world.records
    assert set(Initiative.objects.visible_to(world.users.province_staff)) == {r["a"], r["a_farmers"], r["b"]}
    assert set(Initiative.objects.visible_to(world.users.leader_p1)) == {r["a"], r["a_farmers"], r["b"]}


@pytest.mark.django_db
def test_national_admin_sees_everything(world):
    assert Initiative.objects.visible_to(world.users.admin).count() == 4


@pytest.mark.django_db
def test_read_only_roles_cannot_change(world):
    for user in (world.users.leader_p1, world.users.auditor_p1, world.users.nobody):
        assert not Initiative.objects.editable_by(user).exists()
    assert not Initiative.objects.visible_to(world.users.nobody).exists()


@pytest.mark.django_db
def test_organisation_reporter_sees_only_their_organisation(world):
    r = world.records
    assert set(Initiative.objects.visible_to(world.users.reporter_a)) == {r["a_farmers"]}
    assert set(Initiative.objects.editable_by(world.users.reporter_a)) == {r["a_farmers"]}
    assert set(Organization.objects.visible_to(world.users.reporter_a)) == {world.orgs["a_farmers"]}


@pytest.mark.django_db
def test_organisation_scope_includes_sub_organisations(world):
    branch = Organization.objects.create(
        kind="farmers", name="Chi hội Nông dân bản Nà Lại", unit=world.a, parent=world.orgs["a_farmers"],
    )
    forget(world.users.reporter_a)
    assert branch in Organization.objects.visible_to(world.users.reporter_a)


@pytest.mark.django_db
def test_steering_member_edits_only_assigned_initiatives(world):
    r, steering = world.records, world.users.steering_a
    assert set(Initiative.objects.visible_to(steering)) == {r["a"], r["a_farmers"]}
    assert not Initiative.objects.editable_by(steering).exists()
    Initiative.objects.filter(pk=r["a"].pk).update(steering_member=steering)
    assert set(Initiative.objects.editable_by(steering)) == {r["a"]}
    # assigned in another commune: still not editable, since it is not visible to them
    Initiative.objects.filter(pk=r["c"].pk).update(steering_member=steering)
    assert set(Initiative.objects.editable_by(steering)) == {r["a"]}


@pytest.mark.django_db
def test_children_of_initiatives_follow_their_scope(world):
    add_indicator(world.records["a"], name="Ngày công", measure_unit="work_days", target=90)
    add_indicator(world.records["c"], name="Suất quà", measure_unit="gifts", target=750)
    assert [i.name for i in Indicator.objects.visible_to(world.users.staff_a)] == ["Ngày công"]
    assert [i.name for i in Indicator.objects.visible_to(world.users.staff_c)] == ["Suất quà"]


@pytest.mark.django_db
def test_record_on_historic_unit_counts_in_its_successor(world):
    ini = Initiative.objects.create(
        title="Thắp sáng đường quê", field="economy", organization=world.orgs["a"], unit=world.old_a, year=2019,
    )
    assert ini.commune == world.a and ini.province == world.p1
    assert ini in Initiative.objects.visible_to(world.users.staff_a)
    assert ini not in Initiative.objects.visible_to(world.users.staff_b)


@pytest.mark.django_db
def test_soft_deleted_records_leave_lists(world):
    from danvan.core.services import restore, soft_delete

    ini = world.records["a"]
    soft_delete(ini, user=world.users.staff_a, expected_version=ini.version)
    assert ini not in Initiative.objects.visible_to(world.users.staff_a)
    assert ini in Initiative.all_objects.visible_to(world.users.staff_a)
    restore(ini, user=world.users.staff_a, expected_version=ini.version)
    assert ini in Initiative.objects.visible_to(world.users.staff_a)


@pytest.mark.django_db
def test_audit_log_page_shows_only_changes_in_scope(world, client):
    from danvan.core.services import save_versioned

    for key in ("a", "c"):
        ini = world.records[key]
        ini.title = f"Đổi tên {key}"
        save_versioned(ini, expected_version=ini.version, user=world.users.admin)
    client.force_login(world.users.auditor_p1)
    body = client.get("/audit/").content.decode()
    assert "Đổi tên a" in body and "Đổi tên c" not in body
    client.force_login(world.users.staff_a)
    assert "Đổi tên a" in client.get("/audit/").content.decode()
    client.force_login(world.users.leader_p1)
    assert client.get("/audit/").status_code == 403
