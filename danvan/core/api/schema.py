"""The OpenAPI description of the API's errors: every operation lists the 4xx answers it can give.

A client (and the schemathesis test) can then rely on the schema: any status code the API sends is
documented, with the body it carries (`detail` + `code`, or `{field: [messages]}` for 400).
"""
import re

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
    "422": OpenApiResponse(
        VALIDATION_ERROR_SCHEMA,
        description=_("Đúng định dạng nhưng trái quy tắc nghiệp vụ (ví dụ thiếu lý do, ngày trước lần chuyển gần nhất, "
                      "bản ghi được chỉ tới không có hoặc ngoài phạm vi)"),
    ),
    "415": OpenApiResponse(ErrorSerializer, description=_("Kiểu nội dung không được hỗ trợ (hãy gửi JSON)")),
    "429": OpenApiResponse(ThrottledSerializer, description=_("Quá nhiều yêu cầu; thử lại sau `wait` giây")),
}


def _decimal_inputs(schema):
    """Every decimal of a request body: a JSON number or a numeric string (core.api.types accepts both)."""
    if isinstance(schema, dict):
        if schema.get("type") == "string" and schema.get("format") == "decimal":
            decimal = {k: v for k, v in schema.items() if k not in ("nullable", "description", "writeOnly")}
            number = {"type": "number"}
            for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
                if key in decimal:
                    number[key] = decimal.pop(key)
            digits = re.search(r"\\d\{0,(\d+)\}", decimal.get("pattern", ""))
            places = re.search(r"\\.\\d\{0,(\d+)\}", decimal.get("pattern", ""))
            if digits:  # as many digits before the point as the field keeps
                number.setdefault("maximum", 10 ** int(digits.group(1)) - 1)
                number.setdefault("minimum", -(10 ** int(digits.group(1)) - 1))
            if places:
                number["multipleOf"] = 10 ** -int(places.group(1))
            replaced = {"oneOf": [number, decimal]}
            for key in ("nullable", "description", "writeOnly"):
                if key in schema:
                    replaced[key] = schema[key]
            return replaced
        return {k: _decimal_inputs(v) for k, v in schema.items()}
    if isinstance(schema, list):
        return [_decimal_inputs(v) for v in schema]
    return schema


def accept_numbers_for_decimals(result, generator, request, public):
    """drf-spectacular post-processing hook: request bodies take decimals as numbers or numeric strings (answers
    keep giving strings, which keep their exact digits)."""
    components = result.get("components", {}).get("schemas", {})
    for name in list(components):
        if name.endswith("Request"):
            components[name] = _decimal_inputs(components[name])
    return result


def empty_filters_mean_no_filter(result, generator, request, public):
    """drf-spectacular post-processing hook: a list's filter sent empty (`?year=`, as an HTML form sends it)
    means "no filter"; the schema says so with allowEmptyValue."""
    for path in result.get("paths", {}).values():
        operation = path.get("get")
        if not operation:
            continue
        for parameter in operation.get("parameters", []):
            if parameter.get("in") == "query" and not parameter.get("required") \
                    and parameter.get("name") not in ("page", "page_size") \
                    and parameter.get("schema", {}).get("type") != "array":
                parameter["allowEmptyValue"] = True
    return result


def require_version_on_updates(result, generator, request, public):
    """drf-spectacular post-processing hook: a PUT or PATCH body must carry `version` (optimistic locking), which
    the server enforces; the create body shares the component but needs no version, so updates get their own
    copy of it with `version` required. The schema then says exactly what the server accepts."""
    components = result.get("components", {}).get("schemas", {})
    for path in result.get("paths", {}).values():
        for method in ("put", "patch"):
            operation = path.get(method)
            if not operation:
                continue
            for media in operation.get("requestBody", {}).get("content", {}).values():
                ref = media.get("schema", {}).get("$ref", "")
                name = ref.rsplit("/", 1)[-1]
                component = components.get(name)
                if not component or "version" not in component.get("properties", {}):
                    continue
                if "version" in component.get("required", []):
                    continue
                update_name = name.replace("Request", "UpdateRequest") if name.endswith("Request") else name + "Update"
                if update_name not in components:
                    copy = dict(component)
                    copy["required"] = sorted({*component.get("required", []), "version"})
                    components[update_name] = copy
                media["schema"] = {"$ref": f"#/components/schemas/{update_name}"}
            if operation.get("requestBody"):
                operation["requestBody"]["required"] = True
    return result


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
                method == "DELETE"):
            codes.append("400")  # body, filters and page size, version parameter
        if method not in getattr(view, "anonymous_methods", ()):
            codes += ["401", "403"]
        if on_record or method == "GET":
            codes.append("404")
        if method in ("PUT", "PATCH", "DELETE", "POST") and method not in getattr(view, "anonymous_methods", ()):
            codes.append("409")  # stale version, or a step the record's lifecycle does not allow
            codes.append("422")  # well formed, but a domain rule says no
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
