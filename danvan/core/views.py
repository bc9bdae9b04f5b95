"""Generic views configured, not written (the NetBox model).

Every view starts from `model.objects.visible_to(user)` (or `.editable_by(user)`), so a record
outside the user's scope is a 404 whatever URL, id or filter is used.
"""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count, Min
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views import View
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from danvan.core.exceptions import DomainError, StaleEdit
from danvan.core.audit import timeline
from danvan.core.services import restore, soft_delete



def singular_name(model) -> str:
    """The model's name for one record in the current language. Vietnamese has one word for one and many
    ("Mô hình"), English has two: the catalogue carries the singular under the context "một bản ghi" (one record),
    e.g. msgctxt "một bản ghi" msgid "Mô hình" → "Initiative"; without it, the model's verbose name."""
    with translation.override("vi"):
        source = str(model._meta.verbose_name)
    one = pgettext("một bản ghi", source)
    return one if one != source else str(model._meta.verbose_name)

class ScopedMixin(LoginRequiredMixin):
    """Gives a view its model and the scoped queryset for it."""

    model = None
    include_deleted = False
    action = "view"

    def base_manager(self):
        return self.model.all_objects if self.include_deleted and hasattr(self.model, "all_objects") else self.model.objects

    def get_queryset(self):
        qs = self.base_manager()
        return qs.visible_to(self.request.user) if self.action == "view" else qs.editable_by(self.request.user)

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def can_edit(self, obj) -> bool:
        manager = getattr(self.model, "all_objects", self.model.objects)
        return manager.editable_by(self.request.user).filter(pk=obj.pk).exists()


class ObjectListView(ScopedMixin, SingleTableMixin, FilterView):
    """A list = queryset + filterset + table; the same FilterSet serves the API and exports.

    `?export=xlsx` or `?export=csv` downloads every row the page lists (all pages): the same scoped
    queryset, the same filters and the same order (filter ordering and table sort) as the page.
    """

    template_name = "core/object_list.html"
    paginate_by = 25
    title = ""
    create_url_name = None
    import_url_name = None  # the import page, for lists whose records can be imported from a spreadsheet
    export_name = "danh-sach"
    export_columns = None  # list of core.exports.Column; default: the app's columns.py, else the table's

    def may_create(self) -> bool:
        """Whether "Thêm mới" / "Nhập từ Excel" are offered: the user may change records somewhere in their scope."""
        from danvan.core.scoping import policy

        return policy().can_create_records(self.request.user)

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("export")
        if fmt:
            return self.export(fmt)
        return super().get(request, *args, **kwargs)

    def export(self, fmt):
        from django.http import HttpResponseBadRequest
        from django_tables2 import RequestConfig

        from danvan.core import exports

        if fmt not in exports.FORMATS:
            return HttpResponseBadRequest(_("Định dạng xuất không được hỗ trợ: %(f)s") % {"f": fmt[:10]})
        # The same steps as FilterView.get and SingleTableMixin.get_table, without pagination.
        self.filterset = self.get_filterset(self.get_filterset_class())
        if not self.filterset.is_bound or self.filterset.is_valid() or not self.get_strict():
            self.object_list = self.filterset.qs
        else:
            self.object_list = self.filterset.queryset.none()
        table = self.get_table_class()(data=self.get_table_data(), **self.get_table_kwargs())
        RequestConfig(self.request, paginate=False).configure(table)
        columns = self.export_columns or exports.columns_for_model(self.model) or exports.columns_from_table(table)
        title = str(self.title or self.model._meta.verbose_name_plural)
        return exports.export_response(table.data.data, columns, fmt=fmt, name=self.export_name, title=title)

    def get_template_names(self):
        # The live search and filters swap only the results (hx-push-url puts the query in the address). When
        # the back button or a bookmark asks htmx to restore a page it has not cached, it is the whole page.
        htmx = self.request.htmx
        if htmx and not htmx.boosted and not htmx.history_restore_request:
            return ["core/object_list_results.html"]
        return [self.template_name]

    def render_to_response(self, context, **response_kwargs):
        from django.utils.cache import patch_vary_headers

        response = super().render_to_response(context, **response_kwargs)
        # The same address answers with the results alone (htmx) or the whole page: caches must keep both apart.
        patch_vary_headers(response, ("HX-Request", "HX-History-Restore-Request"))
        return response

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["request"] = self.request
        return kwargs

    def get_filterset(self, filterset_class):
        # Same limits as the API: numbers beyond 64 bits are a form error, not a database overflow.
        from danvan.core.api.filters import harden_filter_form

        filterset = super().get_filterset(filterset_class)
        harden_filter_form(filterset.form)
        return filterset

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = self.title or self.model._meta.verbose_name_plural
        # Offer only what the user may do (the policy answers; templates read the result).
        may_create = bool(self.create_url_name or self.import_url_name) and self.may_create()
        ctx["create_url_name"] = self.create_url_name if may_create else None
        ctx["import_url_name"] = self.import_url_name if may_create else None
        ctx["query_string"] = self.request.GET.urlencode()
        ctx["advanced_active"] = any(
            v for k, v in self.request.GET.items() if k not in {"q", "unit", "page", "sort"}
        )
        return ctx


