"""The read-replica router (issue 11, item 4, the router part): dashboard and report reads go to the replica
when one is configured; writes, reads inside a write's transaction and a user's reads right after their own
write go to the primary."""
import time

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import resolve

from danvan.core import replica
from danvan.core.replica import ReplicaReadsMiddleware, ReplicaRouter, replica_reads
from danvan.initiatives.models import Initiative

@pytest.fixture
def with_replica(settings, monkeypatch):
    # The router asks whether a replica is configured; no connection to it is opened by these tests.
    monkeypatch.setattr(replica, "replica_configured", lambda: True)
    return settings


def test_without_a_replica_every_read_is_on_the_primary(settings):
    assert "replica" not in settings.DATABASES
    with replica_reads():
        assert ReplicaRouter().db_for_read(Initiative) == "default"


@pytest.mark.django_db(transaction=True)  # no test-wide transaction: the router would see it
def test_marked_reads_go_to_the_replica_but_not_inside_a_transaction_and_writes_never(with_replica):
    router = ReplicaRouter()
    assert router.db_for_read(Initiative) == "default"  # not marked
    with replica_reads():
        assert router.db_for_read(Initiative) == "replica"
        assert router.db_for_write(Initiative) == "default"
        with transaction.atomic():  # a write's transaction reads what it wrote
            assert router.db_for_read(Initiative) == "default"
        assert router.db_for_read(Initiative) == "replica"
    assert router.allow_migrate("default", "initiatives") and not router.allow_migrate("replica", "initiatives")


def through_middleware(request, path):
    """Run `request` through the middleware up to a view that reports where a read of a model would go."""
    request.resolver_match = resolve(path)
    seen = {}

    def view(req):
        seen["read"] = ReplicaRouter().db_for_read(Initiative)
        return HttpResponse("ok")

    middleware = ReplicaReadsMiddleware(lambda req: middleware.process_view(req, view, (), {}) or view(req))
    response = middleware(request)
    seen["after"] = ReplicaRouter().db_for_read(Initiative)
    return seen, response


def test_dashboards_and_reports_read_the_replica_other_pages_and_writers_the_primary(with_replica):
    factory = RequestFactory()
    seen, _ = through_middleware(factory.get("/dashboards/"), "/dashboards/")
    assert seen == {"read": "replica", "after": "default"}  # only the view, and only for this request
    seen, _ = through_middleware(factory.get("/reports/"), "/reports/")
    assert seen["read"] == "replica"
    seen, _ = through_middleware(factory.get("/initiatives/"), "/initiatives/")
    assert seen["read"] == "default"  # a working list, not figures
    seen, _ = through_middleware(factory.get("/initiatives/", {"export": "csv"}), "/initiatives/")
    assert seen["read"] == "replica"  # an export of it may
    # A write pins its user to the primary for a while: their next dashboard shows their change.
    seen, response = through_middleware(factory.post("/initiatives/add/"), "/initiatives/add/")
    assert seen["read"] == "default"
    pin = response.cookies[replica.PIN_COOKIE]
    assert int(pin.value) > time.time() and pin["max-age"] == 15
    after_write = factory.get("/dashboards/")
    after_write.COOKIES[replica.PIN_COOKIE] = pin.value
    assert through_middleware(after_write, "/dashboards/")[0]["read"] == "default"
    expired = factory.get("/dashboards/")
    expired.COOKIES[replica.PIN_COOKIE] = str(int(time.time()) - 1)
    assert through_middleware(expired, "/dashboards/")[0]["read"] == "replica"


def test_without_a_replica_nothing_is_marked_and_no_cookie_is_set(settings):
    seen, response = through_middleware(RequestFactory().post("/initiatives/add/"), "/initiatives/add/")
    assert replica.PIN_COOKIE not in response.cookies
    assert through_middleware(RequestFactory().get("/dashboards/"), "/dashboards/")[0]["read"] == "default"


def test_database_replica_url_adds_the_replica_database():
    from danvan.core.tests.test_redis import settings_with

    loaded = settings_with(DATABASE_URL="postgres://danvan@127.0.0.1:5432/danvan",
                           DATABASE_REPLICA_URL="postgres://danvan@127.0.0.1:5433/danvan")
    assert loaded["DATABASES"]["replica"]["PORT"] == 5433
    assert loaded["DATABASES"]["replica"]["TEST"] == {"MIRROR": "default"}
    assert "replica" not in settings_with(DATABASE_URL="postgres://danvan@127.0.0.1:5432/danvan")["DATABASES"]
