"""Pick a unit and a period, download its report (.docx) or annex (.xlsx).

Figures are computed with the user's scope (figures(..., user=request.user)); a unit outside what the
user's own assignments cover answers 404, like any out-of-scope record.
"""
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from danvan.documents.content import build_content
from danvan.documents.files import render as render_file
from danvan.documents.forms import DocumentForm

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
    content = build_content(form.unit_obj, form.cleaned_data["period"], user=request.user)
    report = render_file(content, form.cleaned_data["format"])
    response = HttpResponse(report.data, content_type=report.content_type)
    response["Content-Disposition"] = f'attachment; filename="{report.name}"'
    response["Cache-Control"] = "no-store"  # scoped figures: never from a shared cache
    return response
