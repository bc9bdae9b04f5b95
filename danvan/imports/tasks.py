"""Background tasks (django-tasks): the worker (`danvan db_worker`) runs them; tests run them inline."""
from django_tasks import task


@task()
def check_import(job_id: int) -> None:
    from danvan.imports.services import check_job

    check_job(job_id)


@task()
def commit_import(job_id: int) -> None:
    from danvan.imports.services import commit_job

    commit_job(job_id)
