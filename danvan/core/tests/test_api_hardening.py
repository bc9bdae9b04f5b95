"""The API as a script author meets it: tokens, pages, filters, writes and errors.

- A token is obtained with username and password (rate-limited per real client address) and revoked with
  DELETE; a revoked token is refused with 401 at once. (Storage, expiry, lockout: accounts/tests.)
- Pages are capped at 500 rows; a bad page number is a clear 404 in JSON.
- The API filters with the web list's FilterSet: the same query string lists the same records.
- Writes go through the same services as the web pages: audit entries name the API user, a stale
  version is a 409, the lifecycle refuses steps it does not allow.
- Every error is JSON with a Vietnamese `detail` and a `code`, never a 500, whatever is sent.
"""
import datetime
import json

import pytest
from auditlog.models import LogEntry
from django.core.cache import cache
from django.urls import reverse
from knox.models import AuthToken as Token
from rest_framework.test import APIClient

from danvan.conftest import PASSWORD
from danvan.initiatives.models import Exemplar, Field, Initiative, Status
from danvan.initiatives.services import register_initiative, transition
from danvan.territory.models import AdminUnit, UnitKind, UnitLevel

API = "/api/v1"
TOKEN_URL = f"{API}/auth/token/"
VIETNAMESE = set("ăâêôơưđàáạảãèéẹẻẽìíịỉĩòóọỏõùúụủũỳýỵỷỹầấậẩẫềếệểễồốộổỗờớợởỡừứựửữằắặẳẵ")


def is_vietnamese(text) -> bool:
    return bool(VIETNAMESE & set(str(text).lower()))


def error(response, status):
    """The JSON error body of `response`, checked: the status, a Vietnamese `detail` and a `code`."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert is_vietnamese(body["detail"]), body
    assert body["code"], body
    return body


def field_error(response, field, status=400):
    assert response.status_code == status, (response.status_code, response.content[:500])
    body = response.json()
    assert field in body, body
    assert is_vietnamese(json.dumps(body[field], ensure_ascii=False)), body
    return body


@pytest.fixture
def token_client(world):
    """A client authenticated the way scripts are: with the staff of commune A's token."""
    _row, token = Token.objects.create(user=world.users.staff_a)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    client.token = token
    return client


@pytest.fixture
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


# --- Tokens ------------------------------------------------------------------------------

def test_password_gives_a_new_working_token_each_time(world, fresh_throttle):
    response = APIClient().post(TOKEN_URL, {"username": "bdv_a", "password": PASSWORD}, format="json")
    assert response.status_code == 200, response.content
    key = response.json()["token"]
    assert Token.objects.filter(user=world.users.staff_a).count() == 1
    again = APIClient().post(TOKEN_URL, {"username": "bdv_a", "password": PASSWORD}, format="json")
    assert again.json()["token"] != key, "the stored digest cannot give the old token back: a new one per login"
    for token in (key, again.json()["token"]):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        assert client.get(f"{API}/initiatives/").status_code == 200


@pytest.mark.parametrize("body", [
    {"username": "bdv_a", "password": "sai-mat-khau"},
    {"username": "khong-co-ai", "password": PASSWORD},
    {"username": "bdv_a"},
    {},
])
def test_wrong_credentials_are_400_in_vietnamese(world, fresh_throttle, body):
    response = APIClient().post(TOKEN_URL, body, format="json")
    assert response.status_code == 400
    assert is_vietnamese(response.json())
    assert not Token.objects.exists()


def test_inactive_user_gets_no_token(world, fresh_throttle):
    world.users.staff_a.is_active = False
    world.users.staff_a.save()
    error(APIClient().post(TOKEN_URL, {"username": "bdv_a", "password": PASSWORD}, format="json"), 400)


def test_password_attempts_are_rate_limited(world, fresh_throttle):
    client = APIClient()
    for n in range(10):  # ten accounts: the per-account lockout (5) is not what stops this client
        body = {"username": f"doan-{n}", "password": "doan-mo"}
        assert client.post(TOKEN_URL, body, format="json").status_code == 400
    blocked = client.post(TOKEN_URL, {"username": "bdv_a", "password": PASSWORD}, format="json")
    body = error(blocked, 429)
    assert body["code"] == "throttled" and body["wait"] > 0 and "giây" in body["detail"]
    assert int(blocked["Retry-After"]) > 0
    assert not Token.objects.exists()


