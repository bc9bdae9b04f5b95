"""A worker killed in the middle of a job: nothing half-written, the job found dead and marked failed with a
message, its task failed in the queue, and the same file can be checked and imported again."""
import datetime
import json
import os
import select
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from danvan.imports import leases, services
from danvan.imports.models import ImportJob, JobState
from danvan.imports.tests.conftest import messy_initiatives, save
from danvan.imports.tests.test_import_initiatives import GOOD_ROWS, imported
from danvan.imports.tests.test_views import upload

ROOT = Path(__file__).resolve().parents[3]
DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _database_url(tmp_path) -> str:
    """The test's database, for another process: PostgreSQL's test database as it is; SQLite's in-memory one
    copied to a file (the rows the test committed so far)."""
    s = connection.settings_dict
    if connection.vendor == "postgresql":
        return f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    path = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    return f"sqlite:///{path}"


def _env(tmp_path, settings) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DANVAN_", "PYTEST"))}
    # Uploaded files are where this process's storage put them (its location is fixed when the model loads).
    data_dir = Path(ImportJob._meta.get_field("file").storage.location).parent
    env.update(DATABASE_URL=_database_url(tmp_path), DANVAN_DATA_DIR=str(data_dir),
               DJANGO_SETTINGS_MODULE="danvan.settings_test", PYTHONPATH=str(ROOT))
    return env