def history_context(request) -> dict:
    """Whether the change history may show its logged (raw) form: only on demand (?raw=1), only to those the
    policy lets audit."""
    from danvan.core.scoping import policy

    may_audit = policy().can_audit(request.user)
    return {"history_may_raw": may_audit, "history_raw": may_audit and request.GET.get("raw") == "1"}


class ObjectDetailView(ScopedMixin, View):
    template_name = None
    include_deleted = True

    def get(self, request, pk):
        obj = self.get_object()
        ctx = {"object": obj, "can_edit": self.can_edit(obj), "history": timeline(obj)}
        ctx.update(history_context(request))
        ctx.update(self.extra_context(obj))
        return render(request, self.template_name, ctx)

    def extra_context(self, obj) -> dict:
        return {}


class ObjectEditView(ScopedMixin, View):
    """Create or edit through a service; a stale version is refused with the other editor's changes."""

    form_class = None
    template_name = "core/object_edit.html"
    action = "change"

    def get_object_or_none(self):
        return self.get_object() if "pk" in self.kwargs else None

    def get_form(self, instance, data=None, files=None):
        return self.form_class(data=data, files=files, instance=instance, user=self.request.user)

    def get(self, request, pk=None):
        obj = self.get_object_or_none()
        return self.render_form(self.get_form(obj), obj)

    def post(self, request, pk=None):
        obj = self.get_object_or_none()
        form = self.get_form(obj, request.POST, request.FILES)
        stale = None
        if form.is_valid():
            try:
                saved = self.save(form, obj)
            except StaleEdit as exc:
                stale = exc
                form.add_error(None, exc.message)
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Đã lưu."))
                return HttpResponseRedirect(saved.get_absolute_url())
        return self.render_form(form, obj, stale=stale, status=409 if stale else 400)

    def render_form(self, form, obj, stale=None, status=200):
        ctx = {"form": form, "object": obj, "stale": stale, "title": self.get_title(obj)}
        return render(self.request, self.template_name, ctx, status=status)

    def get_title(self, obj):
        if obj is None:
            return _("Thêm %(name)s") % {"name": singular_name(self.model).lower()}
        return _("Sửa: %(obj)s") % {"obj": obj}

    def save(self, form, obj):
        raise NotImplementedError


class ObjectDeleteView(ScopedMixin, View):
    """Soft delete (POST only); the record can be restored from its page."""

    action = "change"

    def get(self, request, pk):
        obj = self.get_object()
        return render(request, "core/object_delete.html", {"object": obj})

    def post(self, request, pk):
        obj = self.get_object()
        version = _int_or_none(request.POST.get("version"))
        try:
            soft_delete(obj, user=request.user, expected_version=version)
        except DomainError as exc:  # a stale or missing version
            messages.error(request, exc.message)
            return HttpResponseRedirect(obj.get_absolute_url())
        messages.success(request, _("Đã xoá “%(obj)s”. Có thể khôi phục từ trang của bản ghi.") % {"obj": obj})
        return HttpResponseRedirect(obj.get_absolute_url())


