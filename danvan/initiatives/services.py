"""Domain rules of the registry. The web UI, the API, the importer and the CLI all call these."""
import datetime
import hashlib
import os

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from danvan.core import files as stored_files
from danvan.core.exceptions import DomainError, NotInScope, TransitionNotAllowed
from danvan.core.services import acting_as, create_record, require_editable, save_versioned
from danvan.initiatives.models import (
    Evidence, Exemplar, ExemplarEvidence, Indicator, IndicatorValue, Initiative, InitiativeTransition, MeasureUnit, ProgressUpdate,
    Status,
)
from danvan.initiatives.workflow import LIFECYCLE

# The lifecycle is declared once, in initiatives.workflow; these two views of it serve the importer and the
# data generators, which walk it in bulk.
TRANSITIONS: dict[str, set[str]] = LIFECYCLE.graph()
# Moving into these needs a written reason (the seeds' problem: registered but never carried out).
REASON_REQUIRED = {s.target for s in LIFECYCLE.steps if s.needs_reason}

ALLOWED_EVIDENCE = {
    ".pdf": ("application/pdf", [b"%PDF"]),
    ".jpg": ("image/jpeg", [b"\xff\xd8\xff"]),
    ".jpeg": ("image/jpeg", [b"\xff\xd8\xff"]),
    ".png": ("image/png", [b"\x89PNG"]),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", [b"PK\x03\x04"]),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [b"PK\x03\x04"]),
}


def allowed_transitions(initiative: Initiative, user=None) -> list[str]:
    """The statuses `user` may move the initiative into now (None: the system, every step of the lifecycle)."""
    return [step.target for step in LIFECYCLE.steps_for(initiative, user)]


def register_initiative(initiative: Initiative, *, user=None, submit: bool = False,
                        date: datetime.date | None = None) -> Initiative:
    """Create an initiative as a draft (or straight to registered), checking it lies in the user's scope; `date`
    is the day it was registered (a record moved in from paper: a past day, never a future one)."""
    check_placement(initiative, user)
    check_registration_date(date)
    if initiative.organization_id and initiative.unit_id is None:
        initiative.unit = initiative.organization.unit
    date = date or timezone.localdate()
    initiative.status = Status.DRAFT
    initiative.status_changed_at = date
    with transaction.atomic():
        create_record(initiative, user=user)
        InitiativeTransition.objects.create(
            initiative=initiative, from_status="", to_status=Status.DRAFT, date=date,
            reason=gettext_noop("Tạo mới"), user=user if user and user.is_authenticated else None,
        )
        if submit:
            transition(initiative, Status.REGISTERED, user=user, reason=gettext_noop("Đăng ký"), date=date)
    return initiative


def check_registration_date(date: datetime.date | None) -> None:
    """A registration date is a real day that has come (records moved in from paper carry their own)."""
    if date is not None and date > timezone.localdate():
        raise DomainError(_("Ngày đăng ký không được ở tương lai."), field="registered_on")


def update_initiative(initiative: Initiative, *, expected_version: int, user=None,
                      registered_on: datetime.date | None = None) -> Initiative:
    """Save an edit of an initiative's details (not its status) with optimistic locking; it may not move to an
    organisation outside the user's scope. A corrected registration date (`registered_on`) moves the
    registration step with it, and may not come after a later step of the lifecycle."""
    require_editable(initiative, user)
    check_placement(initiative, user)
    initiative.full_clean()
    with transaction.atomic():
        if registered_on is not None and initiative.registered_on and registered_on != initiative.registered_on:
            _redate_registration(initiative, registered_on)
        return save_versioned(initiative, expected_version=expected_version, user=user)


