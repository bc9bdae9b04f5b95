"""Forms of the reporting pages: open a round, write a report, review it. Short, for a phone."""
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.forms import VersionedModelForm, VNDateInput
from danvan.accounts import policy
from danvan.reporting.models import PeriodicReport
from danvan.stats.periods import PeriodKind, parse_period
from danvan.territory.models import AdminUnit

NATIONAL = "national"


def period_choices(today=None) -> list:
    """Recent periods grouped by kind (this year and last year), newest first; the code is the value."""
    today = today or timezone.localdate()
    years = [today.year, today.year - 1]
    groups = {
        PeriodKind.HALF_YEAR: [f"{y}-H{h}" for y in years for h in (2, 1)],
        PeriodKind.YEAR: [str(y) for y in years],
        PeriodKind.QUARTER: [f"{y}-Q{q}" for y in years for q in (4, 3, 2, 1)],
        PeriodKind.MONTH: [f"{y}-{m:02d}" for y in years for m in range(12, 0, -1)],
        PeriodKind.FIVE_YEARS: [f"{y - 4}-{y}" for y in years],
        PeriodKind.TEN_YEARS: [f"{y - 9}-{y}" for y in years],
    }
    choices = []
    for kind, codes in groups.items():
        periods = [parse_period(c) for c in codes]
        choices.append((PeriodKind(kind).label, [(p.code, p.display_label) for p in periods if p.start <= today]))
    return choices


def default_period(today=None) -> str:
    today = today or timezone.localdate()
    return f"{today.year}-H{1 if today.month <= 6 else 2}"


def issuing_unit_choices(user) -> list:
    """The levels the user may open a round for: their provinces, or the nation and every province."""
    allowed = policy.openable_provinces(user)
    provinces = AdminUnit.objects.provinces().order_by("sort_key")
    choices = []
    if allowed is None:
        choices.append((NATIONAL, _("Toàn quốc (các tỉnh, thành phố báo cáo)")))
    else:
        provinces = provinces.filter(pk__in=sorted(allowed))
    choices += [(str(p.pk), p.name) for p in provinces.only("pk", "name")]
    return choices


class RoundForm(forms.Form):
    issuing_unit = forms.ChoiceField(
        label=_("Cấp mở đợt báo cáo"),
        help_text=_("Tỉnh mở đợt thì các xã, phường, đặc khu của tỉnh báo cáo; toàn quốc thì các tỉnh báo cáo."),
    )
    period = forms.ChoiceField(label=_("Kỳ báo cáo"))
    deadline = forms.DateField(label=_("Hạn nộp"), widget=VNDateInput(),
                               help_text=_("Ngày/tháng/năm, ví dụ 15/06/2025"))
    title = forms.CharField(label=_("Tên đợt báo cáo"), required=False, max_length=300,
                            help_text=_("Để trống để dùng tên mặc định theo kỳ."))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["issuing_unit"].choices = issuing_unit_choices(user)
        self.fields["period"].choices = period_choices()
        self.fields["period"].initial = default_period()

    @property
    def can_open(self) -> bool:
        return bool(self.fields["issuing_unit"].choices)

    def clean_issuing_unit(self):
        value = self.cleaned_data["issuing_unit"]
        if value == NATIONAL:
            return None
        return AdminUnit.objects.provinces().get(pk=int(value))


class ReportForm(VersionedModelForm):
    """The narrative of a report; the figures come from the registry and are not typed."""

    class Meta:
        model = PeriodicReport
        fields = ["results", "limitations", "causes", "directions"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}
        help_texts = {
            "results": _("Đã điền sẵn từ số liệu; sửa, bổ sung cho đầy đủ."),
        }

    def __init__(self, *args, suggested_results: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and not (self.initial.get("results") or "").strip() and suggested_results:
            self.initial["results"] = suggested_results


class ReviewForm(forms.Form):
    comment = forms.CharField(label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput())


class SubmitForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput())
