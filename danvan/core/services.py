"""Record-keeping rules shared by every model: optimistic locking, soft delete, restore, audit."""
import contextlib

from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from danvan.core.audit import describe_entry
from danvan.core.counting import count_keeper
from danvan.core.exceptions import DomainError, InUse, NotInScope, StaleEdit


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


VERSION_REQUIRED = _lazy(
    "Thiếu phiên bản của bản ghi (trường version): hãy tải lại trang rồi thử lại, để không ghi đè thay đổi "
    "của người khác."
)


def require_version(expected_version) -> int:
    """Every change names the version it was based on; a change without one is refused, never applied blindly."""
    if expected_version is None or isinstance(expected_version, bool) or not isinstance(expected_version, int):
        raise DomainError(VERSION_REQUIRED, field="version")
    return expected_version


def save_versioned(obj, *, expected_version: int, user=None, update_fields=None):
    """Save an edit only if nobody saved the record since `expected_version` was loaded.

    The compare-and-set is a single UPDATE, so two editors can never both win, on SQLite or
    PostgreSQL; the loser gets StaleEdit carrying the other editor's changes. The counts of the record
    (settings.COUNT_KEEPER) follow the save in the same transaction.
    """
    expected_version = require_version(expected_version)
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
        with acting_as(user), count_keeper().counting(obj):
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
    """Insert a new record with its creator, audited and counted (settings.COUNT_KEEPER)."""
    if hasattr(obj, "created_by_id") and obj.created_by_id is None and user is not None and user.is_authenticated:
        obj.created_by = user
    with transaction.atomic(), acting_as(user):
        obj.full_clean()
        with count_keeper().counting(obj):
            obj.save()
    return obj


def live_dependents(obj, *, sample: int = 3) -> list[tuple[str, int, list[str]]]:
    """What still uses `obj` through a protected link: (what, how many live records, a few of their names).

    A protected link (on_delete=PROTECT) is one the database itself would refuse to break; soft delete keeps
    the same promise, so a record never disappears from under the live records that point to it.
    """
    from django.db import models

    found = []
    for rel in obj._meta.related_objects:
        if rel.on_delete is not models.PROTECT or not rel.one_to_many:
            continue
        related = rel.related_model._default_manager.filter(**{rel.field.name: obj})
        count = related.count()
        if count:
            names = [str(r) for r in related[:sample]]
            found.append((str(rel.related_model._meta.verbose_name_plural), count, names))
    return found


def soft_delete(obj, *, expected_version: int, user=None):
    """Mark a record deleted; it disappears from lists but can be restored, and the audit keeps it. Refused
    while live records still depend on it (they must be moved first)."""
    require_version(expected_version)
    users = live_dependents(obj)
    if users:
        listed = "; ".join(
            f"{n} {what.lower()} ({', '.join(names)}{'…' if n > len(names) else ''})" for what, n, names in users
        )
        raise InUse(
            _("Không thể xoá “%(obj)s” vì còn đang được dùng: %(list)s. Hãy chuyển các bản ghi này sang nơi khác "
              "(hoặc xoá chúng) trước.") % {"obj": obj, "list": listed},
            users=users,
        )
    obj.deleted_at = timezone.now()
    return save_versioned(obj, expected_version=expected_version, user=user, update_fields=["deleted_at"])


def restore(obj, *, expected_version: int, user=None):
    """Bring a soft-deleted record back."""
    require_version(expected_version)
    obj.deleted_at = None
    return save_versioned(obj, expected_version=expected_version, user=user, update_fields=["deleted_at"])


AUDIT_EXCLUDE = ["search_text", "sort_key", "updated_at", "version"]


def register_audited(*models):
    """Record every create/update/delete of these models with before/after values."""
    from auditlog.registry import auditlog

    for model in models:
        if not auditlog.contains(model):
            # Only the record's own columns: reverse relations would log "reports: None → …" noise.
            own = [f.name for f in model._meta.concrete_fields if f.name not in AUDIT_EXCLUDE]
            auditlog.register(model, include_fields=own)
