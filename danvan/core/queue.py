"""The background queue as the rest of the code sees it, whatever backend runs it (issue 11, items 3 and 8).

The code enqueues through django-tasks (`task.enqueue`). What django-tasks does not offer is here, for the two
backends an installation runs: django-tasks-db (the queue in the database: the demo, the tests, a small
installation) and django-tasks-rq (RQ on Redis: production, several workers on several machines).

- `enqueue(task, *args)`: on the installation's queue (settings.TASK_QUEUE); a broker that does not answer
  raises `QueueUnavailable` (with a Vietnamese message) instead of a connection error;
- `status(task_id)`: the queue's record of a task (its status and start), None when unknown;
- `fail(task_id, message)`: a task whose worker died, failed in the queue (visible, retryable);
- `summary()`, `failed(limit)`, `retry(task_id)`: the operator page (/van-hanh/).
"""
from __future__ import annotations

import datetime
import logging
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from danvan.core.exceptions import DomainError

logger = logging.getLogger(__name__)

RUNNING, READY, FAILED, SUCCESSFUL = "RUNNING", "READY", "FAILED", "SUCCESSFUL"


class QueueUnavailable(DomainError):
    """The broker (Redis) does not answer: nothing was queued (a 503 in the API, a message on a page)."""

    status_code = 503

    def __init__(self, detail: str = "", *, field=None):
        self.detail = detail
        super().__init__(_("Hàng đợi xử lý nền (Redis) không trả lời nên chưa thể bắt đầu. Không có gì bị mất: "
                           "hãy thử lại sau ít phút hoặc báo quản trị hệ thống."), field=field)


def kind() -> str:
    """"database", "rq" or "immediate": which backend runs the tasks."""
    backend = settings.TASKS["default"]["BACKEND"]
    if backend.startswith("django_tasks_rq."):
        return "rq"
    if backend.startswith("django_tasks_db."):
        return "database"
    return "immediate"


def queue_name() -> str:
    return getattr(settings, "TASK_QUEUE", "default")


def enqueue(task, *args, **kwargs):
    """Enqueue `task` on the installation's queue; QueueUnavailable when the broker does not answer."""
    try:
        return task.using(queue_name=queue_name()).enqueue(*args, **kwargs)
    except Exception as exc:
        if kind() == "rq" and _is_connection_error(exc):
            logger.error("the task queue (Redis) does not answer: %s", exc)
            raise QueueUnavailable(str(exc)) from exc
        raise


def ensure_available() -> None:
    """Raise QueueUnavailable now if the broker does not answer (before anything is written for a job)."""
    if kind() != "rq":
        return   # the database queue is the database: if it does not answer, nothing else works either
    try:
        _rq_queue().connection.ping()
    except Exception as exc:
        if _is_connection_error(exc):
            logger.error("the task queue (Redis) does not answer: %s", exc)
            raise QueueUnavailable(str(exc), field="file") from exc
        raise


def _is_connection_error(exc) -> bool:
    import redis

    return isinstance(exc, (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError))


# ------------------------------------------------------------------------------------------------ RQ

def _rq_queue():
    import django_rq
    from django_tasks_rq.backend import Job

    return django_rq.get_queue(queue_name(), job_class=Job)


def _rq_job(task_id: str):
    from rq.exceptions import NoSuchJobError

    queue = _rq_queue()
    try:
        return queue.job_class.fetch(task_id, connection=queue.connection)
    except NoSuchJobError:
        return None


@dataclass
class TaskRecord:
    id: str
    status: str            # RUNNING, READY, FAILED, SUCCESSFUL
    started_at: datetime.datetime | None
    name: str = ""
    args: str = ""
    ended_at: datetime.datetime | None = None
    error: str = ""


_RQ_STATUS = {"queued": READY, "deferred": READY, "scheduled": READY, "started": RUNNING, "finished": SUCCESSFUL,
              "failed": FAILED, "stopped": FAILED, "canceled": FAILED}


def _aware(moment):
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=datetime.timezone.utc)
    return moment


def _rq_record(job) -> TaskRecord:
    error = ""
    state = job.get_status(refresh=False)
    state = str(getattr(state, "value", state) or "queued")
    if state == "failed":
        latest = job.latest_result()
        error = (getattr(latest, "exc_string", "") or "") if latest else ""
        error = error or str(getattr(job, "exc_info", "") or "")
    return TaskRecord(id=job.id, status=_RQ_STATUS.get(state, READY),
                      started_at=_aware(job.started_at), name=job.func_name.rsplit(".", 1)[-1],
                      args=", ".join(map(str, job.args or ())), ended_at=_aware(job.ended_at),
                      error=error.strip().splitlines()[-1][:300] if error.strip() else "")


# ------------------------------------------------------------------------------------------------ database

def _db_pk(task_id: str):
    try:
        return uuid.UUID(str(task_id))
    except (ValueError, TypeError):
        return None


def _db_record(row) -> TaskRecord:
    args = row.args_kwargs.get("args", []) if isinstance(row.args_kwargs, dict) else []
    return TaskRecord(id=str(row.pk), status=row.status, started_at=row.started_at,
                      name=row.task_path.rsplit(".", 1)[-1], args=", ".join(map(str, args)), ended_at=row.finished_at,
                      error=(row.traceback or "").strip().splitlines()[-1][:300] if row.traceback else "")


