"""The JSON API under /api/v1/, as a commune's mass-mobilisation staff uses it.

The world (built here, independent of the territory loader): province Đắk Lắk with commune A,
province Sơn La with commune B, an old district that became commune A; each commune has a
People's Committee, an initiative and staff of its own. The commune-A user must never see,
change or even learn of B's records.
"""
import datetime
import unicodedata
from types import SimpleNamespace

import pytest
import yaml
from django.contrib.auth import get_user_model
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from danvan.accounts.models import Assignment, Role
from danvan.initiatives.models import Exemplar, Field, Indicator, Initiative, MeasureUnit, Status
from danvan.initiatives.services import add_indicator, register_initiative
from danvan.organizations.models import Organization, OrganizationKind
from danvan.territory.models import AdminUnit, UnitKind, UnitLevel, UnitLineage

API = "/api/v1"


def _unit(code, name, kind, level, parent=None, historic=False, successor=None):
    unit = AdminUnit.objects.create(
        code=code, name=name, short_name=name.split(" ", 1)[1], kind=kind, level=level, historic=historic,
        parent=parent, successor=successor,
    )
    unit.province = unit if level == UnitLevel.PROVINCE and not historic else (parent.province if parent else None)
    unit.save()
    return unit


def _staff(username, unit):
    user = get_user_model().objects.create_user(username=username, password="matkhau-thu-123")
    Assignment.objects.create(user=user, role=Role.MASS_MOBILIZATION_STAFF, unit=unit)
    return user


@pytest.fixture
def api_world(db):
    p_a = _unit("66", "Tỉnh Đắk Lắk", UnitKind.PROVINCE, UnitLevel.PROVINCE)
    p_b = _unit("14", "Tỉnh Sơn La", UnitKind.PROVINCE, UnitLevel.PROVINCE)
    a = _unit("24100", "Xã Ea Kao", UnitKind.COMMUNE, UnitLevel.COMMUNE, parent=p_a)
    b = _unit("04100", "Xã Mường Bú", UnitKind.COMMUNE, UnitLevel.COMMUNE, parent=p_b)
    old = _unit("652", "Huyện Buôn Đôn", UnitKind.DISTRICT, UnitLevel.DISTRICT, historic=True, successor=a)
    UnitLineage.objects.create(old=old, new=a, is_primary=True)
    org_a = Organization.objects.create(kind=OrganizationKind.PEOPLES_COMMITTEE, name="Uỷ ban nhân dân xã Ea Kao", unit=a)
    org_b = Organization.objects.create(kind=OrganizationKind.PEOPLES_COMMITTEE, name="Uỷ ban nhân dân xã Mường Bú", unit=b)
    ini_a = register_initiative(Initiative(
        title="Mô hình Dân vận khéo thu gom rác thải", field=Field.CULTURE_SOCIETY, organization=org_a, year=2025,
    ), submit=True)
    ini_b = register_initiative(Initiative(
        title="Mô hình Dân vận khéo thắp sáng đường quê", field=Field.ECONOMY, organization=org_b, year=2025,
    ), submit=True)
    return SimpleNamespace(
        p_a=p_a, p_b=p_b, a=a, b=b, old=old, org_a=org_a, org_b=org_b, ini_a=ini_a, ini_b=ini_b,
        user_a=_staff("bdv_ea_kao", a), user_b=_staff("bdv_muong_bu", b),
    )


@pytest.fixture
def as_a(api_world):
    client = APIClient()
    client.force_authenticate(api_world.user_a)
    return client


def _ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def _messages(response) -> str:
    return str(response.json())


# --- Authentication ----------------------------------------------------------------------

def test_anonymous_is_refused(api_world):
    response = APIClient().get(f"{API}/initiatives/")
    assert response.status_code in (401, 403)


def test_token_authentication(api_world):
    _row, token = AuthToken.objects.create(user=api_world.user_a)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert _ids(client.get(f"{API}/initiatives/")) == {api_world.ini_a.pk}
    client.credentials(HTTP_AUTHORIZATION="Token sai-khoa")
    assert client.get(f"{API}/initiatives/").status_code == 401


# --- Scope: another commune's records do not exist for you --------------------------------

def test_list_shows_only_own_commune_whatever_the_filter(api_world, as_a):
    w = api_world
    assert _ids(as_a.get(f"{API}/initiatives/")) == {w.ini_a.pk}
    assert _ids(as_a.get(f"{API}/initiatives/", {"unit": w.b.pk})) == set()
    assert _ids(as_a.get(f"{API}/initiatives/", {"unit": w.p_b.pk})) == set()
    assert _ids(as_a.get(f"{API}/initiatives/", {"organization": w.org_b.pk})) == set()
    assert _ids(as_a.get(f"{API}/organizations/")) == {w.org_a.pk}
    assert _ids(as_a.get(f"{API}/organizations/", {"unit": w.b.pk})) == set()


