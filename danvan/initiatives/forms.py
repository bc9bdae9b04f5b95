from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.forms import VersionedModelForm, VNDateInput, VNDecimalField
from danvan.initiatives.models import Exemplar, Indicator, Initiative
from danvan.initiatives.workflow import LIFECYCLE
from danvan.organizations.models import Organization


def _organizations_for(user):
    return Organization.objects.editable_by(user).select_related("unit").order_by("sort_key")


def _steering_members_for(user):
    from danvan.accounts.policy import steering_members_for

    return steering_members_for(user)


class OrganizationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} – {obj.unit.short_name}"


class InitiativeForm(VersionedModelForm):
    organization = OrganizationChoiceField(queryset=Organization.objects.none(), label=_("Tổ chức chủ trì"))
    replicates = forms.IntegerField(
        label=_("Nhân rộng từ mô hình (mã số)"), required=False, min_value=1,
        help_text=_("Nếu mô hình này học tập, nhân rộng một mô hình khác: nhập mã số của mô hình gốc."),
    )
    submit = forms.BooleanField(
        required=False, initial=True, label=_("Đăng ký ngay (bỏ chọn để lưu dự thảo)"),
    )
    registered_on = forms.DateField(
        label=_("Ngày đăng ký"), required=False, widget=VNDateInput(),
        help_text=_("Để trống: hôm nay. Nhập hồ sơ giấy của năm trước: ghi ngày đăng ký thật."),
    )

    class Meta:
        model = Initiative
        fields = ["title", "field", "scope", "organization", "year", "start_date", "steering_member",
                  "description", "goals", "replicates"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "goals": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["organization"].queryset = _organizations_for(user)
        self.fields["steering_member"].queryset = _steering_members_for(user)
        self.fields["year"].initial = timezone.localdate().year
        if self.instance.pk:
            del self.fields["submit"]
            self.fields["replicates"].initial = self.instance.replicates_id
            if self.instance.registered_on is None:  # a draft: dated when it is registered
                del self.fields["registered_on"]
            else:
                self.fields["registered_on"].initial = self.instance.registered_on
                self.fields["registered_on"].help_text = _("Sửa khi ngày đăng ký thật khác ngày đã ghi.")

    def clean_registered_on(self):
        date = self.cleaned_data.get("registered_on")
        if date is not None and date > timezone.localdate():
            raise forms.ValidationError(_("Ngày đăng ký không được ở tương lai."))
        return date

    def clean_replicates(self):
        """The source must be an initiative the user can see, and not this one."""
        pk = self.cleaned_data.get("replicates")
        if not pk:
            return None
        source = Initiative.objects.visible_to(self.user).filter(pk=pk).first()
        if source is None:
            raise forms.ValidationError(_("Không tìm thấy mô hình có mã số %(pk)s trong phạm vi của bạn.") % {"pk": pk})
        if self.instance.pk and source.pk == self.instance.pk:
            raise forms.ValidationError(_("Một mô hình không thể nhân rộng từ chính nó."))
        return source


class TransitionForm(forms.Form):
    """The steps offered are the lifecycle's, for this user now (a commune editor is not offered "recognised")."""

    to_status = forms.ChoiceField(label=_("Chuyển sang"))
    date = forms.DateField(label=_("Ngày"), widget=VNDateInput(), initial=timezone.localdate)
    reason = forms.CharField(label=_("Lý do / ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput())

    def __init__(self, *args, initiative=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [
            (step.target, LIFECYCLE.label(step)) for step in LIFECYCLE.steps_for(initiative, user)]
        self.fields["version"].initial = initiative.version


class IndicatorForm(forms.ModelForm):
    target = VNDecimalField(label=_("Mục tiêu"), required=False, min_value=0, max_digits=18, decimal_places=2)

    class Meta:
        model = Indicator
        fields = ["name", "measure_unit", "target"]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class ProgressForm(forms.Form):
    date = forms.DateField(label=_("Ngày"), widget=VNDateInput(), initial=timezone.localdate)
    text = forms.CharField(label=_("Đã làm được gì"), widget=forms.Textarea(attrs={"rows": 3}))
    files = MultipleFileField(label=_("Minh chứng (ảnh, PDF, Word, Excel; tối đa 10 MB mỗi tệp)"), required=False)

    def __init__(self, *args, initiative=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(initiative.indicators.all())
        for ind in self.indicators:
            self.fields[f"indicator_{ind.pk}"] = VNDecimalField(
                label=str(ind), required=False, min_value=0, max_digits=18, decimal_places=2,
            )

    def indicator_values(self) -> dict:
        return {ind.pk: self.cleaned_data.get(f"indicator_{ind.pk}") for ind in self.indicators}


class ExemplarForm(VersionedModelForm):
    organization = OrganizationChoiceField(queryset=Organization.objects.none(), label=_("Tổ chức"))
    initiative = forms.IntegerField(
        label=_("Từ mô hình (mã số)"), required=False, min_value=1,
        help_text=_("Điển hình xuất hiện từ một mô hình “Dân vận khéo”: nhập mã số của mô hình đó."),
    )
    decision_date = forms.DateField(label=_("Ngày quyết định"), required=False, widget=VNDateInput())
    files = MultipleFileField(label=_("Minh chứng (ảnh, quyết định; PDF, Word, Excel; tối đa 10 MB mỗi tệp)"),
                              required=False)

    class Meta:
        model = Exemplar
        fields = ["name", "kind", "field", "organization", "year", "achievements", "initiative",
                  "decision_number", "decision_date", "recognition_level", "award_form"]
        widgets = {"achievements": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["organization"].queryset = _organizations_for(user)
        self.fields["year"].initial = timezone.localdate().year
        if self.instance.pk:
            self.fields["initiative"].initial = self.instance.initiative_id
            self.fields["files"].label = _("Thêm minh chứng (ảnh, quyết định; PDF, Word, Excel; tối đa 10 MB mỗi tệp)")

    def clean_initiative(self):
        """The initiative must be one the user can see."""
        pk = self.cleaned_data.get("initiative")
        if not pk:
            return None
        source = Initiative.objects.visible_to(self.user).filter(pk=pk).first()
        if source is None:
            raise forms.ValidationError(_("Không tìm thấy mô hình có mã số %(pk)s trong phạm vi của bạn.") % {"pk": pk})
        return source

    def clean_decision_date(self):
        date = self.cleaned_data.get("decision_date")
        if date is not None and date > timezone.localdate():
            raise forms.ValidationError(_("Ngày quyết định không được ở tương lai."))
        return date
