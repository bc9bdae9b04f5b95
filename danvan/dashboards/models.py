"""In-app notifications (the count tables the dashboards read are the stats app's: danvan.stats.models)."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
    title = models.CharField(_("Tiêu đề"), max_length=200)
    body = models.TextField(_("Nội dung"), blank=True)
    url = models.CharField(_("Đường dẫn"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("Gửi lúc"), auto_now_add=True)
    read_at = models.DateTimeField(_("Đã đọc lúc"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Thông báo")
        verbose_name_plural = _("Thông báo")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.title
