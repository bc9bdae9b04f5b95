"""Turns a domain error that escaped a view into a clear Vietnamese page instead of a 500."""
from django.shortcuts import render

from danvan.core.exceptions import DomainError


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DomainError):
            return render(request, "core/error.html", {"message": exception.message}, status=400)
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
