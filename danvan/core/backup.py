"""Backup and restore of a whole installation: every database row and every uploaded file.

The archive is a .tar.gz, readable with standard tools:

    manifest.json   format, app and Django version, engine, created_at, applied migrations,
                    rows per model, uploaded files (path, size, sha256)
    data.jsonl      every row of every model, one JSON object per line (Django's "jsonl" format),
                    soft-deleted rows, audit entries and API tokens (their SHA-512 digests: the tokens
                    themselves are stored nowhere) included
    media/…         MEDIA_ROOT (evidence files)

The archive holds password hashes and token digests: it is created readable by its owner only (0600), in a
folder created 0700 when it does not exist yet.

The dump is database-neutral (a SQLite backup restores on PostgreSQL and back): rows keep their ids;
references to content types and permissions, whose ids differ between databases, are written as
natural keys. It is read inside one transaction (REPEATABLE READ on PostgreSQL; on SQLite a read
transaction sees one snapshot), so it is consistent while people keep working.
"""
import contextlib
import datetime
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import time
import uuid
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.timezone import is_aware
from django.utils.translation import gettext as _

from danvan.core.counting import count_keeper

FORMAT = "danvan-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA = "data.jsonl"
MEDIA = "media"
# Rebuilt by `migrate` (content types, permissions) or not worth keeping (sessions: users sign in again).
EXCLUDED = {"contenttypes.contenttype", "auth.permission", "sessions.session"}
# Their ids differ from one database to the next: references to them are written as natural keys.
NATURAL_KEY_MODELS = {"contenttypes.contenttype", "auth.permission"}
# Rows of models this version no longer has, skipped on restore: DRF's plain-text API tokens (replaced by
# knox' hashed ones; accounts migration 0003). Their tokens are not brought back.
# The count tables kept by the dashboards app before the stats app took them over (and the national ones it
# dropped): derived data, recounted from the registry after the restore instead.
RETIRED_COUNTS = {f"dashboards.{name}" for name in (
    "statcell", "provincestatcell", "nationstatcell", "provincemonthcell", "nationmonthcell", "communemonthcell")}
RETIRED = {"authtoken.token"} | RETIRED_COUNTS
CHUNK = 2000


class BackupError(Exception):
    """A backup cannot be written or restored; the message says why, in Vietnamese."""


@dataclass
class Result:
    path: Path
    manifest: dict
    seconds: float


def app_version() -> str:
    try:
        from importlib.metadata import version

        return version("danvan")
    except Exception:  # running from a checkout that is not pip-installed
        import tomllib

        pyproject = Path(settings.BASE_DIR).parent / "pyproject.toml"
        try:
            return tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]
        except (OSError, KeyError, ValueError):
            return "?"


def backed_up_models() -> list:
    """Every concrete model with a table of its own, in an order that loads (natural keys first)."""
    app_list = []
    for config in apps.get_app_configs():
        models = [
            m for m in config.get_models()
            if m._meta.label_lower not in EXCLUDED and not m._meta.proxy and m._meta.managed
        ]
        if models:
            app_list.append((config, models))
    return serializers.sort_dependencies(app_list, allow_cycles=True)


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder cuts datetimes to milliseconds; a backup keeps them to the microsecond."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            value = o.isoformat()
            return value.removesuffix("+00:00") + "Z" if value.endswith("+00:00") else value
        if isinstance(o, datetime.time) and not is_aware(o):
            return o.isoformat()
        return super().default(o)


class _Serializer(jsonl.Serializer):
    """Django's jsonl serializer with natural keys only for content types and permissions.

    Users, organisations, units … keep their ids (links and API clients rely on them), and an id
    is one cheap column where a natural key would cost a lookup per row on restore.
    """

    def _natural_for(self, field):
        self.use_natural_foreign_keys = field.remote_field.model._meta.label_lower in NATURAL_KEY_MODELS

    def handle_fk_field(self, obj, field):
        self._natural_for(field)
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        self._natural_for(field)
        super().handle_m2m_field(obj, field)


