"""JSON types as the schema states them: a request whose value has the wrong JSON type is a 400.

DRF is lenient: a CharField takes the number 0 as "0", a BooleanField takes "yes" and 1, an IntegerField
takes "5". The OpenAPI schema says `string`, `boolean`, `integer`; so that the schema is the truth (a
client can rely on it, and schemathesis checks it), each writable field's value is checked against the JSON
type the schema gives it before DRF converts it. Decimals are the one exception stated in the schema:
a number or a numeric string (see schema.accept_numbers_for_decimals).
"""
from django.utils.translation import gettext_lazy as _
from rest_framework import relations, serializers

WRONG_TYPE = _("Sai kiểu dữ liệu: cần %(expected)s, nhận được %(got)s.")

_NAMES = {bool: _("đúng/sai (true/false)"), int: _("số nguyên"), float: _("số"), str: _("chuỗi ký tự"),
          list: _("danh sách"), dict: _("đối tượng JSON"), type(None): "null"}


def _expected(field):
    """(accepted Python types, their name) for a field's JSON value, or None when any value is checked by DRF."""
    if isinstance(field, serializers.BooleanField):
        return (bool,), _NAMES[bool]
    if isinstance(field, (serializers.DecimalField, serializers.FloatField)):
        return (int, float, str), _("số")
    if isinstance(field, serializers.IntegerField):
        return (int,), _NAMES[int]
    if isinstance(field, relations.PrimaryKeyRelatedField):
        return (int,), _("id (số nguyên)")
    if isinstance(field, serializers.MultipleChoiceField):
        return (list,), _NAMES[list]
    if isinstance(field, (serializers.CharField, serializers.ChoiceField, serializers.DateField,
                          serializers.DateTimeField, serializers.TimeField)):
        return (str,), _NAMES[str]
    if isinstance(field, serializers.DictField):
        return (dict,), _NAMES[dict]
    if isinstance(field, serializers.ListField):
        return (list,), _NAMES[list]
    return None


def wrong_types(fields, data) -> dict:
    """{field name: [message]} for every writable field whose value in `data` has a JSON type the schema refuses."""
    errors = {}
    if not isinstance(data, dict):
        return errors
    for name, field in fields.items():
        if field.read_only or field.source == "*" or name not in data:
            continue
        value = data[name]
        if value is None:
            continue  # allow_null is DRF's own check
        expected = _expected(field)
        if expected is None:
            continue
        types, label = expected
        ok = isinstance(value, types) and not (isinstance(value, bool) and bool not in types)
        if ok and isinstance(field, serializers.MultipleChoiceField):
            ok = all(isinstance(v, str) for v in value)
        if not ok:
            got = _NAMES.get(type(value), type(value).__name__)
            errors[name] = [str(WRONG_TYPE % {"expected": label, "got": got})]
    return errors
