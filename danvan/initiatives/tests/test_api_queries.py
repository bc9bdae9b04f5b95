"""The API's list answers every row's allowed transitions from one question to the policy for the whole page:
its number of queries does not grow with the number of rows (it used to be one query per row)."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danvan.initiatives.models import Field, Initiative
from danvan.initiatives.services import register_initiative
from danvan.initiatives.workflow import LIFECYCLE


def _add(world, key: str, n: int) -> None:
    for i in range(n):
        register_initiative(Initiative(title=f"Dân vận khéo số {key}-{i}", field=Field.ECONOMY,
                                       organization=world.orgs[key], year=2025), submit=i % 2 == 0)


def _list(client) -> tuple[int, list]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/api/v1/initiatives/", {"page_size": 50})
    assert response.status_code == 200
    return len(ctx.captured_queries), response.json()["results"]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["admin", "province_staff", "staff_a"])
def test_the_api_list_costs_the_same_queries_for_3_or_30_rows(world, login, who):
    user = getattr(world.users, who)
    client = login(user)
    _add(world, "a", 1)
    few, rows = _list(client)
    _add(world, "a", 14)
    _add(world, "b", 13)
    many, more = _list(client)
    assert len(more) > len(rows) + 10 or who == "staff_a"
    assert many == few
    # Each row's transitions are still the ones the workflow offers this user on that record.
    by_id = {i.pk: i for i in Initiative.objects.filter(pk__in=[r["id"] for r in more])}
    for row in more:
        expected = [step.target for step in LIFECYCLE.steps_for(by_id[row["id"]], user)]
        assert row["allowed_transitions"] == expected
    assert any(row["allowed_transitions"] for row in more)
