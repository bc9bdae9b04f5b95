"""Accent-insensitive search with its indexes (core.search): same results as the rule, on every path."""
import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from danvan.core import search
from danvan.core.filtersets import search_q
from danvan.core.text import fold
from danvan.initiatives.filtersets import InitiativeFilterSet
from danvan.initiatives.models import Exemplar, Field, Initiative, Status
from danvan.territory.lineage import unit_q

VI = "aăâbcdđeêghiklmnoôơpqrstuưvxyàằầèềìòồờùừỳáắấéếíóốớúứýảẳẩẻểỉỏổởủửỷãẵẫẽễĩõỗỡũữỹạặậẹệịọộợụựỵ"
ALPHABET = VI + VI.upper() + "      0123456789%_\"'\\-–“”.ðÐ"
texts = st.text(alphabet=ALPHABET, max_size=40)


def rule(query: str, text: str) -> bool:
    """The search rule, naively: every folded word of the query is in the folded text."""
    return all(word in fold(text) for word in fold(query).split()[:10])


def variant(draw, source: str) -> str:
    """A query a user might type for `source`: a piece of it, in another case, decomposed or unaccented."""
    start = draw(st.integers(0, len(source)))
    piece = source[start:start + draw(st.integers(0, 15))]
    how = draw(st.sampled_from(["same", "upper", "nfd", "fold", "other"]))
    if how == "upper":
        return piece.upper()
    if how == "nfd":
        return unicodedata.normalize("NFD", piece)
    if how == "fold":
        return fold(piece)
    if how == "other":
        return draw(texts)
    return piece


@st.composite
def corpus_and_queries(draw):
    titles = draw(st.lists(texts, min_size=1, max_size=12))
    queries = []
    for _ in range(draw(st.integers(1, 5))):
        parts = [variant(draw, draw(st.sampled_from(titles))) for _ in range(draw(st.integers(1, 3)))]
        queries.append(" ".join(parts))
    return titles, queries


def make_initiatives(world, titles):
    objs = []
    for n, title in enumerate(titles):
        obj = Initiative(title=title or "-", description=f"mô tả {n}", field=Field.ECONOMY,
                         organization=world.orgs["a"], unit=world.a, commune=world.a, province=world.p1, year=2024,
                         status=Status.REGISTERED)
        obj.refresh_search_columns()
        objs.append(obj)
    return Initiative.objects.bulk_create(objs)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=corpus_and_queries())
def test_search_equals_the_rule_on_random_vietnamese_text(world, data):
    titles, queries = data
    created = make_initiatives(world, titles)
    try:
        everything = list(Initiative.objects.all())
        for query in queries:
            expected = {o.pk for o in everything if rule(query, f"{o.title} {o.description}")}
            # Nation-wide (full-text index on SQLite) and within a province (covering index): same rows.
            assert set(Initiative.objects.filter(search_q(query)).values_list("pk", flat=True)) == expected
            in_p1 = Initiative.objects.filter(province=world.p1).filter(search_q(query))
            assert set(in_p1.values_list("pk", flat=True)) == {pk for pk in expected
                                                               if Initiative.objects.get(pk=pk).province_id == world.p1.pk}
            through_filter = InitiativeFilterSet(data={"q": query}, queryset=Initiative.objects.all()).qs
            assert set(through_filter.values_list("pk", flat=True)) == expected
    finally:
        Initiative.objects.filter(pk__in=[o.pk for o in created]).delete()


@pytest.mark.django_db
def test_full_text_index_follows_edits_and_deletes(world):
    ini = world.records["a"]
    assert Initiative.objects.filter(search_q("thu gom rac")).filter(pk=ini.pk).exists()
    ini.title = "Thắp sáng đường quê"
    ini.save()
    assert not Initiative.objects.filter(search_q("thu gom rac")).filter(pk=ini.pk).exists()
    assert Initiative.objects.filter(search_q("THAP SANG duong")).filter(pk=ini.pk).exists()
    if search.matching_ids(Initiative, "thap sang") is not None:  # SQLite: the FTS table itself followed
        assert ini.pk in search.matching_ids(Initiative, "thap sang")
        assert ini.pk not in search.matching_ids(Initiative, "thu gom")
    pk = ini.pk
    Initiative.all_objects.filter(pk=pk).delete()
    assert pk not in (search.matching_ids(Initiative, "thap sang") or [])
    ex = world.records["a_exemplar"]
    ex.name = "Bà Giàng Thị Dua"
    ex.save()
    assert list(Exemplar.objects.filter(search_q("giang thi dua"))) == [ex]