def _kill_while_working(job, env):
    """A real worker (`db_worker`) takes the job's task and is killed (SIGKILL) inside the import's transaction."""
    worker = subprocess.Popen([sys.executable, "-m", "danvan.imports.tests.lease_worker", "work", str(job.pk)],
                              cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        ready, _w, _x = select.select([worker.stdout], [], [], 120)
        line = worker.stdout.readline().decode() if ready else ""
        assert line.strip() == "PAUSED", (line, worker.stderr.read().decode() if worker.poll() is not None else "")
        os.kill(worker.pid, signal.SIGKILL)
    finally:
        if worker.poll() is None:
            worker.kill()
        worker.wait()
        worker.stdout.close(), worker.stderr.close(), worker.stdin.close()
    assert worker.returncode == -signal.SIGKILL


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("phase", ["check", "commit"])
def test_a_worker_killed_mid_job_leaves_nothing_half_written_and_the_job_can_run_again(
        phase, world, login, settings, tmp_path):
    settings.TASKS = DB_QUEUE
    client = login(world.users.staff_a)
    upload(client, messy_initiatives(GOOD_ROWS))   # queued, not run: the queue is the database
    job = ImportJob.objects.get()
    if phase == "commit":
        ImportJob.objects.filter(pk=job.pk).update(state=JobState.CHECKED, counts={"new": 3, "rows": 3})
        services.confirm(ImportJob.objects.get(pk=job.pk))
    env = _env(tmp_path, settings)

    _kill_while_working(job, env)

    out = subprocess.run([sys.executable, "-m", "danvan.imports.tests.lease_worker", "recover", str(job.pk)],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout.strip().splitlines()[-1])
    running, ended = ("checking", "invalid") if phase == "check" else ("committing", "failed")
    # what the dead worker left: the job still "running", its task "running", no row written
    assert report["left"]["state"] == running and report["left"]["task"] == "RUNNING"
    assert report["left"]["imported"] == 0 and report["left"]["attempts"] == 1
    # a new worker starts: the job is found dead at once (its process is gone), failed with a message
    found = report["new_worker"]
    assert found["state"] == ended and found["task"] == "FAILED" and found["imported"] == 0
    assert "dừng bất thường" in found["message"] and "chạy lại" in found["message"]
    if phase == "commit":
        assert "không có dữ liệu nào được ghi" in found["message"]
    assert found["can_retry"] and found["file"]
    # and it runs again, from the same uploaded file
    assert report["checked_again"]["state"] == "checked" and report["checked_again"]["attempts"] == 2
    assert report["confirmed"]["state"] == "done" and report["confirmed"]["imported"] == 3


# ------------------------------------------------------------------------------------------------ in-process


def _running_job(user, tmp_path, *, state=JobState.COMMITTING, worker="elsewhere:4242:1", age=3600):
    path = save(messy_initiatives(GOOD_ROWS), tmp_path)
    job = ImportJob(kind="initiatives", user=user, original_name="m.xlsx", sha256="0" * 64, counts={"new": 3})
    job.file.save("m.xlsx", open(path, "rb"), save=False)
    job.save()
    stamp = timezone.now() - datetime.timedelta(seconds=age)
    ImportJob.objects.filter(pk=job.pk).update(state=state, worker=worker, heartbeat_at=stamp, attempts=1,
                                               created_at=stamp)
    job.refresh_from_db()
    return job


@pytest.mark.django_db
def test_a_silent_job_on_another_host_is_reaped_after_the_threshold_only(world, tmp_path, settings):
    settings.IMPORT_STALE_SECONDS = 600
    fresh = _running_job(world.users.staff_a, tmp_path, age=60)
    silent = _running_job(world.users.staff_a, tmp_path, age=601, state=JobState.CHECKING)
    assert leases.reap() == [silent.pk]
    fresh.refresh_from_db(), silent.refresh_from_db()
    assert fresh.state == JobState.COMMITTING and fresh.is_running
    assert silent.state == JobState.INVALID and "dừng bất thường" in silent.message
    # a heartbeat file keeps a job alive whatever its row says
    leases.beat_path(fresh.pk).parent.mkdir(parents=True, exist_ok=True)
    leases.beat_path(fresh.pk).touch()
    settings.IMPORT_STALE_SECONDS = 30
    assert leases.reap() == []


@pytest.mark.django_db
def test_a_job_of_a_process_that_is_gone_is_reaped_at_once_and_a_live_one_is_not(world, tmp_path):
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(gone.stdout)
    dead = _running_job(world.users.staff_a, tmp_path, worker=f"{leases._host()}:{pid}:1", age=1)
    alive = _running_job(world.users.staff_a, tmp_path, worker=leases.worker_id(), age=1)
    reused = _running_job(world.users.staff_a, tmp_path, worker=f"{leases._host()}:{os.getppid()}:1", age=1)
    assert sorted(leases.reap()) == sorted([dead.pk, reused.pk])   # a reused process id is not the old process
    alive.refresh_from_db()
    assert alive.state == JobState.COMMITTING


@pytest.mark.django_db
def test_the_job_page_and_the_command_reap_and_the_page_offers_to_run_again(world, login, tmp_path):
    job = _running_job(world.users.staff_a, tmp_path)
    page = login(world.users.staff_a).get(f"/imports/{job.pk}/").content.decode()
    assert "không có dữ liệu nào được ghi" in page and 'id="retry-import"' in page
    other = _running_job(world.users.staff_a, tmp_path, state=JobState.CHECKING)
    call_command("reap_imports", verbosity=0)
    other.refresh_from_db()
    assert other.state == JobState.INVALID


@pytest.mark.django_db
def test_running_again_checks_the_same_file_and_the_import_follows(world, login, tmp_path):
    job = _running_job(world.users.staff_a, tmp_path)
    client = login(world.users.staff_a)
    client.get(f"/imports/{job.pk}/")                      # found dead
    client.post(f"/imports/{job.pk}/retry/")               # checked again (inline here)
    job.refresh_from_db()
    assert job.state == JobState.CHECKED and job.attempts == 2 and not job.message
    client.post(f"/imports/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.state == JobState.DONE and imported().count() == 3 and job.attempts == 3


@pytest.mark.django_db
def test_cancel_works_on_a_job_found_dead(world, login, tmp_path):
    job = _running_job(world.users.staff_a, tmp_path)
    client = login(world.users.staff_a)
    client.post(f"/imports/{job.pk}/cancel/")
    job.refresh_from_db()
    assert job.state == JobState.CANCELLED and not job.file


@pytest.mark.django_db
def test_a_job_reaped_while_its_process_was_frozen_rolls_its_rows_back(world, tmp_path, monkeypatch):
    """The reaper took the job (its worker looked dead); the worker wakes up and writes every row: they must not
    commit, since the job already says that nothing was written."""
    job = _running_job(world.users.staff_a, tmp_path, state=JobState.COMMIT_QUEUED)
    real = services.import_file

    def frozen_then_reaped(*args, **kwargs):
        frozen = ImportJob.objects.get(pk=job.pk)
        assert leases.mark_dead(frozen, "silent")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "import_file", frozen_then_reaped)
    result = services.commit_job(job.pk)
    assert result.state == JobState.FAILED and "không có dữ liệu nào được ghi" in result.message
    assert imported().count() == 0


@pytest.mark.django_db
def test_a_queued_job_whose_task_ended_without_it_is_reaped(world, login, settings, tmp_path):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DB_QUEUE
    upload(login(world.users.staff_a), messy_initiatives(GOOD_ROWS))
    job = ImportJob.objects.get()
    assert job.state == JobState.QUEUED and job.task_id
    assert leases.reap() == []   # waiting for a worker is not dying
    DBTaskResult.objects.filter(pk=job.task_id).update(status="FAILED")
    assert leases.reap() == [job.pk]
    job.refresh_from_db()
    assert job.state == JobState.INVALID and job.can_retry


@pytest.mark.django_db
def test_the_heartbeat_file_is_touched_while_the_job_runs_and_removed_after(world, tmp_path, settings, monkeypatch):
    job = _running_job(world.users.staff_a, tmp_path, state=JobState.QUEUED)
    seen = {}
    real = services.import_file

    def look(*args, **kwargs):
        seen["beat"] = leases.beat_path(job.pk).exists()
        seen["worker"] = ImportJob.objects.get(pk=job.pk).worker
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "import_file", look)
    services.check_job(job.pk)
    assert seen == {"beat": True, "worker": leases.worker_id()}
    assert not leases.beat_path(job.pk).exists()
