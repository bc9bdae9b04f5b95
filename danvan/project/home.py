"""The start page: key figures of the user's scope, each a link to the records behind it (stats counts them)."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from danvan.dashboards import alerts as alert_rules
from danvan.reporting import services as reporting
from danvan.reporting.models import ReportStatus
from danvan.stats.figures import followed, scope_figures


@login_required
def home(request):
    user = request.user
    return render(request, "core/home.html",
                  {"figures": scope_figures(user, timezone.localdate()), "todo": todo(user)})


def todo(user, limit: int = 10) -> dict:
    """"Việc cần làm" of the user's roles: their reports due (returned ones first) with their deadlines, reports
    waiting for their decision, the alerts of their scope that have records, the initiatives they follow."""
    today = timezone.localdate()
    to_write = list(reporting.reports_to_write(user)[:limit])
    to_write.sort(key=lambda r: (r.status != ReportStatus.RETURNED, r.round.deadline))
    due = [{"report": r, "returned": r.status == ReportStatus.RETURNED, "days_left": (r.round.deadline - today).days}
           for r in to_write]
    following_figure, following = followed(user)
    following = following.select_related("commune", "province").order_by("-registered_on", "pk")
    items = {
        "due": due,
        "to_review": list(reporting.reports_to_review(user)[:limit]),
        "alerts": [a for a in alert_rules.alerts(user, limit=0, today=today) if a.count],
        "following": list(following[:limit]),
        "following_figure": following_figure,
    }
    items["empty"] = not any(items[k] for k in ("due", "to_review", "alerts", "following"))
    return items
