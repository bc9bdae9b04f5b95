"""The production queue (issue 11, item 3): RQ on Redis behind the same django-tasks API.

A real `danvan worker` (RQ) takes an import and is killed (kill -9, with its work horse) inside the import's
transaction: nothing of the import is in the database, the job is found dead by the next worker and marked
failed with a message (its RQ task failed too, listed as failed on the operator page), and the same file is
checked again by a new worker. The broker down: starting an import says so in Vietnamese, nothing is
kept (no file, no job that looks running), and a confirmed import goes back to waiting for confirmation.

Redis database 15 as the other Redis tests, each test on a queue of its own name (DANVAN_TASK_QUEUE): RQ's keys
are named after the queue, so two test processes (pytest-xdist) never see each other's jobs; the test deletes
its queue's keys and its jobs afterwards.
"""
import json
import os
import select
import signal
import subprocess
import sys
import time
import uuid

import pytest
import redis
from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.core import queue
from danvan.imports.models import ImportJob, JobState
from danvan.imports.tests.conftest import messy_initiatives
from danvan.imports.tests.test_import_initiatives import GOOD_ROWS, imported
from danvan.imports.tests.test_leases import ROOT, _env
from danvan.imports.tests.test_views import upload

REDIS = "redis://127.0.0.1:6379/15"


def rq_settings(settings, name, url=REDIS):
    settings.TASKS_BACKEND, settings.TASK_QUEUE, settings.RQ_URL = "rq", name, url
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default", name]}}
    settings.RQ_QUEUES = {q: {"URL": url, "DEFAULT_TIMEOUT": 600,
                              "CONNECTION_KWARGS": {"socket_connect_timeout": 0.5, "socket_timeout": 5}}
                          for q in ("default", name)}


@pytest.fixture
def rq_queue(settings):
    name = f"danvan-test-{uuid.uuid4().hex}"
    rq_settings(settings, name)
    yield name
    server = redis.Redis.from_url(REDIS)
    job_ids = set()
    for key in server.scan_iter(f"rq:*{name}*"):
        kind = server.type(key)
        if kind == b"list":
            job_ids.update(server.lrange(key, 0, -1))
        elif kind == b"zset":
            job_ids.update(member.split(b":")[0] for member in server.zrange(key, 0, -1))
        server.delete(key)
    for job_id in job_ids:
        for key in server.scan_iter(f"rq:*{job_id.decode()}*"):
            server.delete(key)


def _rq_env(tmp_path, settings, name) -> dict:
    env = _env(tmp_path, settings)
    env.update(DANVAN_TASKS_BACKEND="rq", DANVAN_RQ_URL=REDIS, DANVAN_TASK_QUEUE=name,
               DANVAN_IMPORT_REAP_INTERVAL="0.2")
    return env


