"""A real worker process for test_leases, run as `python -m danvan.imports.tests.lease_worker COMMAND JOB_ID`
with DATABASE_URL and DANVAN_DATA_DIR pointing at the test's database and files.

    work     `danvan db_worker --batch`, which stops inside the import's transaction after the rows of the
             first chunk are written (checked, for a check) and says PAUSED: the test kills it there (kill -9)
    recover  what a person sees afterwards, as JSON: the job and its task as the dead worker left them; after a
             new worker starts (it reaps); after "check again" and "confirm" (run inline)
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
        sys.stdout.write("PAUSED\n")
        sys.stdout.flush()
        sys.stdin.read()   # until killed
        return done

    engine._chunk = chunk_then_pause
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def _state(job_id: int) -> dict:
    from danvan.imports.leases import _task
    from danvan.imports.models import ImportJob
    from danvan.imports.tests.test_import_initiatives import imported

    job = ImportJob.objects.get(pk=job_id)
    task = _task(job.task_id)
    return {"state": job.state, "message": job.message, "attempts": job.attempts, "worker": job.worker,
            "task": task.status if task else None, "imported": imported().count(), "can_retry": job.can_retry,
            "file": bool(job.file) and os.path.exists(job.path)}


def recover(job_id: int) -> None:
    from django.core.management import call_command
    from django.test import override_settings

    from danvan.imports import services
    from danvan.imports.models import ImportJob

    report = {"left": _state(job_id)}
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    report["new_worker"] = _state(job_id)
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}):
        job = services.retry(ImportJob.objects.get(pk=job_id))
        report["checked_again"] = _state(job_id)
        if job.state == "checked":
            services.confirm(job)
    report["confirmed"] = _state(job_id)
    print(json.dumps(report))


if __name__ == "__main__":
    _setup()
    {"work": work, "recover": recover}[sys.argv[1]](int(sys.argv[2]))
