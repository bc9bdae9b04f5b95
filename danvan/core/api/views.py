"""The API's generic pieces: scoped viewsets and the serializer plumbing every endpoint shares.

Every viewset starts from `Model.objects.visible_to(user)` for reads and `.editable_by(user)` for
writes, so an id outside the user's scope is a 404 whatever the URL, filter or method. Writes go
through services (create_record / save_versioned / soft_delete / restore, or the app's own domain
services), never through `model.save()`.

(The serializer helpers live here because this module is the API's shared base; they would sit
equally well in a `core/api/serializers.py`.)
"""
from django.core import validators as django_validators
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response
from rest_framework.utils.formatting import lazy_format
from rest_framework.validators import ProhibitSurrogateCharactersValidator

from danvan.core.api.errors import NOT_FOUND
from danvan.core.api.filters import FilterBackend
from danvan.core.api.schema import ErrorsAutoSchema
from danvan.core.audit import timeline
from danvan.core.exceptions import DomainError, TransitionNotAllowed
from danvan.core.filtersets import SearchFilter
from danvan.core.services import (
    create_record, require_editable, restore, save_versioned, soft_delete,
)

VERSION_REQUIRED = _(
    "Cần gửi trường version (phiên bản của bản ghi khi bạn tải về) để không ghi đè thay đổi của người khác."
)
VERSION_INVALID = _("Trường version phải là số nguyên dương.")
VERSION_MAX = 2**31 - 1  # the column is a PositiveIntegerField


# --- Serializer plumbing -------------------------------------------------------------------

# DRF ships only a handful of Vietnamese strings; these replace its English field errors.
FIELD_ERRORS = {
    "required": _("Trường này là bắt buộc."),
    "null": _("Trường này không được để trống."),
    "blank": _("Trường này không được để trống."),
    "max_length": _("Không được dài quá {max_length} ký tự."),
    "min_length": _("Phải có ít nhất {min_length} ký tự."),
    "max_value": _("Giá trị không được lớn hơn {max_value}."),
    "min_value": _("Giá trị không được nhỏ hơn {min_value}."),
    "max_string_length": _("Số quá dài."),
    "max_digits": _("Không được quá {max_digits} chữ số."),
    "max_decimal_places": _("Không được quá {max_decimal_places} chữ số thập phân."),
    "max_whole_digits": _("Phần nguyên không được quá {max_whole_digits} chữ số."),
    "invalid_choice": _("“{input}” không phải là lựa chọn hợp lệ."),
    "does_not_exist": _("Không tìm thấy bản ghi có id {pk_value} trong phạm vi của bạn."),
    "incorrect_type": _("Cần một id (số nguyên), nhận được {data_type}."),
    "not_a_list": _("Cần một danh sách, nhận được {input_type}."),
    "not_a_dict": _("Cần một đối tượng JSON, nhận được {input_type}."),
    "empty": _("Danh sách không được rỗng."),
    "date": _("Cần một ngày, không phải ngày giờ."),
    "overflow": _("Ngày giờ vượt quá giới hạn."),
}
INVALID_BY_TYPE = [
    (serializers.BooleanField, _("Cần giá trị true hoặc false.")),
    (serializers.IntegerField, _("Cần một số nguyên.")),
    (serializers.DecimalField, _("Cần một số.")),
    (serializers.FloatField, _("Cần một số.")),
    (serializers.DateTimeField, _("Ngày giờ sai định dạng; dùng dạng YYYY-MM-DDThh:mm.")),
    (serializers.DateField, _("Ngày sai định dạng; dùng dạng YYYY-MM-DD (ví dụ 2025-12-25).")),
    (serializers.CharField, _("Cần một chuỗi ký tự.")),
]

# Text validators DRF adds to every CharField, with their English messages.
TEXT_VALIDATORS = {
    django_validators.ProhibitNullCharactersValidator: _("Không được chứa ký tự rỗng (NUL, \\x00)."),
    ProhibitSurrogateCharactersValidator: _("Không được chứa ký tự Unicode không hợp lệ (U+{code_point:X})."),
}

LIMIT_VALIDATORS = {
    django_validators.MaxValueValidator: "max_value",
    django_validators.MinValueValidator: "min_value",
    django_validators.MaxLengthValidator: "max_length",
    django_validators.MinLengthValidator: "min_length",
}


def _library_defaults(field) -> dict:
    defaults = {}
    for cls in reversed(type(field).__mro__):
        if cls.__module__.startswith("rest_framework"):
            defaults.update(getattr(cls, "default_error_messages", {}))
    return defaults


