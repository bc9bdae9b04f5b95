"""Turns a domain error that escaped a view into a clear Vietnamese page instead of a 500; the access log."""
import logging
import time

from django.db import OperationalError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from danvan.core.exceptions import DomainError

# SQLite answers "database is locked" when a writer waited longer than the busy timeout.
BUSY_MARKERS = ("database is locked", "database table is locked", "database is busy")
BUSY_RETRY_SECONDS = 5


def is_busy_database(exc) -> bool:
    return isinstance(exc, OperationalError) and any(m in str(exc).lower() for m in BUSY_MARKERS)


class RequestSizeLimitMiddleware:
    """Refuses a request body larger than MAX_REQUEST_BYTES before anything reads it (a Vietnamese 413)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.MAX_REQUEST_BYTES
        if length > limit:
            message = _("Dữ liệu gửi lên quá lớn (%(got)s MB; tối đa %(mb)s MB mỗi lần gửi).") % {
                "got": round(length / 1048576, 1), "mb": limit // 1048576}
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message, "code": "too_large"}, status=413)
            return render(request, "core/error.html", {"message": message}, status=413)
        return self.get_response(request)


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DomainError):
            return render(request, "core/error.html", {"message": exception.message}, status=400)
        if is_busy_database(exception):
            # Writes wait for each other (IMMEDIATE transactions, busy timeout); if one still waited too
            # long, nothing of it was saved and the user is told to try again, never shown a 500.
            message = _("Hệ thống đang bận ghi dữ liệu của người khác; thay đổi của bạn chưa được lưu. "
                        "Hãy thử lại sau vài giây.")
            if request.path.startswith("/api/"):
                response = JsonResponse({"detail": message, "code": "busy"}, status=503)
            else:
                response = render(request, "core/error.html", {"message": message}, status=503)
            response["Retry-After"] = str(BUSY_RETRY_SECONDS)
            return response
        return None


class VietnameseFirstLocaleMiddleware:
    """Vietnamese unless the user chose another language with the switch (cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many office PCs run an
    English browser: cadres would get a half-translated English UI they never asked for.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class AccessLogMiddleware:
    """One JSON line per request on the `danvan.access` logger: user id, route, status, duration.

    The route is the URL pattern that answered (`units/<int:pk>/`), not the path, so that lines group by page
    and no record id or search text ends up in a log; the path is kept apart for the operator. First in the
    middleware list, so the duration covers every other middleware; it reads `request.user` after the inner
    layers have set it. Off unless the logger is enabled (DANVAN_ACCESS_LOG=1, which `danvan serve` sets).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.logger = logging.getLogger("danvan.access")

    def __call__(self, request):
        if not self.logger.isEnabledFor(logging.INFO):
            return self.get_response(request)
        started = time.perf_counter()
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            return response
        finally:
            match = getattr(request, "resolver_match", None)
            user = getattr(request, "user", None)
            self.logger.info("request", extra={"fields": {
                "method": request.method,
                "route": (match.route or match.view_name) if match else None,
                "path": request.path,
                "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
                "client": request.META.get("REMOTE_ADDR"),
            }})
