"""The start page: key figures of the user's scope, each a link to the records behind it."""
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render
from django.urls import reverse

from danvan.initiatives.models import Exemplar, Field, Initiative, Status
from danvan.initiatives.workflow import ACTIVE


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
    return render(request, "core/home.html", {"figures": figures, "list_url": list_url})
