"""The audit trail, one writer for each way a record is written.

* One record at a time (forms, API, services): django-auditlog writes a LogEntry with the before/after of
  every field (models registered with core.services.register_audited).
* Many records at once (an import, a generated data set): one AuditBatch says who did it, when, with which
  file (kept), and an AuditBatchRecord row per record points to it — the records' values are the file's rows,
  so they are not written a second time into the log. `BatchLog` is the only writer of batches.

`timeline(obj)` reads both: a record's history as people see it, newest first.
"""
from __future__ import annotations

import datetime

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.bulk import RowWriter
from danvan.core.models import AuditBatch, AuditBatchRecord


class BatchLog:
    """Log one batch write: `add(model, ids)` for every chunk of records written, in the writer's transaction."""

    def __init__(self, *, action: str, user=None, description: str = "", cid: str = "", file=None,
                 original_name: str = ""):
        actor = user if user is not None and getattr(user, "is_authenticated", False) else None
        self.batch = AuditBatch(action=action, actor=actor, description=description[:300], cid=cid[:64],
                                original_name=(original_name or getattr(file, "name", "") or "")[:255])
        if file is not None:
            from danvan.core.files import save_upload

            save_upload(self.batch.file, self.batch.original_name or "tep", file)  # full: DomainError, no batch
        self.batch.save()
        self._records = RowWriter(AuditBatchRecord, columns=("batch_id", "content_type_id", "object_id"), ids=False)
        self._types: dict = {}
        self.counts: dict[str, int] = {}

    def add(self, model, ids) -> None:
        ids = list(ids)
        if not ids:
            return
        ct = self._types.get(model)
        if ct is None:
            ct = self._types[model] = ContentType.objects.get_for_model(model).pk
        batch_id = self.batch.pk
        self._records.insert([(batch_id, ct, pk) for pk in ids])
        label = model._meta.label_lower
        self.counts[label] = self.counts.get(label, 0) + len(ids)

    def finish(self) -> AuditBatch:
        AuditBatch.objects.filter(pk=self.batch.pk).update(counts=self.counts)
        self.batch.counts = self.counts
        return self.batch


def person(user) -> str:
    """How a person is named to people: their full name (the login name only when none is recorded)."""
    if user is None:
        return _("hệ thống")
    return user.get_full_name().strip() or user.get_username()


_EMPTY = {"", "None", "null", "[]", "{}"}
_FIELD_EXCLUDE = {"search_text", "sort_key", "updated_at", "version", "id"}


def _related_name(field, raw: str) -> str:
    model = field.related_model
    manager = getattr(model, "all_objects", model._default_manager)
    try:
        obj = manager.filter(pk=raw).first()
    except (ValueError, TypeError):
        obj = None
    if obj is None:
        return _("(đã xoá: %(id)s)") % {"id": raw}
    if hasattr(obj, "get_full_name") and hasattr(obj, "get_username"):
        return person(obj)
    return str(obj)


def readable_value(field, raw) -> str:
    """One logged value as people read it: a label for a code, a name for an id, a local date, Có/Không."""
    from django.db import models

    text = "" if raw is None else str(raw)
    if text in _EMPTY:
        return ""
    if field is None:
        return text
    if field.choices:
        return str(dict(field.flatchoices).get(text, dict((str(k), v) for k, v in field.flatchoices).get(text, text)))
    if field.is_relation and field.many_to_one:
        return _related_name(field, text)
    if isinstance(field, models.BooleanField):
        return _("Có") if text in ("True", "1", "true") else _("Không")
    if isinstance(field, models.DateTimeField):
        try:
            moment = datetime.datetime.fromisoformat(text)
        except ValueError:
            return text
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, datetime.timezone.utc)
        return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")
    if isinstance(field, models.DateField):
        try:
            return datetime.date.fromisoformat(text[:10]).strftime("%d/%m/%Y")
        except ValueError:
            return text
    if isinstance(field, models.JSONField):
        return _("(dữ liệu có cấu trúc, xem bản gốc)")
    if isinstance(field, models.FileField):
        return text.rsplit("/", 1)[-1]
    return text


