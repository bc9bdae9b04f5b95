"""The register of issued papers (sổ văn bản đi): every paper the product issues takes its number here.

One register per issuing body and year: numbers are consecutive from 1, with no gap and no duplicate even
when two people issue at the same moment (the counter is one row, incremented inside the issuing transaction:
a rolled-back issue gives its number back, a committed one keeps it). A number once issued is never reused: a
cancelled paper keeps its number, marked cancelled. Reports, and later decisions, certificates and letters,
all come through documents.register.issue().
"""
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from danvan.core.models import SearchableModel
from danvan.core.scoping import ScopedQuerySet


class DocumentKind(models.TextChoices):
    REPORT = "report", _("Báo cáo")
    ANNEX = "annex", _("Phụ lục số liệu")
    DECISION = "decision", _("Quyết định")
    CERTIFICATE = "certificate", _("Giấy khen, bằng khen")
    LETTER = "letter", _("Thư, công văn")


class DocumentStatus(models.TextChoices):
    ISSUED = "issued", _("Đã phát hành")
    CANCELLED = "cancelled", _("Đã huỷ (giữ số)")


class RegisterCounter(models.Model):
    """The last number given by one issuing body in one year."""

    issuer = models.CharField(_("Cơ quan ban hành"), max_length=100)
    year = models.PositiveSmallIntegerField(_("Năm"))
    last_number = models.PositiveIntegerField(_("Số cuối đã cấp"), default=0)

    class Meta:
        verbose_name = _("Sổ văn bản")
        verbose_name_plural = _("Sổ văn bản")
        constraints = [models.UniqueConstraint(fields=["issuer", "year"], name="register_issuer_year")]

    def __str__(self):
        return f"{self.issuer} {self.year}: {self.last_number}"


class IssuedDocumentQuerySet(ScopedQuerySet):
    scope_organization_field = None


class IssuedDocument(SearchableModel):
    """One issued paper: its number in the register, what it is, who signed, the file as issued. Seen by whoever
    sees its unit (the unit it is about: a province's report by the province, the nation's by national users)."""

    unit = models.ForeignKey("territory.AdminUnit", verbose_name=_("Đơn vị"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    commune = models.ForeignKey("territory.AdminUnit", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", editable=False)
    province = models.ForeignKey("territory.AdminUnit", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", editable=False)

    issuer = models.CharField(_("Cơ quan ban hành"), max_length=100, help_text=_("Khoá của sổ, ví dụ BDVTU-14"))
    issuer_name = models.CharField(_("Tên cơ quan ban hành"), max_length=200)
    year = models.PositiveSmallIntegerField(_("Năm"))
    number = models.PositiveIntegerField(_("Số"))
    symbol = models.CharField(_("Ký hiệu"), max_length=50, help_text=_("Phần sau số, ví dụ BC/BDVTU"))
    kind = models.CharField(_("Loại văn bản"), max_length=12, choices=DocumentKind.choices)
    title = models.CharField(_("Trích yếu"), max_length=500)
    issued_on = models.DateField(_("Ngày ban hành"))
    signer = models.CharField(_("Người ký"), max_length=200, blank=True)
    file = models.FileField(_("Tệp"), upload_to="documents/%Y/", max_length=255)
    file_name = models.CharField(_("Tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64)
    status = models.CharField(_("Tình trạng"), max_length=10, choices=DocumentStatus.choices,
                              default=DocumentStatus.ISSUED)
    cancelled_at = models.DateTimeField(_("Huỷ lúc"), null=True, blank=True)
    cancel_reason = models.TextField(_("Lý do huỷ"), blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("Người phát hành"), null=True,
                                  blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("Ghi lúc"), auto_now_add=True)
    source = models.CharField(_("Nguồn"), max_length=100, blank=True,
                              help_text=_("Bản ghi sinh ra văn bản, ví dụ reporting.periodicreport:12"))

    search_fields = ("title", "issuer_name", "signer")
    sort_field = "title"

    objects = IssuedDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("Văn bản đã phát hành")
        verbose_name_plural = _("Văn bản đã phát hành")
        ordering = ["-year", "-number"]
        constraints = [models.UniqueConstraint(fields=["issuer", "year", "number"], name="document_number")]

    def __str__(self):
        return f"{self.number_text} – {self.title}"

    @property
    def number_text(self) -> str:
        """"Số 45-BC/BDVTU" (HD 36: number and symbol joined by a hyphen)."""
        return f"{self.number}-{self.symbol}"

    def get_absolute_url(self):
        return reverse("documents:issued_detail", args=[self.pk])
