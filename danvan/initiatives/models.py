"""The registry: initiatives (mô hình), exemplars (điển hình), their indicators and progress."""
import datetime
import os

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from danvan.core.models import SearchableModel, SoftDeleteModel, VersionedModel
from danvan.core.scoping import ScopedQuerySet, UnitPlacedModel, scoped_managers


class Field(models.TextChoices):
    ECONOMY = "economy", _("Kinh tế")
    CULTURE_SOCIETY = "culture_society", _("Văn hoá – xã hội")
    DEFENCE_SECURITY = "defence_security", _("Quốc phòng – an ninh")
    POLITICAL_SYSTEM = "political_system", _("Xây dựng hệ thống chính trị")


class Scope(models.TextChoices):
    COLLECTIVE = "collective", _("Tập thể")
    INDIVIDUAL = "individual", _("Cá nhân")


class Status(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    REGISTERED = "registered", _("Đã đăng ký")
    IMPLEMENTING = "implementing", _("Đang thực hiện")
    REVIEWED = "reviewed", _("Đã sơ kết")
    RECOGNISED = "recognised", _("Được công nhận điển hình")
    NOT_IMPLEMENTED = "not_implemented", _("Không triển khai")
    SUSPENDED = "suspended", _("Tạm dừng")
    CLOSED = "closed", _("Kết thúc")


def _year_validators():
    return [MinValueValidator(1990), MaxValueValidator(2100)]


class InitiativeQuerySet(ScopedQuerySet):
    scope_steering_field = "steering_member"


class Initiative(UnitPlacedModel, SearchableModel, SoftDeleteModel, VersionedModel):
    """A "Dân vận khéo" initiative registered by an organisation in a unit.

    Its status changes only through the lifecycle (initiatives.workflow, called by services.transition()),
    which records each step.
    """

    title = models.CharField(_("Tên mô hình"), max_length=300)
    field = models.CharField(_("Lĩnh vực"), max_length=20, choices=Field.choices)
    scope = models.CharField(_("Phạm vi"), max_length=12, choices=Scope.choices, default=Scope.COLLECTIVE)
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("Tổ chức chủ trì"), on_delete=models.PROTECT,
        related_name="initiatives",
    )
    year = models.PositiveSmallIntegerField(_("Năm đăng ký"), validators=_year_validators())
    description = models.TextField(_("Mô tả"), blank=True)
    goals = models.TextField(_("Mục tiêu"), blank=True)
    start_date = models.DateField(_("Ngày bắt đầu"), null=True, blank=True)
    steering_member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Thành viên BCĐ theo dõi"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="followed_initiatives",
    )
    status = models.CharField(
        _("Trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False,
    )
    status_changed_at = models.DateField(_("Ngày chuyển trạng thái"), null=True, blank=True, editable=False)
    registered_on = models.DateField(_("Ngày đăng ký"), null=True, blank=True, editable=False)
    last_progress_at = models.DateField(_("Cập nhật tiến độ gần nhất"), null=True, blank=True, editable=False)
    replicates = models.ForeignKey(
        "self", verbose_name=_("Nhân rộng từ mô hình"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="replications",
    )

    search_fields = ("title", "description")
    sort_field = "title"

    objects, all_objects = scoped_managers(InitiativeQuerySet)

    class Meta:
        verbose_name = _("Mô hình")
        verbose_name_plural = _("Mô hình")
        ordering = ["sort_key", "id"]
        indexes = [
            models.Index(fields=["province", "year", "field"]),
            models.Index(fields=["commune", "year", "field"]),
            models.Index(fields=["status"]),
            models.Index(fields=["registered_on"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("initiatives:initiative_detail", args=[self.pk])


class InitiativeTransition(models.Model):
    """One dated step of an initiative's lifecycle, with its reason and who made it."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(_("Từ trạng thái"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("Sang trạng thái"), max_length=20, choices=Status.choices)
    date = models.DateField(_("Ngày"))
    reason = models.TextField(_("Lý do"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Người thực hiện"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("Ghi lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("Chuyển trạng thái")
        verbose_name_plural = _("Chuyển trạng thái")
        ordering = ["date", "id"]


class ExemplarKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Cá nhân")
    COLLECTIVE = "collective", _("Tập thể")


class ExemplarQuerySet(ScopedQuerySet):
    pass


class RecognitionLevel(models.TextChoices):
    COMMUNE = "commune", _("Cấp xã")
    PROVINCE = "province", _("Cấp tỉnh")
    CENTRAL = "central", _("Trung ương")


class AwardForm(models.TextChoices):
    """Forms of recognition and award (Luật Thi đua, khen thưởng 2022; Nghị định 98/2023/NĐ-CP)."""

    PRAISE = "praise", _("Biểu dương")
    CERTIFICATE = "certificate", _("Giấy khen")
    PROVINCE_MERIT = "province_merit", _("Bằng khen của Chủ tịch UBND tỉnh")
    MINISTRY_MERIT = "ministry_merit", _("Bằng khen cấp bộ, ban, ngành, đoàn thể trung ương")
    PM_MERIT = "pm_merit", _("Bằng khen của Thủ tướng Chính phủ")
    OTHER = "other", _("Hình thức khác")


class Exemplar(UnitPlacedModel, SearchableModel, SoftDeleteModel, VersionedModel):
    """An outstanding individual or collective (điển hình tiên tiến)."""

    name = models.CharField(_("Tên điển hình"), max_length=300)
    kind = models.CharField(_("Loại"), max_length=12, choices=ExemplarKind.choices, default=ExemplarKind.INDIVIDUAL)
    field = models.CharField(_("Lĩnh vực"), max_length=20, choices=Field.choices)
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("Tổ chức"), on_delete=models.PROTECT,
        related_name="exemplars",
    )
    achievements = models.TextField(_("Thành tích"), blank=True)
    year = models.PositiveSmallIntegerField(_("Năm"), validators=_year_validators())
    initiative = models.ForeignKey(
        Initiative, verbose_name=_("Gắn với mô hình"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="exemplars",
    )
    # The recognition decision (quyết định công nhận / khen thưởng)
    decision_number = models.CharField(_("Số quyết định"), max_length=60, blank=True)
    decision_date = models.DateField(_("Ngày quyết định"), null=True, blank=True)
    recognition_level = models.CharField(_("Cấp công nhận"), max_length=12, choices=RecognitionLevel.choices,
                                         blank=True)
    award_form = models.CharField(_("Hình thức khen thưởng"), max_length=20, choices=AwardForm.choices, blank=True)

    search_fields = ("name", "achievements")
    sort_field = "name"

    objects, all_objects = scoped_managers(ExemplarQuerySet)

    class Meta:
        verbose_name = _("Điển hình")
        verbose_name_plural = _("Điển hình")
        ordering = ["sort_key", "id"]
        indexes = [
            models.Index(fields=["province", "year", "field"]),
            models.Index(fields=["commune", "year", "field"]),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("initiatives:exemplar_detail", args=[self.pk])


class MeasureUnit(models.TextChoices):
    WORK_DAYS = "work_days", _("ngày công")
    GIFTS = "gifts", _("suất quà")
    HOUSES = "houses", _("nhà")
    VND = "vnd", _("đồng")
    HOUSEHOLDS = "households", _("hộ")
    PEOPLE = "people", _("người")
    KM = "km", _("km")
    HECTARES = "ha", _("ha")
    TREES = "trees", _("cây")
    TIMES = "times", _("lượt")
    OTHER = "other", _("đơn vị khác")


class ThroughInitiativeQuerySet(ScopedQuerySet):
    """Records that belong to an initiative are scoped through it (same rule, one place)."""

    initiative_path = "initiative"

    def _scope_q(self, user, action):
        q = Initiative.objects.none()._scope_q(user, action)
        if q is None:
            return None
        return Q(**{f"{self.initiative_path}__in": Initiative.all_objects.filter(q).values("pk")})


class IndicatorValueQuerySet(ThroughInitiativeQuerySet):
    initiative_path = "indicator__initiative"


class EvidenceQuerySet(ThroughInitiativeQuerySet):
    initiative_path = "progress_update__initiative"


class ExemplarEvidenceQuerySet(ScopedQuerySet):
    """Evidence of an exemplar is scoped through the exemplar (same rule, one place)."""

    def _scope_q(self, user, action):
        q = Exemplar.objects.none()._scope_q(user, action)
        if q is None:
            return None
        return Q(exemplar__in=Exemplar.all_objects.filter(q).values("pk"))


class Indicator(SoftDeleteModel, VersionedModel):
    """An outcome measured for an initiative: work-days, gifts, houses, VND raised, households..."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("Chỉ tiêu"), max_length=200)
    measure_unit = models.CharField(_("Đơn vị tính"), max_length=12, choices=MeasureUnit.choices)
    target = models.DecimalField(_("Mục tiêu"), max_digits=18, decimal_places=2, null=True, blank=True)

    objects, all_objects = scoped_managers(ThroughInitiativeQuerySet)

    class Meta:
        verbose_name = _("Chỉ tiêu")
        verbose_name_plural = _("Chỉ tiêu")
        ordering = ["id"]

    def __str__(self):
        return f"{self.name} ({self.get_measure_unit_display()})"

    @property
    def actual(self):
        return sum((v.value for v in self.values.all()), start=0)

    @property
    def percent(self) -> int | None:
        """Progress against the target as a whole percentage (may pass 100); None without a target."""
        if not self.target:
            return None
        return int(round(self.actual * 100 / self.target))


class ProgressUpdate(SoftDeleteModel, VersionedModel):
    """A dated report of what was done on an initiative, with indicator values and evidence."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="progress_updates")
    date = models.DateField(_("Ngày"), default=datetime.date.today)
    text = models.TextField(_("Nội dung"))

    objects, all_objects = scoped_managers(ThroughInitiativeQuerySet)

    class Meta:
        verbose_name = _("Cập nhật tiến độ")
        verbose_name_plural = _("Cập nhật tiến độ")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.initiative} – {self.date:%d/%m/%Y}"


class IndicatorValue(models.Model):
    """The actual value of an indicator achieved in one period (dated by its progress update)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    progress_update = models.ForeignKey(
        ProgressUpdate, null=True, blank=True, on_delete=models.CASCADE, related_name="values",
    )
    date = models.DateField(_("Ngày"))
    value = models.DecimalField(_("Giá trị"), max_digits=18, decimal_places=2)

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("Giá trị chỉ tiêu")
        verbose_name_plural = _("Giá trị chỉ tiêu")
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["indicator", "date"])]


def evidence_path(instance, filename):
    ext = os.path.splitext(filename)[1].lower()
    return f"evidence/{instance.progress_update.initiative_id}/{instance.progress_update_id}/{instance.sha256[:16]}{ext}"


class EvidenceFile(models.Model):
    """What every evidence file records besides the record it belongs to and where it is stored."""

    original_name = models.CharField(_("Tên tệp"), max_length=255)
    content_type = models.CharField(_("Loại tệp"), max_length=100)
    size = models.PositiveIntegerField(_("Dung lượng (byte)"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class Evidence(EvidenceFile):
    """A file attached to a progress update (photo, minutes, report), checked for type and size."""

    progress_update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("Tệp"), upload_to=evidence_path)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("Minh chứng")
        verbose_name_plural = _("Minh chứng")


def exemplar_evidence_path(instance, filename):
    ext = os.path.splitext(filename)[1].lower()
    return f"evidence/exemplars/{instance.exemplar_id}/{instance.sha256[:16]}{ext}"


class ExemplarEvidence(EvidenceFile):
    """A file attached to an exemplar (photo of the award, the decision, a report), checked like progress evidence."""

    exemplar = models.ForeignKey(Exemplar, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("Tệp"), upload_to=exemplar_evidence_path)

    objects = ExemplarEvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("Minh chứng của điển hình")
        verbose_name_plural = _("Minh chứng của điển hình")
        ordering = ["id"]
