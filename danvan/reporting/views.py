"""Pages of reporting rounds and periodic reports. Every object comes from the scoped querysets;
every action goes through reporting.services."""
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from danvan.core.exceptions import DomainError, StaleEdit
from danvan.core.views import ObjectDetailView, ObjectEditView, ObjectListView, ScopedMixin
from danvan.documents.files import render as render_file
from danvan.reporting import services, snapshots
from danvan.reporting.filtersets import REPORT_STATES, RoundFilterSet, filter_state
from danvan.reporting.forms import ReportForm, ReviewForm, RoundForm, SubmitForm
from danvan.reporting.models import PeriodicReport, ReportingRound
from danvan.reporting.tables import ReportTable, RoundTable
from danvan.reporting.workflow import REPORTS, ROUNDS


class RoundListView(ObjectListView):
    model = ReportingRound
    filterset_class = RoundFilterSet
    table_class = RoundTable
    title = gettext_lazy("Đợt báo cáo")

    def get_queryset(self):
        # Progress counts only the reports this user may see (a commune sees its own); what each count means is
        # the reporting machine's (reporting.workflow).
        visible = Q(reports__in=PeriodicReport.objects.visible_to(self.request.user).values("pk"))
        today, through = timezone.localdate(), "reports__"
        return super().get_queryset().select_related("issuing_unit").annotate(
            n_reports=Count("reports", filter=visible),
            n_handed_in=Count("reports", filter=visible & REPORTS.q("handed_in", prefix=through)),
            n_late=Count("reports", filter=visible & REPORTS.q("late", prefix=through)),
            n_overdue=Count("reports", filter=visible & REPORTS.q("overdue", prefix=through, today=today)),
        ).order_by("-deadline", "-id")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if RoundForm(user=self.request.user).can_open:
            ctx["create_url_name"] = "reporting:round_add"
        return ctx


class RoundCreateView(LoginRequiredMixin, View):
    """Province or national staff open a round; others are told who can."""

    model = ReportingRound
    template_name = "reporting/round_form.html"

    def get(self, request):
        return self.render(RoundForm(user=request.user))

    def post(self, request):
        form = RoundForm(request.POST, user=request.user)
        if form.can_open and form.is_valid():
            data = form.cleaned_data
            try:
                round_ = services.open_round(
                    data["issuing_unit"], data["period"], data["deadline"], request.user, title=data["title"],
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("Đã mở đợt báo cáo và gửi tới %(n)s đơn vị.")
                                 % {"n": round_.reports.count()})
                return HttpResponseRedirect(round_.get_absolute_url())
        return self.render(form, status=400)

    def render(self, form, status=200):
        return render(self.request, self.template_name, {"form": form, "title": _("Mở đợt báo cáo")}, status=status)


class RoundDetailView(ObjectDetailView):
    """A round and the state of every report the user may see, with counts that filter the table."""

    model = ReportingRound
    template_name = "reporting/round_detail.html"
    include_deleted = False

    def extra_context(self, obj):
        user = self.request.user
        reports = PeriodicReport.objects.visible_to(user).filter(round=obj).select_related("unit", "round")
        state = self.request.GET.get("state", "")
        url = obj.get_absolute_url()
        counts = [
            {"state": key, "label": label, "count": filter_state(reports, key).count(), "url": f"{url}?state={key}#reports"}
            for key, (label, _q) in REPORT_STATES.items()
        ]
        shown = filter_state(reports, state) if state in REPORT_STATES else reports
        return {
            "counts": counts, "total": reports.count(), "state": state if state in REPORT_STATES else "",
            "state_label": REPORT_STATES[state][0] if state in REPORT_STATES else "",
            "table": ReportTable(shown.order_by("unit__sort_key", "id"), orderable=False),
            "shown_count": shown.count(),
            "steps": [step.name for step in ROUNDS.steps_for(obj, user)],
            "oversees": ReportingRound.objects.overseen_by(user).filter(pk=obj.pk).exists(),
            "may_remind": services.may_remind(obj, user),
            "waiting": REPORTS.filter(reports, "editable").count(),
        }


