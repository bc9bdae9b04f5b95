"""A temporary password must be changed at the next sign-in.

When an administrator sets a temporary password (accounts.services.set_temporary_password), the account's
PasswordState says so; at sign-in the session remembers it, and until the user has chosen their own password
every page sends them to the password change page (signing out, the language picker and static files excepted).
"""
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

MUST_CHANGE = "danvan_must_change_password"


@receiver(user_logged_in, dispatch_uid="danvan-temporary-password")
def remember_at_sign_in(sender, request, user, **kwargs):
    from danvan.accounts.services import must_change_password

    if request is not None and hasattr(request, "session"):
        if must_change_password(user):
            request.session[MUST_CHANGE] = True
        else:
            request.session.pop(MUST_CHANGE, None)


def forget(request) -> None:
    if hasattr(request, "session"):
        request.session.pop(MUST_CHANGE, None)


class PasswordChangeRequiredMiddleware:
    OPEN_PREFIXES = ("/static/", "/media/", "/i18n/", "/logout/", "/login/", "/healthz", "/readyz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and session.get(MUST_CHANGE) and user is not None and user.is_authenticated:
            target = reverse("accounts:password_change")
            if request.path != target and not request.path.startswith(self.OPEN_PREFIXES):
                if request.path.startswith("/api/"):
                    from django.http import JsonResponse

                    return JsonResponse({"detail": _("Bạn cần đổi mật khẩu tạm thời trước khi tiếp tục.")}, status=403)
                messages.warning(request, _("Bạn đang dùng mật khẩu tạm thời do quản trị viên đặt: hãy đặt mật khẩu "
                                            "của riêng mình để tiếp tục."))
                return HttpResponseRedirect(target)
        return self.get_response(request)
