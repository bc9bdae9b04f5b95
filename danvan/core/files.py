"""Writing uploaded and generated files through Django's storage (local disk or S3-compatible, issue 11 item 5).

A storage that cannot take a file (the disk is full, a quota is reached, the object store does not answer)
must not end in a 500 nor leave a record that points at a file that is not there:

- `save_upload(field_file, name, content)` writes the file and turns such a failure into a DomainError with a
  Vietnamese message (the caller's form shows it); call it before the record is saved, and inside the record's
  transaction when there is one, so the record is rolled back with it;
- `kept_files()` collects the files written in a block and deletes them if the block fails (a record rolled
  back must not leave its file behind);
- `forget(field_file)` deletes a file, quietly.
"""
from __future__ import annotations

import errno
import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils.translation import gettext as _

from danvan.core.exceptions import DomainError

logger = logging.getLogger(__name__)

_written: ContextVar[list | None] = ContextVar("danvan_written_files", default=None)

FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def _storage_errors() -> tuple:
    errors: tuple = (OSError,)
    try:
        from botocore.exceptions import BotoCoreError, ClientError

        errors += (BotoCoreError, ClientError)
    except ImportError:  # pragma: no cover - django-storages[s3] is a dependency
        pass
    return errors


def message_for(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.errno in FULL:
        return _("Máy chủ đã hết chỗ lưu tệp nên tệp chưa được lưu và không có gì được ghi. Hãy báo quản trị hệ "
                 "thống rồi thử lại.")
    return _("Không lưu được tệp vào kho lưu trữ nên không có gì được ghi. Hãy thử lại sau ít phút hoặc báo quản "
             "trị hệ thống.")


def save_upload(field_file, name: str, content, *, field: str | None = "file") -> str:
    """Write `content` as `name` into `field_file`'s storage (not saving the model); its stored name."""
    try:
        field_file.save(name, content, save=False)
    except _storage_errors() as exc:
        logger.error("cannot store %s: %s", name, exc)
        partial = getattr(field_file, "name", "")
        if partial:
            _delete(field_file.storage, partial)
        field_file.name = None
        raise DomainError(message_for(exc), field=field) from exc
    written = _written.get()
    if written is not None:
        written.append((field_file.storage, field_file.name))
    return field_file.name


@contextmanager
def kept_files():
    """Files written by save_upload in this block are deleted again if the block raises."""
    written: list = []
    token = _written.set(written)
    try:
        yield written
    except BaseException:
        for storage, name in written:
            _delete(storage, name)
        raise
    finally:
        _written.reset(token)


def _delete(storage, name: str) -> None:
    try:
        storage.delete(name)
    except Exception:  # noqa: BLE001 - a file that cannot be deleted now is logged, not a second failure
        logger.warning("cannot delete %s", name, exc_info=True)


def forget(field_file) -> None:
    if field_file:
        _delete(field_file.storage, field_file.name)


def is_object_store(storage) -> bool:
    """True for a storage without local paths (S3-compatible): files are read through it, not by path."""
    try:
        storage.path("x")
    except NotImplementedError:
        return True
    except Exception:  # noqa: BLE001 - e.g. a suspicious name: a local storage all the same
        return False
    return False


def private_storage(prefix: str, *, local):
    """A storage for files nobody downloads by URL (import originals): `local` on the disk, or the object
    store's bucket under `prefix` when the default storage is S3-compatible (the same bucket and keys)."""
    from django.conf import settings
    from django.core.files.storage import FileSystemStorage

    default = settings.STORAGES["default"]
    if default["BACKEND"].startswith("storages.backends.s3"):
        from storages.backends.s3 import S3Storage

        return S3Storage(**{**default.get("OPTIONS", {}), "location": prefix})
    return FileSystemStorage(location=local)


@contextmanager
def local_path(field_file, suffix: str = ""):
    """A path on this machine to read `field_file` from: its own on the disk, or a temporary copy of the object
    (deleted afterwards) when it lives in an object store (a worker on another machine reads the same file)."""
    import os
    import shutil
    import tempfile

    if not is_object_store(field_file.storage):
        yield field_file.path
        return
    handle, path = tempfile.mkstemp(suffix=suffix, prefix="danvan-")
    try:
        with os.fdopen(handle, "wb") as out, field_file.storage.open(field_file.name, "rb") as source:
            shutil.copyfileobj(source, out, 1024 * 1024)
        yield path
    finally:
        try:
            os.unlink(path)
        except OSError:
            pass


def download_response(field_file, *, filename: str, content_type: str, inline: bool = False):
    """The answer to a scope-checked download: the file streamed from its storage, or (object store with
    DANVAN_S3_DOWNLOADS=redirect) a redirect to a signed URL that expires in DANVAN_S3_URL_SECONDS. Never a
    public URL: the bucket is private and every URL it gives is signed. `inline`: shown in the page (a photo of the
    gallery) instead of downloaded, and kept a day in the user's own browser cache."""
    from django.conf import settings
    from django.http import FileResponse, HttpResponseRedirect

    if getattr(settings, "S3_DOWNLOADS", "stream") == "redirect" and is_object_store(field_file.storage):
        from django.utils.http import content_disposition_header

        url = field_file.storage.url(field_file.name, parameters={
            "ResponseContentDisposition": content_disposition_header(not inline, filename),
            "ResponseContentType": content_type})
        response = HttpResponseRedirect(url)
    else:
        response = FileResponse(field_file.open("rb"), as_attachment=not inline, filename=filename,
                                content_type=content_type)
    response["Cache-Control"] = "private, max-age=86400" if inline else "private, no-store"
    return response