def test_a_forged_forwarded_for_does_not_escape_the_rate_limit(world, fresh_throttle):
    """The throttle used to count per X-Forwarded-For, which the client writes: a new value, a new allowance."""
    client = APIClient()
    for n in range(10):
        body = {"username": f"doan-{n}", "password": "doan-mo"}
        response = client.post(TOKEN_URL, body, format="json", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        assert response.status_code == 400
    blocked = client.post(TOKEN_URL, {"username": "bdv_a", "password": PASSWORD}, format="json",
                          HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert error(blocked, 429)["code"] == "throttled"


def test_behind_a_trusted_proxy_the_limit_is_per_real_client(world, fresh_throttle, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]  # the test client's address plays the reverse proxy
    client = APIClient()
    for n in range(10):
        body = {"username": f"doan-{n}", "password": "doan-mo"}
        # The client put a forged address first; the proxy appended the real one.
        response = client.post(TOKEN_URL, body, format="json", HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, 203.0.113.7")
        assert response.status_code == 400
    blocked = client.post(TOKEN_URL, {"username": "bdv_a", "password": PASSWORD}, format="json",
                          HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert error(blocked, 429)["code"] == "throttled"
    other = client.post(TOKEN_URL, {"username": "bdv_a", "password": PASSWORD}, format="json",
                        HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert other.status_code == 200, other.content


def test_revoked_token_is_refused_at_once(world, token_client):
    assert token_client.get(f"{API}/initiatives/").status_code == 200
    assert token_client.delete(TOKEN_URL).status_code == 204
    assert not Token.objects.filter(user=world.users.staff_a).exists()
    body = error(token_client.get(f"{API}/initiatives/"), 401)
    assert body["code"] == "authentication_failed"
    assert "thu hồi" in body["detail"]
    # Signing in again is allowed even while the old token is still sent, and gives a new token.
    response = token_client.post(TOKEN_URL, {"username": "bdv_a", "password": PASSWORD}, format="json")
    assert response.status_code == 200 and response.json()["token"] != token_client.token


def test_token_revoked_on_the_profile_page_is_refused(world, token_client, client):
    client.force_login(world.users.staff_a)
    client.post(reverse("accounts:profile"), {"action": "revoke"})
    error(token_client.get(f"{API}/initiatives/"), 401)


def test_revoking_needs_a_signed_in_user(world):
    body = error(APIClient().delete(TOKEN_URL), 401)
    assert body["code"] == "not_authenticated"
    assert APIClient().get(f"{API}/initiatives/").json()["code"] == "not_authenticated"


# --- Pagination ------------------------------------------------------------------------------

@pytest.fixture
def many_units(world):
    AdminUnit.objects.bulk_create([
        AdminUnit(code=f"9{i:04d}", name=f"Xã Thử {i}", short_name=f"Thử {i}", kind=UnitKind.COMMUNE,
                  level=UnitLevel.COMMUNE, parent=world.p2, province=world.p2)
        for i in range(510)
    ])
    return AdminUnit.objects.count()


def test_page_size_is_capped(world, token_client, many_units):
    data = token_client.get(f"{API}/units/", {"page_size": 100000}).json()
    assert data["count"] == many_units > 500
    assert len(data["results"]) == 500 and data["next"]
    assert len(token_client.get(f"{API}/units/", {"page_size": 7}).json()["results"]) == 7
    for bad in ("abc", -3, 0, "1.5", ""):  # the schema says a whole number from 1: anything else is a 400
        response = token_client.get(f"{API}/units/", {"page_size": bad})
        assert response.status_code == 400 and "page_size" in response.json(), bad


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5", "99999999999999999999999"])
def test_bad_page_is_a_clear_404(world, token_client, page):
    body = error(token_client.get(f"{API}/initiatives/", {"page": page}), 404)
    assert body["code"] == "invalid_page"
    assert "Trang" in body["detail"]


def test_page_past_the_end_says_how_many_pages(world, token_client):
    body = error(token_client.get(f"{API}/initiatives/", {"page": 3}), 404)
    assert "1 trang" in body["detail"]
    assert token_client.get(f"{API}/initiatives/", {"page": "last"}).status_code == 200


# --- Filtering identical to the web list --------------------------------------------------

@pytest.fixture
def registry(world):
    """Initiatives of several fields and statuses in province P1, one recorded on the pre-2025 commune."""
    orgs = world.orgs
    made = [
        register_initiative(Initiative(title="Dân vận khéo phát triển cà phê", field=Field.ECONOMY,
                                       organization=orgs["a"], year=2025), submit=True),
        register_initiative(Initiative(title="Dân vận khéo nuôi cá lồng", field=Field.ECONOMY,
                                       organization=orgs["a_farmers"], year=2024), submit=True),
        register_initiative(Initiative(title="Dân vận khéo trồng rừng", field=Field.ECONOMY,
                                       organization=orgs["b"], year=2025), submit=False),
        register_initiative(Initiative(title="Dân vận khéo làm đường", field=Field.ECONOMY, unit=world.old_a,
                                       organization=orgs["a"], year=2023), submit=True),
        register_initiative(Initiative(title="Thắp sáng đường quê", field=Field.ECONOMY,
                                       organization=orgs["c"], year=2025), submit=True),
    ]
    transition(made[1], Status.IMPLEMENTING)
    return made


def ui_ids(client, url_name, query):
    response = client.get(reverse(url_name) + "?" + query)
    assert response.status_code == 200
    return [row.pk for row in response.context["table"].data]


def api_ids(client, path, query):
    response = client.get(f"{API}/{path}/?{query}&page_size=500")
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.mark.parametrize("user", ["province_staff", "staff_a", "admin"])
def test_api_lists_exactly_what_the_web_list_shows(world, registry, client, user):
    user = getattr(world.users, user)
    client.force_login(user)
    api = APIClient()
    api.force_authenticate(user)
    queries = [
        f"field=economy&status=registered&unit={world.p1.pk}&q=dan van kheo",
        f"field=economy&status=registered&unit={world.a.pk}&q=DAN VAN",
        f"unit={world.old_a.pk}",
        "status=registered&status=implementing&ordering=-year",
        "year_min=2024&year_max=2025&ordering=year",
        f"organization={world.orgs['a'].pk}&scope=collective",
        "q=đường",
        "",
    ]
    non_empty = 0
    for query in queries:
        expected = ui_ids(client, "initiatives:initiative_list", query)
        assert api_ids(api, "initiatives", query) == expected, query
        non_empty += bool(expected)
    assert non_empty >= 5  # the comparison is not only between empty lists


def test_filter_with_an_impossible_number_is_400(world, token_client):
    for query in ("initiative=-551253603307983732736", "initiative=1e400"):
        assert token_client.get(f"{API}/indicators/?{query}").status_code == 400
    body = field_error(token_client.get(f"{API}/initiatives/?unit=99999999999999999999999"), "unit")
    assert "giới hạn" in body["unit"][0]
    field_error(token_client.get(f"{API}/initiatives/?field=khong-co"), "field")
    field_error(token_client.get(f"{API}/initiatives/?year=nam-nay"), "year")


# --- Writes go through the services ------------------------------------------------------

def test_api_edit_is_audited_with_the_token_user(world, token_client):
    initiative = world.records["a"]
    url = f"{API}/initiatives/{initiative.pk}/"
    response = token_client.patch(url, {"goals": "100% hộ phân loại rác", "version": initiative.version},
                                  format="json")
    assert response.status_code == 200, response.content
    entry = LogEntry.objects.get_for_object(initiative).order_by("-pk").first()
    assert entry.actor == world.users.staff_a
    assert entry.changes_dict["goals"] == ["", "100% hộ phân loại rác"]
    assert entry.additional_data["version"] == initiative.version + 1
    history = token_client.get(url + "history/").json()
    assert history[0]["actor"] == "bdv_a" and "goals" in history[0]["changes"]


def test_exemplar_written_through_the_api_is_audited(world, token_client):
    created = token_client.post(f"{API}/exemplars/", {
        "name": "Bà Lò Thị Xuân", "kind": "individual", "field": "economy", "organization": world.orgs["a"].pk,
        "year": 2025,
    }, format="json")
    assert created.status_code == 201, created.content
    exemplar = Exemplar.objects.get(pk=created.json()["id"])
    entry = LogEntry.objects.get_for_object(exemplar).get(action=LogEntry.Action.CREATE)
    assert entry.actor == world.users.staff_a
    assert created.json()["unit"] == world.a.pk


def test_stale_version_is_409_and_nothing_is_saved(world, token_client):
    initiative = world.records["a"]
    url = f"{API}/initiatives/{initiative.pk}/"
    first = token_client.patch(url, {"title": "Bản của người thứ nhất", "version": initiative.version}, format="json")
    assert first.status_code == 200
    body = error(token_client.patch(url, {"title": "Bản cũ ghi đè", "version": initiative.version}, format="json"),
                 409)
    assert body["code"] == "stale_edit" and body["current_version"] == initiative.version + 1
    assert body["changes"][0]["changes"]["title"][1] == "Bản của người thứ nhất"
    error(token_client.delete(url + f"?version={initiative.version}"), 409)
    initiative.refresh_from_db()
    assert initiative.title == "Bản của người thứ nhất" and initiative.deleted_at is None


def test_lifecycle_rules_hold_in_the_api(world, token_client):
    initiative = world.records["a"]
    url = f"{API}/initiatives/{initiative.pk}/transition/"
    body = error(token_client.post(url, {"to_status": "recognised", "version": initiative.version}, format="json"),
                 409)
    assert body["code"] == "TransitionNotAllowed"
    no_reason = token_client.post(url, {"to_status": "closed", "version": initiative.version}, format="json")
    assert no_reason.status_code == 422 and is_vietnamese(no_reason.json())
    future = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    late = token_client.post(url, {"to_status": "implementing", "date": future, "version": initiative.version},
                             format="json")
    assert late.status_code == 422
    ok = token_client.post(url, {"to_status": "implementing", "version": initiative.version}, format="json")
    assert ok.status_code == 200 and ok.json()["status"] == "implementing"
    steps = list(initiative.transitions.values_list("to_status", "user"))
    assert steps[-1] == ("implementing", world.users.staff_a.pk)


def test_read_only_roles_cannot_write(world):
    leader = APIClient()
    leader.force_authenticate(world.users.leader_p1)
    initiative = world.records["a"]
    assert leader.get(f"{API}/initiatives/{initiative.pk}/").status_code == 200
    response = leader.patch(f"{API}/initiatives/{initiative.pk}/", {"title": "X", "version": 1}, format="json")
    error(response, 404)
    initiative.refresh_from_db()
    assert initiative.title != "X"


# --- Errors: JSON, Vietnamese, never a 500 ------------------------------------------------

def test_unknown_address_is_a_json_404(world, token_client):
    assert error(token_client.get(f"{API}/khong-co-dau/"), 404)["code"] == "not_found"
    assert error(token_client.post(f"{API}/initiatives/1/khong-co/", {}, format="json"), 404)
    error(token_client.get(f"{API}/initiatives/987654321/"), 404)
    error(token_client.get(f"{API}/initiatives/abc/"), 404)
    error(token_client.get(f"{API}/initiatives/99999999999999999999999999/"), 404)
    missing_slash = token_client.get(f"{API}/initiatives")
    assert missing_slash.status_code == 301 and missing_slash["Location"].endswith("/initiatives/")


def test_wrong_method_is_405_in_vietnamese(world, token_client):
    body = error(token_client.post(f"{API}/units/", {"code": "1"}, format="json"), 405)
    assert "POST" in body["detail"]
    error(token_client.put(f"{API}/progress-updates/", {}, format="json"), 405)


def test_wrong_content_type_is_415(world, token_client):
    response = token_client.post(f"{API}/initiatives/", "title=x", content_type="text/plain")
    body = error(response, 415)
    assert "text/plain" in body["detail"]


@pytest.mark.parametrize("raw", [
    "{không phải json", '{"title": "x",}', '{"year": NaN}', '{"year": Infinity}', '{"year": 1e999}', "",
    "\x00", '{"title": "\\ud800"}',
])
def test_malformed_json_is_400_in_vietnamese(world, token_client, raw):
    response = token_client.post(f"{API}/initiatives/", raw, content_type="application/json")
    assert response.status_code == 400, (raw, response.content)
    body = response.json()
    assert is_vietnamese(json.dumps(body, ensure_ascii=False)), body


@pytest.mark.parametrize("change,field", [
    ({"year": 10**30}, "year"),
    ({"year": -(10**30)}, "year"),
    ({"year": 2025.5}, "year"),
    ({"organization": [1]}, "organization"),
    ({"organization": {"id": 1}}, "organization"),
    ({"title": "Mô hình\x00 có ký tự rỗng"}, "title"),
    ({"title": "Dài " * 10000}, "title"),
    ({"description": ["không phải chuỗi"]}, "description"),
    ({"start_date": "2025-02-30"}, "start_date"),
    ({"start_date": "30/02/2025"}, "start_date"),
    ({"start_date": "99999-01-01"}, "start_date"),
    ({"start_date": 20250101}, "start_date"),
    ({"field": None}, "field"),
    ({"submit": "có lẽ"}, "submit"),
])
def test_bad_values_are_400_with_a_vietnamese_message(world, token_client, change, field):
    body = {"title": "Mô hình thử", "field": "economy", "organization": world.orgs["a"].pk, "year": 2025, **change}
    field_error(token_client.post(f"{API}/initiatives/", body, format="json"), field)
    assert not Initiative.objects.filter(title="Mô hình thử").exists()


@pytest.mark.parametrize("field,value", [("organization", 10**30), ("organization", -1), ("organization", 987654),
                                         ("steering_member", 10**30)])
def test_an_id_naming_no_record_of_yours_is_422_with_a_vietnamese_message(world, token_client, field, value):
    """Well formed (an integer, as the schema says) but naming no record you may use: a broken rule."""
    body = {"title": "Mô hình thử", "field": "economy", "organization": world.orgs["a"].pk, "year": 2025,
            field: value}
    field_error(token_client.post(f"{API}/initiatives/", body, format="json"), field, status=422)
    assert not Initiative.objects.filter(title="Mô hình thử").exists()


@pytest.mark.parametrize("values,status", [
    ({"1": 10**40}, 400), ({"1": "1e400"}, 400), ({"1": "NaN"}, 400), ([1, 2], 400),
    ({"99999999999999999999999999": 1}, 422), ({"\x00": 1}, 422),  # well formed, but no such indicator here
])
def test_bad_progress_values_are_refused(world, token_client, values, status):
    response = token_client.post(f"{API}/progress-updates/", {
        "initiative": world.records["a"].pk, "text": "Ra quân", "values": values,
    }, format="json")
    field_error(response, "values", status=status)


def test_null_bytes_and_huge_numbers_in_filters_and_versions(world, token_client):
    field_error(token_client.get(f"{API}/initiatives/", {"q": "rác\x00"}), "q")
    url = f"{API}/initiatives/{world.records['a'].pk}/"
    field_error(token_client.delete(url + "?version=99999999999999999999999"), "version")
    field_error(token_client.delete(url + "?version=abc"), "version")
    field_error(token_client.patch(url, {"title": "x", "version": 10**30}, format="json"), "version")


def test_field_errors_do_not_leak_english(world, token_client):
    response = token_client.post(f"{API}/initiatives/", {"title": "", "year": "x", "start_date": "x",
                                                         "organization": "x", "field": "x"}, format="json")
    text = json.dumps(response.json(), ensure_ascii=False)
    for english in ("This field", "Enter a", "valid", "Invalid", "Incorrect type", "required."):
        assert english not in text, text