def _wait_for_pause(worker, deadline: float) -> int:
    """Poll the worker's output until its work horse says it is inside the import (or the deadline passes)."""
    while time.monotonic() < deadline:
        ready, _w, _x = select.select([worker.stdout], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            break
        line = worker.stdout.readline().decode()
        if line.startswith("PAUSED "):
            return int(line.split()[1])
        if not line:
            break
    if worker.poll() is None and time.monotonic() < deadline:
        worker.wait(timeout=max(1.0, deadline - time.monotonic()))   # its output ended: it is exiting
    raise AssertionError(worker.stderr.read().decode()[-3000:] if worker.poll() is not None else "no PAUSED in time")


@pytest.mark.django_db(transaction=True)
def test_an_rq_worker_killed_mid_import_leaves_nothing_and_a_new_worker_fails_then_reruns_the_job(
        world, login, settings, tmp_path, rq_queue):
    client = login(world.users.staff_a)
    upload(client, messy_initiatives(GOOD_ROWS))
    job = ImportJob.objects.get()
    first = queue.status(job.task_id)
    assert first is not None and first.status == queue.READY   # the check's task waits in Redis, not in a table
    # The check is not what this test kills: it is taken off the queue and the job made ready to import.
    queue._rq_queue().empty()
    ImportJob.objects.filter(pk=job.pk).update(state=JobState.CHECKED, counts={"new": 3, "rows": 3})
    assert client.post(f"/imports/{job.pk}/confirm/").status_code == 302
    job.refresh_from_db()
    assert job.state == JobState.COMMIT_QUEUED and queue.status(job.task_id).status == queue.READY
    env = _rq_env(tmp_path, settings, rq_queue)

    worker = subprocess.Popen([sys.executable, "-m", "danvan.imports.tests.rq_worker", "work", str(job.pk)],
                              cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, start_new_session=True)
    try:
        horse = _wait_for_pause(worker, time.monotonic() + 120)
        assert horse != worker.pid                          # RQ runs the job in a child process
        running = queue.status(job.task_id)
        assert running.status == queue.RUNNING, running
        # The worker and its horse, as a lost machine. RQ puts the horse in a session of its own, so killing the
        # worker's process group would not reach it (systemd kills the unit's whole cgroup): each by its id.
        os.kill(worker.pid, signal.SIGKILL)
        os.kill(horse, signal.SIGKILL)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
        worker.stdout.close(), worker.stderr.close(), worker.stdin.close()
    assert worker.returncode == -signal.SIGKILL

    out = subprocess.run([sys.executable, "-m", "danvan.imports.tests.rq_worker", "recover", str(job.pk)],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    report = json.loads(out.stdout.strip().splitlines()[-1])
    why = f"{json.dumps(report, ensure_ascii=False)}\n{out.stderr[-2000:]}"   # shown if an assertion fails
    # what the killed worker left: the job and its task "running", not one row of the import
    left = report["left"]
    assert left["state"] == "committing" and left["task"] == "RUNNING" and left["imported"] == 0, why
    assert left["worker"].split(":")[1] == str(horse), why
    # the next worker finds it dead at once: failed with a message, its RQ task failed and counted as failed
    found = report["new_worker"]
    assert found["state"] == "failed" and found["task"] == "FAILED" and found["imported"] == 0, why
    assert "không có dữ liệu nào được ghi" in found["message"] and found["can_retry"], why
    assert "dừng bất thường" in found["task_error"], why
    assert found["summary"]["backend"] == "rq" and found["summary"]["failed"] == 1, why
    assert found["summary"]["running"] == 0, why
    # the person runs it again: checked by a new worker, from the same uploaded file, ready to import
    again = report["checked_again"]
    assert again["state"] == "checked" and again["task"] == "SUCCESSFUL" and again["attempts"] == 2, why
    assert again["imported"] == 0 and again["summary"]["failed"] == 1, why   # the dead task stays listed


# ------------------------------------------------------------------------------------------------ broker down

@pytest.fixture
def broker_down(settings):
    from danvan.core.tests.test_redis import closed_port

    rq_settings(settings, f"danvan-test-{uuid.uuid4().hex}", url=f"redis://127.0.0.1:{closed_port()}/0")


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.django_db
def test_broker_down_starting_an_import_says_so_and_keeps_nothing(world, login, broker_down):
    client = login(world.users.staff_a)
    response = upload(client, messy_initiatives(GOOD_ROWS))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Hàng đợi xử lý nền (Redis) không trả lời" in page and "Không có gì bị mất" in page
    assert not ImportJob.objects.exists()                  # no job that looks queued for ever


@pytest.mark.django_db
def test_broker_down_at_confirmation_the_job_waits_for_confirmation_again(world, login, settings, tmp_path):
    client = login(world.users.staff_a)
    upload(client, messy_initiatives(GOOD_ROWS))            # checked inline (the test's immediate queue)
    job = ImportJob.objects.get()
    assert job.state == JobState.CHECKED
    from danvan.core.tests.test_redis import closed_port

    rq_settings(settings, f"danvan-test-{uuid.uuid4().hex}", url=f"redis://127.0.0.1:{closed_port()}/0")
    page = client.post(f"/imports/{job.pk}/confirm/", follow=True).content.decode()
    assert "Hàng đợi xử lý nền (Redis) không trả lời" in page
    job.refresh_from_db()
    assert job.state == JobState.CHECKED and job.can_commit and imported().count() == 0
    # and checking again, with the broker still down, leaves it as it was: nothing running, nothing lost
    page = client.post(f"/imports/{job.pk}/retry/", follow=True).content.decode()
    assert "Hàng đợi xử lý nền (Redis) không trả lời" in page
    job.refresh_from_db()
    assert job.state == JobState.CHECKED and not job.is_running and job.file


def test_upload_refused_before_reading_when_the_broker_is_down(broker_down):
    from danvan.core.exceptions import DomainError
    from danvan.imports import services

    with pytest.raises(DomainError) as refused:
        services.upload(SimpleUploadedFile("a.xlsx", b"PK\x03\x04", XLSX), kind="initiatives", user=None)
    assert "Redis" in refused.value.message


# ------------------------------------------------------------------------------------------------ settings

def test_the_environment_switches_the_queue_and_the_file_storage():
    from django.core.exceptions import ImproperlyConfigured

    from danvan.core.tests.test_redis import settings_with

    plain = settings_with()
    assert plain["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"   # the demo's and tests' queue
    assert "django_rq" not in plain["INSTALLED_APPS"]
    assert plain["STORAGES"]["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    rq = settings_with(DANVAN_TASKS_BACKEND="rq", REDIS_URL=REDIS, DANVAN_TASK_QUEUE="tinh-son-la")
    assert rq["TASKS"]["default"] == {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default", "tinh-son-la"]}
    assert rq["RQ_QUEUES"]["tinh-son-la"]["URL"] == REDIS and "django_rq" in rq["INSTALLED_APPS"]
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL"):
        settings_with(DANVAN_TASKS_BACKEND="rq")                     # no broker named: refused at start
    with pytest.raises(ImproperlyConfigured, match="DANVAN_TASKS_BACKEND"):
        settings_with(DANVAN_TASKS_BACKEND="celery")
    s3 = settings_with(DANVAN_S3_BUCKET="danvan-files", DANVAN_S3_ENDPOINT_URL="https://s3.example.vn")
    options = s3["STORAGES"]["default"]["OPTIONS"]
    assert s3["STORAGES"]["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert options["bucket_name"] == "danvan-files" and options["endpoint_url"] == "https://s3.example.vn"
    assert options["default_acl"] is None and options["querystring_auth"] is True   # nothing public, URLs signed
    assert options["querystring_expire"] == 60
