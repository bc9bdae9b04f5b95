"""The audit log page: every change in the user's scope, for auditors, staff and administrators."""
from auditlog.models import LogEntry
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.views import View

from danvan.core.scoping import get_scope
from danvan.core.services import describe_entry


def audited_models():
    from danvan.initiatives.models import Exemplar, Indicator, Initiative, ProgressUpdate
    from danvan.organizations.models import Organization

    return [Initiative, Exemplar, Organization, Indicator, ProgressUpdate]


def entries_visible_to(user):
    """Audit entries of the records the user can see (deleted ones included), through the same scoping."""
    scope = get_scope(user)
    if not scope.can_audit:
        return LogEntry.objects.none()
    if scope.national_view:
        return LogEntry.objects.all()
    q = Q(pk__in=[])
    for model in audited_models():
        ct = ContentType.objects.get_for_model(model)
        ids = model.all_objects.visible_to(user).values("pk")
        q |= Q(content_type=ct, object_id__in=ids)
    return LogEntry.objects.filter(q)


class AuditLogView(LoginRequiredMixin, View):
    model = LogEntry

    def get(self, request):
        if not get_scope(request.user).can_audit:
            raise PermissionDenied
        entries = entries_visible_to(request.user).select_related("actor", "content_type").order_by("-timestamp", "-pk")
        page = Paginator(entries, 50).get_page(request.GET.get("page"))
        rows = [(e, describe_entry(e)) for e in page.object_list]
        return render(request, "core/audit_log.html", {"page": page, "rows": rows})
