from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.imports.models import ImportKind
from danvan.imports.services import EXTENSIONS


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại dữ liệu"), choices=ImportKind.choices, initial=ImportKind.INITIATIVES)
    file = forms.FileField(
        label=_("Tệp Excel"), help_text=_("Tệp .xlsx, .xls, .ods hoặc .csv; có thể là tệp của đơn vị, không cần đúng mẫu."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(sorted(EXTENSIONS))}),
    )
    sheet = forms.CharField(
        label=_("Trang tính"), required=False, max_length=100,
        help_text=_("Để trống: hệ thống tự tìm trang có dữ liệu."),
    )