# ------------------------------------------------------------------------------------------------ the API

def status(task_id: str) -> TaskRecord | None:
    """The queue's record of a task (None: unknown, or a backend that runs tasks inline)."""
    if not task_id:
        return None
    if kind() == "rq":
        job = _rq_job(task_id)
        return None if job is None else _rq_record(job)
    if kind() == "database":
        from django_tasks_db.models import DBTaskResult

        pk = _db_pk(task_id)
        row = None if pk is None else DBTaskResult.objects.filter(pk=pk).first()
        return None if row is None else _db_record(row)
    return None


def fail(task_id: str, message: str) -> None:
    """A running task whose worker died: failed in the queue, with `message` (the operator page lists it)."""
    from django.utils import timezone

    if kind() == "database":
        from django_tasks_db.models import DBTaskResult

        pk = _db_pk(task_id)
        if pk is not None:
            DBTaskResult.objects.filter(pk=pk, status="RUNNING").update(
                status="FAILED", finished_at=timezone.now(), exception_class_path="danvan.imports.leases.WorkerLost",
                traceback=message)
    elif kind() == "rq":
        from rq.job import JobStatus
        from rq.registry import FailedJobRegistry, StartedJobRegistry

        job = _rq_job(task_id)
        if job is None or job.get_status() != JobStatus.STARTED:
            return
        from rq.defaults import DEFAULT_FAILURE_TTL
        from rq.results import Result

        queue = _rq_queue()
        StartedJobRegistry(queue=queue).remove_executions(job)
        job.set_status(JobStatus.FAILED)
        job.ended_at = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
        FailedJobRegistry(queue=queue).add(job, exc_string=message)
        Result.create_failure(job, ttl=DEFAULT_FAILURE_TTL, exc_string=message, worker_name=job.worker_name or "")


def summary() -> dict:
    """Queue depth for the operator page and /readyz: waiting, running, failed, oldest waiting (seconds)."""
    from django.db.models import Min
    from django.utils import timezone

    if kind() == "rq":
        from rq.registry import FailedJobRegistry, StartedJobRegistry

        queue = _rq_queue()
        oldest = None
        first = queue.get_job_ids(0, 0)
        if first:
            job = _rq_job(first[0])
            oldest = _aware(job.enqueued_at) if job else None
        answer = {"backend": "rq", "queue": queue.name, "waiting": queue.count,
                  "running": StartedJobRegistry(queue=queue).count, "failed": FailedJobRegistry(queue=queue).count,
                  "workers": _rq_workers(queue)}
    elif kind() == "database":
        from django_tasks_db.models import DBTaskResult

        rows = DBTaskResult.objects
        waiting = rows.ready().aggregate(oldest=Min("enqueued_at"))
        oldest = waiting["oldest"]
        answer = {"backend": "database", "queue": queue_name(), "waiting": rows.ready().count(),
                  "running": rows.filter(status="RUNNING").count(), "failed": rows.filter(status="FAILED").count(),
                  "workers": None}
    else:
        return {"backend": "immediate", "queue": queue_name(), "waiting": 0, "running": 0, "failed": 0,
                "workers": None, "oldest_waiting_seconds": 0}
    answer["oldest_waiting_seconds"] = round((timezone.now() - oldest).total_seconds()) if oldest else 0
    return answer


def _rq_workers(queue) -> int:
    from rq import Worker

    return len(Worker.all(queue=queue))


def failed(limit: int = 50) -> list[TaskRecord]:
    """The newest failed tasks (for the operator page)."""
    if kind() == "rq":
        from rq.registry import FailedJobRegistry

        queue = _rq_queue()
        registry = FailedJobRegistry(queue=queue)
        ids = registry.get_job_ids(0, limit - 1, desc=True)
        jobs = [job for job in queue.job_class.fetch_many(ids, connection=queue.connection) if job is not None]
        return [_rq_record(job) for job in jobs]
    if kind() == "database":
        from django_tasks_db.models import DBTaskResult

        return [_db_record(row) for row in DBTaskResult.objects.filter(status="FAILED").order_by("-finished_at")[:limit]]
    return []


def retry(task_id: str) -> bool:
    """Run a failed task again (the same task, the same arguments); False when it is not a failed task."""
    if kind() == "rq":
        from rq.registry import FailedJobRegistry

        job = _rq_job(task_id)
        if job is None or job.get_status() != "failed":
            return False
        FailedJobRegistry(queue=_rq_queue()).requeue(job)
        return True
    if kind() == "database":
        from django.utils.module_loading import import_string
        from django_tasks_db.models import DBTaskResult

        pk = _db_pk(task_id)
        row = None if pk is None else DBTaskResult.objects.filter(pk=pk, status="FAILED").first()
        if row is None:
            return False
        task = import_string(row.task_path)
        kwargs = row.args_kwargs.get("kwargs", {}) if isinstance(row.args_kwargs, dict) else {}
        enqueue(task, *row.args_kwargs.get("args", []), **kwargs)
        row.delete()   # the new task replaces it in the list
        return True
    return False
