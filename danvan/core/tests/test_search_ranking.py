"""Search results come best match first: the query's own accents and whole phrase before looser matches
(issue 12: "hội nông dân" before "hộ nông dân"), on the list page, the API and the bare ranking."""
import pytest
from django.urls import reverse

from danvan.core import search
from danvan.core.filtersets import search_q
from danvan.initiatives.models import Field, Initiative
from danvan.initiatives.services import register_initiative

pytestmark = pytest.mark.django_db

TITLES = [
    "Giúp hộ nông dân vay vốn qua hội",          # accents of "hộ", phrase "hộ nông dân"
    "Hội Nông dân giúp nhau làm kinh tế",         # accents of "hội", phrase "hội nông dân"
    "Thợ nông dân và hội làm vườn",               # "ho nong dan" inside "tho nong dan": not word for word
    "Nông dân thi đua, hộ nghèo có hội",          # every word, no phrase
]


@pytest.fixture
def farmers(world):
    return {t: register_initiative(Initiative(title=t, field=Field.ECONOMY, organization=world.orgs["a_farmers"],
                                              year=2025), submit=True) for t in TITLES}


def titles(qs):
    return [i.title for i in qs if i.title in TITLES]


def test_the_query_as_typed_comes_first_then_the_whole_phrase(farmers):
    def order(query):
        return titles(search.ranked(Initiative.objects.filter(search_q(query)), query))

    assert order("hội nông dân")[0] == "Hội Nông dân giúp nhau làm kinh tế"
    assert order("hộ nông dân")[0] == "Giúp hộ nông dân vay vốn qua hội"
    # without accents: the whole phrase word for word first, the phrase inside a longer word ("thợ") after it,
    # the scattered words last
    unaccented = order("ho nong dan")
    assert unaccented[0] == "Giúp hộ nông dân vay vốn qua hội"
    assert unaccented.index("Thợ nông dân và hội làm vườn") > unaccented.index("Giúp hộ nông dân vay vốn qua hội")
    assert unaccented[-1] == "Nông dân thi đua, hộ nghèo có hội"
    assert order("HỘI NÔNG DÂN")[0] == "Hội Nông dân giúp nhau làm kinh tế"      # case is not an accent


def test_list_page_and_api_rank_and_an_explicit_order_still_wins(world, farmers, login):
    client = login(world.users.staff_a)
    page = client.get(reverse("initiatives:initiative_list"), {"q": "hội nông dân"}).content.decode()
    first = page.index("Hội Nông dân giúp nhau làm kinh tế")
    assert all(first < page.index(t) for t in TITLES[:1] + TITLES[2:] if t in page)
    api = client.get("/api/v1/initiatives/", {"search": "hộ nông dân"}).json()["results"]
    assert api[0]["title"] == "Giúp hộ nông dân vay vốn qua hội"
    by_title = client.get("/api/v1/initiatives/", {"search": "hộ nông dân", "ordering": "title"}).json()["results"]
    assert [r["title"] for r in by_title] == sorted([r["title"] for r in by_title],
                                                   key=lambda t: Initiative.objects.get(title=t).sort_key)
