"""JSON errors in Vietnamese: domain errors become 4xx with a message, never a 500."""
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from danvan.core.exceptions import DomainError, StaleEdit


def exception_handler(exc, context):
    if isinstance(exc, StaleEdit):
        return Response(
            {"detail": str(exc.message), "code": "stale_edit", "current_version": getattr(exc.current, "version", None),
             "changes": exc.changes},
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, DomainError):
        body = {"detail": str(exc.message), "code": type(exc).__name__}
        if exc.field:
            body = {exc.field: [str(exc.message)], "detail": str(exc.message)}
        return Response(body, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        return Response({"detail": exc.messages}, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)
