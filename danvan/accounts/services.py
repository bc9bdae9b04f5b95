"""Writing accounts: the account administrator's actions (create, change, lock, assign, passwords).

Every function checks the scope policy first (`policy.may_administer` / `may_grant`), so a page or an id from
another province is refused here too, whatever the view did. Every change is in the audit log: the user's own
fields by django-auditlog (the user model is registered in apps.py), assignments by theirs (register_audited),
and every password change by `tokens` (a log line "Mật khẩu", without the password).
"""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from danvan.accounts import lockout, policy, tokens
from danvan.accounts.models import Assignment, PasswordState, Role
from danvan.core.exceptions import DomainError, NotInScope


def split_full_name(full_name: str) -> tuple[str, str]:
    """"Lò Văn Minh" → ("Lò Văn", "Minh"): Django's first name holds the family and middle names, its last name
    the given name, so that get_full_name() gives the name as Vietnamese write it."""
    words = " ".join((full_name or "").split()).split(" ")
    if len(words) == 1:
        return "", words[0]
    return " ".join(words[:-1]), words[-1]


def _check_may_administer(actor, target):
    if not policy.may_administer(actor, target):
        raise NotInScope(_("Bạn không có quyền quản trị tài khoản này."))


def _check_may_grant(actor, role, unit, organization):
    if role != Role.NATIONAL_ADMIN and unit is None and organization is None:
        raise DomainError(_("Cần chọn đơn vị hành chính hoặc tổ chức cho vai trò này."), field="unit")
    if unit is not None and organization is not None:
        raise DomainError(_("Chỉ chọn một trong hai: đơn vị hành chính hoặc tổ chức."), field="organization")
    if role == Role.ACCOUNT_ADMIN and organization is not None:
        raise DomainError(_("Quản trị tài khoản được giao theo đơn vị hành chính, không theo tổ chức."), field="unit")
    if unit is not None and unit.historic:
        raise DomainError(_("Không thể phân công vào đơn vị hành chính cũ (trước 2025)."), field="unit")
    if not policy.may_grant(actor, role, unit, organization):
        raise NotInScope(_("Bạn không thể giao vai trò này ở đơn vị hoặc tổ chức này: vượt quá phạm vi quản trị của "
                           "bạn."), field="role")


@transaction.atomic
def create_account(actor, *, username: str, full_name: str, email: str = "", role, unit=None, organization=None,
                   password: str | None = None):
    """A new account with its first assignment (an account always belongs to some unit or organisation). With a
    password, it is temporary: the user must change it at the first sign-in; without, the account has none yet
    and the administrator issues a link."""
    if not policy.may_create_accounts(actor):
        raise NotInScope(_("Bạn không có quyền tạo tài khoản."))
    _check_may_grant(actor, role, unit, organization)
    User = get_user_model()
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("Tên đăng nhập này đã có người dùng."), field="username")
    first, last = split_full_name(full_name)
    user = User(username=username, first_name=first, last_name=last, email=email or "")
    if password:
        user._danvan_password_note = _("Quản trị viên đặt mật khẩu tạm thời")
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    Assignment.objects.create(user=user, role=role, unit=unit, organization=organization)
    if password:
        _must_change(user, True)
    return user


@transaction.atomic
def update_account(actor, target, *, full_name: str, email: str = ""):
    _check_may_administer(actor, target)
    target.first_name, target.last_name = split_full_name(full_name)
    target.email = email or ""
    target.save(update_fields=["first_name", "last_name", "email"])
    return target


@transaction.atomic
def set_active(actor, target, active: bool, *, keep_session_key=None):
    """Lock (and sign out everywhere, revoke the API tokens) or unlock an account."""
    _check_may_administer(actor, target)
    target.is_active = active
    target.save(update_fields=["is_active"])
    if active:
        lockout.unlock(target.get_username())
    else:
        tokens.revoke_all(target)
        tokens.end_sessions(target, keep_session_key=keep_session_key)
    return target


@transaction.atomic
def add_assignment(actor, target, *, role, unit=None, organization=None):
    _check_may_administer(actor, target)
    _check_may_grant(actor, role, unit, organization)
    if Assignment.objects.filter(user=target, role=role, unit=unit, organization=organization).exists():
        raise DomainError(_("Tài khoản đã có phân công này."), field="role")
    assignment = Assignment.objects.create(user=target, role=role, unit=unit, organization=organization)
    policy.forget(target)
    return assignment


@transaction.atomic
def remove_assignment(actor, assignment):
    target = assignment.user
    _check_may_administer(actor, target)
    if not policy.may_grant(actor, assignment.role, assignment.unit, assignment.organization):
        raise NotInScope(_("Phân công này vượt quá phạm vi quản trị của bạn."))
    if not policy.is_national(actor) and target.assignments.count() <= 1:
        raise DomainError(_("Tài khoản cần ít nhất một phân công. Muốn ngừng sử dụng, hãy khoá tài khoản."))
    assignment.delete()
    policy.forget(target)


def _must_change(user, value: bool) -> None:
    PasswordState.objects.update_or_create(user=user, defaults={"must_change": value, "set_at": timezone.now()})


def must_change_password(user) -> bool:
    return PasswordState.objects.filter(user_id=user.pk, must_change=True).exists()


@transaction.atomic
def set_temporary_password(actor, target, password: str):
    """The administrator gives a temporary password (told to the person by phone or in person); the user must
    choose their own at the next sign-in. Their API tokens and sessions end."""
    _check_may_administer(actor, target)
    target._danvan_password_note = _("Quản trị viên đặt mật khẩu tạm thời")
    target.set_password(password)
    target.save(update_fields=["password"])
    _must_change(target, True)
    tokens.end_sessions(target)
    lockout.unlock(target.get_username())
    return target


def reset_link(actor, target, request=None) -> str:
    """A one-time link with which the person chooses a new password (Django's token: it stops working once the
    password changes or the person signs in). The administrator hands it over; it is logged, not stored."""
    _check_may_administer(actor, target)
    if not target.is_active:
        raise DomainError(_("Tài khoản đang bị khoá: hãy mở khoá trước khi cấp liên kết đặt lại mật khẩu."))
    path = reverse("accounts:password_reset_confirm", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(target.pk)), "token": default_token_generator.make_token(target)})
    from auditlog.models import LogEntry

    LogEntry.objects.log_create(target, action=LogEntry.Action.UPDATE, actor=actor, force_log=True,
                                changes={"password": ["", _("Quản trị viên cấp liên kết đặt lại mật khẩu")]})
    return request.build_absolute_uri(path) if request is not None else path


def password_changed(user) -> None:
    """The user chose their own password: nothing more is asked of them."""
    PasswordState.objects.filter(user_id=user.pk, must_change=True).update(must_change=False,
                                                                           set_at=timezone.now())
