"""Issuing a paper: the next number of its issuing body's register, the file made with that number, kept.

    issue(issuer_key="BDVTU-14", issuer_name="Ban Dân vận Tỉnh uỷ Sơn La", symbol="BC/BDVTU", kind="report",
          title="…", unit=province, make=lambda number: ("bao-cao.docx", content_type, data), user=user)

The number is taken by incrementing the register's one row inside the issuing transaction: on PostgreSQL the
UPDATE locks that row until the transaction ends, on SQLite the transaction holds the write lock (IMMEDIATE), so
two issues at the same moment get consecutive numbers, and a failure (the file, the database) rolls the number
back with everything else: no gap, no duplicate (documents/tests/test_register.py proves it with concurrent
threads on PostgreSQL).
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.exceptions import DomainError, TransitionNotAllowed
from danvan.core.files import kept_files, save_upload
from danvan.documents.models import DocumentStatus, IssuedDocument, RegisterCounter


def next_number(issuer_key: str, year: int) -> int:
    """Take the next number of a register (inside the caller's transaction)."""
    RegisterCounter.objects.bulk_create([RegisterCounter(issuer=issuer_key, year=year)], ignore_conflicts=True)
    RegisterCounter.objects.filter(issuer=issuer_key, year=year).update(last_number=F("last_number") + 1)
    return RegisterCounter.objects.filter(issuer=issuer_key, year=year).values_list("last_number", flat=True).get()


def issue(*, issuer_key: str, issuer_name: str, symbol: str, kind: str, title: str, unit,
          make: Callable[[int], tuple[str, str, bytes]], user=None, signer: str = "", issued_on=None,
          source: str = "") -> IssuedDocument:
    """Give the paper its number, make its file with that number, keep both; all or nothing."""
    issued_on = issued_on or timezone.localdate()
    with kept_files(), transaction.atomic():
        number = next_number(issuer_key, issued_on.year)
        name, content_type, data = make(number)
        commune, province = unit.current_commune_and_province() if unit is not None else (None, None)
        doc = IssuedDocument(
            issuer=issuer_key, issuer_name=issuer_name[:200], year=issued_on.year, number=number, symbol=symbol,
            kind=kind, title=title[:500], issued_on=issued_on, signer=signer[:200], file_name=name[:255],
            content_type=content_type, sha256=hashlib.sha256(data).hexdigest(), unit=unit, commune=commune,
            province=province, issued_by=user if user is not None and user.is_authenticated else None,
            source=source[:100],
        )
        save_upload(doc.file, name, ContentFile(data), field=None)  # storage full: a DomainError, rolled back
        doc.save()
    return doc


def cancel(doc: IssuedDocument, *, reason: str, user=None) -> IssuedDocument:
    """Cancel an issued paper: it keeps its number (never given again), marked cancelled with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Cần ghi lý do huỷ văn bản."), field="reason")
    with transaction.atomic():
        if not IssuedDocument.objects.filter(pk=doc.pk, status=DocumentStatus.ISSUED).update(
                status=DocumentStatus.CANCELLED, cancelled_at=timezone.now(), cancel_reason=reason):
            raise TransitionNotAllowed(_("Văn bản này đã bị huỷ."))
    doc.refresh_from_db()
    return doc