@pytest.mark.parametrize("method,suffix,body", [
    ("get", "", None),
    ("put", "", {"title": "Chiếm quyền", "field": "economy", "year": 2025, "version": 2}),
    ("patch", "", {"title": "Chiếm quyền", "version": 2}),
    ("delete", "", None),
    ("post", "transition/", {"to_status": "implementing", "version": 2}),
    ("get", "transitions/", None),
    ("get", "history/", None),
    ("post", "restore/", None),
])
def test_other_communes_initiative_is_404(api_world, as_a, method, suffix, body):
    w = api_world
    body = dict(body or {})
    if method == "put":
        body["organization"] = w.org_a.pk
    response = getattr(as_a, method)(f"{API}/initiatives/{w.ini_b.pk}/{suffix}", body, format="json")
    assert response.status_code == 404
    Initiative.objects.get(pk=w.ini_b.pk, title__startswith="Mô hình", status=Status.REGISTERED, deleted_at=None)


def test_other_communes_organization_and_indicator_are_404(api_world, as_a):
    w = api_world
    indicator = add_indicator(w.ini_b, name="Ngày công", measure_unit=MeasureUnit.WORK_DAYS)
    assert as_a.get(f"{API}/organizations/{w.org_b.pk}/").status_code == 404
    assert as_a.delete(f"{API}/organizations/{w.org_b.pk}/").status_code == 404
    assert as_a.get(f"{API}/indicators/{indicator.pk}/").status_code == 404
    assert _ids(as_a.get(f"{API}/indicators/", {"initiative": w.ini_b.pk})) == set()


# --- Initiatives: the full life of a record ---------------------------------------------

def test_detail_has_ids_and_labels(api_world, as_a):
    w = api_world
    data = as_a.get(f"{API}/initiatives/{w.ini_a.pk}/").json()
    assert data["organization"] == w.org_a.pk
    assert data["organization_name"] == "Uỷ ban nhân dân xã Ea Kao"
    assert data["field_display"] == "Văn hoá – xã hội"
    assert data["status"] == "registered" and data["status_display"] == "Đã đăng ký"
    assert data["unit_name"] == "Xã Ea Kao" and data["commune"] == w.a.pk and data["province_name"] == "Tỉnh Đắk Lắk"
    assert "implementing" in data["allowed_transitions"]
    assert data["status_changed_at"] == timezone.localdate().isoformat()


def test_create_draft_and_registered(api_world, as_a):
    w = api_world
    body = {"title": "Dân vận khéo trong xây nhà tình nghĩa", "field": "culture_society", "organization": w.org_a.pk,
            "year": 2025, "start_date": "2025-08-01"}
    draft = as_a.post(f"{API}/initiatives/", body, format="json")
    assert draft.status_code == 201, draft.content
    assert draft.json()["status"] == "draft" and draft.json()["unit"] == w.a.pk and draft.json()["version"] == 1
    registered = as_a.post(f"{API}/initiatives/", {**body, "submit": True}, format="json")
    assert registered.status_code == 201
    assert registered.json()["status"] == "registered"
    assert Initiative.objects.get(pk=registered.json()["id"]).created_by == w.user_a


def test_create_with_another_communes_organization_is_422(api_world, as_a):
    w = api_world
    response = as_a.post(f"{API}/initiatives/", {
        "title": "Mô hình mượn danh", "field": "economy", "organization": w.org_b.pk, "year": 2025,
    }, format="json")
    assert response.status_code == 422
    assert "organization" in response.json()
    assert "phạm vi" in _messages(response)
    assert not Initiative.objects.filter(title="Mô hình mượn danh").exists()


@pytest.mark.parametrize("change,field", [
    ({"year": 99999}, "year"),
    ({"year": "năm nay"}, "year"),
    ({"title": ""}, "title"),
    ({"title": "   "}, "title"),
    ({"field": "không rõ"}, "field"),
    ({"organization": 987654}, "organization"),
    ({"organization": "abc"}, "organization"),
    ({"start_date": "31/12/2025"}, "start_date"),
    ({"steering_member": 987654}, "steering_member"),
])
def test_bad_input_is_refused_in_vietnamese(api_world, as_a, change, field):
    body = {"title": "Mô hình thử", "field": "economy", "organization": api_world.org_a.pk, "year": 2025, **change}
    response = as_a.post(f"{API}/initiatives/", body, format="json")
    # Malformed (not what the schema says) is a 400; an id naming no record of yours is a 422.
    expected = 422 if change.get(field) == 987654 else 400
    assert response.status_code == expected, response.content
    errors = response.json()
    assert field in errors
    message = " ".join(errors[field])
    assert any(ch in message for ch in "ăâêôơưđàáạảãèéẹẻẽìíịỉĩòóọỏõùúụủũỳýỵỷỹ"), message