class ObjectRestoreView(ScopedMixin, View):
    action = "change"
    include_deleted = True

    def post(self, request, pk):
        obj = self.get_object()
        if not obj.is_deleted:
            raise Http404
        try:
            restore(obj, user=request.user, expected_version=_int_or_none(request.POST.get("version")))
        except DomainError as exc:
            messages.error(request, exc.message)
            return HttpResponseRedirect(obj.get_absolute_url())
        messages.success(request, _("Đã khôi phục “%(obj)s”.") % {"obj": obj})
        return HttpResponseRedirect(obj.get_absolute_url())


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def healthz(request):
    """Liveness and database status for monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        db = "ok"
    except Exception as exc:  # noqa: BLE001 - report any database failure as a status, not a 500
        return JsonResponse({"status": "error", "database": str(exc)[:200]}, status=503)
    return JsonResponse({"status": "ok", "database": db, "engine": connection.vendor})


def _check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": "ok", "engine": connection.vendor}


def _check_redis() -> dict:
    from django_redis import get_redis_connection

    get_redis_connection("default").ping()
    return {"status": "ok"}


def _check_queue() -> dict:
    """The task queue answers; how many jobs wait and for how long (a long wait: no worker is taking them)."""
    backend = settings.TASKS["default"]["BACKEND"]
    if backend.startswith("django_tasks_rq."):
        return _check_rq_queue(backend)
    if not backend.startswith("django_tasks_db."):
        return {"status": "ok", "backend": backend}
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.ready().aggregate(n=Count("pk"), oldest=Min("enqueued_at"))
    age = (timezone.now() - waiting["oldest"]).total_seconds() if waiting["oldest"] else 0
    answer = {"status": "ok", "backend": backend, "waiting": waiting["n"], "oldest_waiting_seconds": round(age)}
    if age > settings.QUEUE_STALE_SECONDS:
        answer.update(status="degraded", detail=f"no worker has taken a job for {round(age)} s")
    return answer


def _check_rq_queue(backend: str) -> dict:
    """RQ on Redis: its depth and workers. The broker down is "degraded", not an error: pages still serve, only
    starting a background job is refused (with a message, core.queue.QueueUnavailable)."""
    from danvan.core import queue

    try:
        summary = queue.summary()
    except Exception as exc:  # noqa: BLE001 - the broker not answering is a status
        return {"status": "degraded", "backend": backend, "detail": f"the queue's Redis does not answer: {exc}"[:200]}
    answer = {"status": "ok", "backend": backend, **{k: summary[k] for k in (
        "waiting", "running", "failed", "workers", "oldest_waiting_seconds")}}
    if summary["oldest_waiting_seconds"] > settings.QUEUE_STALE_SECONDS:
        answer.update(status="degraded", detail=f"no worker has taken a job for {summary['oldest_waiting_seconds']} s")
    elif not summary["workers"] and summary["waiting"]:
        answer.update(status="degraded", detail="jobs wait and no worker is registered")
    return answer


def readyz(request):
    """Readiness for a load balancer and monitoring: the database, Redis (when configured), the task queue.

    503 when this server cannot serve (the database or the queue's table do not answer); 200 with "degraded"
    when Redis is down or jobs wait too long: the site still serves then (the cache is skipped, sessions come
    from the database), so taking every server out of the balancer would only make it worse.
    """
    checks = {"database": _check_database, "queue": _check_queue}
    if settings.REDIS_URL:
        checks["redis"] = _check_redis
    answer, essential = {}, {"database", "queue"}
    for name, check in checks.items():
        try:
            answer[name] = check()
        except Exception as exc:  # noqa: BLE001 - any failure is a status to report, not a 500
            answer[name] = {"status": "error", "detail": str(exc)[:200]}
    failed = [name for name, result in answer.items() if result["status"] == "error"]
    degraded = failed or [name for name, result in answer.items() if result["status"] == "degraded"]
    status = "error" if set(failed) & essential else "degraded" if degraded else "ok"
    return JsonResponse({"status": status, **answer}, status=503 if status == "error" else 200)
