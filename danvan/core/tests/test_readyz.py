"""/readyz (issue 11, item 8 first part): the database, the task queue and (when configured) Redis; and the JSON
access log line per request."""
import datetime
import json
import logging

import pytest
from django.db import OperationalError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from danvan.core import views
from danvan.imports.tasks import check_import

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.mark.django_db
def test_readyz_reports_database_and_queue(client, settings):
    settings.TASKS = DB_QUEUE
    settings.REDIS_URL = ""
    answer = client.get("/readyz")
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "ok" and body["database"]["status"] == "ok"
    assert body["queue"] == {"status": "ok", "backend": "django_tasks_db.DatabaseBackend", "waiting": 0,
                             "oldest_waiting_seconds": 0}
    assert "redis" not in body


@pytest.mark.django_db
def test_readyz_says_degraded_when_jobs_wait_with_no_worker(client, settings):
    settings.TASKS = DB_QUEUE
    settings.QUEUE_STALE_SECONDS = 600
    check_import.enqueue(job_id=1)
    check_import.enqueue(job_id=2)
    assert client.get("/readyz").json()["queue"]["waiting"] == 2
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=15))
    answer = client.get("/readyz")
    assert answer.status_code == 200  # the site still serves; the operator is told
    assert answer.json()["status"] == "degraded" and answer.json()["queue"]["status"] == "degraded"
    assert answer.json()["queue"]["oldest_waiting_seconds"] >= 900


@pytest.mark.django_db
def test_readyz_is_503_when_the_database_does_not_answer(client, monkeypatch):
    def down():
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(views, "_check_database", down)
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.json()["status"] == "error" and "Connection refused" in answer.json()["database"]["detail"]


class Lines(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines = []

    def emit(self, record):
        self.lines.append(self.format(record))


def test_one_json_line_per_request_with_user_route_status_duration(world, client, login):
    from danvan.core.jsonlog import JsonFormatter

    logger = logging.getLogger("danvan.access")
    handler = Lines()
    handler.setFormatter(JsonFormatter())
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        login(world.users.staff_a)
        record = world.records["a"]
        client.get(f"/initiatives/{record.pk}/")
        client.get("/khong-co-trang-nay/")
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    detail, missing = (json.loads(line) for line in handler.lines[-2:])
    assert detail["route"] == "initiatives/<int:pk>/" and detail["status"] == 200
    assert detail["user_id"] == world.users.staff_a.pk and detail["duration_ms"] > 0
    assert detail["path"] == f"/initiatives/{record.pk}/" and detail["level"] == "INFO"
    assert missing["status"] == 404 and missing["route"] is None
