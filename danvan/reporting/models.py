"""Reporting rounds (đợt báo cáo) opened by an upper level, and the periodic reports units send in them.

A round is opened by a province for its communes, or nationally for the provinces. Each target unit gets
one PeriodicReport: a draft whose figures come live from the registry (reporting.figures) until it is
submitted; at submission the figures are frozen in `snapshot`. The steps and what "overdue", "late" and
"handed in" mean are declared in reporting.workflow (the properties below ask it); services take the steps.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.models import SearchableModel, VersionedModel
from danvan.accounts import policy
from danvan.core.scoping import VIEW, ScopedQuerySet, UnitPlacedModel
from danvan.stats.periods import PeriodKind, parse_period


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Đang mở")
    CLOSED = "closed", _("Đã đóng")


class TargetLevel(models.TextChoices):
    COMMUNES = "communes", _("Các xã, phường, đặc khu của tỉnh")
    PROVINCES = "provinces", _("Các tỉnh, thành phố")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Chưa nộp")
    SUBMITTED = "submitted", _("Đã nộp, chờ tiếp nhận")
    ACCEPTED = "accepted", _("Đã tiếp nhận")
    RETURNED = "returned", _("Bị trả lại")


class ReportingRoundQuerySet(ScopedQuerySet):
    """A round is seen by whoever oversees its issuing unit, and by the units that report in it.

    It is changed (closed, its reports accepted or returned) only by the issuing level: staff of the
    issuing province, or national staff for a national round.
    """

    scope_organization_field = None

    def _scope_q(self, user, action):
        q = policy.rounds_q(user, action)
        if q is None:
            return None
        if action == VIEW:
            q |= Q(pk__in=PeriodicReport.objects.visible_to(user).values("round_id"))
        return q

    def overseen_by(self, user):
        """Rounds whose issuing level the user belongs to or oversees (who sees every unit's report)."""
        provinces = policy.overseen_provinces(user)
        if provinces is None:
            return self
        return self.filter(issuing_unit_id__in=sorted(provinces)) if provinces else self.none()


class ReportingRound(SearchableModel, VersionedModel):
    """An upper level asks the units below it for their report on one period, by a deadline."""

    issuing_unit = models.ForeignKey(
        "territory.AdminUnit", verbose_name=_("Cấp mở đợt báo cáo"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", help_text=_("Để trống: toàn quốc."),
    )
    period_kind = models.CharField(_("Loại kỳ"), max_length=8, choices=PeriodKind.choices)
    period_code = models.CharField(_("Kỳ báo cáo"), max_length=12)
    title = models.CharField(_("Tên đợt báo cáo"), max_length=300)
    deadline = models.DateField(_("Hạn nộp"))
    target_level = models.CharField(_("Đơn vị phải báo cáo"), max_length=12, choices=TargetLevel.choices)
    status = models.CharField(_("Trạng thái"), max_length=8, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Người mở"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("Mở lúc"), default=timezone.now)
    closed_at = models.DateTimeField(_("Đóng lúc"), null=True, blank=True)

    search_fields = ("title", "period_code")
    sort_field = "title"

    objects = ReportingRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("Đợt báo cáo")
        verbose_name_plural = _("Đợt báo cáo")
        ordering = ["-deadline", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_unit", "period_code"], condition=Q(issuing_unit__isnull=False),
                name="round_unique_per_unit_period",
            ),
            models.UniqueConstraint(
                fields=["period_code"], condition=Q(issuing_unit__isnull=True), name="round_unique_national_period",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reporting:round_detail", args=[self.pk])

    @property
    def period(self):
        return parse_period(self.period_code)

    @property
    def issuer_name(self) -> str:
        return self.issuing_unit.name if self.issuing_unit_id else str(_("Toàn quốc"))

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN

    @property
    def is_past_deadline(self) -> bool:
        """The deadline is behind us (whether or not the round is still open)."""
        from danvan.reporting.workflow import ROUNDS

        return ROUNDS.deadline(self, "overdue").is_past(timezone.localdate())


class PeriodicReportQuerySet(ScopedQuerySet):
    """Reports are scoped like every record placed in a unit (the reporting unit) and owned by an organisation."""

    scope_organization_field = "organization"


class PeriodicReport(UnitPlacedModel, VersionedModel):
    """One unit's report in a round: narrative sections, and the figures frozen when it was submitted."""

    round = models.ForeignKey(
        ReportingRound, verbose_name=_("Đợt báo cáo"), on_delete=models.CASCADE, related_name="reports",
    )
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("Tổ chức báo cáo"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="periodic_reports",
    )
    status = models.CharField(
        _("Trạng thái"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT, editable=False,
    )
    results = models.TextField(_("Kết quả đạt được"), blank=True)
    limitations = models.TextField(_("Hạn chế"), blank=True)
    causes = models.TextField(_("Nguyên nhân"), blank=True)
    directions = models.TextField(_("Phương hướng, nhiệm vụ thời gian tới"), blank=True)
    snapshot = models.JSONField(_("Số liệu chốt khi nộp"), null=True, blank=True, editable=False)
    first_submitted_at = models.DateTimeField(_("Nộp lần đầu lúc"), null=True, blank=True, editable=False)
    is_late = models.BooleanField(_("Nộp muộn"), default=False, editable=False)
    submitted_at = models.DateTimeField(_("Nộp lúc"), null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Người nộp"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )
    reviewed_at = models.DateTimeField(_("Xem xét lúc"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Người xem xét"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )
    review_comment = models.TextField(_("Ý kiến của cấp trên"), blank=True, editable=False)

    objects = PeriodicReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("Báo cáo định kỳ")
        verbose_name_plural = _("Báo cáo định kỳ")
        ordering = ["round_id", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "unit"], name="report_unique_per_round_unit")]
        indexes = [models.Index(fields=["round", "status"]), models.Index(fields=["province", "commune"])]

    def __str__(self):
        return f"{self.round.title} – {self.unit.name}"

    def get_absolute_url(self):
        return reverse("reporting:report_detail", args=[self.pk])

    @property
    def is_handed_in(self) -> bool:
        from danvan.reporting.workflow import REPORTS

        return REPORTS.holds(self, "handed_in")

    @property
    def is_overdue(self) -> bool:
        """Never handed in, the round still open and its deadline passed (reporting.workflow, clock "overdue")."""
        from danvan.reporting.workflow import REPORTS

        return REPORTS.holds(self, "overdue")
