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
