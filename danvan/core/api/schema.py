"""The OpenAPI description of the API's errors: every operation lists the 4xx answers it can give.

A client (and the schemathesis test) can then rely on the schema: any status code the API sends is
documented, with the body it carries (`detail` + `code`, or `{field: [messages]}` for 400).
"""
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("Thông báo lỗi (tiếng Việt)"))
    code = serializers.CharField(help_text=_("Mã lỗi cho chương trình, ví dụ not_found, stale_edit"))


class ThrottledSerializer(ErrorSerializer):
    wait = serializers.IntegerField(required=False, help_text=_("Số giây cần chờ trước khi thử lại"))


class StaleEditSerializer(ErrorSerializer):
    current_version = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("Phiên bản hiện tại của bản ghi"),
    )
    changes = serializers.ListField(
        child=serializers.DictField(), required=False,
        help_text=_("Các thay đổi người khác đã lưu sau phiên bản bạn gửi"),
    )


# Field errors are {"field": ["message", …]} (nested objects for nested fields); other 400s are
# {"detail": …, "code": …}. Both are objects whose values are a sentence, a list or an object.
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": _("{\"trường\": [\"thông báo\", …]} hoặc {\"detail\": \"…\", \"code\": \"…\"}"),
    "additionalProperties": {
        "oneOf": [{"type": "string"}, {"type": "array", "items": {}}, {"type": "object"}],
    },
}

ERRORS = {
    "400": OpenApiResponse(VALIDATION_ERROR_SCHEMA, description=_("Dữ liệu không hợp lệ (thông báo theo từng trường)")),
    "401": OpenApiResponse(ErrorSerializer, description=_("Chưa đăng nhập hoặc mã truy cập sai / đã thu hồi")),
    "403": OpenApiResponse(ErrorSerializer, description=_("Không có quyền")),
    "404": OpenApiResponse(
        ErrorSerializer, description=_("Không tìm thấy, ngoài phạm vi của bạn, hoặc số trang không hợp lệ"),
    ),
    "409": OpenApiResponse(StaleEditSerializer, description=_("Xung đột: sai phiên bản, hoặc bước chuyển không hợp lệ")),
    "415": OpenApiResponse(ErrorSerializer, description=_("Kiểu nội dung không được hỗ trợ (hãy gửi JSON)")),
    "429": OpenApiResponse(ThrottledSerializer, description=_("Quá nhiều yêu cầu; thử lại sau `wait` giây")),
}


class ErrorsAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema plus the error answers each operation can give.

    401 and 403 unless the view lets anonymous callers in; 400 where a body, filters, a page size or
    a version are read; 404 on a record's route and on lists (bad page number); 409 on writes (stale
    version, step not allowed); 415 with a request body; 429 when the view is throttled.
    """

    def _error_codes(self) -> list[str]:
        view, method = self.view, self.method
        has_body = method in ("POST", "PUT", "PATCH") and self.get_request_serializer() is not None
        on_record = "{" in self.path
        codes = []
        if method in ("POST", "PUT", "PATCH") or (method == "GET" and not on_record) or (
                method == "DELETE" and on_record):
            codes.append("400")  # body, filters and page size, version parameter
        if method not in getattr(view, "anonymous_methods", ()):
            codes += ["401", "403"]
        if on_record or method == "GET":
            codes.append("404")
        if method in ("PUT", "PATCH", "DELETE", "POST") and method not in getattr(view, "anonymous_methods", ()):
            codes.append("409")  # stale version, or a step the record's lifecycle does not allow
        if has_body:
            codes.append("415")
        if getattr(view, "throttle_classes", None) and method in getattr(view, "throttled_methods", (method,)):
            codes.append("429")
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self._error_codes():
            if code not in responses:
                responses[code] = self._get_response_for_code(ERRORS[code], code, direction=direction)
        return responses