@pytest.mark.django_db
def test_short_words_and_special_characters(world):
    ini = world.records["a_farmers"]  # "Mô hình sen – cá"
    for query in ("ca", "SEN ca", "hinh  sen", "Mô hình sen – cá", "n – c"):
        assert ini in Initiative.objects.filter(search_q(query)), query
    for query in ("sen%", "se_n", '"sen"', "sen ca xyz", "cá sen mô hình x"):
        assert ini not in Initiative.objects.filter(search_q(query)), query


@pytest.mark.django_db
def test_nationwide_search_uses_the_full_text_index_and_narrow_lists_do_not(world):
    with CaptureQueriesContext(connection) as nationwide:
        list(Initiative.objects.filter(search_q("dan van kheo")))
    with CaptureQueriesContext(connection) as in_province:
        list(Initiative.objects.filter(province=world.p1).filter(search_q("dan van kheo")))
    with CaptureQueriesContext(connection) as in_commune:  # commune = A OR unit = A
        list(Initiative.objects.filter(unit_q(world.a)).filter(search_q("dan van kheo")))
    with CaptureQueriesContext(connection) as short_words:
        list(Initiative.objects.filter(search_q("ca o")))
    sql = [q["sql"] for q in nationwide.captured_queries if "initiatives_initiative" in q["sql"]][-1]
    assert ("_fts MATCH" in sql) == (connection.vendor == "sqlite")
    narrow = in_province.captured_queries + in_commune.captured_queries + short_words.captured_queries
    assert all("MATCH" not in q["sql"] for q in narrow)


@pytest.mark.django_db
def test_list_page_and_api_search(world, login):
    client = login(world.users.province_staff)
    page = client.get(reverse("initiatives:initiative_list"), {"q": "DÂN VẬN khéo rác"})
    assert page.status_code == 200
    text = page.content.decode()
    assert world.records["a"].title in text and world.records["b"].title in text
    assert world.records["c"].title not in text  # another province: out of scope
    api = client.get("/api/v1/initiatives/", {"search": unicodedata.normalize("NFD", "thu gom rác"),
                                              "unit": world.b.pk})
    assert api.status_code == 200
    assert [row["id"] for row in api.json()["results"]] == [world.records["b"].pk]


@pytest.mark.django_db
def test_search_index_is_installed(world):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            assert search.fts_usable(connection, "initiatives_initiative")
            assert search.fts_usable(connection, "initiatives_exemplar")
        else:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE %s", ["%search_trgm"])
            assert {r[0] for r in cursor.fetchall()} == {
                "initiatives_initiative_search_trgm", "initiatives_exemplar_search_trgm"}


@pytest.mark.django_db
def test_an_index_that_lost_its_triggers_is_not_used_until_repaired(world):
    if connection.vendor != "sqlite":
        assert search.repair(connection) == []
        return
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER initiatives_initiative_fts_insert")  # what a table rebuild does
    assert not search.fts_usable(connection, "initiatives_initiative")
    added = Initiative.objects.create(title="Mô hình cà phê sáng", field=Field.ECONOMY,
                                      organization=world.orgs["b"], unit=world.b, year=2025)
    assert list(Initiative.objects.filter(search_q("ca phe sang"))) == [added]  # found by scanning
    assert search.repair(connection) == ["initiatives_initiative"]
    assert search.fts_usable(connection, "initiatives_initiative")
    assert search.matching_ids(Initiative, "ca phe sang") == [added.pk]
