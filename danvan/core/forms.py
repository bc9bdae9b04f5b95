"""Form plumbing shared by every edit page: the user, the version for optimistic locking, dd/mm/yyyy."""
from django import forms
from django.utils.translation import gettext_lazy as _


class VNDateInput(forms.DateInput):
    """A plain text box in dd/mm/yyyy (browsers' date pickers follow the OS locale, not ours)."""

    def __init__(self, attrs=None):
        base = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
        super().__init__(attrs={**base, **(attrs or {})}, format="%d/%m/%Y")


VERSION_MISSING = _("Thiếu phiên bản của bản ghi: hãy tải lại trang rồi sửa lại, để không ghi đè thay đổi của người khác.")


class VersionedModelForm(forms.ModelForm):
    """A model form that carries the record's version, so a stale save can be detected."""

    version = forms.IntegerField(widget=forms.HiddenInput(), required=False)

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        if self.instance is not None and self.instance.pk:
            # An edit names the version it was based on: without it the save would overwrite blindly.
            self.fields["version"].initial = self.instance.version
        for name, field in self.fields.items():
            if isinstance(field, forms.DateField):
                field.widget = VNDateInput()
                field.help_text = field.help_text or _("Ngày/tháng/năm, ví dụ 25/12/2025")

    def clean(self):
        cleaned = super().clean()
        if self.instance is not None and self.instance.pk and cleaned.get("version") is None \
                and "version" not in self.errors:
            raise forms.ValidationError(VERSION_MISSING, code="version_missing")
        return cleaned

    @property
    def expected_version(self) -> int | None:
        return self.cleaned_data.get("version")


class VNDecimalField(forms.DecimalField):
    """Accepts numbers as written in Vietnamese: 1.234.567 and 2,5."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        from danvan.core.text import parse_vn_number

        try:
            return parse_vn_number(value)
        except ValueError:
            raise forms.ValidationError(_("Số không hợp lệ. Ví dụ: 1.234.567 hoặc 2,5"), code="invalid") from None
