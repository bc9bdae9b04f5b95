"""The start page: key figures of the user's scope, each a link to the records behind it."""
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render
from django.urls import reverse

from django.utils import timezone

from danvan.dashboards import alerts as alert_rules
from danvan.initiatives.models import Exemplar, Field, Initiative, Status
from danvan.initiatives.workflow import ACTIVE
from danvan.reporting import services as reporting
from danvan.reporting.models import ReportStatus


@login_required
def home(request):
    user = request.user
    initiatives = Initiative.objects.visible_to(user)
    list_url = reverse("initiatives:initiative_list")
    by_status = dict(initiatives.values_list("status").annotate(n=Count("id")).order_by())
    by_field = dict(initiatives.values_list("field").annotate(n=Count("id")).order_by())
    figures = {
        "initiatives": sum(by_status.values()),
        "exemplars": Exemplar.objects.visible_to(user).count(),
        "status": [(s, Status(s).label, by_status.get(s, 0), f"{list_url}?status={s}") for s in Status.values],
        "field": [(f, Field(f).label, by_field.get(f, 0), f"{list_url}?field={f}") for f in Field.values],
        "no_steering": initiatives.filter(steering_member__isnull=True, status__in=ACTIVE).count(),
    }
    return render(request, "core/home.html", {"figures": figures, "list_url": list_url, "todo": todo(user)})


def todo(user, limit: int = 10) -> dict:
    """"Việc cần làm" of the user's roles: their reports due (returned ones first) with their deadlines, reports
    waiting for their decision, the alerts of their scope that have records, the initiatives they follow."""
    today = timezone.localdate()
    to_write = list(reporting.reports_to_write(user)[:limit])
    to_write.sort(key=lambda r: (r.status != ReportStatus.RETURNED, r.round.deadline))
    due = [{"report": r, "returned": r.status == ReportStatus.RETURNED, "days_left": (r.round.deadline - today).days}
           for r in to_write]
    following = (Initiative.objects.visible_to(user).filter(steering_member=user, status__in=ACTIVE)
                 .select_related("commune", "province").order_by("-registered_on", "pk"))
    items = {
        "due": due,
        "to_review": list(reporting.reports_to_review(user)[:limit]),
        "alerts": [a for a in alert_rules.alerts(user, limit=0, today=today) if a.count],
        "following": list(following[:limit]),
        "following_count": following.count(),
    }
    items["empty"] = not any(items[k] for k in ("due", "to_review", "alerts", "following"))
    return items
