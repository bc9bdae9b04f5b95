"""Import jobs: upload → check (the preview, nothing written) → confirm → import (all rows or none).

Checking and importing run as background tasks (imports.tasks), so a 100,000-row file never holds a web
request; the page follows their progress. The command line (`danvan import`) calls `import_file` directly.
Every change of a job's state is a step of the machine in imports.workflow (a compare-and-set on the state).
A running job holds a lease (imports.leases): if its process dies, the job is found, marked failed with a
message, and can be checked again (`retry`).
"""
from __future__ import annotations

import hashlib
import logging
import os
import time
import uuid

from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core import files, queue
from danvan.core.exceptions import DomainError
from danvan.imports import leases, limits, progress
from danvan.imports.engine import Outcome, run
from danvan.imports.kinds import importer_for
from danvan.imports.models import ImportJob, JobState
from danvan.imports.workflow import IMPORT_JOBS

logger = logging.getLogger(__name__)

EXTENSIONS = {".xlsx", ".xlsm", ".xls", ".ods", ".csv"}


def max_bytes() -> int:
    return limits.current().max_bytes


def import_file(path, kind: str, *, user=None, commit: bool = True, sheet: str | None = None,
                progress_cb=None, cid: str = "", original_name: str = "", before_commit=None) -> Outcome:
    """Check or import one file as `user` (None: the system, unrestricted), all rows or none."""
    importer = importer_for(kind)(user, cid=cid or f"import-{uuid.uuid4().hex[:12]}")
    importer.source = (path, original_name or os.path.basename(str(path)))
    return run(path, importer, commit=commit, sheet=sheet or None, progress=progress_cb, before_commit=before_commit)


