"""Accounts hold assignments: a role in a unit or in an organisation."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    NATIONAL_ADMIN = "national_admin", _("Quản trị toàn quốc")
    MASS_MOBILIZATION_STAFF = "mm_staff", _("Cán bộ Ban Dân vận")
    ORGANIZATION_REPORTER = "org_reporter", _("Cán bộ báo cáo của tổ chức")
    STEERING_MEMBER = "steering_member", _("Thành viên Ban chỉ đạo")
    LEADER = "leader", _("Lãnh đạo (chỉ xem)")
    AUDITOR = "auditor", _("Kiểm tra, giám sát (xem và nhật ký)")


# Roles that may change every record in their scope.
MANAGING_ROLES = {Role.NATIONAL_ADMIN, Role.MASS_MOBILIZATION_STAFF, Role.ORGANIZATION_REPORTER}
# Roles that may read the audit log of their scope.
AUDITING_ROLES = {Role.NATIONAL_ADMIN, Role.AUDITOR, Role.MASS_MOBILIZATION_STAFF}


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
