"""The start page: key figures of the user's scope, each a link to the records behind it (stats counts them)."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from danvan.stats.figures import scope_figures


@login_required
def home(request):
    return render(request, "core/home.html", {"figures": scope_figures(request.user, timezone.localdate())})
