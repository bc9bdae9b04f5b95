from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views import View

from danvan.accounts import passwords, services, tokens
from danvan.accounts.forms import LoginForm, PasswordResetForm, email_configured


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class ProfileView(LoginRequiredMixin, View):
    """The user's assignments, their API tokens (create: shown once; revoke one or all) and "sign out everywhere"."""

    template_name = "accounts/profile.html"

    def context(self, request, **extra):
        return {
            "tokens": tokens.active(request.user),
            "assignments": request.user.assignments.select_related("unit", "organization"),
            "token_days": tokens.knox_settings.TOKEN_TTL.days,
            **extra,
        }

    def get(self, request):
        return render(request, self.template_name, self.context(request))

    def post(self, request):
        action = request.POST.get("action")
        user = request.user
        if action == "create":
            instance, text = tokens.issue(user)
            # The token is shown in this answer only: it is stored nowhere (the database keeps its digest).
            response = render(request, self.template_name, self.context(request, new_token=text, new=instance))
            response["Cache-Control"] = "no-store"
            return response
        if action == "revoke" and request.POST.get("token"):
            if tokens.revoke(user, request.POST["token"]):
                messages.success(request, _("Đã thu hồi mã truy cập API."))
        elif action in ("revoke", "revoke_all"):
            tokens.revoke_all(user)
            messages.success(request, _("Đã thu hồi mọi mã truy cập API của bạn."))
        elif action == "logout_all":
            tokens.revoke_all(user)
            tokens.end_sessions(user)
            logout(request)
            messages.success(request, _("Đã đăng xuất khỏi mọi nơi: mọi phiên đăng nhập và mã truy cập API đã hết hiệu lực."))
            return HttpResponseRedirect(reverse("login"))
        return HttpResponseRedirect(reverse("accounts:profile"))


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        form.user._danvan_password_note = _("Người dùng tự đổi mật khẩu")
        response = super().form_valid(form)
        services.password_changed(form.user)
        passwords.forget(self.request)
        messages.success(self.request, _(
            "Đã đổi mật khẩu. Mọi mã truy cập API và các phiên đăng nhập khác của bạn đã bị thu hồi."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """A forgotten password, by e-mail: only where a mail server is configured (otherwise the page says to ask
    the account administrator). The message goes out through the background queue."""

    template_name = "accounts/password_reset.html"
    form_class = PasswordResetForm
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "email_configured": email_configured()}

    def post(self, request, *args, **kwargs):
        if not email_configured():
            return self.get(request, *args, **kwargs)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        self.extra_email_context = {"site_url": (getattr(settings, "SITE_URL", "") or "").rstrip("/")}
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The link of the e-mail, or the one an administrator issued: the person chooses their own password."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        form.user._danvan_password_note = _("Người dùng đặt lại mật khẩu qua liên kết")
        response = super().form_valid(form)
        services.password_changed(form.user)
        return response
