"""Leases on running import jobs: a job whose process died is found, marked failed, and can run again.

A job that starts checking or committing takes a lease in its row, in autocommit before any work: `worker`
(host, process id and the process's start time), `heartbeat_at` (when) and `attempts` (+1). While it runs, a
thread of that process touches a small file beside the progress file every `IMPORT_HEARTBEAT_SECONDS`.

Why a file and not the row: the import writes in one long transaction (all rows or none). On SQLite any
other write waits for that transaction to end, so a heartbeat written to the database by a second connection
would stall (or fail with "database is locked") exactly while the job runs; on PostgreSQL it would work but
would need a second connection per job. The file works the same on both, costs a `utime` call, and lives
where the uploaded file and the progress file already are (DATA_DIR, which the web process and the worker
share because both read the upload).

A running job is dead when its last sign of life (the newer of `heartbeat_at` and the file's time) is older
than `IMPORT_STALE_SECONDS`, or at once when its process ran on this host and is gone (the process id is
paired with its start time, so a reused id does not pass for the old process). `reap()` marks dead jobs
INVALID (a check) or FAILED (an import) with a message, fails their task in the queue, and the person can
check the file again (`services.retry`). Who reaps: the worker when it starts and every
`IMPORT_REAP_INTERVAL` seconds (`danvan db_worker`), each job when it starts, the job page when it is viewed,
and `danvan reap-imports` for a scheduler.

A job is never reported failed while it wrote its rows: the commit marks the job done inside the import's
transaction, on the condition that its lease is still the one it took; a job reaped meanwhile (a worker
frozen for longer than the threshold) rolls its import back instead (`LeaseLost`).
"""
from __future__ import annotations

import logging
import os
import socket
import threading
import time
from functools import cache

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.imports.models import ImportJob, JobState

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 5
STALE_SECONDS = 60
REAP_INTERVAL = 60
# What a dead job becomes.
AFTER_DEATH = {JobState.QUEUED: JobState.INVALID, JobState.CHECKING: JobState.INVALID,
               JobState.COMMIT_QUEUED: JobState.FAILED, JobState.COMMITTING: JobState.FAILED}


class LeaseLost(Exception):
    """The job was taken from this process (found dead while it was frozen): its work must not count."""


def heartbeat_seconds() -> float:
    return float(getattr(settings, "IMPORT_HEARTBEAT_SECONDS", HEARTBEAT_SECONDS))


def stale_seconds() -> float:
    return float(getattr(settings, "IMPORT_STALE_SECONDS", STALE_SECONDS))


def reap_interval() -> float:
    return float(getattr(settings, "IMPORT_REAP_INTERVAL", REAP_INTERVAL))


