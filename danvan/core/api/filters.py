"""The API's filter backend: the UI's FilterSets, with numbers the database can hold.

`?initiative=-551253603307983732736` must be a 400, not a database overflow: every number a filter
reads is limited to the 64-bit range of the id and integer columns it is compared with. A NUL
character in a text filter (refused by Django's form field) is explained in Vietnamese.
"""
from django import forms
from django.core.validators import (
    MaxLengthValidator, MaxValueValidator, MinValueValidator, ProhibitNullCharactersValidator,
)
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend

BIGINT_MAX = 2**63 - 1
OUT_OF_RANGE = _("Số nằm ngoài giới hạn cho phép.")
NULL_CHARACTER = _("Không được chứa ký tự rỗng (NUL, \\x00).")
# A search or text filter longer than this is refused with a message (a 50,000-character search made
# SQLite fail with "LIKE or GLOB pattern too complex"): nobody types more into a search box.
MAX_FILTER_TEXT = 200
REPEATED = _("Chỉ được gửi một giá trị cho tham số này.")
NOT_BOOLEAN = _("Cần true hoặc false.")
BOOLEAN_WORDS = {"", "true", "false", "True", "False", "1", "0"}
TOO_LONG = _("Nội dung tìm kiếm/lọc quá dài (tối đa %(limit_value)s ký tự, đã nhập %(show_value)s).")


def harden_filter_form(form) -> None:
    """Limit the numbers of a FilterSet's form to 64 bits and its texts to MAX_FILTER_TEXT characters, refuse
    what Django's fields would quietly drop, and explain NUL characters in Vietnamese."""
    for field in form.fields.values():
        if isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
            field.validators += [
                MaxValueValidator(BIGINT_MAX, message=OUT_OF_RANGE),
                MinValueValidator(-BIGINT_MAX, message=OUT_OF_RANGE),
            ]
        if isinstance(field, forms.CharField) and not any(isinstance(v, MaxLengthValidator) for v in field.validators):
            field.max_length = MAX_FILTER_TEXT
            field.validators.append(MaxLengthValidator(MAX_FILTER_TEXT, message=TOO_LONG))
            field.widget.attrs.setdefault("maxlength", str(MAX_FILTER_TEXT))
        for validator in field.validators:
            if isinstance(validator, ProhibitNullCharactersValidator):
                validator.message = NULL_CHARACTER
    # A second `?year=` or `?historic=null` would be read as "the last one" or "no filter": both are errors, as
    # the API schema says (one value per parameter; booleans are true or false).
    problems = {}
    data = form.data if hasattr(form.data, "getlist") else None
    for name, field in form.fields.items():
        if data is None or name not in data:
            continue
        values = data.getlist(name)
        if len(values) > 1 and not isinstance(field, forms.MultipleChoiceField):
            problems[name] = REPEATED
        elif isinstance(field, forms.NullBooleanField) and values[-1] not in BOOLEAN_WORDS:
            problems[name] = NOT_BOOLEAN
    if problems:
        original_clean = form.clean

        def clean():
            cleaned = original_clean()
            for name, message in problems.items():
                if name in form.fields and name not in form.errors:
                    form.add_error(name, message)
            return cleaned

        form.clean = clean


class FilterBackend(DjangoFilterBackend):
    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            harden_filter_form(filterset.form)
        return filterset
