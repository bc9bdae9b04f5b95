"""Import jobs on the workflow primitive (imports.workflow): each state change is a compare-and-set, so two
workers never both take a job; confirming and cancelling are the uploader's."""
import pytest

from danvan.core.exceptions import NotInScope, TransitionNotAllowed
from danvan.imports import leases, services
from danvan.imports.models import ImportJob, JobState
from danvan.imports.workflow import IMPORT_JOBS

pytestmark = pytest.mark.django_db


def job_of(user, state, **values):
    return ImportJob.objects.create(kind="initiatives", user=user, original_name="a.xlsx", sha256="2" * 64,
                                    state=state, **values)


def test_two_workers_never_both_take_a_job(world):
    job = job_of(world.users.staff_a, JobState.QUEUED)
    first, second = ImportJob.objects.get(pk=job.pk), ImportJob.objects.get(pk=job.pk)
    IMPORT_JOBS.take(first, "check")
    with pytest.raises(TransitionNotAllowed):
        IMPORT_JOBS.take(second, "check")
    assert ImportJob.objects.get(pk=job.pk).state == JobState.CHECKING
    # the service's worker entry point leaves a job another worker holds alone
    assert services.check_job(job.pk).state == JobState.CHECKING
    assert services.commit_job(job.pk).state == JobState.CHECKING


def test_a_finishing_worker_does_not_overwrite_a_job_moved_on_meanwhile(world):
    job = job_of(world.users.staff_a, JobState.COMMITTING)
    ImportJob.objects.filter(pk=job.pk).update(state=JobState.FAILED, message="Tiến trình nhập đã dừng.")
    assert not leases.finish(job, "done", ["message"])
    job.refresh_from_db()
    assert (job.state, job.message) == (JobState.FAILED, "Tiến trình nhập đã dừng.")


def test_only_the_uploader_confirms_or_cancels_and_workers_steps_are_the_systems(world):
    job = job_of(world.users.staff_a, JobState.CHECKED, counts={"new": 1})
    assert [s.name for s in IMPORT_JOBS.steps_for(job, world.users.staff_a)] == ["confirm", "cancel"]  # no file: no retry
    assert IMPORT_JOBS.steps_for(job, world.users.staff_b) == []
    with pytest.raises(NotInScope):
        services.cancel(job, user=world.users.staff_b)
    with pytest.raises(TransitionNotAllowed):
        IMPORT_JOBS.take(job, "commit", user=world.users.staff_a)  # not from "checked" (the state is checked first)…
    queued = job_of(world.users.staff_a, JobState.QUEUED)
    with pytest.raises(NotInScope):                                 # …and from "queued" only the worker may
        IMPORT_JOBS.take(queued, "check", user=world.users.staff_a)
    services.cancel(job, user=world.users.staff_a)
    assert ImportJob.objects.get(pk=job.pk).state == JobState.CANCELLED


def test_a_job_with_errors_or_running_cannot_be_confirmed_or_cancelled(world):
    broken = job_of(world.users.staff_a, JobState.CHECKED, counts={"error_rows": 2})
    assert [s.name for s in IMPORT_JOBS.steps_for(broken, world.users.staff_a)] == ["cancel"]
    with pytest.raises(TransitionNotAllowed, match="Tệp còn lỗi"):
        services.confirm(broken, user=world.users.staff_a)
    running = job_of(world.users.staff_a, JobState.COMMITTING)
    with pytest.raises(TransitionNotAllowed, match="Không thể huỷ"):
        services.cancel(running, user=world.users.staff_a)
    assert IMPORT_JOBS.holds(running, "running") and running.is_running
    assert set(IMPORT_JOBS.filter(ImportJob.objects.all(), "running").values_list("pk", flat=True)) == {running.pk}
