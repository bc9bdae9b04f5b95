"""The registry's batch services: many records at once by the rules of one at a time (initiatives.batch)."""
import datetime

import pytest
from django.db import transaction

from danvan.core.audit import batches_of, timeline
from danvan.core.exceptions import NotInScope
from danvan.initiatives.batch import LifecycleProblem, RegistryBatch, plan_lifecycle, steps_to
from danvan.initiatives.models import Exemplar, Initiative, Status
from danvan.initiatives.services import register_initiative, transition

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 4, 10)


def _register(user, rows, **kwargs):
    with transaction.atomic():
        batch = RegistryBatch(user=user, **kwargs)
        ids = batch.register_initiatives(rows)
        batch.finish()
    return ids


def test_a_batch_record_equals_the_one_the_services_make(world):
    one = register_initiative(Initiative(title="Đèn đường – Bản Nà Lại", field="economy", year=2025,
                                         organization=world.orgs["a"], description="Thắp sáng"),
                              user=world.users.staff_a, submit=True, date=DAY)
    transition(one, Status.IMPLEMENTING, user=world.users.staff_a, date=DAY)
    [pk] = _register(world.users.staff_a, [{
        "title": "Đèn đường – Bản Nà Lại", "field": "economy", "year": 2025, "organization_id": world.orgs["a"].pk,
        "description": "Thắp sáng", "steps": steps_to(Status.IMPLEMENTING, DAY)}])
    many = Initiative.objects.get(pk=pk)
    one.refresh_from_db()
    same = ("unit_id", "commune_id", "province_id", "search_text", "sort_key", "status", "status_changed_at",
            "registered_on", "created_by_id")  # version: the batch writes a record once (1)
    assert {f: getattr(many, f) for f in same} == {f: getattr(one, f) for f in same}
    assert list(many.transitions.values_list("from_status", "to_status", "date")) == \
        list(one.transitions.values_list("from_status", "to_status", "date"))
    assert Initiative.objects.filter(search_text__contains="ban na lai").count() == 2


def test_the_batch_refuses_an_organisation_outside_the_users_scope_and_writes_nothing(world):
    before = Initiative.objects.count()
    with pytest.raises(NotInScope):
        _register(world.users.staff_a, [{"title": "Mượn danh", "field": "economy", "year": 2025,
                                         "organization_id": world.orgs["c"].pk, "steps": steps_to("registered", DAY)}])
    assert Initiative.objects.count() == before


@pytest.mark.parametrize("steps,field", [
    ([("implementing", DAY, "")], "status"),                                     # not allowed from a draft
    ([("registered", DAY, ""), ("suspended", DAY, "")], "status"),               # a reason is required
    ([("registered", DAY, ""), ("implementing", DAY - datetime.timedelta(days=1), "")], "date"),  # out of order
    ([("registered", datetime.date(2999, 1, 1), "")], "date"),                   # in the future
])
def test_the_lifecycle_rules_of_transition_hold_for_a_batch(steps, field):
    with pytest.raises(LifecycleProblem) as problem:
        plan_lifecycle(DAY, steps, today=datetime.date(2026, 1, 1))
    assert problem.value.field == field


def test_each_record_points_to_its_batch_and_the_batch_counts_them(world):
    with transaction.atomic():
        batch = RegistryBatch(user=world.users.staff_a, action="batch", description="Hồ sơ giấy năm 2025")
        ids = batch.register_initiatives([{"title": f"Mô hình {i}", "field": "economy", "year": 2025,
                                           "organization_id": world.orgs["a"].pk,
                                           "steps": steps_to("registered", DAY)} for i in range(3)])
        batch.create_exemplars([{"name": "Ông A", "field": "economy", "year": 2025,
                                 "organization_id": world.orgs["a"].pk}])
        logged = batch.finish()
    assert logged.counts == {"initiatives.initiative": 3, "initiatives.exemplar": 1}
    record = Initiative.objects.get(pk=ids[0])
    assert list(batches_of(record)) == [logged]
    assert timeline(record)[0]["batch"] == logged.pk
    assert Exemplar.objects.get(name="Ông A").commune == world.a