def upload(uploaded, *, kind: str, user, sheet: str = "") -> ImportJob:
    """Keep an uploaded spreadsheet (of an accepted type and size) and queue its check."""
    name = os.path.basename(uploaded.name or "")
    ext = os.path.splitext(name)[1].lower()
    if ext not in EXTENSIONS:
        raise DomainError(_("Tệp “%(name)s” không phải bảng tính. Chỉ nhận tệp %(ok)s.")
                          % {"name": name[:80], "ok": ", ".join(sorted(EXTENSIONS))}, field="file")
    if uploaded.size > max_bytes():
        raise DomainError(_("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": max_bytes() // (1024 * 1024)}, field="file")
    queue.ensure_available()   # the broker down: say so before anything is kept
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    job = ImportJob(kind=kind, user=user, original_name=name[:255], extension=ext.lstrip("."), size=uploaded.size,
                    sha256=digest.hexdigest(), sheet=(sheet or "")[:100])
    files.save_upload(job.file, name, uploaded)   # disk full: a clear DomainError, nothing kept
    try:
        job.save()
    except BaseException:
        files.forget(job.file)
        raise
    try:
        _enqueue("check_import", job)
    except queue.QueueUnavailable as exc:
        # the broker went down between the check above and now: no job that looks queued, no file left
        _forget_file(job)
        ImportJob.objects.filter(pk=job.pk).delete()
        raise DomainError(str(exc), field="file") from exc
    return job


def _enqueue(task_name: str, job: ImportJob) -> None:
    # The job row is committed (views run in autocommit), so a worker in another process can read it. The
    # task's id lets the reaper tell a task that ended (or whose worker died) without moving the job.
    # A broker that does not answer (Redis down with the RQ backend) raises core.queue.QueueUnavailable: the
    # caller puts the job back where it was, so nothing looks running that no worker will ever take.
    from danvan.imports import tasks

    result = queue.enqueue(getattr(tasks, task_name), job.pk)
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(getattr(result, "id", "") or "")[:64])


def _reporter(job: ImportJob, phase: str):
    def report(done: int, total: int) -> None:
        progress.write(job.pk, phase, done, total)

    return report


# What a finished check or import writes on the job, with its new state.
RESULT_FIELDS = ("counts", "issues", "issues_omitted", "message", "seconds", "sheet")


def _store(job: ImportJob, outcome: Outcome) -> None:
    job.counts = outcome.counts
    job.issues = outcome.issues
    job.issues_omitted = outcome.omitted
    job.message = outcome.fatal
    job.seconds = round(outcome.seconds, 2)
    job.sheet = outcome.sheet or job.sheet


RESULT_FIELDS = ["counts", "issues", "issues_omitted", "message", "seconds", "sheet", "total_rows"]


def check_job(job_id: int) -> ImportJob:
    """The preview: read and check every row, write nothing; the job lists each error and warning."""
    leases.reap()
    job = ImportJob.objects.get(pk=job_id)
    if not leases.claim(job, "check"):  # only one worker wins the job
        return job
    with leases.Heartbeat(job):
        try:
            with job.local_path() as path:
                outcome = import_file(path, job.kind, user=job.user, commit=False, sheet=job.sheet,
                                      progress_cb=_reporter(job, "check"), cid=f"import-{job.pk}")
            _store(job, outcome)
            earlier = earlier_import(job)
            if earlier is not None:
                job.issues = [{"row": None, "column": "", "value": earlier.original_name, "level": "warning",
                               "message": _("Tệp giống hệt đã được nhập lúc %(at)s; các dòng đã có sẽ được bỏ qua.")
                               % {"at": timezone.localtime(earlier.finished_at).strftime("%d/%m/%Y %H:%M")}}] + job.issues
                job.counts["warnings"] = job.counts.get("warnings", 0) + 1
            step = "checked" if outcome.ok else "invalid"
        except Exception:  # noqa: BLE001 - an unexpected failure must end the job, not leave it "checking"
            logger.exception("import check %s failed", job.pk)
            step, job.message = "invalid", _("Lỗi không mong đợi khi đọc tệp. Hãy kiểm tra tệp hoặc báo quản trị.")
        job.checked_at = timezone.now()
        job.total_rows = job.counts.get("rows", 0)
        if not leases.finish(job, step, [*RESULT_FIELDS, "checked_at"]):
            logger.warning("import check %s: the job was taken from this process meanwhile; its result is dropped", job.pk)
            job.refresh_from_db()
    progress.clear(job.pk)
    return job


def confirm(job: ImportJob, *, user=None) -> ImportJob:
    """Queue the import of a checked file with no errors (once: a second click does nothing)."""
    IMPORT_JOBS.take(job, "confirm", user=user)  # refused with its reason: not checked, errors, not the uploader
    try:
        _enqueue("commit_import", job)
    except queue.QueueUnavailable as exc:
        IMPORT_JOBS.take(job, "unqueue")   # waits for confirmation again, as before the click
        raise DomainError(str(exc)) from exc
    job.refresh_from_db()
    return job


def commit_job(job_id: int) -> ImportJob:
    """Import every row in one transaction; if any row fails now, nothing is written and the job says why.

    The job is marked done inside that transaction, on the condition that it still holds its lease: the rows
    and "done" commit together, and a job found dead meanwhile (see imports.leases) rolls its rows back."""
    leases.reap()
    job = ImportJob.objects.get(pk=job_id)
    if not leases.claim(job, "commit"):  # only one worker wins the job
        return job
    started = time.monotonic()

    def mark_done(outcome: Outcome) -> None:
        _store(job, outcome)
        job.finished_at = timezone.now()
        job.seconds = round(time.monotonic() - started, 2)
        job.total_rows = job.counts.get("rows", 0) or job.total_rows
        if not leases.finish(job, "done", [*RESULT_FIELDS, "finished_at"]):
            raise leases.LeaseLost(job.pk)

    with leases.Heartbeat(job):
        try:
            with job.local_path() as path:
                outcome = import_file(path, job.kind, user=job.user, commit=True, sheet=job.sheet,
                                      progress_cb=_reporter(job, "commit"), cid=f"import-{job.pk}",
                                      before_commit=mark_done, original_name=job.original_name)
            failed = not outcome.committed
            if failed:
                _store(job, outcome)
        except leases.LeaseLost:
            logger.warning("import commit %s: the job was taken from this process meanwhile; rolled back", job.pk)
            job.refresh_from_db()
            return job
        except Exception:  # noqa: BLE001 - the transaction is rolled back; the job must say so
            logger.exception("import commit %s failed", job.pk)
            failed, job.message = True, _("Lỗi không mong đợi khi nhập; không có dữ liệu nào được ghi.")
        if failed:
            job.finished_at = timezone.now()
            if not leases.finish(job, "failed", [*RESULT_FIELDS, "finished_at"]):
                job.refresh_from_db()
    progress.clear(job.pk)
    if job.state == JobState.DONE:
        _forget_file(job)
    return job


def retry(job: ImportJob, *, user=None) -> ImportJob:
    """Check again a job that ended without importing (its process died, the file was refused, rows were
    wrong): the same uploaded file, from the start; the person confirms again after the check."""
    queue.ensure_available()
    IMPORT_JOBS.take(job, "retry", user=user)
    try:
        _enqueue("check_import", job)
    except queue.QueueUnavailable as exc:
        job.message, job.checked_at = str(exc), timezone.now()
        IMPORT_JOBS.take(job, "died_checking", fields=["message", "checked_at"])   # can be run again later
        raise DomainError(str(exc)) from exc
    job.refresh_from_db()
    return job


def cancel(job: ImportJob, *, user=None) -> ImportJob:
    """Drop a job that was not imported, and its file."""
    IMPORT_JOBS.take(job, "cancel", user=user)
    _forget_file(job)
    return job


def _forget_file(job: ImportJob) -> None:
    # The sheet may hold personal data: once imported or dropped, only its fingerprint is kept.
    if job.file:
        job.file.delete(save=False)
        ImportJob.objects.filter(pk=job.pk).update(file="")


def earlier_import(job: ImportJob) -> ImportJob | None:
    """The same file (same content), imported before by the same person."""
    return (ImportJob.objects.filter(user=job.user, sha256=job.sha256, kind=job.kind, state=JobState.DONE)
            .exclude(pk=job.pk).order_by("-finished_at").first())
