import re

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm as DjangoPasswordResetForm
from django.utils.translation import gettext as gettext_now, gettext_lazy as _

from danvan.accounts import policy
from danvan.accounts.models import Role


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng."),
        "inactive": _("Tài khoản này đã bị khoá."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Tên đăng nhập")
        self.fields["password"].label = _("Mật khẩu")


# --------------------------------------------------------------------------------------------------- administering accounts

# A select box longer than this is replaced by a number field (a national administrator and 3,300 communes).
SELECT_LIMIT = 1500
USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9._-]{3,150}$")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name if obj.province_id in (None, obj.pk) else f"{obj.name} ({obj.province.name})"


class OrganizationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


def _choice_field(field, queryset):
    """A select of the queryset, or a number input (the record's id) when it would be too long for a page."""
    field.queryset = queryset
    if queryset.count() > SELECT_LIMIT:
        field.widget = forms.NumberInput(attrs={"min": 1})
        field.help_text = gettext_now("Nhập mã số (ID) của bản ghi, xem ở trang danh sách tương ứng.")
    return field


class AssignmentFields(forms.Form):
    """A role in a unit or an organisation, from what the administrator may give."""

    role = forms.ChoiceField(label=_("Vai trò"))
    unit = UnitChoiceField(label=_("Đơn vị hành chính"), queryset=None, required=False)
    organization = OrganizationChoiceField(label=_("Tổ chức"), queryset=None, required=False,
                                           help_text=_("Chọn đơn vị hành chính hoặc tổ chức (không chọn cả hai). "
                                                       "Vai trò Quản trị toàn quốc không cần chọn."))

    def __init__(self, *args, admin=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.admin = admin
        roles = policy.grantable_roles(admin)
        self.fields["role"].choices = [("", "---------")] + [(r.value, r.label) for r in roles]
        if Role.NATIONAL_ADMIN not in roles:
            self.fields["organization"].help_text = _("Chọn đơn vị hành chính hoặc tổ chức (không chọn cả hai).")
        _choice_field(self.fields["unit"], policy.account_units(admin).select_related("province").order_by("sort_key"))
        _choice_field(self.fields["organization"],
                      policy.account_organizations(admin).select_related("unit").order_by("sort_key"))

    def clean(self):
        data = super().clean()
        role, unit, org = data.get("role"), data.get("unit"), data.get("organization")
        if not role:
            return data
        if role == Role.NATIONAL_ADMIN:
            data["unit"] = data["organization"] = None
        elif unit and org:
            self.add_error("organization", _("Chỉ chọn một trong hai: đơn vị hành chính hoặc tổ chức."))
        elif not unit and not org and not self.errors.get("unit") and not self.errors.get("organization"):
            self.add_error("unit", _("Cần chọn đơn vị hành chính hoặc tổ chức cho vai trò này."))
        elif role == Role.ACCOUNT_ADMIN and org:
            self.add_error("unit", _("Quản trị tài khoản được giao theo đơn vị hành chính, không theo tổ chức."))
        return data


class AccountFields(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    email = forms.EmailField(label=_("Thư điện tử"), required=False,
                             help_text=_("Để nhận thông báo và tự đặt lại mật khẩu khi quên (nếu hệ thống có máy chủ "
                                         "thư)."))


class TemporaryPasswordFields(forms.Form):
    password1 = forms.CharField(label=_("Mật khẩu tạm thời"), strip=False, widget=forms.PasswordInput(
        attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("Nhập lại mật khẩu tạm thời"), strip=False, widget=forms.PasswordInput(
        attrs={"autocomplete": "new-password"}))

    password_required = True
    target = None

    def clean_password2(self):
        p1, p2 = self.cleaned_data.get("password1"), self.cleaned_data.get("password2")
        if not (p1 or p2):
            if self.password_required:
                raise forms.ValidationError(_("Nhập mật khẩu tạm thời."))
            return p2
        if p1 != p2:
            raise forms.ValidationError(_("Hai lần nhập mật khẩu không khớp nhau."))
        password_validation.validate_password(p2, self.target)
        return p2


class TemporaryPasswordForm(TemporaryPasswordFields):
    def __init__(self, *args, target=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.target = target


class AccountCreateForm(AccountFields, AssignmentFields, TemporaryPasswordFields):
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150,
                               help_text=_("Chữ không dấu, số và các dấu . _ - (ví dụ: bdv.xa.muongbu)."))
    password_required = False

    field_order = ["username", "full_name", "email", "role", "unit", "organization", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].required = self.fields["password2"].required = False
        self.fields["password1"].help_text = _("Người dùng phải đổi mật khẩu này ở lần đăng nhập đầu tiên. Để trống "
                                               "nếu sẽ cấp liên kết đặt mật khẩu.")
        self.order_fields(self.field_order)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if not USERNAME_PATTERN.match(username):
            raise forms.ValidationError(_("Tên đăng nhập chỉ gồm chữ không dấu, số và các dấu . _ - (3 ký tự trở "
                                          "lên)."))
        return username


class AccountEditForm(AccountFields):
    pass


class AssignmentForm(AssignmentFields):
    pass


class PasswordResetForm(DjangoPasswordResetForm):
    """Django's reset by e-mail, the message sent through the background queue like the other e-mails."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Thư điện tử của tài khoản")

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None):
        from django.template import loader
        from django.db import transaction

        from danvan.accounts.tasks import send_email

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        transaction.on_commit(lambda: send_email.enqueue(subject, body, [to_email]))


def email_configured() -> bool:
    return bool(getattr(settings, "EMAIL_HOST", ""))
