from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from rest_framework.authtoken.models import Token

from danvan.accounts.forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class ProfileView(LoginRequiredMixin, View):
    """The user's assignments and their personal API token (create, rotate, revoke)."""

    def get(self, request):
        token = Token.objects.filter(user=request.user).first()
        assignments = request.user.assignments.select_related("unit", "organization")
        return render(request, "accounts/profile.html", {"token": token, "assignments": assignments})

    def post(self, request):
        Token.objects.filter(user=request.user).delete()
        if request.POST.get("action") == "create":
            Token.objects.create(user=request.user)
            messages.success(request, _("Đã tạo mã truy cập API mới; mã cũ (nếu có) không còn dùng được."))
        else:
            messages.success(request, _("Đã thu hồi mã truy cập API."))
        return HttpResponseRedirect(reverse("accounts:profile"))
