"""API tokens (django-rest-knox): stored as a SHA-512 digest, shown once, expiring, revoked with the password.

- `issue(user)` makes a token and returns its text: the only time it exists outside the client. The database
  (and so every backup) keeps the digest, the first 15 characters (to find it) and the expiry.
- A token expires API_TOKEN_DAYS after it was made; a user keeps at most API_TOKENS_PER_USER (issuing one more
  retires the oldest).
- `revoke_all(user)` ends every token of a user: "sign out everywhere", and automatically when the user's password
  changes or is made unusable (the signals below), so a leaked password's tokens die with it.
"""
from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone
from knox.models import AuthToken
from knox.settings import knox_settings


def active(user):
    return AuthToken.objects.filter(user=user).exclude(expiry__lt=timezone.now()).order_by("-created")


def issue(user) -> tuple[AuthToken, str]:
    """A new token for `user`: (the stored row, the token text to hand over once)."""
    AuthToken.objects.filter(user=user, expiry__lt=timezone.now()).delete()
    instance, text = AuthToken.objects.create(user=user, expiry=knox_settings.TOKEN_TTL)
    keep = max(1, settings.API_TOKENS_PER_USER)
    stale = list(AuthToken.objects.filter(user=user).order_by("-created", "-digest")
                 .values_list("digest", flat=True)[keep:])
    if stale:
        AuthToken.objects.filter(digest__in=stale).delete()
    return instance, text


def revoke(user, token_key: str) -> int:
    return AuthToken.objects.filter(user=user, token_key=token_key).delete()[0]


def revoke_all(user) -> int:
    return AuthToken.objects.filter(user=user).delete()[0]


def end_sessions(user, keep_session_key=None) -> int:
    """Delete the user's sessions (database sessions: each one is read to find its user).

    Each is deleted through the session engine, so that a copy in the cache ("cached_db" with Redis) goes too.
    """
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.session_key == keep_session_key:
            continue
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            store().delete(session.session_key)
            ended += 1
    return ended


# --- A changed password revokes the user's tokens ------------------------------------------------------
# `set_password()` keeps the new text in `_password` until the save; Django's own re-hash on sign-in (a newer
# hasher) saves with `_password` cleared, and is not a change. Other sessions need nothing: Django ends them
# itself, their stored hash of the password no longer matches.

@receiver(pre_save, sender=get_user_model(), dispatch_uid="danvan-password-change-seen")
def _note_password_change(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._danvan_password_changed = False
    if raw or instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    old = sender._base_manager.filter(pk=instance.pk).values_list("password", flat=True).first()
    if old is None or old == instance.password:
        return
    made_unusable = not instance.has_usable_password()
    instance._danvan_password_changed = getattr(instance, "_password", None) is not None or made_unusable


@receiver(post_save, sender=get_user_model(), dispatch_uid="danvan-password-change-revokes-tokens")
def _revoke_on_password_change(sender, instance, created=False, raw=False, **kwargs):
    if raw:
        return
    note = getattr(instance, "_danvan_password_note", None)
    changed = getattr(instance, "_danvan_password_changed", False)
    if changed:
        instance._danvan_password_changed = False
        revoke_all(instance)
    if changed or (created and note):
        instance._danvan_password_note = None
        _log_password_change(instance, note)


def _log_password_change(user, note=None):
    """Every password change is in the audit log, as a line "Mật khẩu: … " saying how (never the password)."""
    from auditlog.context import auditlog_disabled
    from auditlog.models import LogEntry
    from django.utils.translation import gettext

    if auditlog_disabled.get(False):
        return
    LogEntry.objects.log_create(user, action=LogEntry.Action.UPDATE, force_log=True,
                                changes={"password": ["", str(note or gettext("Đã đổi mật khẩu"))]})
