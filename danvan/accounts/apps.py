from django.apps import AppConfig


def person_name(user) -> str:
    """A person as people name them: the full name; the login name only when no name is recorded."""
    return user.get_full_name().strip() or user.get_username()


def _audit_accounts():
    """Every change of an account is in the audit log: its own fields (never the password hash: a password change
    is logged by accounts.tokens as a sentence), and the assignments, each linked to its user (additional_data)
    so that the account's history shows them."""
    from auditlog.registry import auditlog
    from django.contrib.auth import get_user_model
    from django.utils.translation import gettext_lazy as _

    from danvan.accounts.models import Assignment
    from danvan.core.audit import label_fields

    User = get_user_model()
    if not auditlog.contains(User):
        auditlog.register(User, include_fields=["username", "first_name", "last_name", "email", "is_active",
                                                "is_staff", "is_superuser"])
    label_fields(User, {"username": _("Tên đăng nhập"), "first_name": _("Họ và tên đệm"), "last_name": _("Tên"),
                        "email": _("Thư điện tử"), "is_active": _("Đang hoạt động"),
                        "is_staff": _("Vào trang quản trị hệ thống"), "is_superuser": _("Toàn quyền hệ thống"),
                        "password": _("Mật khẩu")})
    Assignment.get_additional_data = lambda self: {"user_id": self.user_id}


class Config(AppConfig):
    name = "danvan.accounts"
    label = "accounts"
    verbose_name = "Tài khoản"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from danvan.accounts import passwords, sessions, tokens  # noqa: F401  (signal receivers)
        from danvan.accounts.models import Assignment
        from danvan.core.services import register_audited

        register_audited(Assignment)
        _audit_accounts()
        # People appear by their full name everywhere a user is shown as text (lists, selects, histories,
        # exports, the admin), not by their login name (docs/decisions.md, "Full names").
        from django.contrib.auth import get_user_model

        get_user_model().__str__ = person_name
