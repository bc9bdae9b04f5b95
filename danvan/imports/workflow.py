"""The import job machine, declared on the workflow primitive (core.workflow).

queued → checking → checked | invalid; checked → commit_queued → committing → done | failed; a job that was not
imported (checked, invalid, failed) can be cancelled. A job has no version: each step is a compare-and-set on
the state column (lock=STATE), so two workers can never both take the same job. The worker's steps are the
system's (policy.system_only); confirming and cancelling are the uploader's (policy.may_handle_import).
"""
from django.utils.translation import gettext_lazy as _

from danvan.accounts import policy
from danvan.core.workflow import STATE, Step, Workflow
from danvan.imports.models import RUNNING_STATES, ImportJob, JobState

Q_, CHECKING, CHECKED, INVALID, CQ, COMMITTING, DONE, FAILED, CANCELLED = (
    JobState.QUEUED, JobState.CHECKING, JobState.CHECKED, JobState.INVALID, JobState.COMMIT_QUEUED,
    JobState.COMMITTING, JobState.DONE, JobState.FAILED, JobState.CANCELLED)

IMPORT_JOBS = Workflow(
    ImportJob, states=JobState, state_field="state", lock=STATE,
    allowed=policy.system_only, denied=_("Bạn không có quyền với lần nhập này."),
    steps=[
        Step("check", sources=[Q_], target=CHECKING),
        Step("checked", sources=[CHECKING], target=CHECKED),
        Step("invalid", sources=[CHECKING], target=INVALID),
        Step("confirm", sources=[CHECKED], target=CQ, allowed=policy.may_handle_import,
             refused=_("Lần nhập này không còn chờ xác nhận."),
             requires=[(lambda job: not job.counts.get("error_rows") and not job.message,
                        _("Tệp còn lỗi, chưa thể nhập. Hãy sửa tệp rồi tải lên lại."))]),
        Step("commit", sources=[CQ], target=COMMITTING),
        Step("done", sources=[COMMITTING], target=DONE),
        Step("failed", sources=[COMMITTING], target=FAILED),
        Step("cancel", sources=[CHECKED, INVALID, FAILED], target=CANCELLED, allowed=policy.may_handle_import,
             refused=_("Không thể huỷ lần nhập đang chạy hoặc đã xong.")),
    ],
    conditions={"running": {"state__in": RUNNING_STATES}},
)
