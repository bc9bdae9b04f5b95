"""Real RQ worker processes for test_rq_worker, run as `python -m danvan.imports.tests.rq_worker COMMAND JOB_ID`
with DATABASE_URL, DANVAN_DATA_DIR and the RQ settings (DANVAN_TASKS_BACKEND=rq, DANVAN_RQ_URL,
DANVAN_TASK_QUEUE) pointing at the test's database, files and queue:

    work     `danvan worker` (RQ): its work horse takes the import's task, writes the rows of the first chunk
             inside the import's transaction, says PAUSED and waits there: the test kills the worker (kill -9)
    recover  what a person sees afterwards, as JSON: the job and its RQ task as the dead worker left them; after
             a new worker starts (`danvan worker --burst`: it reaps); after "check again", run by a new RQ
             worker (test_leases follows a rerun through to the import)
"""
import json
import os
import sys


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
    import django

    django.setup()


def work(job_id: int) -> None:
    from django.core.management import call_command

    from danvan.imports import engine

    chunk = engine._chunk

    def chunk_then_pause(*args, **kwargs):
        done = chunk(*args, **kwargs)
        sys.stdout.write(f"PAUSED {os.getpid()}\n")
        sys.stdout.flush()
        sys.stdin.read()   # until killed
        return done

    engine._chunk = chunk_then_pause
    call_command("worker", verbosity=0)


def _state(job_id: int) -> dict:
    from danvan.core import queue
    from danvan.imports.models import ImportJob
    from danvan.imports.tests.test_import_initiatives import imported

    job = ImportJob.objects.get(pk=job_id)
    task = queue.status(job.task_id)
    return {"state": job.state, "message": job.message, "attempts": job.attempts, "worker": job.worker,
            "task": task.status if task else None, "task_error": task.error if task else "",
            "imported": imported().count(), "can_retry": job.can_retry, "summary": queue.summary()}


def recover(job_id: int) -> None:
    from django.core.management import call_command

    from danvan.imports import services
    from danvan.imports.models import ImportJob

    report = {"left": _state(job_id)}
    call_command("worker", "--burst", verbosity=0)          # a new worker: reaps the dead job at its start
    report["new_worker"] = _state(job_id)
    services.retry(ImportJob.objects.get(pk=job_id))        # the person checks the file again …
    call_command("worker", "--burst", verbosity=0)          # … on a new worker
    report["checked_again"] = _state(job_id)
    print(json.dumps(report, default=str))


if __name__ == "__main__":
    _setup()
    {"work": work, "recover": recover}[sys.argv[1]](int(sys.argv[2]))
