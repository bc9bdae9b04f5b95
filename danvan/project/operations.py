"""The operator page (/van-hanh/, issue 11 item 8): what an installation's technical staff watch.

The task queue (backend, waiting, running, failed, workers, the oldest wait) with the failed tasks and a button
to run one again; the database, Redis and the read replica's lag (when one is configured). Only the staff
(accounts.policy.may_operate). /healthz and /readyz give the same checks to machines; each request's JSON log
line (core.middleware.AccessLogMiddleware) gives the rest.
"""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from danvan.accounts import policy
from danvan.core import queue, replica


def _check(probe) -> dict:
    try:
        return {"ok": True, **(probe() or {})}
    except Exception as exc:  # noqa: BLE001 - a service that does not answer is a status on this page
        return {"ok": False, "detail": str(exc)[:200]}


def _database() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"engine": connection.vendor}


def _redis() -> dict | None:
    if not settings.REDIS_URL:
        return None
    from django_redis import get_redis_connection

    get_redis_connection("default").ping()
    return {}


def _replica() -> dict:
    lag = replica.lag_seconds()
    threshold = getattr(settings, "REPLICA_LAG_WARN_SECONDS", 30)
    return {"lag": round(lag), "late": lag > threshold, "threshold": threshold}


class OperationsView(LoginRequiredMixin, View):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not policy.may_operate(request.user):
            raise PermissionDenied(_("Chỉ cán bộ kỹ thuật vận hành hệ thống mới xem được trang này."))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        depth = _check(queue.summary)
        context = {
            "title": _("Vận hành hệ thống"),
            "queue": depth,
            "failed": _check(lambda: {"tasks": queue.failed(50)}),
            "database": _check(_database),
            "redis": _check(_redis) if settings.REDIS_URL else None,
            "replica": _check(_replica) if replica.replica_configured() else None,
            "stale": depth.get("oldest_waiting_seconds", 0) > settings.QUEUE_STALE_SECONDS,
        }
        response = render(request, "project/operations.html", context)
        response["Cache-Control"] = "no-store"
        return response


class RetryTaskView(OperationsView):
    def get(self, request, task_id):
        return HttpResponseRedirect(reverse("operations"))

    def post(self, request, task_id):
        try:
            done = queue.retry(task_id)
        except queue.QueueUnavailable as exc:
            messages.error(request, exc.message)
        else:
            if done:
                messages.success(request, _("Đã đưa việc %(id)s vào hàng đợi để chạy lại.") % {"id": task_id[:8]})
            else:
                messages.error(request, _("Việc này không còn trong danh sách lỗi (đã chạy lại hoặc đã bị xoá)."))
        return HttpResponseRedirect(reverse("operations"))