def localize_errors(field) -> None:
    """Swap DRF's English default error messages of `field` (and its children) for Vietnamese ones."""
    defaults = _library_defaults(field)
    for key, message in list(field.error_messages.items()):
        if key not in defaults or str(message) != str(defaults[key]):
            continue  # a message somebody chose on purpose
        if key in FIELD_ERRORS:
            field.error_messages[key] = FIELD_ERRORS[key]
        elif key == "invalid":
            for cls, text in INVALID_BY_TYPE:
                if isinstance(field, cls):
                    field.error_messages[key] = text
                    break
    # Limits were turned into validators (with the English text) when the field was built.
    for validator in field.validators:
        text = TEXT_VALIDATORS.get(type(validator))
        if text is not None and str(validator.message) == str(type(validator).message):
            validator.message = text
            continue
        key = LIMIT_VALIDATORS.get(type(validator))
        if key is None or key not in defaults:
            continue
        if str(validator.message) == str(defaults[key]).format(**{key: validator.limit_value}):
            validator.message = lazy_format(FIELD_ERRORS[key], **{key: validator.limit_value})
    for child in (getattr(field, "child", None), getattr(field, "child_relation", None)):
        if child is not None:
            localize_errors(child)


class VietnameseErrorsMixin:
    default_error_messages = {
        "invalid": _("Dữ liệu không hợp lệ: cần một đối tượng JSON, nhận được {datatype}."),
    }

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            localize_errors(field)
        return fields

    def to_internal_value(self, data):
        # The JSON type of every value first, as the schema states it (core.api.types): "0" for a number is a 400.
        from danvan.core.api.types import wrong_types

        errors = wrong_types(self.fields, data)
        if errors:
            raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


class UnknownIdIsRuleBroken:
    """For a related field: a well-formed id naming no record you may use is a broken rule (422), not a
    malformed request (400): the schema can say "an integer", not "one of your records"."""

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as exc:
            codes = exc.get_codes()
            if codes == ["does_not_exist"] or codes == "does_not_exist":
                raise DomainError(" ".join(str(m) for m in exc.detail), field=self.field_name) from None
            raise


class ScopedPrimaryKeyRelatedField(UnknownIdIsRuleBroken, serializers.PrimaryKeyRelatedField):
    """A writable foreign key whose choices are the records the requesting user may see or change.

    An id outside the scope is rejected as unknown, exactly like an id that does not exist.
    """

    def __init__(self, model, *, action: str = "change", **kwargs):
        self.model = model
        self.scope_action = action
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        user = getattr(request, "user", None)
        manager = self.model.objects
        return manager.visible_to(user) if self.scope_action == "view" else manager.editable_by(user)


def rule_broken(field: str, message):
    """Refuse a well-formed request that breaks a domain rule (answered 422, the message under `field`)."""
    raise DomainError(message, field=field)


class VersionedModelSerializer(VietnameseErrorsMixin, serializers.ModelSerializer):
    """A model serializer for versioned records: edits must send the version they were based on.

    Saving is the viewset's job (through services), so `create`/`update` here are never used.
    """

    version = serializers.IntegerField(
        min_value=1, max_value=VERSION_MAX, required=False,
        help_text=_("Phiên bản của bản ghi khi bạn tải về; bắt buộc khi sửa (khoá lạc quan)."),
    )

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is not None and attrs.get("version") is None:
            raise serializers.ValidationError({"version": [VERSION_REQUIRED]})
        return attrs

    def create(self, validated_data):  # pragma: no cover - guarded: viewsets save through services
        raise NotImplementedError("Save through a service in the viewset.")

    def update(self, instance, validated_data):  # pragma: no cover
        raise NotImplementedError("Save through a service in the viewset.")


def with_search_alias(filterset_class):
    """The UI's FilterSet plus `?search=` as an alias of `?q=` (the name API clients expect)."""
    q = filterset_class.base_filters["q"]
    return type(
        f"{filterset_class.__name__.removesuffix('FilterSet')}APIFilterSet", (filterset_class,),
        {
            "search": SearchFilter(column=q.column, label=_("Tìm kiếm (giống q)")),
            "__module__": filterset_class.__module__,
        },
    )


class HistoryEntrySerializer(serializers.Serializer):
    actor = serializers.CharField(help_text=_("Người thực hiện"))
    timestamp = serializers.CharField(help_text=_("Thời điểm, dạng dd/mm/yyyy hh:mm (giờ Việt Nam)"))
    timestamp_iso = serializers.DateTimeField(help_text=_("Thời điểm, dạng ISO 8601"))
    action = serializers.CharField()
    changes = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField(allow_null=True)),
        help_text=_("Mỗi trường: [giá trị cũ, giá trị mới]"),
    )
    batch = serializers.IntegerField(
        allow_null=True, help_text=_("Lần ghi hàng loạt (nhập từ tệp…) đã tạo bản ghi; null với thay đổi từng bản ghi"),
    )


