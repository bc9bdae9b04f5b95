from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _, ngettext

from danvan.accounts import lockout, tokens
from danvan.accounts.models import Assignment


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "unit", "organization")
    list_filter = ("role",)
    search_fields = ("user__username", "user__last_name")
    raw_id_fields = ("unit", "organization")


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(UserAdmin):
    """Django's user admin plus the administrator's two security levers: unlock, and revoke everything."""

    actions = ["unlock_sign_in", "revoke_tokens_and_sessions"]

    @admin.action(description=_("Mở khoá đăng nhập (xoá các lần nhập sai mật khẩu)"), permissions=["change"])
    def unlock_sign_in(self, request, queryset):
        for user in queryset:
            lockout.unlock(user.get_username())
        count = queryset.count()
        self.message_user(request, ngettext(
            "Đã mở khoá đăng nhập cho %(n)d tài khoản.", "Đã mở khoá đăng nhập cho %(n)d tài khoản.", count,
        ) % {"n": count}, messages.SUCCESS)

    @admin.action(description=_("Thu hồi mọi mã truy cập API và phiên đăng nhập"), permissions=["change"])
    def revoke_tokens_and_sessions(self, request, queryset):
        revoked = ended = 0
        for user in queryset:
            revoked += tokens.revoke_all(user)
            ended += tokens.end_sessions(user, keep_session_key=request.session.session_key)
        self.message_user(request, _("Đã thu hồi %(tokens)d mã truy cập và kết thúc %(sessions)d phiên.")
                          % {"tokens": revoked, "sessions": ended}, messages.SUCCESS)
