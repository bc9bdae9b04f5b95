"""The audit log page: every change in the user's scope, for auditors, staff and administrators."""
from auditlog.models import LogEntry
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.views import View

from danvan.accounts import policy
from danvan.core.audit import describe_entry


def audited_models():
    """Every model registered with the audit log (core.services.register_audited), in a stable order."""
    from auditlog.registry import auditlog

    return sorted(auditlog.get_models(), key=lambda m: m._meta.label)


def entries_visible_to(user):
    """Audit entries of the records the user can see (deleted ones included), through the same scoping."""
    if not policy.can_audit(user):
        return LogEntry.objects.none()
    if policy.is_national(user):
        return LogEntry.objects.all()
    q = Q(pk__in=[])
    for model in audited_models():
        manager = getattr(model, "all_objects", model._default_manager)
        if not hasattr(manager, "visible_to"):
            continue  # a model without scope (none today) is seen by national users only
        ct = ContentType.objects.get_for_model(model)
        q |= Q(content_type=ct, object_id__in=manager.visible_to(user).values("pk"))
    return LogEntry.objects.filter(q)


class AuditLogView(LoginRequiredMixin, View):
    model = LogEntry

    def get(self, request):
        if not policy.can_audit(request.user):
            raise PermissionDenied
        entries = entries_visible_to(request.user).select_related("actor", "content_type").order_by("-timestamp", "-pk")
        page = Paginator(entries, 50).get_page(request.GET.get("page"))
        rows = [(e, describe_entry(e)) for e in page.object_list]
        return render(request, "core/audit_log.html", {"page": page, "rows": rows,
                                                       "raw": request.GET.get("raw") == "1"})
