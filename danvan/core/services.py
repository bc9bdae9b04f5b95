"""Record-keeping rules shared by every model: optimistic locking, soft delete, restore, audit."""
import contextlib

from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.exceptions import NotInScope, StaleEdit


@contextlib.contextmanager
def acting_as(user):
    """Attribute audit entries written inside the block to `user` (CLI, API, importer alike)."""
    if user is not None and getattr(user, "is_authenticated", False):
        with set_actor(user):
            yield
    else:
        yield


def history(obj, since_version: int | None = None):
    """Audit entries of one record, newest first (optionally only those after a version)."""
    entries = LogEntry.objects.get_for_object(obj).select_related("actor").order_by("-timestamp", "-pk")
    if since_version is not None:
        entries = [e for e in entries if (e.additional_data or {}).get("version", 0) > since_version]
    return entries


def describe_entry(entry) -> dict:
    """An audit entry as plain data: who, when, and each field's before/after."""
    return {
        "actor": str(entry.actor) if entry.actor else _("hệ thống"),
        "timestamp": timezone.localtime(entry.timestamp).strftime("%d/%m/%Y %H:%M"),
        "action": entry.get_action_display(),
        "changes": {k: v for k, v in (entry.changes_dict or {}).items()},
    }


def save_versioned(obj, *, expected_version: int, user=None, update_fields=None):
    """Save an edit only if nobody saved the record since `expected_version` was loaded.

    The compare-and-set is a single UPDATE, so two editors can never both win, on SQLite or
    PostgreSQL; the loser gets StaleEdit carrying the other editor's changes.
    """
    model = type(obj)
    manager = getattr(model, "all_objects", model._default_manager)
    with transaction.atomic():
        now = timezone.now()
        won = manager.filter(pk=obj.pk, version=expected_version).update(
            version=F("version") + 1, updated_at=now,
        )
        if not won:
            current = manager.get(pk=obj.pk)
            others = [describe_entry(e) for e in history(current, since_version=expected_version)]
            raise StaleEdit(
                _("Bản ghi đã được người khác sửa sau khi bạn mở (phiên bản %(mine)s, hiện tại %(now)s). "
                  "Thay đổi của bạn chưa được lưu; hãy xem thay đổi của họ rồi sửa lại.")
                % {"mine": expected_version, "now": current.version},
                current=current, changes=others,
            )
        obj.version = expected_version + 1
        obj.updated_at = now
        with acting_as(user):
            if update_fields is not None:
                obj.save(update_fields=set(update_fields) | {"version", "updated_at"})
            else:
                obj.save()
    return obj


def require_editable(obj, user):
    """Raise NotInScope unless `user` may change `obj` (None means the system: CLI, seed, migration)."""
    if user is None:
        return
    model = type(obj)
    manager = getattr(model, "all_objects", model._default_manager)
    if not manager.editable_by(user).filter(pk=obj.pk).exists():
        raise NotInScope(_("Bạn không có quyền sửa bản ghi này."))


def create_record(obj, *, user=None):
    """Insert a new record with its creator, audited."""
    if hasattr(obj, "created_by_id") and obj.created_by_id is None and user is not None and user.is_authenticated:
        obj.created_by = user
    with transaction.atomic(), acting_as(user):
        obj.full_clean()
        obj.save()
    return obj


def soft_delete(obj, *, user=None, expected_version: int | None = None):
    """Mark a record deleted; it disappears from lists but can be restored, and the audit keeps it."""
    obj.deleted_at = timezone.now()
    version = obj.version if expected_version is None else expected_version
    return save_versioned(obj, expected_version=version, user=user, update_fields=["deleted_at"])


def restore(obj, *, user=None):
    """Bring a soft-deleted record back."""
    obj.deleted_at = None
    return save_versioned(obj, expected_version=obj.version, user=user, update_fields=["deleted_at"])


AUDIT_EXCLUDE = ["search_text", "sort_key", "updated_at", "version"]


def register_audited(*models):
    """Record every create/update/delete of these models with before/after values."""
    from auditlog.registry import auditlog

    for model in models:
        if not auditlog.contains(model):
            # Only the record's own columns: reverse relations would log "reports: None → …" noise.
            own = [f.name for f in model._meta.concrete_fields if f.name not in AUDIT_EXCLUDE]
            auditlog.register(model, include_fields=own)
