"""Lockout after repeated failed sign-ins (django-axes): per account and per client address, in the database.

Every sign-in goes through `django.contrib.auth.authenticate(request, ...)`: the login page, the admin's
login page and the API token endpoint. django-axes' backend refuses a locked-out account or address before any
password is checked, and its signal handler records each failure as an `axes.AccessAttempt` row, so all server
processes count together. Two limits (settings.py): LOGIN_FAILURE_LIMIT failures on one account, and
LOGIN_ADDRESS_FAILURE_LIMIT failures from one client address (on any accounts), both counted over the last
LOGIN_LOCKOUT_MINUTES; the lock lifts that long after the last failure, or when an administrator unlocks.
"""
import math

from django.conf import settings
from django.db.models import Sum
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.utils import reset


def _failures(queryset) -> int:
    return queryset.aggregate(n=Sum("failures_since_start"))["n"] or 0


def _recent(request):
    return AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with a limit of its own for the client address.

    Axes compares one number with one limit (AXES_FAILURE_LIMIT = the account limit). The address's count is
    scaled so that it reaches that number exactly when it reaches the address limit:
    floor(n × account_limit / address_limit) ≥ account_limit ⟺ n ≥ address_limit.
    """

    def get_failures(self, request, credentials=None) -> int:
        recent = _recent(request)
        username = get_client_username(request, credentials)
        by_account = _failures(recent.filter(username=username)) if username else 0
        by_address = _failures(recent.filter(ip_address=request.axes_ip_address))
        scaled = by_address * settings.LOGIN_FAILURE_LIMIT // max(1, settings.LOGIN_ADDRESS_FAILURE_LIMIT)
        return max(by_account, scaled)


def lock_state(request, credentials=None) -> dict:
    """Which lock holds ("account" or "address") and how many minutes are left."""
    recent = _recent(request)
    username = get_client_username(request, credentials)
    account = recent.filter(username=username) if username else recent.none()
    address = recent.filter(ip_address=getattr(request, "axes_ip_address", None))
    kind = "account" if _failures(account) >= settings.LOGIN_FAILURE_LIMIT else "address"
    last = (account if kind == "account" else address).order_by("-attempt_time").values_list(
        "attempt_time", flat=True).first()
    until = (last or timezone.now()) + settings.AXES_COOLOFF_TIME
    minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
    return {"kind": kind, "minutes": minutes}


def lockout_message(kind: str, minutes: int) -> str:
    if kind == "account":
        return _("Tài khoản tạm khoá do nhập sai mật khẩu nhiều lần. Hãy thử lại sau %(minutes)s phút "
                 "hoặc liên hệ quản trị.") % {"minutes": minutes}
    return _("Máy của bạn tạm bị chặn đăng nhập do nhập sai mật khẩu nhiều lần. Hãy thử lại sau %(minutes)s phút "
             "hoặc liên hệ quản trị.") % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """The answer to a locked-out sign-in: 429, JSON for the API, the lockout page otherwise."""
    state = lock_state(request, credentials)
    message = lockout_message(state["kind"], state["minutes"])
    status = settings.AXES_HTTP_RESPONSE_CODE
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message, "code": "locked_out", "wait": state["minutes"] * 60},
                                status=status)
    else:
        response = render(request, "accounts/locked_out.html", {"message": message, **state}, status=status)
    response["Retry-After"] = str(state["minutes"] * 60)
    return response


def unlock(username: str) -> int:
    """Forget the failed sign-ins of an account (the administrator's unlock); returns the rows removed."""
    return reset(username=username)