def _start_ticks(pid) -> str:
    """The process's start time (clock ticks after boot, /proc/PID/stat field 22), "" where unknown."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            stat = fh.read().decode("ascii", "replace")
    except OSError:
        return ""
    fields = stat[stat.rfind(")") + 2:].split()
    return fields[19] if len(fields) > 19 else ""


@cache
def _host() -> str:
    return socket.gethostname()[:60]


def worker_id() -> str:
    """This process: "host:pid:start" (the start time tells a reused process id from the old process)."""
    pid = os.getpid()
    return f"{_host()}:{pid}:{_start_ticks(pid)}"


def _process_gone(worker: str) -> bool:
    """True when `worker` ran on this host and is no longer running (or is a zombie)."""
    host, _sep, rest = worker.partition(":")
    pid_text, _sep, ticks = rest.partition(":")
    if host != _host() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return ticks != _start_ticks(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        pass
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            stat = fh.read().decode("ascii", "replace")
    except OSError:
        return False
    fields = stat[stat.rfind(")") + 2:].split()
    if fields and fields[0] in ("Z", "X"):
        return True
    return bool(ticks) and len(fields) > 19 and fields[19] != ticks


# ------------------------------------------------------------------------------------------------ heartbeat

def beat_path(job_id: int):
    return settings.DATA_DIR / "imports" / "progress" / f"{job_id}.beat"


class Heartbeat:
    """While the block runs, touch the job's heartbeat file every IMPORT_HEARTBEAT_SECONDS (a daemon thread:
    it dies with the process, which is the point)."""

    def __init__(self, job: ImportJob):
        self.path = beat_path(job.pk)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"import-heartbeat-{job.pk}", daemon=True)

    def _touch(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.touch()
            os.utime(self.path)
        except OSError:
            logger.warning("cannot write the heartbeat file %s", self.path, exc_info=True)

    def _run(self) -> None:
        while not self.stop.wait(heartbeat_seconds()):
            self._touch()

    def __enter__(self):
        self._touch()
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()
        try:
            self.path.unlink()
        except OSError:
            pass


# ------------------------------------------------------------------------------------------------ lease

def claim(job: ImportJob, step: str) -> bool:
    """Take the job for this process ("check" or "commit", which record the lease); False when it is not waiting
    any more (another worker took it, or it was cancelled)."""
    from danvan.core.exceptions import TransitionNotAllowed
    from danvan.imports.workflow import IMPORT_JOBS

    try:
        IMPORT_JOBS.take(job, step)
    except TransitionNotAllowed:
        return False
    return True


def finish(job: ImportJob, step: str, fields: list[str]) -> bool:
    """End the job with `step` and its results, if it still holds its lease (same worker, same start): False
    otherwise (it was found dead meanwhile and ended by someone else: their state stands)."""
    from danvan.core.exceptions import TransitionNotAllowed
    from danvan.imports.workflow import IMPORT_JOBS

    state, lease = job.state, {"worker": job.worker, "attempts": job.attempts}
    try:
        IMPORT_JOBS.take(job, step, fields=fields, holding=lease)
    except TransitionNotAllowed:
        job.state = state
        return False
    return True


# ------------------------------------------------------------------------------------------------ reaping

def last_sign_of_life(job: ImportJob) -> float:
    """Seconds since the epoch of the newest heartbeat (database or file), 0 when there is none."""
    latest = max(stamp.timestamp() for stamp in (job.heartbeat_at, job.created_at) if stamp) if (
        job.heartbeat_at or job.created_at) else 0.0
    try:
        latest = max(latest, beat_path(job.pk).stat().st_mtime)
    except OSError:
        pass
    return latest


def why_dead(job: ImportJob, now: float | None = None) -> str | None:
    """Why the running job `job` is dead ("gone", "silent", "task"), or None while it may be alive."""
    now = time.time() if now is None else now
    if job.state in (JobState.CHECKING, JobState.COMMITTING):
        if job.worker and _process_gone(job.worker):
            return "gone"
        if now - last_sign_of_life(job) > stale_seconds():
            return "silent"
        return None
    if job.state in (JobState.QUEUED, JobState.COMMIT_QUEUED) and job.task_id:
        task = _task(job.task_id)
        if task is None:
            return None
        if task.status in ("SUCCESSFUL", "FAILED"):
            return "task"   # the task ended without moving the job (it failed before taking it)
        started = task.started_at.timestamp() if task.started_at else None
        if task.status == "RUNNING" and started and now - started > stale_seconds():
            return "task"   # taken by a worker that died before it could start the job
    return None


def _task(task_id: str):
    """The queue's record of the job's task (core.queue: the database's or RQ's), or None (unknown, or the
    immediate backend, which runs tasks inline)."""
    from danvan.core import queue

    return queue.status(task_id)


def message_for(state: str) -> str:
    if AFTER_DEATH[state] == JobState.FAILED:
        return _("Tiến trình nhập đã dừng bất thường; không có dữ liệu nào được ghi. Bạn có thể chạy lại.")
    return _("Tiến trình kiểm tra tệp đã dừng bất thường (bộ xử lý nền bị tắt hoặc khởi động lại). Bạn có thể "
             "chạy lại.")


def mark_dead(job: ImportJob, why: str) -> bool:
    """Fail the job (only if it is still in the state and lease it was found dead in), and its task."""
    from danvan.core.exceptions import TransitionNotAllowed
    from danvan.imports.workflow import IMPORT_JOBS

    state = job.state
    target = AFTER_DEATH[state]
    now = timezone.now()
    values = {"message": message_for(state), "finished_at" if target == JobState.FAILED else "checked_at": now}
    for name, value in values.items():
        setattr(job, name, value)
    try:
        IMPORT_JOBS.take(job, "died_importing" if target == JobState.FAILED else "died_checking", fields=list(values),
                         holding={"worker": job.worker, "attempts": job.attempts})
    except TransitionNotAllowed:
        job.refresh_from_db()
        return False
    values["state"] = target
    logger.warning("import job %s (%s, %s, attempt %s) found dead (%s): marked %s", job.pk, state, job.worker or "-",
                   job.attempts, why, target)
    _fail_task(job.task_id, values["message"], now)
    from danvan.imports import progress

    progress.clear(job.pk)
    try:
        beat_path(job.pk).unlink()
    except OSError:
        pass
    for name, value in values.items():
        setattr(job, name, value)
    return True


def _fail_task(task_id: str, message: str, now) -> None:
    from danvan.core import queue

    if task_id:
        queue.fail(task_id, message)


def reap(jobs=None) -> list[int]:
    """Find the dead among running jobs (all, or the given queryset/list) and mark them; their ids."""
    if jobs is None:
        jobs = ImportJob.objects.filter(state__in=list(AFTER_DEATH))
    now = time.time()
    reaped = []
    for job in jobs:
        if job.state in AFTER_DEATH:
            why = why_dead(job, now)
            if why and mark_dead(job, why):
                reaped.append(job.pk)
    return reaped


class Reaper:
    """`reap()` now and then every IMPORT_REAP_INTERVAL seconds, in a daemon thread (the worker's)."""

    def __init__(self):
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="import-reaper", daemon=True)

    def _run(self) -> None:
        from django.db import close_old_connections, connection

        while not self.stop.wait(reap_interval()):
            try:
                reap()
            except Exception:  # noqa: BLE001 - a busy database now is no reason to stop reaping later
                logger.warning("reaping import jobs failed", exc_info=True)
            finally:
                close_old_connections()
                connection.close()

    def start(self):
        try:
            reap()
        except Exception:  # noqa: BLE001
            logger.warning("reaping import jobs failed", exc_info=True)
        self.thread.start()
        return self
