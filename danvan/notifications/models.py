"""In-app notifications: a message to one user about work handed to them, pointing at the record.

Created by the services that take a workflow step which hands work to someone (reporting.workflow's steps,
reporting.services.open_round and the reminders), and by the alerts (dashboards.alerts). A user sees only
their own (`visible_to`); e-mail copies go through the background queue (notifications.services).
"""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    ROUND_OPENED = "round_opened", _("Đợt báo cáo mới")
    REPORT_SUBMITTED = "report_submitted", _("Báo cáo đã nộp")
    REPORT_RETURNED = "report_returned", _("Báo cáo bị trả lại")
    REPORT_ACCEPTED = "report_accepted", _("Báo cáo được tiếp nhận")
    REMINDER = "reminder", _("Nhắc hạn nộp")
    ALERT = "alert", _("Cảnh báo")


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A notification is seen only by its recipient."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """An in-app message to one user, pointing at the records that need their attention."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Người nhận"), on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("Loại"), max_length=20, choices=Kind.choices, default=Kind.ALERT)
    title = models.CharField(_("Tiêu đề"), max_length=200)
    body = models.TextField(_("Nội dung"), blank=True)
    url = models.CharField(_("Đường dẫn"), max_length=500, blank=True)
    # What makes a notification happen once only (e.g. "reminder:<report>:<deadline>:3"): a second send
    # with the same key for the same user is skipped, read or not.
    key = models.CharField(_("Khoá chống trùng"), max_length=120, blank=True, default="")
    created_at = models.DateTimeField(_("Gửi lúc"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("Đã đọc lúc"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("Đã gửi thư lúc"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Thông báo")
        verbose_name_plural = _("Thông báo")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], condition=~models.Q(key=""),
                                    name="notification_once_per_key"),
        ]

    def __str__(self):
        return self.title
