"""Session limits: an idle timeout and an absolute lifetime, both from settings (minutes / hours).

A signed-in session carries two stamps: when the user signed in and when they were last seen. A request after
SESSION_IDLE_MINUTES without activity, or SESSION_MAX_HOURS after sign-in, signs the user out and is answered
as for anyone not signed in (the login page, or a 401/403 from the API). "Last seen" is written at most once a
minute, so an ordinary page view does not rewrite the session row. The session cookie itself lives no longer
than the absolute limit (SESSION_COOKIE_AGE).
"""
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.translation import gettext as _

SIGNED_IN_AT = "danvan_signed_in_at"
LAST_SEEN_AT = "danvan_last_seen_at"
STAMP_EVERY = 60  # seconds between two writes of "last seen"


def now() -> float:
    """The clock the limits read (tests move it)."""
    return time.time()


@receiver(user_logged_in, dispatch_uid="danvan-session-stamps")
def stamp_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = request.session[LAST_SEEN_AT] = now()


class SessionLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            self.check(request)
        return self.get_response(request)

    def check(self, request):
        session, t = request.session, now()
        signed_in = session.get(SIGNED_IN_AT)
        last_seen = session.get(LAST_SEEN_AT)
        if signed_in is None or last_seen is None:  # a session from before this rule: start counting now
            session[SIGNED_IN_AT] = signed_in or t
            session[LAST_SEEN_AT] = t
            return
        if t - signed_in > settings.SESSION_MAX_HOURS * 3600:
            self.expire(request, _("Phiên làm việc đã quá %(hours)s giờ; hãy đăng nhập lại.")
                        % {"hours": settings.SESSION_MAX_HOURS})
        elif t - last_seen > settings.SESSION_IDLE_MINUTES * 60:
            self.expire(request, _("Phiên làm việc đã hết hạn sau %(minutes)s phút không thao tác; hãy đăng nhập lại.")
                        % {"minutes": settings.SESSION_IDLE_MINUTES})
        elif t - last_seen >= STAMP_EVERY:
            session[LAST_SEEN_AT] = t

    @staticmethod
    def expire(request, message):
        logout(request)  # flushes the session; request.user becomes anonymous for the rest of this request
        if not request.path.startswith("/api/"):
            messages.info(request, message)