class RoundRollupView(ScopedMixin, View):
    """The roll-up of a round, for those who oversee its issuing level (loaded into the round page by htmx)."""

    model = ReportingRound

    def get_queryset(self):
        return super().get_queryset().overseen_by(self.request.user)

    def get(self, request, pk):
        round_ = self.get_object()
        ctx = {"object": round_, "rollup": services.rollup(round_)}
        if request.htmx:
            return render(request, "reporting/_rollup.html", ctx)
        return render(request, "reporting/rollup.html", ctx)


class RoundCloseView(ScopedMixin, View):
    model = ReportingRound
    action = "change"

    def post(self, request, pk):
        round_ = self.get_object()
        try:
            services.close_round(round_, user=request.user, expected_version=_int(request.POST.get("version")))
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã đóng đợt báo cáo."))
        return HttpResponseRedirect(round_.get_absolute_url())


class RoundRemindView(ScopedMixin, View):
    """"Nhắc các đơn vị chưa nộp": the level that opened the round reminds every unit that has not handed in."""

    model = ReportingRound

    def post(self, request, pk):
        round_ = self.get_object()
        try:
            n = services.remind_missing(round_, request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            if n:
                messages.success(request, _("Đã nhắc %(n)s đơn vị chưa nộp báo cáo.") % {"n": n})
            else:
                messages.info(request, _("Không có đơn vị nào cần nhắc (đã nộp cả, hoặc đã nhắc hôm nay)."))
        return HttpResponseRedirect(round_.get_absolute_url())


def figure_rows(report: PeriodicReport, current) -> list[dict]:
    """One row per figure: what was frozen at submission (if any) and what the registry says now, with its link."""
    now = snapshots.flatten(current.as_dict())
    frozen = snapshots.flatten(report.snapshot) if report.snapshot is not None else None
    urls = snapshots.figure_urls(current)
    zero = Decimal(0)
    rows = []
    for key in snapshots.ordered_keys(now, frozen or {}):
        row = {"key": key, "label": snapshots.label(key), "group": snapshots.group(key), "current": snapshots.as_number(now.get(key, zero)),
               "url": urls.get(key, ""), "frozen": None, "changed": False}
        if frozen is not None:
            row["frozen"] = snapshots.as_number(frozen.get(key, zero))
            row["changed"] = frozen.get(key, zero) != now.get(key, zero)
        rows.append(row)
    return rows


class ReportDetailView(ObjectDetailView):
    model = PeriodicReport
    template_name = "reporting/report_detail.html"
    include_deleted = False

    def get_queryset(self):
        return super().get_queryset().select_related("round", "round__issuing_unit", "unit", "submitted_by",
                                                     "reviewed_by")

    def extra_context(self, report):
        user = self.request.user
        current = services.report_figures(report)
        steps = [step.name for step in REPORTS.steps_for(report, user)]
        return {
            "round": report.round,
            "figure_rows": figure_rows(report, current),
            "changes": services.snapshot_diff(report, current),
            "steps": steps,  # writing the narrative goes with handing it in ("submit")
            "submit_form": SubmitForm(initial={"version": report.version}),
            "review_form": ReviewForm(initial={"version": report.version}),
            "sections": [(PeriodicReport._meta.get_field(n).verbose_name, getattr(report, n))
                         for n in services.NARRATIVE_FIELDS],
            "communes_handed_in": services.commune_reports(report, user).count() if "submit" in steps else 0,
        }


class ReportEditView(ObjectEditView):
    """Write the narrative of a draft or returned report, with the figures it will freeze shown below."""

    model = PeriodicReport
    form_class = ReportForm
    template_name = "reporting/report_edit.html"

    def get(self, request, pk=None):
        report = self.get_object()
        if not REPORTS.may(report, "submit", request.user):
            messages.info(request, _("Chỉ đơn vị báo cáo mới viết và nộp báo cáo này."))
            return HttpResponseRedirect(report.get_absolute_url())
        if not REPORTS.possible(report, "submit"):
            messages.info(request, _("Báo cáo này không sửa được nữa (đã nộp hoặc đợt báo cáo đã đóng)."))
            return HttpResponseRedirect(report.get_absolute_url())
        return super().get(request, pk)

    def get_form(self, instance, data=None, files=None):
        self.figures = services.report_figures(instance)
        suggested = services.suggested_results(self.figures) if data is None else ""
        initial = {}
        if data is None and self.request.GET.get("pull") == "communes":
            # "Lấy nội dung từ báo cáo của xã": the communes' text appended to each section, to edit before saving.
            material = services.commune_material(instance, self.request.user)
            for name, text in material.items():
                own = (getattr(instance, name) or "").strip() or (suggested if name == "results" else "")
                initial[name] = f"{own}\n\n{text}" if own else text
            if material:
                messages.info(self.request, _("Đã thêm nội dung từ báo cáo của các xã vào từng phần; hãy biên tập "
                                              "lại rồi lưu."))
            else:
                messages.info(self.request, _("Chưa có báo cáo nào của xã đã nộp có nội dung để lấy."))
        return self.form_class(data=data, instance=instance, user=self.request.user, suggested_results=suggested,
                               initial=initial or None)

    def render_form(self, form, obj, stale=None, status=200):
        ctx = {"form": form, "object": obj, "stale": stale, "title": _("Viết báo cáo: %(r)s") % {"r": obj},
               "figure_rows": figure_rows(obj, self.figures),
               "communes_handed_in": services.commune_reports(obj, self.request.user).count()}
        return render(self.request, self.template_name, ctx, status=status)

    def save(self, form, obj):
        # Saving and submitting succeed or fail together, so a refused submission leaves nothing half-saved.
        with transaction.atomic():
            report = services.update_narrative(form.save(commit=False), user=self.request.user,
                                               expected_version=form.expected_version)
            if "submit" in self.request.POST:
                services.submit(report, user=self.request.user, expected_version=report.version)
                messages.success(self.request, _("Đã nộp báo cáo. Số liệu đã được chốt."))
        return report


class ReportDocumentView(ScopedMixin, View):
    """The report as an official paper (.docx) or its figures annex (.xlsx), made from the report itself: its
    frozen figures and its own text once handed in (a draft: the figures now). Whoever may see the report may
    download it (the scoped queryset asks the policy)."""

    model = PeriodicReport

    def get_queryset(self):
        return super().get_queryset().select_related("round", "unit", "unit__province")

    def get(self, request, pk, fmt):
        report = self.get_object()
        signer = (request.GET.get("signer") or "").strip()[:200]
        try:
            paper = render_file(services.report_content(report, signer=signer), fmt)
        except DomainError as exc:
            messages.error(request, exc.message)
            return HttpResponseRedirect(report.get_absolute_url())
        response = HttpResponse(paper.data, content_type=paper.content_type)
        response["Content-Disposition"] = f'attachment; filename="{paper.name}"'
        response["Cache-Control"] = "no-store"
        return response


class ReportActionView(ScopedMixin, View):
    """POST-only steps of the workflow; a refused step comes back as a message on the report page."""

    model = PeriodicReport
    success_message = ""

    def post(self, request, pk):
        report = self.get_object()
        try:
            self.perform(report)
        except (StaleEdit, DomainError) as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, self.success_message)
        return HttpResponseRedirect(report.get_absolute_url())

    def version(self) -> int:
        version = _int(self.request.POST.get("version"))
        if version is None:
            raise DomainError(_("Thiếu phiên bản của báo cáo; hãy tải lại trang rồi thử lại."))
        return version


class ReportSubmitView(ReportActionView):
    action = "change"
    success_message = gettext_lazy("Đã nộp báo cáo. Số liệu đã được chốt.")

    def perform(self, report):
        services.submit(report, user=self.request.user, expected_version=self.version())


class ReportAcceptView(ReportActionView):
    # Found among the reports the user can see; the service then checks that they speak for the issuing level.
    success_message = gettext_lazy("Đã tiếp nhận báo cáo.")

    def perform(self, report):
        services.accept(report, user=self.request.user, expected_version=self.version(),
                        comment=self.request.POST.get("comment", ""))


class ReportReturnView(ReportActionView):
    success_message = gettext_lazy("Đã trả lại báo cáo kèm ý kiến.")

    def perform(self, report):
        services.return_with_comment(report, user=self.request.user, expected_version=self.version(),
                                     comment=self.request.POST.get("comment", ""))


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None

