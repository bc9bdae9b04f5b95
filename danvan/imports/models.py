"""An import job: one uploaded file, checked (preview) and then, on confirmation, written all at once."""
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def import_storage():
    # Uploaded sheets hold personal data: kept outside MEDIA_ROOT (or under their own prefix of the private
    # bucket, core.files.private_storage), never served by URL.
    from danvan.core.files import private_storage

    return private_storage("imports", local=settings.DATA_DIR / "imports")


def upload_path(instance, filename):
    return f"{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{instance.extension}"


class ImportKind(models.TextChoices):
    INITIATIVES = "initiatives", _("Mô hình")
    EXEMPLARS = "exemplars", _("Điển hình")
    INDICATOR_VALUES = "indicator_values", _("Giá trị chỉ tiêu")
    ORGANIZATIONS = "organizations", _("Tổ chức")


class JobState(models.TextChoices):
    QUEUED = "queued", _("Đang chờ kiểm tra")
    CHECKING = "checking", _("Đang kiểm tra")
    CHECKED = "checked", _("Đã kiểm tra, chờ xác nhận")
    INVALID = "invalid", _("Có lỗi, chưa nhập")
    COMMIT_QUEUED = "commit_queued", _("Đang chờ nhập")
    COMMITTING = "committing", _("Đang nhập")
    DONE = "done", _("Đã nhập")
    FAILED = "failed", _("Không nhập được")
    CANCELLED = "cancelled", _("Đã huỷ")


RUNNING_STATES = {JobState.QUEUED, JobState.CHECKING, JobState.COMMIT_QUEUED, JobState.COMMITTING}


class ImportJobQuerySet(models.QuerySet):
    def owned_by(self, user):
        """A job is seen only by the person who uploaded it (it holds their file and their scope's errors)."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(user=user)


class ImportJob(models.Model):
    kind = models.CharField(_("Loại dữ liệu"), max_length=20, choices=ImportKind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("Người nhập"), on_delete=models.CASCADE,
                             related_name="import_jobs")
    file = models.FileField(_("Tệp"), storage=import_storage, upload_to=upload_path, max_length=255)
    original_name = models.CharField(_("Tên tệp"), max_length=255)
    extension = models.CharField(max_length=8, default="xlsx")
    size = models.PositiveBigIntegerField(_("Dung lượng (byte)"), default=0)
    sha256 = models.CharField(max_length=64, db_index=True)
    sheet = models.CharField(_("Trang tính"), max_length=100, blank=True)
    state = models.CharField(_("Trạng thái"), max_length=16, choices=JobState.choices, default=JobState.QUEUED)
    created_at = models.DateTimeField(_("Tải lên lúc"), auto_now_add=True)
    checked_at = models.DateTimeField(_("Kiểm tra lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("Nhập xong lúc"), null=True, blank=True)
    total_rows = models.PositiveIntegerField(_("Số dòng"), default=0)
    counts = models.JSONField(default=dict, blank=True)
    issues = models.JSONField(default=list, blank=True)
    issues_omitted = models.PositiveIntegerField(default=0)
    message = models.TextField(_("Thông báo"), blank=True)
    seconds = models.FloatField(_("Thời gian (giây)"), null=True, blank=True)
    # The lease of a running job (imports.leases): which process runs it, since when, how many times it started.
    worker = models.CharField(_("Tiến trình xử lý"), max_length=120, blank=True)
    heartbeat_at = models.DateTimeField(_("Nhận việc lúc"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("Số lần chạy"), default=0)
    task_id = models.CharField(max_length=64, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("Lần nhập dữ liệu")
        verbose_name_plural = _("Lần nhập dữ liệu")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.original_name}"

    def get_absolute_url(self):
        return reverse("imports:job", args=[self.pk])

    @property
    def is_running(self) -> bool:
        return self.state in RUNNING_STATES

    @property
    def can_commit(self) -> bool:
        return self.state == JobState.CHECKED and not self.counts.get("error_rows")

    @property
    def can_retry(self) -> bool:
        """Ended without importing, and the uploaded file is still here: it can be checked again."""
        return self.state in (JobState.INVALID, JobState.FAILED) and bool(self.file) and self.file.storage.exists(
            self.file.name)

    @property
    def path(self):
        return self.file.path

    def local_path(self):
        """`with job.local_path() as path:` the uploaded file on this machine (a temporary copy when it lives
        in an object store, so a worker on any machine reads it)."""
        from danvan.core.files import local_path

        return local_path(self.file, suffix=f".{self.extension}")