def _redate_registration(initiative: Initiative, date: datetime.date) -> None:
    check_registration_date(date)
    steps = list(initiative.transitions.order_by("date", "id"))
    first = next((t for t in steps if t.to_status == Status.REGISTERED), None)
    later = [t for t in steps if first is not None and t.id != first.id and t.to_status != Status.DRAFT
             and (t.date, t.id) > (first.date, first.id)]
    if later and date > later[0].date:
        raise DomainError(_("Ngày đăng ký không được sau bước “%(step)s” ngày %(d)s.")
                          % {"step": Status(later[0].to_status).label, "d": f"{later[0].date:%d/%m/%Y}"},
                          field="registered_on")
    if first is not None:
        InitiativeTransition.objects.filter(pk=first.pk).update(date=date)
        InitiativeTransition.objects.filter(initiative=initiative, to_status=Status.DRAFT, from_status="",
                                            date__gt=date).update(date=date)
        if not later:
            initiative.status_changed_at = date
    initiative.registered_on = date


def transition(initiative: Initiative, to_status: str, *, user=None, reason: str = "",
               date: datetime.date | None = None, expected_version: int | None = None) -> Initiative:
    """Move an initiative along its lifecycle (initiatives.workflow), recording date, reason and who."""
    if to_status not in Status.values:
        raise TransitionNotAllowed(_("Trạng thái không hợp lệ: %(s)s") % {"s": to_status})
    step = LIFECYCLE.step_into(initiative.status, to_status)
    if step is None:
        raise TransitionNotAllowed(
            _("Không thể chuyển từ “%(a)s” sang “%(b)s”.")
            % {"a": Status(initiative.status).label, "b": Status(to_status).label}
        )
    return LIFECYCLE.take(
        initiative, step, user=user, reason=reason, date=date,
        expected_version=initiative.version if expected_version is None else expected_version,
    )


def add_indicator(initiative: Initiative, *, name: str, measure_unit: str, target=None, user=None) -> Indicator:
    """Attach an outcome indicator to an initiative."""
    require_editable(initiative, user)
    if measure_unit == MeasureUnit.VND and target is not None and int(target) != target:
        raise DomainError(_("Số tiền (VND) phải là số nguyên."), field="target")
    return create_record(
        Indicator(initiative=initiative, name=name, measure_unit=measure_unit, target=target), user=user
    )


def record_progress(initiative: Initiative, *, text: str, date: datetime.date | None = None,
                    values: dict | None = None, files=(), user=None) -> ProgressUpdate:
    """Record what was done: text, the indicator values achieved, and evidence files."""
    require_editable(initiative, user)
    date = date or timezone.localdate()
    if date > timezone.localdate():
        raise DomainError(_("Ngày cập nhật không được ở tương lai."), field="date")
    if not (text or "").strip():
        raise DomainError(_("Cần nhập nội dung cập nhật."), field="text")
    values = values or {}
    indicators = {i.pk: i for i in initiative.indicators.all()}
    for indicator_id, value in values.items():
        indicator = indicators.get(int(indicator_id))
        if indicator is None:
            raise DomainError(_("Chỉ tiêu không thuộc mô hình này."))
        if value is not None and value < 0:
            raise DomainError(_("Giá trị chỉ tiêu không được âm."))
        if indicator.measure_unit == MeasureUnit.VND and value is not None and int(value) != value:
            raise DomainError(_("Số tiền (VND) phải là số nguyên."))
    files = list(files)
    checked = [check_evidence(f) for f in files]
    check_evidence_totals(initiative, files)
    # A file the storage cannot take (disk full, object store down) is a DomainError (core.files): the update
    # and its values roll back, and the files written before it are deleted again (no orphan record or file).
    with stored_files.kept_files(), transaction.atomic(), acting_as(user):
        update = create_record(ProgressUpdate(initiative=initiative, date=date, text=text.strip()), user=user)
        for indicator_id, value in values.items():
            if value is not None:
                IndicatorValue.objects.create(
                    indicator=indicators[int(indicator_id)], progress_update=update, date=date, value=value,
                )
        for upload, (content_type, digest) in zip(files, checked):
            ev = Evidence(
                progress_update=update, original_name=os.path.basename(upload.name)[:255],
                content_type=content_type, size=upload.size, sha256=digest,
            )
            stored_files.save_upload(ev.file, upload.name, upload, field="files")
            ev.save()
        if initiative.last_progress_at is None or date > initiative.last_progress_at:
            Initiative.all_objects.filter(pk=initiative.pk).update(last_progress_at=date)
            initiative.last_progress_at = date
    return update


