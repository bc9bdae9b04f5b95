"""The audit trail, one writer for each way a record is written.

* One record at a time (forms, API, services): django-auditlog writes a LogEntry with the before/after of
  every field (models registered with core.services.register_audited).
* Many records at once (an import, a generated data set): one AuditBatch says who did it, when, with which
  file (kept), and an AuditBatchRecord row per record points to it — the records' values are the file's rows,
  so they are not written a second time into the log. `BatchLog` is the only writer of batches.

`timeline(obj)` reads both: a record's history as people see it, newest first.
"""
from __future__ import annotations

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
            self.batch.file.save(self.batch.original_name or "tep", file, save=False)
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


def describe_entry(entry) -> dict:
    """An audit entry as plain data: who, when, and each field's before/after."""
    return {
        "actor": str(entry.actor) if entry.actor else _("hệ thống"),
        "timestamp": timezone.localtime(entry.timestamp).strftime("%d/%m/%Y %H:%M"),
        "timestamp_iso": entry.timestamp,
        "action": entry.get_action_display(),
        "changes": {k: v for k, v in (entry.changes_dict or {}).items()},
        "batch": None,
    }


def describe_batch(batch: AuditBatch) -> dict:
    what = batch.get_action_display()
    if batch.original_name:
        what = f"{what}: {batch.original_name}"
    return {
        "actor": str(batch.actor) if batch.actor else _("hệ thống"),
        "timestamp": timezone.localtime(batch.created_at).strftime("%d/%m/%Y %H:%M"),
        "timestamp_iso": batch.created_at,
        "action": what,
        "changes": {},
        "batch": batch.pk,
    }


def batches_of(obj):
    ct = ContentType.objects.get_for_model(type(obj))
    return AuditBatch.objects.filter(records__content_type=ct, records__object_id=obj.pk).select_related("actor")


def timeline(obj, limit: int = 50) -> list[dict]:
    """The record's history, newest first: its own audit entries and the batches that wrote it."""
    entries = [describe_entry(e) for e in
               LogEntry.objects.get_for_object(obj).select_related("actor").order_by("-timestamp", "-pk")[:limit]]
    entries += [describe_batch(b) for b in batches_of(obj)[:limit]]
    entries.sort(key=lambda e: e["timestamp_iso"], reverse=True)
    return entries[:limit]


