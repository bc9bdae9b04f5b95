"""Accounts hold assignments: a role in a unit or in an organisation."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    NATIONAL_ADMIN = "national_admin", _("Quản trị toàn quốc")
    MASS_MOBILIZATION_STAFF = "mm_staff", _("Cán bộ Ban Dân vận")
    ORGANIZATION_REPORTER = "org_reporter", _("Cán bộ báo cáo của tổ chức")
    STEERING_MEMBER = "steering_member", _("Thành viên Ban Chỉ đạo")
    LEADER = "leader", _("Lãnh đạo (chỉ xem)")
    AUDITOR = "auditor", _("Kiểm tra, giám sát (xem và nhật ký)")
    ACCOUNT_ADMIN = "account_admin", _("Quản trị tài khoản")


# Roles that may change every record in their scope.
MANAGING_ROLES = {Role.NATIONAL_ADMIN, Role.MASS_MOBILIZATION_STAFF, Role.ORGANIZATION_REPORTER}
# Roles that may read the audit log of their scope.
AUDITING_ROLES = {Role.NATIONAL_ADMIN, Role.AUDITOR, Role.MASS_MOBILIZATION_STAFF}
# Roles that administer the accounts of their unit (and the units and organisations below it); they give no
# right on the registry's records by themselves.
ACCOUNT_ADMIN_ROLES = {Role.ACCOUNT_ADMIN}


class Assignment(models.Model):
    """One role of one user, in one unit (and everything below it) or one organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Người dùng"), on_delete=models.CASCADE,
        related_name="assignments",
    )
    role = models.CharField(_("Vai trò"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        "territory.AdminUnit", verbose_name=_("Đơn vị hành chính"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("Tổ chức"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="assignments",
    )

    class Meta:
        verbose_name = _("Phân công")
        verbose_name_plural = _("Phân công")

    def __str__(self):
        where = self.organization or self.unit or _("Toàn quốc")
        return f"{self.user} – {self.get_role_display()} – {where}"

    def clean(self):
        if self.role == Role.NATIONAL_ADMIN:
            return
        if not self.unit_id and not self.organization_id:
            raise ValidationError(_("Cần chọn đơn vị hành chính hoặc tổ chức cho vai trò này."))
        if self.unit_id and self.unit.historic:
            raise ValidationError(_("Không thể phân công vào đơn vị hành chính cũ (trước 2025)."))


class PasswordState(models.Model):
    """Whether a user must choose a new password at their next sign-in (after an administrator set a temporary
    one)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("Người dùng"), on_delete=models.CASCADE,
                                related_name="password_state")
    must_change = models.BooleanField(_("Phải đổi mật khẩu khi đăng nhập"), default=False)
    set_at = models.DateTimeField(_("Thời điểm đặt"), null=True, blank=True)

    class Meta:
        verbose_name = _("Trạng thái mật khẩu")
        verbose_name_plural = _("Trạng thái mật khẩu")

    def __str__(self):
        return str(self.user)
