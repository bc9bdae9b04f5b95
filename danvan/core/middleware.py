"""Turns a domain error that escaped a view into a clear Vietnamese page instead of a 500."""
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
