"""The form that picks a unit, a period and a format for an official document."""
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.exceptions import DomainError
from danvan.documents.units import may_report_on, parse_unit, reportable_units
from danvan.stats.periods import parse_period, period_options
from danvan.territory.models import AdminUnit

NATIONAL = "VN"


class DocumentForm(forms.Form):
    unit = forms.CharField(label=_("Đơn vị"), required=False, widget=forms.Select)
    commune = forms.CharField(
        label=_("Hoặc mã xã, phường, đặc khu"), required=False, max_length=20,
        help_text=_("Ví dụ 03724; đơn vị cũ (trước 01/7/2025) viết có tiền tố old:, ví dụ old:03997."),
    )
    # Chosen from a list (stats.periods.period_options); a code sent by a link or the CLI is still read.
    period = forms.CharField(label=_("Kỳ báo cáo"), max_length=20, widget=forms.Select)
    signer = forms.CharField(
        label=_("Người ký (khi phát hành)"), required=False, max_length=200,
        help_text=_("Họ và tên người ký, in dưới chữ ký."),
    )
    format = forms.ChoiceField(
        label=_("Tệp"), widget=forms.RadioSelect, initial="docx",
        choices=[("docx", _("Báo cáo (Word, .docx)")), ("xlsx", _("Phụ lục số liệu (Excel, .xlsx)"))],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["period"].initial = str(timezone.localdate().year)
        self.fields["period"].widget.choices = period_options()
        offered = reportable_units(user)
        choices = []
        if offered["national"]:
            choices.append((NATIONAL, _("Toàn quốc")))
        for label, units in ((_("Tỉnh, thành phố"), offered["provinces"]),
                             (_("Xã, phường, đặc khu"), offered["communes"]),
                             (_("Tỉnh, thành phố cũ (trước 01/7/2025)"), offered["historic"])):
            if units:
                choices.append((label, [(str(u.pk), f"{u.name} ({u.code})") for u in units]))
        self.fields["unit"].widget.choices = choices
        self.has_choices = bool(choices)
        if not offered["national"]:
            # Communes are listed for province and commune users; only national users type a code.
            del self.fields["commune"]
        self.unit_obj: AdminUnit | None = None
        self.out_of_scope = False

    def clean_period(self):
        try:
            return parse_period(self.cleaned_data["period"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean(self):
        data = super().clean()
        typed = (data.get("commune") or "").strip()
        chosen = (data.get("unit") or "").strip()
        if typed:
            try:
                self.unit_obj = parse_unit(typed)
            except DomainError as exc:
                self.add_error("commune", exc.message)
                return data
        elif chosen == NATIONAL:
            self.unit_obj = None
        elif chosen.isdigit():
            self.unit_obj = AdminUnit.objects.filter(pk=int(chosen)).first()
            if self.unit_obj is None:
                self.out_of_scope = True
                return data
        else:
            self.add_error("unit", _("Hãy chọn đơn vị."))
            return data
        self.out_of_scope = not may_report_on(self.user, self.unit_obj)
        return data