# Field names shown in the history for models whose verbose names the project does not write (Django's user):
# {model label: {field name: label}}, filled by the app that audits them (label_fields).
_LABELS: dict[str, dict] = {}


def label_fields(model, labels: dict) -> None:
    """Name these fields of `model` in the readable history (instead of their verbose names)."""
    _LABELS.setdefault(model._meta.label_lower, {}).update(labels)


def readable_changes(model, changes: dict) -> list[dict]:
    """The fields that really changed, in the model's order, each with its Vietnamese name and readable values."""
    fields = {f.name: f for f in model._meta.concrete_fields} if model is not None else {}
    fields.update({f.attname: f for f in fields.values() if hasattr(f, "attname")})
    out = []
    for name, values in changes.items():
        if name in _FIELD_EXCLUDE:
            continue
        old, new = (list(values) + [None, None])[:2] if isinstance(values, (list, tuple)) else (None, values)
        field = fields.get(name)
        before, after = readable_value(field, old), readable_value(field, new)
        if before == after:
            continue
        own = _LABELS.get(model._meta.label_lower, {}) if model is not None else {}
        label = str(own[name]) if name in own else str(field.verbose_name) if field is not None else name
        out.append({"field": name, "label": label[:1].upper() + label[1:], "before": before, "after": after})
    order = {name: i for i, name in enumerate(fields)}
    out.sort(key=lambda c: order.get(c["field"], len(order)))
    return out


def action_label(action) -> str:
    """django-auditlog's actions (create, update, delete, access) in the user's language."""
    from auditlog.models import LogEntry as Entry

    return {Entry.Action.CREATE: _("Tạo mới"), Entry.Action.UPDATE: _("Sửa"), Entry.Action.DELETE: _("Xoá"),
            Entry.Action.ACCESS: _("Xem")}.get(action, str(action))


def _soft_delete_label(changes: dict) -> str:
    """A soft delete or a restore is an update of `deleted_at` only: name it as people do ("Xoá", "Khôi phục")."""
    values = changes.get("deleted_at")
    if not isinstance(values, (list, tuple)) or len(values) != 2:
        return ""
    before, after = ("" if v is None or str(v) in _EMPTY else v for v in values)
    if before and not after:
        return _("Khôi phục")
    if after and not before:
        return _("Xoá")
    return ""


def describe_entry(entry, readable: bool = True) -> dict:
    """An audit entry as people read it: who (full name), when (local time), what (Vietnamese field names,
    labels, names, only what changed) in `readable`; `changes` keeps the logged form ({field: [before, after]},
    the API's contract and what auditors may ask to see)."""
    model = entry.content_type.model_class() if entry.content_type_id else None
    raw = {k: v for k, v in (entry.changes_dict or {}).items()}
    return {
        "actor": person(entry.actor),
        "timestamp": timezone.localtime(entry.timestamp).strftime("%d/%m/%Y %H:%M"),
        "timestamp_iso": entry.timestamp,
        "action": _soft_delete_label(raw) or action_label(entry.action),
        "changes": raw,
        "readable": readable_changes(model, raw) if readable else [],
        "batch": None,
    }


def describe_batch(batch: AuditBatch) -> dict:
    what = batch.get_action_display()
    if batch.original_name:
        what = f"{what}: {batch.original_name}"
    return {
        "actor": person(batch.actor),
        "timestamp": timezone.localtime(batch.created_at).strftime("%d/%m/%Y %H:%M"),
        "timestamp_iso": batch.created_at,
        "action": what,
        "changes": {},
        "readable": [],
        "batch": batch.pk,
    }


def batches_of(obj):
    ct = ContentType.objects.get_for_model(type(obj))
    return AuditBatch.objects.filter(records__content_type=ct, records__object_id=obj.pk).select_related("actor")


def timeline(obj, limit: int = 50, readable: bool = True) -> list[dict]:
    """The record's history, newest first: its own audit entries and the batches that wrote it."""
    entries = [describe_entry(e, readable) for e in
               LogEntry.objects.get_for_object(obj).select_related("actor").order_by("-timestamp", "-pk")[:limit]]
    entries += [describe_batch(b) for b in batches_of(obj)[:limit]]
    entries.sort(key=lambda e: e["timestamp_iso"], reverse=True)
    return entries[:limit]


