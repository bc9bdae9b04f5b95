"""Building blocks shared by every record of the registry: soft delete, versions, search columns."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.text import fold, record_sort_key


class SoftDeleteQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def deleted(self):
        return self.filter(deleted_at__isnull=False)


class SoftDeleteModel(models.Model):
    """A record is never removed from the database; deleting stamps `deleted_at`.

    `objects` hides deleted records; `all_objects` sees them (for restore and history).
    """

    deleted_at = models.DateTimeField(_("Thời điểm xoá"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class VersionedModel(models.Model):
    """Optimistic locking: every saved edit increments `version`; see core.services.save_versioned."""

    version = models.PositiveIntegerField(_("Phiên bản"), default=1, editable=False)
    created_at = models.DateTimeField(_("Tạo lúc"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("Cập nhật lúc"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Người tạo"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )

    class Meta:
        abstract = True

    def get_additional_data(self):
        # Stored on each audit entry, so a stale editor can be shown what changed since their version.
        return {"version": self.version}


def search_columns(model, values: dict, *, folded: dict | None = None, sort: str | None = None) -> tuple[str, str]:
    """(search_text, sort_key) of a record of `model` holding `values` ({field: value}): what a search matches
    (its search_fields, folded) and what a list sorts by (its sort_field, Vietnamese order, leading quote marks
    ignored). save() uses it for one
    record, the batch services for many; `folded` ({field: fold(value)}) and `sort` reuse what a caller computed.
    fold(a + " " + b) is fold(a) and fold(b) joined by a space: folding works character by character."""
    folded = folded or {}
    parts = [folded[f] if f in folded else fold(str(values.get(f) or "")) for f in model.search_fields]
    text = " ".join(p for p in parts if p)
    return text, sort if sort is not None else record_sort_key(values.get(model.sort_field) or "")


class SearchableModel(models.Model):
    """Keeps a folded search column and a Vietnamese sort key in step with the record's text.

    Subclasses set `search_fields` (text that search matches) and `sort_field` (what lists order by).
    """

    search_fields: tuple[str, ...] = ()
    sort_field: str = ""

    search_text = models.TextField(editable=False, default="", blank=True)
    sort_key = models.CharField(max_length=200, editable=False, default="", blank=True, db_index=True)

    class Meta:
        abstract = True

    def refresh_search_columns(self):
        self.search_text, self.sort_key = search_columns(type(self), self.__dict__)

    def save(self, *args, **kwargs):
        self.refresh_search_columns()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = set(update_fields) | {"search_text", "sort_key"}
        super().save(*args, **kwargs)


def audit_file_path(instance, filename):
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"audit/{timezone.now():%Y/%m}/{instance.cid or 'batch'}.{ext[:8]}"


class AuditBatch(models.Model):
    """One logged action that wrote many records at once: an import (with the file it came from), a generated
    data set. Each record it wrote is listed in AuditBatchRecord, so the record's history points here; the
    records' own values are the file's rows (kept) or the generator's, so nothing is written twice."""

    class Action(models.TextChoices):
        IMPORT = "import", _("Nhập từ tệp")
        SEED = "seed", _("Tạo dữ liệu mẫu")
        BATCH = "batch", _("Ghi hàng loạt")

    action = models.CharField(_("Thao tác"), max_length=10, choices=Action.choices)
    description = models.CharField(_("Mô tả"), max_length=300, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("Người thực hiện"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("Lúc"), default=timezone.now)
    cid = models.CharField(max_length=64, blank=True, db_index=True)
    # The original file of an import, kept under MEDIA_ROOT/audit (never served by URL; in every backup).
    file = models.FileField(_("Tệp gốc"), upload_to=audit_file_path, blank=True, max_length=255)
    original_name = models.CharField(_("Tên tệp gốc"), max_length=255, blank=True)
    counts = models.JSONField(_("Số bản ghi"), default=dict, blank=True)

    class Meta:
        verbose_name = _("Lần ghi hàng loạt")
        verbose_name_plural = _("Lần ghi hàng loạt")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_action_display()} – {self.original_name or self.description}"


class AuditBatchRecord(models.Model):
    """A record written by a batch (three integers a record: compact enough for a 100,000-row import)."""

    batch = models.ForeignKey(AuditBatch, on_delete=models.CASCADE, related_name="records")
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_id = models.BigIntegerField()

    class Meta:
        verbose_name = _("Bản ghi của lần ghi hàng loạt")
        verbose_name_plural = _("Bản ghi của lần ghi hàng loạt")
        indexes = [models.Index(fields=["content_type", "object_id"], name="core_batchrecord_object")]
