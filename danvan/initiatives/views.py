from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views import View

from danvan.core.exceptions import DomainError, StaleEdit
from danvan.core.files import download_response
from danvan.core.views import (
    ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, ObjectRestoreView, ScopedMixin,
)
from danvan.initiatives import services
from danvan.initiatives.filtersets import ExemplarFilterSet, InitiativeFilterSet
from danvan.initiatives.forms import ExemplarForm, IndicatorForm, InitiativeForm, ProgressForm, TransitionForm
from danvan.initiatives.models import Evidence, Exemplar, ExemplarEvidence, Initiative
from danvan.initiatives.tables import ExemplarTable, InitiativeTable

INITIATIVE_RELATED = ("organization", "commune", "province", "unit")


class InitiativeListView(ObjectListView):
    model = Initiative
    filterset_class = InitiativeFilterSet
    table_class = InitiativeTable
    create_url_name = "initiatives:initiative_add"
    import_url_name = "imports:start"
    export_name = "mo-hinh"

    def get_queryset(self):
        return super().get_queryset().select_related("organization", "commune__province")


class InitiativeDetailView(ObjectDetailView):
    model = Initiative
    template_name = "initiatives/initiative_detail.html"

    def extra_context(self, obj):
        return {
            "transitions": obj.transitions.select_related("user").order_by("-date", "-id"),
            "indicators": obj.indicators.prefetch_related("values"),
            "progress_updates": obj.progress_updates.prefetch_related("evidence", "values__indicator")[:20],
            "replications": Initiative.objects.visible_to(self.request.user).filter(replicates=obj),
            "transition_form": TransitionForm(initiative=obj, user=self.request.user),
            "progress_form": ProgressForm(initiative=obj),
            "indicator_form": IndicatorForm(),
            "photos": list(Evidence.objects.visible_to(self.request.user).filter(
                progress_update__initiative=obj, progress_update__deleted_at__isnull=True,
                content_type__startswith="image/").select_related("progress_update")
                .order_by("-progress_update__date", "-id")),
            "exemplars": Exemplar.objects.visible_to(self.request.user).filter(initiative=obj).order_by("sort_key"),
        }


class InitiativeEditView(ObjectEditView):
    model = Initiative
    form_class = InitiativeForm

    def save(self, form, obj):
        initiative = form.save(commit=False)
        if obj is None:
            return services.register_initiative(
                initiative, user=self.request.user, submit=form.cleaned_data.get("submit", False),
                date=form.cleaned_data.get("registered_on"),
            )
        initiative.unit = initiative.organization.unit
        return services.update_initiative(initiative, expected_version=form.expected_version, user=self.request.user,
                                          registered_on=form.cleaned_data.get("registered_on"))


class InitiativeDeleteView(ObjectDeleteView):
    model = Initiative


class InitiativeRestoreView(ObjectRestoreView):
    model = Initiative


class InitiativeActionView(ScopedMixin, View):
    """POST-only actions on one initiative that go through a service; errors come back on the page."""

    model = Initiative
    action = "change"
    include_deleted = False

    def post(self, request, pk):
        initiative = self.get_object()
        try:
            self.perform(initiative)
        except StaleEdit as exc:
            messages.error(request, exc.message)
        except DomainError as exc:
            messages.error(request, exc.message)
        return HttpResponseRedirect(initiative.get_absolute_url())


class InitiativeTransitionView(InitiativeActionView):
    def perform(self, initiative):
        form = TransitionForm(self.request.POST, initiative=initiative, user=self.request.user)
        if not form.is_valid():
            raise DomainError(_("Chưa hợp lệ: %(e)s") % {"e": "; ".join(
                f"{form.fields[f].label if f in form.fields else ''}: {' '.join(errs)}" for f, errs in form.errors.items())})
        services.transition(
            initiative, form.cleaned_data["to_status"], user=self.request.user, reason=form.cleaned_data["reason"],
            date=form.cleaned_data["date"], expected_version=form.cleaned_data["version"],
        )
        messages.success(self.request, _("Đã chuyển trạng thái."))


class InitiativeProgressView(InitiativeActionView):
    def perform(self, initiative):
        form = ProgressForm(self.request.POST, self.request.FILES, initiative=initiative)
        if not form.is_valid():
            raise DomainError(_("Chưa hợp lệ: %(e)s") % {"e": "; ".join(
                " ".join(errs) for errs in form.errors.values())})
        services.record_progress(
            initiative, text=form.cleaned_data["text"], date=form.cleaned_data["date"],
            values=form.indicator_values(), files=form.cleaned_data["files"], user=self.request.user,
        )
        messages.success(self.request, _("Đã ghi nhận tiến độ."))


class InitiativeIndicatorView(InitiativeActionView):
    def perform(self, initiative):
        form = IndicatorForm(self.request.POST)
        if not form.is_valid():
            raise DomainError(_("Chỉ tiêu chưa hợp lệ: %(e)s") % {"e": "; ".join(
                " ".join(errs) for errs in form.errors.values())})
        services.add_indicator(initiative, user=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("Đã thêm chỉ tiêu."))


class ExemplarListView(ObjectListView):
    model = Exemplar
    filterset_class = ExemplarFilterSet
    table_class = ExemplarTable
    create_url_name = "initiatives:exemplar_add"
    import_url_name = "imports:start"
    export_name = "dien-hinh"

    def get_queryset(self):
        return super().get_queryset().select_related("organization", "commune__province")


class ExemplarDetailView(ObjectDetailView):
    model = Exemplar
    template_name = "initiatives/exemplar_detail.html"

    def extra_context(self, obj):
        evidence = list(ExemplarEvidence.objects.visible_to(self.request.user).filter(exemplar=obj))
        initiative = None
        if obj.initiative_id:
            initiative = Initiative.objects.visible_to(self.request.user).filter(pk=obj.initiative_id).first()
        return {"photos": [e for e in evidence if e.is_image], "documents": [e for e in evidence if not e.is_image],
                "source_initiative": initiative}


class ExemplarEditView(ObjectEditView):
    model = Exemplar
    form_class = ExemplarForm

    def get_form(self, instance, data=None, files=None):
        form = super().get_form(instance, data, files)
        # "Ghi nhận điển hình" from an initiative's page: the new exemplar points at it
        if instance is None and data is None and str(self.request.GET.get("initiative", "")).isdigit():
            form.initial["initiative"] = int(self.request.GET["initiative"])
        return form

    def save(self, form, obj):
        exemplar = form.save(commit=False)
        exemplar.unit = exemplar.organization.unit
        files = form.cleaned_data.get("files") or []
        if obj is None:
            return services.create_exemplar(exemplar, user=self.request.user, files=files)
        return services.update_exemplar(exemplar, expected_version=form.expected_version, user=self.request.user,
                                        files=files)


class ExemplarDeleteView(ObjectDeleteView):
    model = Exemplar


class ExemplarRestoreView(ObjectRestoreView):
    model = Exemplar


class EvidenceDownloadView(ScopedMixin, View):
    """Evidence files are served only through the scoped queryset, never from a public media URL. `inline`: a
    photo shown in the page (the gallery, its thumbnails); anything else is always a download."""

    model = Evidence
    inline = False

    def get(self, request, pk):
        evidence = self.get_object()
        if self.inline and not evidence.is_image:
            raise Http404
        return download_response(evidence.file, filename=evidence.original_name, content_type=evidence.content_type,
                                 inline=self.inline)


class ExemplarEvidenceDownloadView(EvidenceDownloadView):
    model = ExemplarEvidence