def _rows(model, counts: dict, using: str):
    """All rows of `model`, soft-deleted ones too (the base manager), counted as they stream."""
    natural = [
        f.name for f in model._meta.concrete_fields
        if f.many_to_one and f.related_model._meta.label_lower in NATURAL_KEY_MODELS
    ]
    queryset = model._base_manager.using(using).select_related(*natural).order_by("pk")
    label = model._meta.label_lower
    counts[label] = 0
    for obj in queryset.iterator(chunk_size=CHUNK):
        counts[label] += 1
        yield obj


@contextlib.contextmanager
def snapshot(using: str = DEFAULT_DB_ALIAS):
    """One read transaction: everything read inside sees the database as it was at its first query."""
    connection = connections[using]
    outermost = not connection.in_atomic_block
    if outermost and connection.vendor == "sqlite":
        # Django begins SQLite transactions IMMEDIATE (settings: writers wait for each other instead of failing),
        # which would take the write lock for the whole dump. A DEFERRED transaction only reads: in WAL mode it
        # sees one snapshot and never blocks the people who keep working.
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield connection
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")
        return
    with transaction.atomic(using=using):
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield connection


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> dict:
    applied = MigrationRecorder(connections[using]).applied_migrations()
    result: dict[str, list[str]] = {}
    for app_label, name in sorted(applied):
        result.setdefault(app_label, []).append(name)
    return result


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _media_files() -> list[tuple[Path, str]]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    return sorted(
        (path, path.relative_to(root).as_posix()) for path in root.rglob("*") if path.is_file() and not path.is_symlink()
    )


def default_path() -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.DATA_DIR) / "backups" / f"danvan-backup-{stamp}.tar.gz"


def _make_private_dir(folder: Path) -> None:
    """Create `folder` (and missing parents) readable by the owner only; an existing folder is left as it is."""
    missing = []
    for parent in [folder, *folder.parents]:
        if parent.exists():
            break
        missing.append(parent)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    for created in missing:
        os.chmod(created, 0o700)  # mkdir's mode is masked by the umask, and parents get the default mode


@contextlib.contextmanager
def _private_file(path: Path):
    """A new file, created 0600 from the start (never world-readable, not even for a moment)."""
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    if hasattr(os, "fchmod"):
        os.fchmod(fd, 0o600)  # the umask can only remove bits; this makes the mode exact whatever it is
    with os.fdopen(fd, "wb") as out:
        yield out


