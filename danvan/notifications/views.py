"""The user's own notifications: the list (newest first), opening one, marking read."""
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from danvan.notifications import services
from danvan.notifications.models import Notification


class NotificationsView(LoginRequiredMixin, View):
    """The user's own notifications, newest first; POST marks one (id) or all of them read."""

    def get(self, request):
        qs = Notification.objects.visible_to(request.user)
        page = Paginator(qs, 30).get_page(request.GET.get("page"))
        return render(request, "notifications/list.html", {
            "title": _("Thông báo"), "page": page, "unread": qs.unread().count(),
        })

    def post(self, request):
        raw = request.POST.get("id")
        if raw:
            try:
                ids = [int(raw)]
            except ValueError:
                ids = []
            services.mark_read(request.user, ids)
        else:
            n = services.mark_read(request.user)
            messages.success(request, _("Đã đánh dấu %(n)s thông báo là đã đọc.") % {"n": n})
        return HttpResponseRedirect(reverse("notifications:list"))


class NotificationOpenView(LoginRequiredMixin, View):
    """Open a notification (?id=): mark it read and go to the records it points at."""

    def get(self, request):
        try:
            pk = int(request.GET.get("id", ""))
        except ValueError:
            raise Http404
        note = get_object_or_404(Notification.objects.visible_to(request.user), pk=pk)
        services.mark_read(request.user, [note.pk])
        target = note.url if note.url and url_has_allowed_host_and_scheme(
            note.url, allowed_hosts={request.get_host()}) else reverse("notifications:list")
        return HttpResponseRedirect(target)
