"""The import job machine, declared on the workflow primitive (core.workflow).

queued → checking → checked | invalid; checked → commit_queued → committing → done | failed; a job that was not
imported (checked, invalid, failed) can be checked again (retry) or cancelled. A job has no version: each step is
a compare-and-set on the state column (lock=STATE), so two workers can never both take the same job. Taking a job
("check", "commit") records the worker's lease (imports.leases); the worker's closing steps require it still
holds that lease, and a job whose worker died is ended by "died" (a check: invalid; an import: failed). The
worker's steps are the system's (policy.system_only); confirming, retrying and cancelling are the uploader's
(policy.may_handle_import).
"""
from django.utils.translation import gettext_lazy as _

from django.utils import timezone

from danvan.accounts import policy
from danvan.core.workflow import STATE, Step, Workflow
from danvan.imports.models import RUNNING_STATES, ImportJob, JobState

Q_, CHECKING, CHECKED, INVALID, CQ, COMMITTING, DONE, FAILED, CANCELLED = (
    JobState.QUEUED, JobState.CHECKING, JobState.CHECKED, JobState.INVALID, JobState.COMMIT_QUEUED,
    JobState.COMMITTING, JobState.DONE, JobState.FAILED, JobState.CANCELLED)

def _lease(move):
    """The lease of the worker taking the job (imports.leases tells a dead worker from a live one by it)."""
    from danvan.imports.leases import worker_id

    return {"worker": worker_id(), "heartbeat_at": timezone.now(), "attempts": move.obj.attempts + 1, "message": ""}


def _fresh(move):
    """A job checked again starts from nothing but its file."""
    return {"message": "", "counts": {}, "issues": [], "issues_omitted": 0, "seconds": None, "finished_at": None,
            "task_id": ""}


IMPORT_JOBS = Workflow(
    ImportJob, states=JobState, state_field="state", lock=STATE,
    allowed=policy.system_only, denied=_("Bạn không có quyền với lần nhập này."),
    steps=[
        Step("check", sources=[Q_], target=CHECKING, sets=_lease),
        Step("checked", sources=[CHECKING], target=CHECKED),
        Step("invalid", sources=[CHECKING], target=INVALID),
        Step("confirm", sources=[CHECKED], target=CQ, allowed=policy.may_handle_import,
             # the task id goes with the state: the old (ended) task must not make the waiting job look dead
             sets=lambda move: {"task_id": ""},
             refused=_("Lần nhập này không còn chờ xác nhận."),
             requires=[(lambda job: not job.counts.get("error_rows") and not job.message,
                        _("Tệp còn lỗi, chưa thể nhập. Hãy sửa tệp rồi tải lên lại."))]),
        # the queue (the broker) refused the import's task: the job waits for confirmation again, as it was
        Step("unqueue", sources=[CQ], target=CHECKED),
        Step("commit", sources=[CQ], target=COMMITTING, sets=_lease),
        Step("done", sources=[COMMITTING], target=DONE),
        Step("failed", sources=[COMMITTING], target=FAILED),
        Step("died_checking", sources=[Q_, CHECKING], target=INVALID),
        Step("died_importing", sources=[CQ, COMMITTING], target=FAILED),
        Step("retry", sources=[CHECKED, INVALID, FAILED], target=Q_, allowed=policy.may_handle_import, sets=_fresh,
             refused=_("Không thể chạy lại lần nhập này (đang chạy, đã xong hoặc tệp không còn)."),
             requires=[(lambda job: bool(job.file), _("Tệp của lần nhập này không còn; hãy tải tệp lên lại."))]),
        Step("cancel", sources=[CHECKED, INVALID, FAILED], target=CANCELLED, allowed=policy.may_handle_import,
             refused=_("Không thể huỷ lần nhập đang chạy hoặc đã xong.")),
    ],
    conditions={"running": {"state__in": RUNNING_STATES}},
)