def create_backup(path=None, *, using: str = DEFAULT_DB_ALIAS, log=None) -> Result:
    """Write a consistent archive of the database and the uploaded files to `path` (a file or a folder)."""
    started = time.monotonic()
    log = log or (lambda message: None)
    target = Path(path) if path else default_path()
    if target.is_dir():
        target = target / default_path().name
    _make_private_dir(target.parent)
    counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="danvan-backup-") as tmp:
        data_path = Path(tmp) / DATA
        with snapshot(using) as connection, data_path.open("w", encoding="utf-8") as out:
            created_at = timezone.now()
            migrations = applied_migrations(using)
            for model in backed_up_models():
                _Serializer().serialize(_rows(model, counts, using), stream=out, cls=ExactJSONEncoder)
                if counts[model._meta.label_lower]:
                    log(f"  {model._meta.label_lower}: {counts[model._meta.label_lower]}")
            engine = connection.vendor
        files = [
            {"path": rel, "size": abs_path.stat().st_size, "sha256": _sha256(abs_path)}
            for abs_path, rel in _media_files()
        ]
        manifest = {
            "format": FORMAT, "format_version": FORMAT_VERSION, "app_version": app_version(),
            "django_version": django.get_version(), "engine": engine,
            "created_at": created_at.isoformat(), "migrations": migrations,
            "counts": {label: n for label, n in counts.items() if n},
            "rows": sum(counts.values()), "files": files, "data_sha256": _sha256(data_path),
        }
        partial = target.with_name(target.name + ".part")  # never a half-written archive under the real name
        try:
            with _private_file(partial) as raw_out, tarfile.open(fileobj=raw_out, mode="w:gz", compresslevel=6) as tar:
                raw = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime = len(raw), int(created_at.timestamp())
                tar.addfile(info, io.BytesIO(raw))
                tar.add(data_path, arcname=DATA)
                root = Path(settings.MEDIA_ROOT)
                for entry in files:
                    tar.add(root / entry["path"], arcname=f"{MEDIA}/{entry['path']}")
            partial.replace(target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return Result(target, manifest, time.monotonic() - started)


# --- Restore -------------------------------------------------------------------------------------

def read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        member = tar.getmember(MANIFEST)
        manifest = json.loads(tar.extractfile(member).read())
    except (KeyError, ValueError, AttributeError) as exc:
        raise BackupError(_("Tệp không phải bản sao lưu của danvan (thiếu hoặc hỏng manifest.json).")) from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(_("Tệp không phải bản sao lưu của danvan."))
    if manifest.get("format_version", 0) > FORMAT_VERSION:
        raise BackupError(_("Bản sao lưu có định dạng mới hơn phiên bản phần mềm này; hãy cập nhật phần mềm."))
    return manifest


def _unknown_migrations(manifest: dict, using: str) -> list[str]:
    """Migrations the backup's database had that this code does not know (a backup from a newer version)."""
    known = set(MigrationLoader(connections[using], ignore_no_migrations=True).disk_migrations)
    installed = {config.label for config in apps.get_app_configs()}
    return [
        f"{app}.{name}" for app, names in manifest.get("migrations", {}).items() for name in names
        if app in installed and (app, name) not in known
    ]


def current_counts(labels=None, using: str = DEFAULT_DB_ALIAS) -> dict:
    """Rows per model in the database, soft-deleted ones included."""
    labels = labels or [m._meta.label_lower for m in backed_up_models()]
    return {label: apps.get_model(label)._base_manager.using(using).count() for label in labels}


def database_has_data(using: str = DEFAULT_DB_ALIAS) -> bool:
    return any(m._base_manager.using(using).exists() for m in backed_up_models())


def _member_path(name: str) -> PurePosixPath | None:
    """The path of an archive member below media/, or None if it would escape MEDIA_ROOT."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or len(path.parts) < 2 or path.parts[0] != MEDIA:
        return None
    return PurePosixPath(*path.parts[1:])


def check_members(tar: tarfile.TarFile, manifest: dict) -> None:
    """Every member is the manifest, the data or a listed file inside media/; every listed file is there."""
    expected = {f["path"] for f in manifest.get("files", [])}
    found, has_data = set(), False
    for member in tar:
        if member.name in (MANIFEST, DATA) and member.isfile():
            has_data = has_data or member.name == DATA
            continue
        rel = _member_path(member.name) if member.isfile() else None
        if rel is None or rel.as_posix() not in expected:
            raise BackupError(_("Bản sao lưu chứa tệp không hợp lệ: %(name)s") % {"name": member.name[:200]})
        found.add(rel.as_posix())
    if not has_data:
        raise BackupError(_("Bản sao lưu thiếu tệp dữ liệu data.jsonl."))
    if found != expected:
        raise BackupError(_("Bản sao lưu thiếu %(n)s tệp minh chứng.") % {"n": len(expected - found)})


class StagedMedia:
    """The archive's media files, extracted and checked beside MEDIA_ROOT before any live file is touched.

    `stage()` writes every file into a hidden folder inside MEDIA_ROOT (same file system, so moving a file
    into place is an atomic rename) and checks its sha256; a damaged archive fails there, with nothing of
    the installation changed. `swap_in()` then moves each file into place, keeping any file it replaces;
    `undo()` puts the replaced files back and removes the new ones (a failed restore leaves the files as
    they were); `discard()` drops the staging folder and the replaced files once the restore has committed.
    """

    def __init__(self):
        self.root = Path(settings.MEDIA_ROOT)
        self.folder = self.root / f".restore-{uuid.uuid4().hex}"
        self.files: list[PurePosixPath] = []
        self.moves: list[tuple[Path, Path | None]] = []   # (live path, where the file it replaced went)

    def stage(self, tar: tarfile.TarFile, manifest: dict) -> int:
        expected = {f["path"]: f["sha256"] for f in manifest.get("files", [])}
        for member in tar:
            rel = _member_path(member.name) if member.isfile() else None
            if rel is None:
                continue
            staged = self.folder / "new" / rel
            staged.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            with tar.extractfile(member) as source, staged.open("wb") as out:
                for block in iter(lambda: source.read(1 << 20), b""):
                    digest.update(block)
                    out.write(block)
            if digest.hexdigest() != expected[rel.as_posix()]:
                raise BackupError(_("Tệp %(name)s trong bản sao lưu bị hỏng (sai mã kiểm tra).") % {"name": rel})
            self.files.append(rel)
        return len(self.files)

    def swap_in(self) -> None:
        for rel in self.files:
            live = self.root / rel
            live.parent.mkdir(parents=True, exist_ok=True)
            kept = None
            if live.exists():
                kept = self.folder / "old" / rel
                kept.parent.mkdir(parents=True, exist_ok=True)
                os.replace(live, kept)
            self.moves.append((live, kept))
            os.replace(self.folder / "new" / rel, live)

    def undo(self) -> None:
        for live, kept in reversed(self.moves):
            if kept is not None:
                os.replace(kept, live)
            else:
                live.unlink(missing_ok=True)
        self.moves = []

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def _insert(model, items, using):
    """INSERT rows exactly as given (ids, timestamps): a raw insert, no save(), no auto_now, no signals."""
    if not items:
        return
    objects = [item.object for item in items]
    connection = connections[using]
    if model._meta.parents:  # multi-table inheritance: let Django save the parent rows too
        for obj in objects:
            obj.save_base(using=using, raw=True)
        return
    fields = model._meta.local_concrete_fields
    size = max(1, connection.ops.bulk_batch_size(fields, objects))
    for start in range(0, len(objects), size):
        model._base_manager.using(using)._insert(objects[start:start + size], fields=fields, using=using, raw=True)


def _current_rows(lines):
    """The lines of data.jsonl without the rows of RETIRED models (each line starts with its model's label)."""
    retired = tuple(f'{{"model": "{label}"' for label in RETIRED)
    return (line for line in lines if not line.startswith(retired))


def load_rows(data_path: Path, *, using: str = DEFAULT_DB_ALIAS) -> dict:
    """Insert every row of a data.jsonl in one transaction, in batches; then check references, reset ids.

    Like `loaddata`, but a batch of rows is one INSERT instead of one per row (5–10× faster).
    """
    connection = connections[using]
    counts: dict = {}

    def insert(model, batch):
        _insert(model, batch, using)
        for item in batch:  # many-to-many rows (a user's groups) once both ends exist
            for name, values in (item.m2m_data or {}).items():
                if values:
                    getattr(item.object, name).set(values)

    with transaction.atomic(using=using), connection.constraint_checks_disabled():
        batch, model = [], None
        with data_path.open(encoding="utf-8") as stream:
            for item in serializers.deserialize("jsonl", _current_rows(stream), using=using):
                if type(item.object) is not model or len(batch) >= CHUNK:
                    insert(model, batch)
                    batch, model = [], type(item.object)
                batch.append(item)
                counts[model] = counts.get(model, 0) + 1
        insert(model, batch)
        connection.check_constraints(table_names=[m._meta.db_table for m in counts])
        reset = connection.ops.sequence_reset_sql(no_style(), list(counts))
        if reset:
            with connection.cursor() as cursor:
                for sql in reset:
                    cursor.execute(sql)
    return {m._meta.label_lower: n for m, n in counts.items()}


def restore_backup(path, *, force: bool = False, using: str = DEFAULT_DB_ALIAS, log=None) -> dict:
    """Bring an archive back into this installation: migrate, load every row, put the files back, verify.

    Refuses when the database already holds data, unless `force` (then everything in it is deleted
    first). All or nothing: the archive is checked before anything is written, and the deletion, the
    rows and the row counts check run in one transaction (files written by a failed restore are removed).
    Returns {"counts": {model: rows}, "files": n, "seconds": s, "manifest": {...}}.
    """
    from auditlog.context import disable_auditlog

    started = time.monotonic()
    log = log or (lambda message: None)
    path = Path(path)
    if not path.is_file():
        raise BackupError(_("Không tìm thấy tệp sao lưu %(path)s.") % {"path": path})
    try:
        tar = tarfile.open(path, "r:gz")
        tar.getmembers()
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(_("Không đọc được tệp sao lưu (không phải .tar.gz hoặc bị hỏng).")) from exc
    staged = StagedMedia()
    with tar, tempfile.TemporaryDirectory(prefix="danvan-restore-") as tmp:
        try:
            # 1. Check the whole archive before anything of the installation is touched.
            manifest = read_manifest(tar)
            unknown = _unknown_migrations(manifest, using)
            if unknown:
                raise BackupError(
                    _("Bản sao lưu được tạo bởi phiên bản phần mềm mới hơn (có các bước chuyển đổi CSDL: %(m)s); "
                      "hãy cập nhật phần mềm trước khi khôi phục.") % {"m": ", ".join(unknown[:5])}
                )
            check_members(tar, manifest)
            data_path = Path(tmp) / DATA
            try:
                with tar.extractfile(tar.getmember(DATA)) as source, data_path.open("wb") as out:
                    shutil.copyfileobj(source, out, 1 << 20)
                log(_("Kiểm tra %(n)s tệp minh chứng…") % {"n": len(manifest.get("files", []))})
                files = staged.stage(tar, manifest)
            except (tarfile.TarError, EOFError, zlib.error) as exc:
                raise BackupError(_("Không đọc được tệp sao lưu (bị cắt cụt hoặc hỏng).")) from exc
            if manifest.get("data_sha256") and _sha256(data_path) != manifest["data_sha256"]:
                raise BackupError(_("Tệp dữ liệu trong bản sao lưu bị hỏng (sai mã kiểm tra)."))

            log(_("Cập nhật cấu trúc cơ sở dữ liệu (migrate)…"))
            call_command("migrate", interactive=False, verbosity=0, database=using)
            if database_has_data(using) and not force:
                raise BackupError(_(
                    "Cơ sở dữ liệu đích đã có dữ liệu: khôi phục chỉ làm trên bản cài đặt trống. "
                    "Dùng --force để XOÁ toàn bộ dữ liệu hiện có rồi khôi phục."
                ))
            # 2. Rows and files together: the files move into place inside the database transaction and are
            # moved back if it fails, so a failed restore leaves the installation exactly as it was.
            try:
                with transaction.atomic(using=using):
                    if force:
                        log(_("Xoá dữ liệu hiện có (--force)…"))
                        call_command("flush", interactive=False, verbosity=0, database=using)
                    log(_("Nạp %(n)s dòng dữ liệu…") % {"n": manifest.get("rows", "?")})
                    with disable_auditlog():  # the entries come back as they were; loading must not add new ones
                        load_rows(data_path, using=using)
                    expected = {label: n for label, n in manifest["counts"].items() if label not in RETIRED}
                    counts = current_counts(list(expected), using)
                    wrong = {label: (n, counts.get(label)) for label, n in expected.items() if counts.get(label) != n}
                    if wrong:
                        details = ", ".join(f"{label}: {got}/{n}" for label, (n, got) in list(wrong.items())[:10])
                        raise BackupError(_("Số dòng sau khi khôi phục không khớp bản sao lưu: %(d)s") % {"d": details})
                    keeper = count_keeper()
                    kept = {t.model._meta.label_lower for t in keeper.TABLES}
                    if any(manifest["counts"].get(label) for label in RETIRED_COUNTS) or not kept <= set(
                            manifest["counts"]):
                        keeper.rebuild()  # a backup from before the count tables moved to stats or were added
                    log(_("Khôi phục %(n)s tệp minh chứng…") % {"n": files})
                    staged.swap_in()
            except BaseException:
                staged.undo()
                raise
        finally:
            staged.discard()
    return {"counts": counts, "files": files, "seconds": time.monotonic() - started, "manifest": manifest}
