"""Pages of the account administrator (a province's, or the national one): list, create, change, lock accounts,
give and take away assignments, temporary passwords and reset links. Every page starts from
`policy.administrable_users(user)`: another province's account is "not found" whatever id is typed."""
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from danvan.accounts import policy, services
from danvan.accounts.forms import AccountCreateForm, AccountEditForm, AssignmentForm, TemporaryPasswordForm
from danvan.accounts.history import account_history
from danvan.accounts.models import Assignment
from danvan.core.exceptions import DomainError

User = get_user_model()


def _apply_error(form, error: DomainError):
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


class AdministratorMixin(LoginRequiredMixin):
    """Only account administrators; the account is looked up among those they administer."""

    model = User

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not policy.may_administer_accounts(request.user):
            raise PermissionDenied(_("Bạn không có quyền quản trị tài khoản."))
        return super().dispatch(request, *args, **kwargs)

    def target(self):
        return get_object_or_404(policy.administrable_users(self.request.user), pk=self.kwargs["pk"])

    def back(self, user):
        return HttpResponseRedirect(reverse("accounts:account_detail", args=[user.pk]))


class AccountListView(AdministratorMixin, View):
    template_name = "accounts/account_list.html"

    def get(self, request):
        users = policy.administrable_users(request.user).prefetch_related(
            "assignments__unit", "assignments__organization")
        q = (request.GET.get("q") or "").strip()[:100]
        if q:
            users = users.filter(Q(username__icontains=q) | Q(first_name__icontains=q) | Q(last_name__icontains=q)
                                 | Q(email__icontains=q))
        status = request.GET.get("status")
        if status == "active":
            users = users.filter(is_active=True)
        elif status == "locked":
            users = users.filter(is_active=False)
        page = Paginator(users.order_by("last_name", "first_name", "username"), 50).get_page(request.GET.get("page"))
        return render(request, self.template_name, {"page": page, "q": q, "status": status or ""})


class AccountCreateView(AdministratorMixin, View):
    template_name = "accounts/account_form.html"

    def get(self, request):
        return render(request, self.template_name, {"form": AccountCreateForm(admin=request.user),
                                                    "title": _("Tạo tài khoản")})

    def post(self, request):
        form = AccountCreateForm(request.POST, admin=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                user = services.create_account(
                    request.user, username=data["username"], full_name=data["full_name"], email=data["email"],
                    role=data["role"], unit=data.get("unit"), organization=data.get("organization"),
                    password=data.get("password2") or None)
            except DomainError as error:
                _apply_error(form, error)
            else:
                messages.success(request, _("Đã tạo tài khoản %(name)s.") % {"name": user})
                return self.back(user)
        return render(request, self.template_name, {"form": form, "title": _("Tạo tài khoản")})


class AccountDetailView(AdministratorMixin, View):
    template_name = "accounts/account_detail.html"

    def get(self, request, pk):
        return self.show(request, self.target())

    def show(self, request, target, **extra):
        context = {
            "target": target,
            "assignments": target.assignments.select_related("unit", "organization").order_by("pk"),
            "assignment_form": AssignmentForm(admin=request.user),
            "must_change": services.must_change_password(target),
            "history": account_history(target),
            **extra,
        }
        response = render(request, self.template_name, context)
        if "reset_url" in extra:
            response["Cache-Control"] = "no-store"
        return response


class AccountEditView(AdministratorMixin, View):
    template_name = "accounts/account_form.html"

    def get(self, request, pk):
        target = self.target()
        form = AccountEditForm(initial={"full_name": target.get_full_name(), "email": target.email})
        return render(request, self.template_name, {"form": form, "target": target, "title": _("Sửa tài khoản")})

    def post(self, request, pk):
        target = self.target()
        form = AccountEditForm(request.POST)
        if form.is_valid():
            try:
                services.update_account(request.user, target, **form.cleaned_data)
            except DomainError as error:
                _apply_error(form, error)
            else:
                messages.success(request, _("Đã lưu tài khoản."))
                return self.back(target)
        return render(request, self.template_name, {"form": form, "target": target, "title": _("Sửa tài khoản")})


class AccountActiveView(AdministratorMixin, View):
    def post(self, request, pk):
        target = self.target()
        active = request.POST.get("active") == "1"
        services.set_active(request.user, target, active, keep_session_key=request.session.session_key)
        messages.success(request, _("Đã mở khoá tài khoản.") if active else _(
            "Đã khoá tài khoản: mọi phiên đăng nhập và mã truy cập API của tài khoản đã hết hiệu lực."))
        return self.back(target)


class AssignmentAddView(AdministratorMixin, View):
    def post(self, request, pk):
        target = self.target()
        form = AssignmentForm(request.POST, admin=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.add_assignment(request.user, target, role=data["role"], unit=data.get("unit"),
                                        organization=data.get("organization"))
            except DomainError as error:
                _apply_error(form, error)
            else:
                messages.success(request, _("Đã thêm phân công."))
                return self.back(target)
        return AccountDetailView().show(request, target, assignment_form=form)


class AssignmentRemoveView(AdministratorMixin, View):
    model = Assignment

    def post(self, request, pk):
        assignment = get_object_or_404(
            Assignment.objects.select_related("user", "unit", "organization")
            .filter(user__in=policy.administrable_users(request.user)), pk=pk)
        try:
            services.remove_assignment(request.user, assignment)
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Đã bỏ phân công."))
        return self.back(assignment.user)


class TemporaryPasswordView(AdministratorMixin, View):
    template_name = "accounts/account_password.html"

    def get(self, request, pk):
        target = self.target()
        return render(request, self.template_name, {"target": target, "form": TemporaryPasswordForm(target=target)})

    def post(self, request, pk):
        target = self.target()
        form = TemporaryPasswordForm(request.POST, target=target)
        if form.is_valid():
            services.set_temporary_password(request.user, target, form.cleaned_data["password2"])
            messages.success(request, _("Đã đặt mật khẩu tạm thời. Người dùng phải đổi mật khẩu khi đăng nhập lần tới."))
            return self.back(target)
        return render(request, self.template_name, {"target": target, "form": form})


class ResetLinkView(AdministratorMixin, View):
    def post(self, request, pk):
        target = self.target()
        try:
            url = services.reset_link(request.user, target, request)
        except DomainError as error:
            messages.error(request, str(error.message))
            return self.back(target)
        return AccountDetailView().show(request, target, reset_url=url)