# --- Viewsets ------------------------------------------------------------------------------

class ScopedQuerysetMixin:
    """`get_queryset` is always the model's scoped manager: visible_to for reads, editable_by for writes.

    `queryset` on a subclass only names the model (for the router and the schema); it is never
    used to fetch data.
    """

    schema = ErrorsAutoSchema()
    filter_backends = [FilterBackend]
    # Actions that reach soft-deleted records too (through `all_objects`).
    include_deleted_actions: frozenset = frozenset()
    select_related_fields: tuple = ()
    prefetch_related_fields: tuple = ()

    def get_queryset(self):
        model = self.queryset.model
        manager = model.objects
        if self.action in self.include_deleted_actions:
            manager = getattr(model, "all_objects", manager)
        user = self.request.user
        qs = manager.visible_to(user) if self.request.method in SAFE_METHODS else manager.editable_by(user)
        if self.select_related_fields:
            qs = qs.select_related(*self.select_related_fields)
        if self.prefetch_related_fields:
            qs = qs.prefetch_related(*self.prefetch_related_fields)
        return qs


class ScopedReadOnlyViewSet(ScopedQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    """List and detail of scoped records."""


class HistoryMixin:
    @extend_schema(
        summary=_("Nhật ký thay đổi"), description=_("Các lần tạo, sửa, xoá bản ghi, mới nhất trước."),
        responses=HistoryEntrySerializer(many=True),
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request, pk=None):
        return Response(HistoryEntrySerializer(timeline(self.get_object(), limit=500, readable=False), many=True).data)


def _version_or_none(raw):
    """`3`, `"3"` or `W/"3"` (an If-Match value) → 3; absent → None; anything else → 400."""
    if raw in (None, ""):
        return None
    raw = str(raw).strip().removeprefix("W/").strip('"')
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if not 1 <= value <= VERSION_MAX:
        raise serializers.ValidationError({"version": [VERSION_INVALID]})
    return value


VERSION_PARAMETER = OpenApiParameter(
    "version", {"type": "integer", "minimum": 1, "maximum": VERSION_MAX}, OpenApiParameter.QUERY, required=True,
    description=_("Phiên bản bản ghi khi bạn tải về (hoặc gửi trong header If-Match); sai phiên bản → 409."),
)


class SoftDeleteMixin:
    """DELETE stamps `deleted_at` (409 if `?version=`/If-Match is stale); POST restore/ brings it back."""

    @extend_schema(parameters=[VERSION_PARAMETER])
    def destroy(self, request, *args, **kwargs):
        obj = self.get_object()
        version = _version_or_none(request.query_params.get("version") or request.headers.get("If-Match"))
        if version is None:
            raise serializers.ValidationError({"version": [VERSION_REQUIRED]})
        soft_delete(obj, user=request.user, expected_version=version)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary=_("Khôi phục bản ghi đã xoá"), request=None, parameters=[VERSION_PARAMETER])
    @action(detail=True, methods=["post"], filter_backends=[])
    def restore(self, request, pk=None):
        obj = self.get_object()
        if not obj.is_deleted:
            raise TransitionNotAllowed(_("Bản ghi này chưa bị xoá."))
        version = _version_or_none(request.query_params.get("version") or request.headers.get("If-Match"))
        if version is None:
            raise serializers.ValidationError({"version": [VERSION_REQUIRED]})
        restore(obj, user=request.user, expected_version=version)
        return Response(self.get_serializer(obj).data)


class ScopedViewSet(ScopedQuerysetMixin, SoftDeleteMixin, HistoryMixin, viewsets.ModelViewSet):
    """CRUD over scoped, versioned, soft-deletable records; saving goes through services.

    Subclasses override `create_object` / `update_object` to call their domain services.
    """

    include_deleted_actions = frozenset({"history", "restore"})

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("version", None)
        serializer.instance = self.create_object(data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        expected_version = data.pop("version")
        obj = serializer.instance
        for name, value in data.items():
            setattr(obj, name, value)
        serializer.instance = self.update_object(obj, expected_version)

    def create_object(self, data: dict):
        return create_record(self.queryset.model(**data), user=self.request.user)

    def update_object(self, obj, expected_version: int):
        require_editable(obj, self.request.user)
        obj.full_clean()
        return save_versioned(obj, expected_version=expected_version, user=self.request.user)


@csrf_exempt
def api_not_found(request, *args, **kwargs):
    """Any unknown address under /api/v1/: a JSON 404 (GET without the final slash is redirected)."""
    if request.method in ("GET", "HEAD") and not request.path_info.endswith("/"):
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not api_not_found:
            return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
    return JsonResponse({"detail": str(NOT_FOUND), "code": "not_found"}, status=404,
                        json_dumps_params={"ensure_ascii": False})
