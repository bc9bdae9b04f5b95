"""The operator page /van-hanh/ (issue 11, item 8): staff only; queue depth, failed tasks with a retry button (on
the database queue and on RQ), Redis and database status, the replica's lag with a note past the threshold."""
import re

import pytest

from danvan.core import queue, replica
from danvan.imports import tasks
from danvan.imports.tests.test_rq_worker import rq_queue  # noqa: F401 - the fixture: an RQ queue of its own

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def operator(world, login):
    world.users.province_staff.is_staff = True
    world.users.province_staff.save(update_fields=["is_staff"])
    return login(world.users.province_staff)


def depth(page: str) -> dict:
    return {key: int(value) for key, value in re.findall(r'data-key="(\w+)">(\d+)<', page)}


@pytest.mark.django_db
def test_only_staff_see_the_operator_page(world, client, login):
    assert client.get("/van-hanh/").status_code == 302                        # to the sign-in page
    assert login(world.users.staff_a).get("/van-hanh/").status_code == 403    # a cadre, not technical staff
    assert client.post("/van-hanh/viec/x/chay-lai/").status_code == 403


@pytest.mark.django_db
def test_a_failed_task_of_the_database_queue_is_listed_and_run_again(operator, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DB_QUEUE
    result = queue.enqueue(tasks.check_import, 4242)
    DBTaskResult.objects.filter(pk=result.id).update(status="FAILED", traceback="Traceback …\nOSError: disk full")
    page = operator.get("/van-hanh/").content.decode()
    assert depth(page) == {"waiting": 0, "running": 0, "failed": 1, "oldest": 0}
    assert f'data-task="{result.id}"' in page and "check_import" in page and "OSError: disk full" in page
    operator.post(f"/van-hanh/viec/{result.id}/chay-lai/")
    page = operator.get("/van-hanh/").content.decode()
    assert depth(page)["waiting"] == 1 and depth(page)["failed"] == 0 and "Không có việc nào bị lỗi" in page
    assert DBTaskResult.objects.get().args_kwargs["args"] == [4242]


@pytest.mark.django_db
def test_a_failed_rq_task_is_listed_and_requeued(operator, rq_queue):  # noqa: F811
    from rq.job import JobStatus

    result = queue.enqueue(tasks.commit_import, 77)
    job = queue._rq_job(result.id)
    queue._rq_queue().remove(job)
    job.set_status(JobStatus.STARTED)              # as a worker that took it and then died
    queue.fail(result.id, "Tiến trình nhập đã dừng bất thường")
    page = operator.get("/van-hanh/").content.decode()
    assert depth(page)["failed"] == 1 and depth(page)["waiting"] == 0 and "data-key=\"workers\"" in page
    assert f'data-task="{result.id}"' in page and "commit_import" in page and "dừng bất thường" in page
    operator.post(f"/van-hanh/viec/{result.id}/chay-lai/")
    assert queue.status(result.id).status == queue.READY
    page = operator.get("/van-hanh/").content.decode()
    assert depth(page)["failed"] == 0 and depth(page)["waiting"] == 1


@pytest.mark.django_db
def test_replica_lag_and_redis_down_are_shown(operator, monkeypatch, settings):
    from danvan.core.tests.test_redis import closed_port, redis_settings

    monkeypatch.setattr(replica, "replica_configured", lambda: True)
    monkeypatch.setattr(replica, "lag_seconds", lambda: 95.0)
    settings.REPLICA_LAG_WARN_SECONDS = 30
    with redis_settings(f"redis://127.0.0.1:{closed_port()}/0", "danvan-test-down"):
        page = operator.get("/van-hanh/").content.decode()
    assert "Trễ 95 giây" in page and "Quá ngưỡng 30 giây" in page
    assert re.search(r'data-service="redis">.*?Không trả lời', page, re.S)
    assert re.search(r'data-service="database">.*?Hoạt động', page, re.S)
    monkeypatch.setattr(replica, "lag_seconds", lambda: 2.0)
    page = operator.get("/van-hanh/").content.decode()
    assert "Trễ 2 giây" in page and "Quá ngưỡng" not in page and "Chưa cấu hình" in page   # Redis: not set


@pytest.mark.django_db
def test_readyz_reports_the_rq_queue_and_a_broker_down_as_degraded(client, settings, rq_queue):  # noqa: F811
    queue.enqueue(tasks.check_import, 1)
    answer = client.get("/readyz").json()["queue"]
    assert answer["backend"] == "django_tasks_rq.RQBackend" and answer["waiting"] == 1 and answer["workers"] == 0
    assert answer["status"] == "degraded"                       # a job waits and no worker is registered
    from danvan.core.tests.test_redis import closed_port
    from danvan.imports.tests.test_rq_worker import rq_settings

    rq_settings(settings, rq_queue, url=f"redis://127.0.0.1:{closed_port()}/0")
    response = client.get("/readyz")
    assert response.status_code == 200 and response.json()["queue"]["status"] == "degraded"
    assert "does not answer" in response.json()["queue"]["detail"]
