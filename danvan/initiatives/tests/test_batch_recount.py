"""RegistryBatch(recount=True): a load far larger than what is there recounts once at the end instead of
tallying each chunk; the counts come out the same."""
import datetime
import io
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import transaction

from danvan.stats import counts as aggregates
from danvan.initiatives.batch import RegistryBatch, steps_to
from danvan.initiatives.models import Status

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 4, 10)


def _rows(world, n):
    return [{"title": f"Mô hình {i}", "field": "economy", "year": 2025, "organization_id": world.orgs["a"].pk,
             "steps": steps_to(Status.IMPLEMENTING if i % 2 else Status.REGISTERED, DAY)} for i in range(n)]


@pytest.mark.parametrize("recount", [False, True])
def test_counts_equal_a_recount_either_way(world, recount):
    with mock.patch.object(aggregates, "tally", wraps=aggregates.tally) as tally, \
            mock.patch.object(aggregates, "rebuild", wraps=aggregates.rebuild) as rebuild:
        with transaction.atomic():
            batch = RegistryBatch(recount=recount)
            batch.register_initiatives(_rows(world, 5))
            batch.create_exemplars([{"name": "Bà Lò Thị Xuân", "kind": "individual", "field": "economy",
                                     "year": 2025, "organization_id": world.orgs["a"].pk}])
            batch.finish()
    assert (tally.called, rebuild.call_count) == ((False, 1) if recount else (True, 0))
    out = io.StringIO()
    call_command("rebuild_aggregates", "--check", stdout=out)  # exits with status 1 when the cells disagree
    assert "khớp" in out.getvalue()
