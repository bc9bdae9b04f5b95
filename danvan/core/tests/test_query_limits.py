"""Search and filter texts are bounded: a 60,000-character search is a clear Vietnamese message, not a 500.

Before: `?q=` of about 50,000 characters made SQLite fail ("LIKE or GLOB pattern too complex") and the
page answered 500. Every text field of every filter form (pages, API, exports) now has a length limit.
"""
import pytest

from danvan.core.api.filters import MAX_FILTER_TEXT

LONG = "dân vận khéo " * 5000  # 65,000 characters

PAGES = ["/initiatives/", "/exemplars/", "/organizations/", "/units/", "/reports/"]
# (endpoint, the text parameter it filters on)
API = [(path, param) for path in ("/api/v1/initiatives/", "/api/v1/exemplars/", "/api/v1/organizations/",
                                  "/api/v1/units/") for param in ("q", "search")] + [("/api/v1/reporting-rounds/", "q")]


@pytest.mark.parametrize("path", PAGES)
def test_a_very_long_search_on_a_page_says_it_is_too_long(world, login, path):
    client = login(world.users.staff_a)
    response = client.get(path, {"q": LONG})
    assert response.status_code == 200
    assert "quá dài" in response.content.decode()
    export = client.get(path, {"q": LONG, "export": "csv"})
    assert export.status_code < 500


@pytest.mark.parametrize("path,param", API)
def test_a_very_long_search_in_the_api_is_a_400_in_vietnamese(world, login, path, param):
    response = login(world.users.staff_a).get(path, {param: LONG})
    assert response.status_code == 400
    assert "quá dài" in response.json()[param][0]


def test_a_search_at_the_limit_still_works(world, login):
    client = login(world.users.staff_a)
    query = ("thu gom " * 100)[:MAX_FILTER_TEXT]
    assert client.get("/api/v1/initiatives/", {"q": query}).status_code == 200
