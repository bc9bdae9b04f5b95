"""Building blocks shared by every record of the registry: soft delete, versions, search columns."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.text import fold, sort_key


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
        parts = [str(getattr(self, f) or "") for f in self.search_fields]
        self.search_text = fold(" ".join(parts))
        self.sort_key = sort_key(getattr(self, self.sort_field, "") or "")

    def save(self, *args, **kwargs):
        self.refresh_search_columns()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = set(update_fields) | {"search_text", "sort_key"}
        super().save(*args, **kwargs)