def check_evidence(upload) -> tuple[str, str]:
    """Accept only known document/photo types within the size limit; return (content type, sha256)."""
    ext = os.path.splitext(upload.name or "")[1].lower()
    if ext not in ALLOWED_EVIDENCE:
        raise DomainError(
            _("Loại tệp “%(ext)s” không được chấp nhận. Chỉ nhận: %(ok)s.")
            % {"ext": ext or "?", "ok": ", ".join(sorted(ALLOWED_EVIDENCE))}, field="files",
        )
    if upload.size > settings.EVIDENCE_MAX_BYTES:
        raise DomainError(
            _("Tệp “%(name)s” quá lớn (tối đa %(mb)s MB).")
            % {"name": upload.name, "mb": settings.EVIDENCE_MAX_BYTES // (1024 * 1024)}, field="files",
        )
    content_type, magics = ALLOWED_EVIDENCE[ext]
    upload.seek(0)
    head = upload.read(8)
    if not any(head.startswith(m) for m in magics):
        raise DomainError(_("Nội dung tệp “%(name)s” không khớp với đuôi tệp.") % {"name": upload.name}, field="files")
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return content_type, digest.hexdigest()


def check_evidence_totals(initiative: Initiative, files) -> None:
    """One update carries at most EVIDENCE_MAX_FILES files and EVIDENCE_MAX_UPDATE_BYTES; an initiative holds at
    most EVIDENCE_MAX_RECORD_BYTES of evidence in all (a file-by-file limit alone let 79 MB in at once)."""
    from django.db.models import Sum

    if not files:
        return
    stored = Evidence.objects.filter(progress_update__initiative=initiative).aggregate(n=Sum("size"))["n"] or 0
    _check_totals(files, stored)


def _check_totals(files, stored: int, *, exemplar: bool = False) -> None:
    """At most EVIDENCE_MAX_FILES files and EVIDENCE_MAX_UPDATE_BYTES at once, and EVIDENCE_MAX_RECORD_BYTES in
    all with the `stored` bytes the record already holds."""
    mb = 1024 * 1024
    if len(files) > settings.EVIDENCE_MAX_FILES:
        raise DomainError(_("Mỗi lần cập nhật gửi tối đa %(n)s tệp minh chứng (đã chọn %(k)s).")
                          % {"n": settings.EVIDENCE_MAX_FILES, "k": len(files)}, field="files")
    total = sum(f.size for f in files)
    if total > settings.EVIDENCE_MAX_UPDATE_BYTES:
        raise DomainError(_("Các tệp minh chứng của một lần cập nhật tối đa %(mb)s MB cộng lại (đã chọn %(got)s MB).")
                          % {"mb": settings.EVIDENCE_MAX_UPDATE_BYTES // mb, "got": round(total / mb, 1)}, field="files")
    if files and stored + total > settings.EVIDENCE_MAX_RECORD_BYTES:
        if not exemplar:
            message = _("Mô hình này đã có %(have)s MB minh chứng; giới hạn là %(mb)s MB mỗi mô hình. Hãy gửi ảnh "
                        "nhỏ hơn hoặc bỏ bớt tệp.")
        else:
            message = _("Điển hình này đã có %(have)s MB minh chứng; giới hạn là %(mb)s MB mỗi điển hình. Hãy gửi "
                        "ảnh nhỏ hơn hoặc bỏ bớt tệp.")
        raise DomainError(message % {"have": round(stored / mb, 1), "mb": settings.EVIDENCE_MAX_RECORD_BYTES // mb},
                          field="files")


def record_replication(initiative: Initiative, source: Initiative, *, user=None) -> Initiative:
    """Record that `initiative` replicates `source` (nhân rộng)."""
    if source.pk == initiative.pk:
        raise DomainError(_("Một mô hình không thể nhân rộng từ chính nó."), field="replicates")
    initiative.replicates = source
    return save_versioned(initiative, expected_version=initiative.version, user=user, update_fields=["replicates"])


def check_placement(record, user) -> None:
    """A record (initiative or exemplar) may be created under, or moved to, only an organisation the user may
    change: the same rule for every service, whatever the form's choice list offered. A record that stays where
    it is needs no check (a steering member edits an initiative without managing its organisation)."""
    if user is None:
        return
    from danvan.organizations.models import Organization

    if record.pk is not None:
        stored = type(record).all_objects.filter(pk=record.pk).values_list("organization_id", flat=True).first()
        if stored == record.organization_id:
            return

    if not Organization.objects.editable_by(user).filter(pk=record.organization_id).exists():
        raise NotInScope(_("Tổ chức không thuộc phạm vi của bạn."), field="organization")


def create_exemplar(exemplar: Exemplar, *, user=None, files=()) -> Exemplar:
    """Record an exemplar of an organisation the user manages, placed in that organisation's unit, with its
    evidence files (photos, the decision) and the initiative it came from (one the user can see)."""
    check_placement(exemplar, user)
    check_exemplar_initiative(exemplar, user)
    files = list(files or ())
    checked = [check_evidence(f) for f in files]
    _check_totals(files, 0, exemplar=True)
    if exemplar.unit_id is None:
        exemplar.unit = exemplar.organization.unit
    with stored_files.kept_files(), transaction.atomic():
        saved = create_record(exemplar, user=user)
        _attach_exemplar_evidence(saved, files, checked)
    return saved


def update_exemplar(exemplar: Exemplar, *, expected_version: int, user=None, files=()) -> Exemplar:
    """Edit an exemplar with optimistic locking; it may not move to an organisation outside the user's scope.
    New evidence files are added to those it has."""
    from django.db.models import Sum

    require_editable(exemplar, user)
    check_placement(exemplar, user)
    check_exemplar_initiative(exemplar, user)
    files = list(files or ())
    checked = [check_evidence(f) for f in files]
    stored = ExemplarEvidence.objects.filter(exemplar_id=exemplar.pk).aggregate(n=Sum("size"))["n"] or 0
    _check_totals(files, stored, exemplar=True)
    exemplar.full_clean()
    with stored_files.kept_files(), transaction.atomic():
        saved = save_versioned(exemplar, expected_version=expected_version, user=user)
        _attach_exemplar_evidence(saved, files, checked)
    return saved


def check_exemplar_initiative(exemplar: Exemplar, user) -> None:
    """The initiative an exemplar came from must be one the user can see; its decision is not dated ahead."""
    if exemplar.decision_date is not None and exemplar.decision_date > timezone.localdate():
        raise DomainError(_("Ngày quyết định không được ở tương lai."), field="decision_date")
    if exemplar.initiative_id is None or user is None:
        return
    if not Initiative.all_objects.visible_to(user).filter(pk=exemplar.initiative_id).exists():
        raise NotInScope(_("Không tìm thấy mô hình có mã số %(pk)s trong phạm vi của bạn.")
                         % {"pk": exemplar.initiative_id}, field="initiative")


def _attach_exemplar_evidence(exemplar: Exemplar, files, checked) -> None:
    for upload, (content_type, digest) in zip(files, checked):
        ev = ExemplarEvidence(exemplar=exemplar, original_name=os.path.basename(upload.name)[:255],
                              content_type=content_type, size=upload.size, sha256=digest)
        stored_files.save_upload(ev.file, upload.name, upload, field="files")
        ev.save()
