"""JSON errors in Vietnamese: every error body is an object with `detail` (a sentence) and `code`.

Domain errors become 4xx with their message. DRF's own errors (authentication, permission, not
found, method, media type, malformed JSON, throttling) come with English text: they are replaced by
a Vietnamese sentence, unless the code that raised them chose its own `code` (then its message was
chosen on purpose too). Validation errors keep DRF's shape `{field: [messages]}`.
"""
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from danvan.core.exceptions import DomainError, StaleEdit

NOT_AUTHENTICATED = _("Bạn chưa đăng nhập: gửi header “Authorization: Token <mã truy cập>” hoặc đăng nhập.")
AUTHENTICATION_FAILED = _(
    "Mã truy cập không hợp lệ, đã bị thu hồi hoặc tài khoản đã bị khoá. "
    "Hãy lấy mã mới ở trang cá nhân hoặc qua POST /api/v1/auth/token/."
)
PERMISSION_DENIED = _("Bạn không có quyền thực hiện thao tác này.")
CSRF_FAILED = _(
    "Thiếu hoặc sai mã chống giả mạo (CSRF) của phiên đăng nhập; với chương trình, hãy dùng mã truy cập (Token)."
)
NOT_FOUND = _("Không tìm thấy: địa chỉ không tồn tại hoặc bản ghi không thuộc phạm vi của bạn.")
METHOD_NOT_ALLOWED = _("Phương thức %(method)s không dùng được ở địa chỉ này.")
NOT_ACCEPTABLE = _("Không trả về được định dạng bạn yêu cầu (header Accept); API trả về JSON (application/json).")
UNSUPPORTED_MEDIA_TYPE = _(
    "Kiểu nội dung “%(media_type)s” không được hỗ trợ: hãy gửi JSON với header Content-Type: application/json."
)
PARSE_ERROR = _("Nội dung gửi lên không phải JSON hợp lệ (hoặc có số quá lớn, NaN, Infinity).")
THROTTLED = _("Bạn đã gửi quá nhiều yêu cầu; hãy thử lại sau %(wait)s giây.")
INVALID = _("Dữ liệu không hợp lệ.")


def _vietnamese_detail(exc, request):
    """The Vietnamese sentence for one of DRF's own errors."""
    if isinstance(exc, exceptions.NotAuthenticated):
        return NOT_AUTHENTICATED
    if isinstance(exc, exceptions.AuthenticationFailed):
        return AUTHENTICATION_FAILED
    if isinstance(exc, exceptions.PermissionDenied):
        return CSRF_FAILED if str(exc.detail).startswith("CSRF Failed") else PERMISSION_DENIED
    if isinstance(exc, exceptions.NotFound):
        return NOT_FOUND
    if isinstance(exc, exceptions.MethodNotAllowed):
        return METHOD_NOT_ALLOWED % {"method": getattr(request, "method", "")}
    if isinstance(exc, exceptions.NotAcceptable):
        return NOT_ACCEPTABLE
    if isinstance(exc, exceptions.UnsupportedMediaType):
        media_type = getattr(request, "content_type", "") or "?"
        return UNSUPPORTED_MEDIA_TYPE % {"media_type": media_type.split(";")[0][:100]}
    if isinstance(exc, exceptions.ParseError):
        return PARSE_ERROR
    if isinstance(exc, exceptions.Throttled):
        return THROTTLED % {"wait": int(exc.wait or 1)}
    return None


def _code(exc) -> str:
    detail = exc.detail
    return getattr(detail, "code", None) or exc.default_code


def _api_exception(exc, context):
    request = context.get("request")
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = "%d" % exc.wait
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        if isinstance(detail, dict):
            data = detail
        else:  # a bare message (or list of them) raised outside a serializer field
            messages = detail if isinstance(detail, list) else [detail]
            code = getattr(messages[0], "code", None) if messages else None
            data = {"detail": " ".join(str(m) for m in messages) or str(INVALID), "code": code or "invalid"}
        return Response(data, status=exc.status_code, headers=headers)
    code = _code(exc)
    detail = None
    if code == exc.default_code:
        detail = _vietnamese_detail(exc, request)
    if detail is None:
        detail = exc.detail if isinstance(exc.detail, str) else str(INVALID)
    data = {"detail": str(detail), "code": code}
    if isinstance(exc, exceptions.Throttled) and exc.wait:
        data["wait"] = int(exc.wait)
    return Response(data, status=exc.status_code, headers=headers)


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
            body[exc.field] = [str(exc.message)]
        return Response(body, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            body = {
                "non_field_errors" if field == NON_FIELD_ERRORS else field: [str(m) for m in messages]
                for field, messages in exc.message_dict.items()
            }
            body.setdefault("detail", " ".join(m for messages in body.values() for m in messages))
        else:
            body = {"detail": " ".join(str(m) for m in exc.messages)}
        body["code"] = "invalid"
        # Raised by a model's own rules after the request matched the schema: a broken domain rule.
        return Response(body, status=status.HTTP_422_UNPROCESSABLE_ENTITY)
    response = drf_exception_handler(exc, context)  # converts Http404 / PermissionDenied, sets rollback
    if response is None:
        return None
    if isinstance(exc, exceptions.APIException):
        return _api_exception(exc, context)
    # Django's Http404 / PermissionDenied, converted by DRF: answer with the converted exception.
    converted = exceptions.NotFound() if response.status_code == 404 else exceptions.PermissionDenied()
    return _api_exception(converted, context)