def test_body_that_is_not_an_object_is_400(api_world, as_a):
    response = as_a.post(f"{API}/initiatives/", [1, 2], format="json")
    assert response.status_code == 400
    response = as_a.post(f"{API}/initiatives/", "{không phải json", content_type="application/json")
    assert response.status_code == 400


def test_update_with_version(api_world, as_a):
    w = api_world
    url = f"{API}/initiatives/{w.ini_a.pk}/"
    version = as_a.get(url).json()["version"]
    response = as_a.patch(url, {"title": "Mô hình Dân vận khéo thu gom, phân loại rác", "version": version}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["version"] == version + 1
    assert response.json()["status"] == "registered"
    w.ini_a.refresh_from_db()
    assert w.ini_a.title == "Mô hình Dân vận khéo thu gom, phân loại rác"
    put = as_a.put(url, {"title": "Thu gom rác", "field": "economy", "organization": w.org_a.pk, "year": 2024,
                         "version": version + 1}, format="json")
    assert put.status_code == 200, put.content
    assert put.json()["year"] == 2024


def test_update_without_version_is_400(api_world, as_a):
    response = as_a.patch(f"{API}/initiatives/{api_world.ini_a.pk}/", {"title": "Không phiên bản"}, format="json")
    assert response.status_code == 400
    assert "Cần gửi trường version" in " ".join(response.json()["version"])


def test_status_is_read_only_in_updates(api_world, as_a):
    w = api_world
    url = f"{API}/initiatives/{w.ini_a.pk}/"
    response = as_a.patch(url, {"status": "recognised", "version": w.ini_a.version}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "registered"


def test_stale_update_is_409_with_message(api_world, as_a):
    w = api_world
    url = f"{API}/initiatives/{w.ini_a.pk}/"
    version = w.ini_a.version
    assert as_a.patch(url, {"goals": "100% hộ phân loại rác", "version": version}, format="json").status_code == 200
    response = as_a.patch(url, {"goals": "Ghi đè", "version": version}, format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "stale_edit" and body["current_version"] == version + 1
    assert "người khác" in body["detail"]
    w.ini_a.refresh_from_db()
    assert w.ini_a.goals == "100% hộ phân loại rác"


def test_transition(api_world, as_a):
    w = api_world
    url = f"{API}/initiatives/{w.ini_a.pk}/"
    today = timezone.localdate().isoformat()
    ok = as_a.post(url + "transition/", {"to_status": "implementing", "date": today,
                                         "version": w.ini_a.version}, format="json")
    assert ok.status_code == 200, ok.content
    assert ok.json()["status"] == "implementing" and ok.json()["status_changed_at"] == today
    version = ok.json()["version"]
    assert as_a.post(url + "transition/", {"to_status": "draft", "version": version}, format="json").status_code == 409
    no_reason = as_a.post(url + "transition/", {"to_status": "suspended", "version": version}, format="json")
    assert no_reason.status_code == 422 and "lý do" in _messages(no_reason)
    stale = as_a.post(url + "transition/", {"to_status": "reviewed", "version": version - 1}, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "stale_edit"
    missing = as_a.post(url + "transition/", {"to_status": "reviewed"}, format="json")
    assert missing.status_code == 400 and "Cần gửi trường version" in _messages(missing)
    steps = as_a.get(url + "transitions/").json()
    assert [s["to_status"] for s in steps] == ["draft", "registered", "implementing"]
    assert steps[-1]["date"] == today and steps[-1]["user_name"] == "bdv_ea_kao"


def test_delete_restore_and_history(api_world, as_a):
    w = api_world
    url = f"{API}/initiatives/{w.ini_a.pk}/"
    assert as_a.delete(url + "?version=99").status_code == 409
    assert as_a.delete(url, HTTP_IF_MATCH='"abc"').status_code == 400
    unchecked = as_a.delete(url)  # before: an empty version deleted without any check
    assert unchecked.status_code == 400 and "version" in unchecked.json()
    assert not Initiative.all_objects.get(pk=w.ini_a.pk).is_deleted
    assert as_a.delete(url, HTTP_IF_MATCH=f'"{w.ini_a.version}"').status_code == 204
    assert as_a.get(url).status_code == 404
    assert _ids(as_a.get(f"{API}/initiatives/")) == set()
    assert Initiative.all_objects.get(pk=w.ini_a.pk).is_deleted
    history = as_a.get(url + "history/")
    assert history.status_code == 200
    entries = history.json()
    assert entries[0]["changes"].get("deleted_at") and entries[0]["actor"] == "bdv_ea_kao"
    assert entries[-1]["action"] and entries[-1]["timestamp_iso"]
    assert as_a.post(url + "restore/").status_code == 400  # the version is required to restore too
    deleted = Initiative.all_objects.get(pk=w.ini_a.pk)
    restored = as_a.post(url + f"restore/?version={deleted.version}")
    assert restored.status_code == 200 and restored.json()["id"] == w.ini_a.pk
    assert as_a.get(url).status_code == 200
    assert as_a.post(url + f"restore/?version={deleted.version + 1}").status_code == 409  # not deleted any more


# --- Search: accents, case, đ and Unicode forms do not matter -----------------------------

@pytest.mark.parametrize("params", [
    {"search": "dan van kheo"},
    {"q": "DAN VAN KHEO"},
    {"q": unicodedata.normalize("NFD", "Dân Vận Khéo")},
    {"search": "thu gom rac"},
])
def test_search_ignores_accents(api_world, as_a, params):
    assert _ids(as_a.get(f"{API}/initiatives/", params)) == {api_world.ini_a.pk}


def test_unit_search_and_lineage(api_world, as_a):
    w = api_world
    found = as_a.get(f"{API}/units/", {"search": "dak lak"}).json()["results"]
    assert [u["name"] for u in found] == ["Tỉnh Đắk Lắk"]
    assert _ids(as_a.get(f"{API}/units/", {"q": "DAK LAK", "level": 1})) == {w.p_a.pk}
    assert _ids(as_a.get(f"{API}/units/", {"province": w.p_a.pk, "historic": "false"})) == {w.p_a.pk, w.a.pk}
    assert _ids(as_a.get(f"{API}/units/", {"historic": "true"})) == {w.old.pk}
    assert _ids(as_a.get(f"{API}/units/", {"code": "24100"})) == {w.a.pk}
    old = as_a.get(f"{API}/units/{w.old.pk}/").json()
    assert old["successor"] == w.a.pk and old["successor_name"] == "Xã Ea Kao"
    assert [(t["id"], t["is_primary"]) for t in old["lineage"]] == [(w.a.pk, True)]
    assert as_a.get(f"{API}/units/{w.a.pk}/").json()["lineage"] == []
    assert as_a.post(f"{API}/units/", {"code": "1"}, format="json").status_code == 405


# --- Organisations ----------------------------------------------------------------------

def test_organization_create_update_in_scope_only(api_world, as_a):
    w = api_world
    created = as_a.post(f"{API}/organizations/", {
        "name": "Hội Nông dân xã Ea Kao", "kind": "farmers", "unit": w.a.pk, "parent": w.org_a.pk,
    }, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["commune"] == w.a.pk and created.json()["parent_name"] == w.org_a.name
    elsewhere = as_a.post(f"{API}/organizations/", {"name": "Hội ở xã khác", "kind": "farmers", "unit": w.b.pk},
                          format="json")
    assert elsewhere.status_code == 422 and "unit" in elsewhere.json()
    historic = as_a.post(f"{API}/organizations/", {"name": "Hội cũ", "kind": "farmers", "unit": w.old.pk},
                         format="json")
    assert historic.status_code == 422
    url = f"{API}/organizations/{created.json()['id']}/"
    moved = as_a.patch(url, {"unit": w.b.pk, "version": 1}, format="json")
    assert moved.status_code == 422
    renamed = as_a.patch(url, {"name": "Hội Nông dân xã Ea Kao (mới)", "version": 1}, format="json")
    assert renamed.status_code == 200 and renamed.json()["version"] == 2
    assert as_a.patch(url, {"name": "Cũ", "version": 1}, format="json").status_code == 409
    assert _ids(as_a.get(f"{API}/organizations/", {"search": "hoi nong dan"})) == {created.json()["id"]}
    assert _ids(as_a.get(f"{API}/organizations/", {"parent": w.org_a.pk})) == {created.json()["id"]}


# --- Exemplars, indicators, progress ------------------------------------------------------

def test_exemplar_crud(api_world, as_a):
    w = api_world
    created = as_a.post(f"{API}/exemplars/", {
        "name": "Bà H'Nga Êban", "kind": "individual", "field": "economy", "organization": w.org_a.pk, "year": 2025,
        "initiative": w.ini_a.pk,
    }, format="json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["unit"] == w.a.pk and data["initiative_title"] == w.ini_a.title
    assert as_a.post(f"{API}/exemplars/", {"name": "X", "field": "economy", "organization": w.org_b.pk,
                                           "year": 2025}, format="json").status_code == 422
    assert as_a.post(f"{API}/exemplars/", {"name": "X", "field": "economy", "organization": w.org_a.pk,
                                           "year": 2025, "initiative": w.ini_b.pk}, format="json").status_code == 422
    url = f"{API}/exemplars/{data['id']}/"
    assert as_a.patch(url, {"achievements": "Giúp 20 hộ thoát nghèo", "version": 1}, format="json").status_code == 200
    assert Exemplar.objects.get(pk=data["id"]).achievements == "Giúp 20 hộ thoát nghèo"
    assert _ids(as_a.get(f"{API}/exemplars/", {"search": "h'nga eban"})) == {data["id"]}
    assert as_a.delete(url + "?version=2").status_code == 204
    assert _ids(as_a.get(f"{API}/exemplars/")) == set()


def test_indicators_and_progress(api_world, as_a):
    w = api_world
    created = as_a.post(f"{API}/indicators/", {"initiative": w.ini_a.pk, "name": "Ngày công",
                                               "measure_unit": "work_days", "target": 100}, format="json")
    assert created.status_code == 201, created.content
    indicator_id = created.json()["id"]
    money = as_a.post(f"{API}/indicators/", {"initiative": w.ini_a.pk, "name": "Tiền", "measure_unit": "vnd",
                                             "target": "1000.50"}, format="json")
    assert money.status_code == 422  # VND are whole numbers: a rule the schema cannot state per unit
    assert as_a.post(f"{API}/indicators/", {"initiative": w.ini_b.pk, "name": "X", "measure_unit": "km"},
                     format="json").status_code == 422
    progress = as_a.post(f"{API}/progress-updates/", {
        "initiative": w.ini_a.pk, "date": timezone.localdate().isoformat(), "text": "Ra quân thu gom rác", "values": {str(indicator_id): 92},
    }, format="json")
    assert progress.status_code == 201, progress.content
    assert progress.json()["indicator_values"][0]["value"] == "92.00"
    assert as_a.get(f"{API}/indicators/{indicator_id}/").json()["actual"] == "92.00"
    other = add_indicator(w.ini_b, name="Suất quà", measure_unit=MeasureUnit.GIFTS)
    for values, status in (({str(other.pk): 5}, 422), ({"abc": 5}, 422), ({str(indicator_id): -1}, 400),
                           ({str(indicator_id): "nhiều"}, 400)):
        bad = as_a.post(f"{API}/progress-updates/", {"initiative": w.ini_a.pk, "text": "x", "values": values},
                        format="json")
        assert bad.status_code == status, (values, bad.content)
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    assert as_a.post(f"{API}/progress-updates/", {"initiative": w.ini_a.pk, "text": "x", "date": future},
                     format="json").status_code == 422
    assert as_a.post(f"{API}/progress-updates/", {"initiative": w.ini_b.pk, "text": "x"},
                     format="json").status_code == 422
    assert _ids(as_a.get(f"{API}/progress-updates/", {"initiative": w.ini_a.pk})) == {progress.json()["id"]}
    renamed = as_a.patch(f"{API}/indicators/{indicator_id}/", {"name": "Ngày công lao động", "version": 1},
                         format="json")
    assert renamed.status_code == 200 and Indicator.objects.get(pk=indicator_id).name == "Ngày công lao động"


# --- Schema and docs ----------------------------------------------------------------------

def test_schema_is_valid_openapi_without_warnings(api_world, as_a):
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.validation import validate_schema

    GENERATOR_STATS.reset()
    response = as_a.get(f"{API}/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate_schema(schema)
    assert "/api/v1/initiatives/{id}/transition/" in schema["paths"]
    assert not GENERATOR_STATS._warn_cache and not GENERATOR_STATS._error_cache, (
        GENERATOR_STATS._warn_cache, GENERATOR_STATS._error_cache,
    )


def test_docs_page_loads_nothing_from_the_internet(as_a):
    from django.apps import apps

    assert apps.is_installed("drf_spectacular_sidecar"), "the offline docs page needs drf_spectacular_sidecar"
    response = as_a.get(f"{API}/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "http://" not in html and "https://" not in html and "//cdn" not in html
