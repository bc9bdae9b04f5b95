"""Pick a unit and a period; download the draft of its report (.docx) or annex (.xlsx), or issue the report:
it takes the next number of the issuing body's register and is kept as issued (documents.register).

Figures are computed with the user's scope (figures(..., user=request.user)); a unit outside what the user's own
assignments cover answers 404, like any out-of-scope record.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views import View
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.core.exceptions import DomainError
from danvan.core.views import ObjectListView, ScopedMixin
from danvan.documents import register
from danvan.documents.content import build_content
from danvan.core.files import download_response
from danvan.documents.files import render as render_file
from danvan.documents.filtersets import IssuedDocumentFilterSet
from danvan.documents.forms import DocumentForm
from danvan.documents.models import DocumentKind, IssuedDocument
from danvan.documents.tables import IssuedDocumentTable
from danvan.documents.units import may_issue_for, unit_spec

TEMPLATE = "documents/form.html"


@login_required
def document_form(request):
    form = DocumentForm(user=request.user)
    return render(request, TEMPLATE, {"form": form})


@login_required
def document_download(request):
    form = DocumentForm(request.GET, user=request.user)
    if not form.is_valid():
        return render(request, TEMPLATE, {"form": form}, status=400)
    if form.out_of_scope:
        raise Http404
    content = build_content(form.unit_obj, form.cleaned_data["period"], user=request.user,
                            signer=form.cleaned_data.get("signer", ""))
    report = render_file(content, form.cleaned_data["format"])
    response = HttpResponse(report.data, content_type=report.content_type)
    response["Content-Disposition"] = f'attachment; filename="{report.name}"'
    response["Cache-Control"] = "no-store"  # scoped figures: never from a shared cache
    return response


@login_required
@require_POST
def document_issue(request):
    """Issue the report: the next number of the register, the .docx made with it, kept."""
    form = DocumentForm(request.POST, user=request.user)
    if not form.is_valid():
        return render(request, TEMPLATE, {"form": form}, status=400)
    if form.out_of_scope:
        raise Http404
    unit = form.unit_obj
    if not may_issue_for(request.user, unit):
        raise PermissionDenied(_("Chỉ cán bộ của cấp ban hành mới phát hành (cấp số) được báo cáo."))
    period, signer = form.cleaned_data["period"], form.cleaned_data.get("signer", "")
    content = build_content(unit, period, user=request.user, signer=signer)

    def make(number):
        content.number = str(number)
        report = render_file(content, "docx")
        return report.name, report.content_type, report.data

    doc = register.issue(
        issuer_key=f"{content.issuer.symbol}-{unit_spec(unit.current_unit() if unit else None)}",
        issuer_name=content.issuer.name or content.issuer.body, symbol=f"BC/{content.issuer.symbol}",
        kind=DocumentKind.REPORT, title=content.subtitle, unit=unit, make=make, user=request.user, signer=signer,
        source=f"report:{unit_spec(unit)}:{period.code}",
    )
    messages.success(request, _("Đã phát hành văn bản số %(n)s.") % {"n": doc.number_text})
    return HttpResponseRedirect(doc.get_absolute_url())


class IssuedDocumentListView(ObjectListView):
    """The register: every paper issued in the user's scope, newest first."""

    model = IssuedDocument
    filterset_class = IssuedDocumentFilterSet
    table_class = IssuedDocumentTable
    title = _("Sổ văn bản đã phát hành")
    export_name = "so-van-ban"

    def get_queryset(self):
        return IssuedDocument.objects.visible_to(self.request.user).select_related("unit", "issued_by")


class IssuedDocumentView(ScopedMixin, View):
    """One issued paper (seen by whoever sees its unit)."""

    model = IssuedDocument

    def get(self, request, pk):
        doc = self.get_object()
        return render(request, "documents/issued_detail.html", {
            "object": doc, "can_cancel": doc.status == "issued" and may_issue_for(request.user, doc.unit)})


class IssuedFileView(ScopedMixin, View):
    """The file as it was issued, through the scope check (never a public URL)."""

    model = IssuedDocument

    def get(self, request, pk):
        doc = self.get_object()
        response = download_response(doc.file, filename=doc.file_name, content_type=doc.content_type)
        response["Cache-Control"] = "no-store"
        return response


class IssuedCancelView(ScopedMixin, View):
    """Cancel an issued paper; it keeps its number."""

    model = IssuedDocument

    def post(self, request, pk):
        doc = self.get_object()
        if not may_issue_for(request.user, doc.unit):
            raise PermissionDenied
        try:
            register.cancel(doc, reason=request.POST.get("reason", ""), user=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã huỷ văn bản; số %(n)s được giữ, không cấp lại.") % {"n": doc.number_text})
        return HttpResponseRedirect(doc.get_absolute_url())
