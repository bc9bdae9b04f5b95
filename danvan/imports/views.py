"""Upload → preview (row-by-row errors and warnings) → confirm → import, with a progress bar meanwhile."""
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from danvan.core.exceptions import DomainError
from danvan.accounts import policy
from danvan.imports import leases, progress, services
from danvan.imports.blank import template_workbook
from danvan.imports.forms import UploadForm
from danvan.imports.models import ImportJob, ImportKind, JobState

def can_import(user) -> bool:
    """Importing creates records: only people who may change some records of their scope may do it."""
    return policy.can_create_records(user)


class ImportAccessMixin(LoginRequiredMixin):
    model = ImportJob

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_import(request.user):
            raise PermissionDenied(_("Bạn không có quyền nhập dữ liệu."))
        return super().dispatch(request, *args, **kwargs)

    def get_object(self):
        job = get_object_or_404(ImportJob.objects.owned_by(self.request.user), pk=self.kwargs["pk"])
        if job.is_running:
            leases.reap([job])  # a job whose process died says so when looked at
        return job


class StartView(ImportAccessMixin, View):
    def get(self, request):
        kind = request.GET.get("kind")
        form = UploadForm(initial={"kind": kind} if kind in ImportKind.values else None)
        return self.page(form)

    def post(self, request):
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                job = services.upload(form.cleaned_data["file"], kind=form.cleaned_data["kind"], user=request.user,
                                      sheet=form.cleaned_data["sheet"])
            except DomainError as exc:
                form.add_error("file" if exc.field == "file" else None, exc.message)
            else:
                return HttpResponseRedirect(job.get_absolute_url())
        return self.page(form, status=400)

    def page(self, form, status=200):
        jobs = ImportJob.objects.owned_by(self.request.user)[:20]
        return render(self.request, "imports/start.html", {
            "form": form, "jobs": jobs, "kinds": ImportKind.choices, "title": _("Nhập dữ liệu từ Excel"),
        }, status=status)


# The downloaded blank's file name, in Vietnamese (without accents, as file names travel): "mau-nhap-mo-hinh.xlsx".
TEMPLATE_FILE_WORDS = {"initiatives": "mo-hinh", "exemplars": "dien-hinh", "indicator_values": "gia-tri-chi-tieu",
                       "organizations": "to-chuc"}


def template_file_name(kind: str) -> str:
    return f"mau-nhap-{TEMPLATE_FILE_WORDS.get(kind, 'du-lieu')}.xlsx"


class TemplateView(ImportAccessMixin, View):
    def get(self, request, kind):
        if kind not in ImportKind.values:
            raise Http404
        content = template_workbook(kind, request.user)
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{template_file_name(kind)}"'
        return response


def _context(job):
    info = progress.read(job.pk) if job.is_running else {}
    return {
        "job": job, "title": str(job), "progress": info, "percent": progress.percent(info),
        "errors": [i for i in job.issues if i.get("level") == "error"],
        "warnings": [i for i in job.issues if i.get("level") != "error"],
        "omitted": job.issues_omitted, "list_url": _list_url(job.kind),
    }


def _list_url(kind):
    names = {ImportKind.INITIATIVES: "initiatives:initiative_list", ImportKind.EXEMPLARS: "initiatives:exemplar_list",
             ImportKind.ORGANIZATIONS: "organizations:organization_list",
             ImportKind.INDICATOR_VALUES: "initiatives:initiative_list"}
    return reverse(names[kind])


class JobView(ImportAccessMixin, View):
    def get(self, request, pk):
        job = self.get_object()
        return render(request, "imports/job.html", _context(job))


class ProgressView(ImportAccessMixin, View):
    """The progress bar, polled by htmx while the job runs; when it ends the page reloads with the results."""

    def get(self, request, pk):
        job = self.get_object()
        if not job.is_running:
            if not request.htmx:
                return HttpResponseRedirect(job.get_absolute_url())
            response = HttpResponse("")
            response["HX-Refresh"] = "true"
            return response
        return render(request, "imports/_progress.html", _context(job))


class ConfirmView(ImportAccessMixin, View):
    def post(self, request, pk):
        job = self.get_object()
        try:
            job = services.confirm(job, user=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            if job.state == JobState.DONE:
                messages.success(request, _("Đã nhập %(n)s bản ghi mới.") % {"n": job.counts.get("new", 0)})
        return HttpResponseRedirect(job.get_absolute_url())


class RetryView(ImportAccessMixin, View):
    """Check the same uploaded file again: after the process running it died, or the data it needed changed."""

    def post(self, request, pk):
        job = self.get_object()
        try:
            services.retry(job, user=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        return HttpResponseRedirect(job.get_absolute_url())


class CancelView(ImportAccessMixin, View):
    def post(self, request, pk):
        job = self.get_object()
        try:
            services.cancel(job, user=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
            return HttpResponseRedirect(job.get_absolute_url())
        messages.info(request, _("Đã huỷ lần nhập “%(name)s” lúc %(at)s.")
                      % {"name": job.original_name, "at": timezone.localtime().strftime("%H:%M")})
        return HttpResponseRedirect(reverse("imports:start"))
