"""Sending notifications: in the app always, by e-mail (through the background queue) when the recipient has
an address and the deployment configures a mail server (DANVAN_EMAIL_HOST)."""
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from danvan.notifications.models import Kind, Notification

logger = logging.getLogger(__name__)


def email_configured() -> bool:
    return bool(getattr(settings, "EMAIL_HOST", ""))


def _queue_email(note: Notification) -> None:
    if not (email_configured() and note.recipient.email):
        return
    transaction.on_commit(lambda: _enqueue_email(note.pk))


def _enqueue_email(note_id: int) -> None:
    # On the installation's queue (core.queue). The broker down: the notification is in the app anyway; its
    # e-mail copy is not sent, and the log says so.
    from danvan.core import queue
    from danvan.notifications.tasks import email_notification

    try:
        queue.enqueue(email_notification, note_id)
    except queue.QueueUnavailable:
        logger.warning("notification %s: the queue does not answer, its e-mail copy is not sent", note_id)


def notify(recipient, *, title: str, body: str = "", url: str = "", kind: str = Kind.ALERT,
           key: str = "") -> tuple[Notification | None, bool]:
    """Send one notification. With a `key` it is sent once only, ever (reminders: None, False the second time);
    without one, an unread notification of the same kind with the same link (or title) is refreshed instead, so
    a daily alert never piles up."""
    title, url, key = title[:200], url[:500], key[:120]
    if key:
        if Notification.objects.filter(recipient=recipient, key=key).exists():
            return None, False
        try:
            with transaction.atomic():
                note = Notification.objects.create(recipient=recipient, title=title, body=body, url=url, kind=kind,
                                                   key=key)
        except IntegrityError:  # sent meanwhile by another process
            return None, False
        _queue_email(note)
        return note, True
    same = Notification.objects.filter(recipient=recipient, read_at__isnull=True, key="", kind=kind)
    existing = (same.filter(url=url) if url else same.filter(title=title, url="")).first()
    if existing is not None:
        existing.title, existing.body = title, body
        existing.save(update_fields=["title", "body"])
        return existing, False
    note = Notification.objects.create(recipient=recipient, title=title, body=body, url=url, kind=kind)
    _queue_email(note)
    return note, True


def notify_users(user_ids, *, title: str, body: str = "", url: str = "", kind: str, key: str = "") -> int:
    """Notify each active user of `user_ids` (the caller asked the scope policy who they are); returns how many
    notifications were created."""
    users = get_user_model().objects.filter(pk__in=sorted(set(user_ids)), is_active=True).order_by("pk")
    return sum(notify(user, title=title, body=body, url=url, kind=kind, key=key)[1] for user in users)


def mark_read(user, ids=None) -> int:
    """Mark the user's own notifications read (all unread ones when `ids` is None)."""
    qs = Notification.objects.visible_to(user).unread()
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


def send_email(notification_id: int) -> bool:
    """The e-mail copy of a notification (the background task): once, to the recipient's address."""
    note = Notification.objects.select_related("recipient").filter(pk=notification_id, emailed_at=None).first()
    if note is None or not note.recipient.email or not email_configured():
        return False
    link = (getattr(settings, "SITE_URL", "").rstrip("/") + note.url) if note.url else ""
    text = "\n\n".join(part for part in (note.body, link) if part)
    send_mail(note.title, text or note.title, None, [note.recipient.email])
    Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())
    return True
