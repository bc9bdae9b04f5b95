"""Backup and restore, as an administrator moving an installation to a new server would use them.

The round trip: an installation with records, a soft-deleted initiative, audit entries, an API token
and evidence files is backed up with `danvan backup`; the database is emptied and the files deleted
(a fresh installation); `danvan restore` brings everything back: the same rows per model, the same
field values (ids, timestamps, deleted_at, audit changes and actors), the same file bytes.

These tests commit (transaction=True): the restore empties and refills the test database itself.
"""
import datetime
import io
import json
import tarfile

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from knox.models import AuthToken as Token

from danvan.core import backup
from danvan.core.services import soft_delete
from danvan.initiatives.models import (
    Evidence, Exemplar, Indicator, IndicatorValue, Initiative, InitiativeTransition, ProgressUpdate, Status,
)
from danvan.initiatives.services import add_indicator, record_progress, register_initiative, transition, update_initiative
from danvan.organizations.models import Organization
from danvan.territory.models import AdminUnit, UnitLineage

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4 bien ban ra quan " + bytes(range(256)) * 40
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(255, -1, -1)) * 30

# Models whose every row is compared field by field (the rest: counts per model).
SAMPLED = {
    Initiative: None, Exemplar: None, Organization: None, ProgressUpdate: None, Indicator: None,
    IndicatorValue: None, InitiativeTransition: None, Evidence: None, AdminUnit: None, UnitLineage: None,
    Token: None, get_user_model(): None, Group: ("id", "name"),
    LogEntry: ("content_type__app_label", "content_type__model", "object_pk", "object_id", "object_repr",
               "action", "changes", "actor_id", "timestamp", "additional_data", "cid"),
}


@pytest.fixture
def installation(world, settings, tmp_path):
    """The world plus what a running installation has: evidence files, edits, a deletion, a token."""
    settings.MEDIA_ROOT = tmp_path / "media"
    staff = world.users.staff_a
    a = world.records["a"]
    indicator = add_indicator(a, name="Ngày công", measure_unit="work_days", target=100, user=staff)
    record_progress(
        a, text="Ra quân thu gom rác thải", date=datetime.date(2025, 9, 1), values={indicator.pk: 92}, user=staff,
        files=[SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf"),
               SimpleUploadedFile("anh.png", PNG, content_type="image/png")],
    )
    transition(a, Status.IMPLEMENTING, user=staff)
    a.goals = "100% hộ dân phân loại rác"
    update_initiative(a, expected_version=a.version, user=staff)
    soft_delete(world.records["a_farmers"], user=staff, expected_version=world.records["a_farmers"].version)
    world.token = Token.objects.create(user=staff)[1]
    # Permissions are referenced by natural key: their ids differ from one database to the next.
    group = Group.objects.create(name="Ban Dân vận tỉnh")
    group.permissions.add(Permission.objects.get(codename="view_initiative"))
    staff.groups.add(group)
    staff.user_permissions.add(Permission.objects.get(codename="change_exemplar"))
    return world


def sample(model):
    fields = SAMPLED[model]
    rows = model._base_manager.order_by("pk")
    return list(rows.values(*fields) if fields else rows.values())


def permissions_of(user_model):
    return {
        user.username: (sorted(user.groups.values_list("name", flat=True)),
                        sorted(user.get_all_permissions()))
        for user in user_model.objects.all()
    }


def snapshot_of_everything():
    return {
        "counts": backup.current_counts(),
        "permissions": permissions_of(get_user_model()),
        "rows": {model._meta.label: sample(model) for model in SAMPLED},
        "files": {e.file.name: e.file.open("rb").read() for e in Evidence.objects.all()},
    }


def empty_the_installation(settings):
    call_command("flush", interactive=False, verbosity=0)
    for path in sorted(settings.MEDIA_ROOT.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    assert not backup.database_has_data()


def test_backup_then_restore_on_an_empty_installation_gives_everything_back(installation, settings, tmp_path):
    before = snapshot_of_everything()
    assert before["counts"]["auditlog.logentry"] > 10 and before["counts"]["knox.authtoken"] == 1
    assert Initiative.all_objects.filter(deleted_at__isnull=False).count() == 1
    assert len(before["files"]) == 2
    assert "initiatives.view_initiative" in before["permissions"]["bdv_a"][1]
    archive = tmp_path / "sao-luu.tar.gz"
    out = io.StringIO()
    call_command("backup", "-o", str(archive), stdout=out)
    assert str(archive) in out.getvalue()

    empty_the_installation(settings)
    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)

    assert "khớp" in out.getvalue() and "initiatives.initiative" in out.getvalue()
    after = snapshot_of_everything()
    assert after["counts"] == before["counts"]
    for label, rows in before["rows"].items():
        assert after["rows"][label] == rows, label
    assert after["files"] == before["files"]
    assert after["permissions"] == before["permissions"]
    deleted = Initiative.all_objects.get(pk=installation.records["a_farmers"].pk)
    assert deleted.deleted_at is not None and not Initiative.objects.filter(pk=deleted.pk).exists()
    actors = {e.actor for e in LogEntry.objects.get_for_object(installation.records["a"])}
    assert installation.users.staff_a in actors


def test_restored_installation_keeps_working(installation, settings, tmp_path):
    archive = backup.create_backup(tmp_path).path
    empty_the_installation(settings)
    backup.restore_backup(archive)
    staff = get_user_model().objects.get(username="bdv_a")
    new = register_initiative(Initiative(
        title="Mô hình mới sau khôi phục", field="economy", organization=Organization.objects.get(pk=installation.orgs["a"].pk),
        year=2025,
    ), user=staff, submit=True)
    assert new.pk > max(installation.records[k].pk for k in ("a", "b", "c", "a_farmers"))  # ids continue after
    assert staff.check_password("matkhau-thu-123")
    assert {entry.actor for entry in LogEntry.objects.get_for_object(new)} == {staff}


def test_backup_includes_soft_deleted_rows_audit_and_tokens(installation, tmp_path):
    manifest = backup.create_backup(tmp_path / "b.tar.gz").manifest
    assert manifest["counts"]["initiatives.initiative"] == Initiative.all_objects.count() == 4
    assert manifest["counts"]["knox.authtoken"] == 1
    assert manifest["counts"]["auditlog.logentry"] == LogEntry.objects.count()
    assert manifest["engine"] in ("sqlite", "postgresql") and manifest["app_version"]
    assert "initiatives" in manifest["migrations"] and manifest["created_at"]
    assert sorted(f["size"] for f in manifest["files"]) == sorted([len(PDF), len(PNG)])
    assert "contenttypes.contenttype" not in manifest["counts"]


def test_restore_refuses_a_database_with_data_unless_forced(installation, tmp_path):
    archive = backup.create_backup(tmp_path / "b.tar.gz").path
    register_initiative(Initiative(title="Dữ liệu sau sao lưu", field="economy",
                                   organization=installation.orgs["a"], year=2025))
    with pytest.raises(CommandError, match="đã có dữ liệu"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert Initiative.all_objects.filter(title="Dữ liệu sau sao lưu").exists()
    call_command("restore", str(archive), "--force", stdout=io.StringIO())
    assert not Initiative.all_objects.filter(title="Dữ liệu sau sao lưu").exists()
    assert Initiative.all_objects.count() == 4


def _tampered(tmp_path, source, *, manifest=None, extra=None, damage=None):
    """A copy of the archive `source` with its manifest changed, an extra member, and/or the members whose
    name starts with one of `damage`'s keys given other bytes (same size)."""
    target = tmp_path / "sua.tar.gz"
    with tarfile.open(source, "r:gz") as old, tarfile.open(target, "w:gz") as new:
        for member in old:
            data = old.extractfile(member).read()
            if member.name == backup.MANIFEST and manifest is not None:
                data = json.dumps(manifest(json.loads(data))).encode()
                member.size = len(data)
            for prefix, spoil in (damage or {}).items():
                if member.name.startswith(prefix):
                    data = spoil(data)
            new.addfile(member, io.BytesIO(data))
        for name, data in (extra or {}).items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))
    return target


def test_restore_refuses_bad_archives_with_a_clear_message(installation, settings, tmp_path):
    archive = backup.create_backup(tmp_path / "b.tar.gz").path
    empty_the_installation(settings)
    not_a_backup = tmp_path / "khong-phai.tar.gz"
    not_a_backup.write_bytes(b"khong phai tar")
    cases = {
        not_a_backup: "Không đọc được",
        tmp_path / "khong-co.tar.gz": "Không tìm thấy",
        _tampered(tmp_path, archive, manifest=lambda m: {**m, "format": "khac"}): "không phải bản sao lưu",
    }
    for path, message in cases.items():
        with pytest.raises(backup.BackupError, match=message):
            backup.restore_backup(path)
    newer = _tampered(tmp_path, archive, manifest=lambda m: {
        **m, "migrations": {**m["migrations"], "initiatives": [*m["migrations"]["initiatives"], "9999_tuong_lai"]},
    })
    with pytest.raises(backup.BackupError, match="mới hơn"):
        backup.restore_backup(newer)
    escaping = _tampered(tmp_path, archive, extra={"media/../../thoat-ra.txt": b"x"})
    with pytest.raises(backup.BackupError, match="không hợp lệ"):
        backup.restore_backup(escaping)
    assert not (tmp_path / "thoat-ra.txt").exists() and not (settings.MEDIA_ROOT.parent / "thoat-ra.txt").exists()
    assert not Initiative.all_objects.exists()  # the failed restore left nothing behind


def _live_files(settings):
    return {p.relative_to(settings.MEDIA_ROOT).as_posix(): p.read_bytes()
            for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()}


def test_a_damaged_archive_changes_no_live_file_and_no_row(installation, settings, tmp_path):
    """Before: restore --force of an archive with one damaged evidence file rolled the database back but had
    already overwritten the live file with the bad bytes. Now every file is checked before any is touched."""
    archive = backup.create_backup(tmp_path / "b.tar.gz").path
    before_files, before_counts = _live_files(settings), backup.current_counts()
    assert len(before_files) == 2
    # Both evidence files damaged in the archive; the second one listed is found bad after the first was read.
    damaged = _tampered(tmp_path, archive, damage={"media/": lambda data: data[:-8] + b"\x00" * 8})
    with pytest.raises(backup.BackupError, match="bị hỏng"):
        backup.restore_backup(damaged, force=True)
    assert _live_files(settings) == before_files
    assert backup.current_counts() == before_counts
    assert not any(p.name.startswith(".restore-") for p in settings.MEDIA_ROOT.iterdir())


def test_a_restore_failing_after_the_files_moved_puts_them_back(installation, settings, tmp_path, monkeypatch):
    archive = backup.create_backup(tmp_path / "b.tar.gz").path
    evidence = Evidence.objects.first()
    live = settings.MEDIA_ROOT / evidence.file.name
    live.write_bytes(b"%PDF-1.4 phien ban dang dung")  # the live file differs from the archive's copy
    before_files, before_counts = _live_files(settings), backup.current_counts()
    real_swap = backup.StagedMedia.swap_in

    def swap_then_fail(self):
        real_swap(self)
        assert live.read_bytes() != b"%PDF-1.4 phien ban dang dung"  # the archive's copy was in place
        raise OSError("ổ đĩa đầy")

    monkeypatch.setattr(backup.StagedMedia, "swap_in", swap_then_fail)
    with pytest.raises(OSError):
        backup.restore_backup(archive, force=True)
    assert _live_files(settings) == before_files
    assert backup.current_counts() == before_counts


def test_a_truncated_archive_is_refused_before_anything_changes(installation, settings, tmp_path):
    archive = backup.create_backup(tmp_path / "b.tar.gz").path
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(archive.read_bytes()[: archive.stat().st_size * 2 // 3])
    before_files, before_counts = _live_files(settings), backup.current_counts()
    with pytest.raises(backup.BackupError, match="Không đọc được"):
        backup.restore_backup(cut, force=True)
    assert _live_files(settings) == before_files and backup.current_counts() == before_counts


# --- Archives hold password hashes and token digests: private, and never a token ----------------------------

def test_the_archive_is_readable_by_its_owner_only(installation, tmp_path, settings):
    """Issue 9, item 10: archives were written with the umask's 0644, world-readable."""
    import os
    import stat

    settings.DATA_DIR = tmp_path / "data"  # the default place: DATA_DIR/backups/
    old_umask = os.umask(0o022)  # the usual umask, which made them 0644
    try:
        archive = backup.create_backup(tmp_path / "moi" / "thu-muc" / "b.tar.gz").path
        default = backup.create_backup(None).path
    finally:
        os.umask(old_umask)
    for path in (archive, default):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, oct(os.stat(path).st_mode)
    for folder in (tmp_path / "moi", tmp_path / "moi" / "thu-muc", default.parent):
        assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700, folder


def test_the_archive_holds_token_digests_never_tokens(installation, tmp_path):
    from knox.crypto import hash_token

    archive = backup.create_backup(tmp_path / "b.tar.gz").path
    with tarfile.open(archive) as tar:
        data = tar.extractfile(backup.DATA).read().decode()
    assert installation.token not in data and installation.token[:20] not in data
    assert hash_token(installation.token) in data


def test_an_old_archive_with_plain_text_tokens_restores_without_them(installation, settings, tmp_path):
    """Backups made before knox hold DRF's authtoken rows: they are left out, everything else comes back."""
    import hashlib

    archive = backup.create_backup(tmp_path / "b.tar.gz").path
    legacy = tmp_path / "cu.tar.gz"
    row = {"model": "authtoken.token", "pk": "0123456789abcdef0123456789abcdef01234567",
           "fields": {"user": installation.users.staff_a.pk, "created": "2025-07-01T00:00:00Z"}}
    with tarfile.open(archive) as tar, tarfile.open(legacy, "w:gz") as out:
        manifest = json.loads(tar.extractfile(backup.MANIFEST).read())
        data = tar.extractfile(backup.DATA).read() + (json.dumps(row) + "\n").encode()
        manifest["counts"]["authtoken.token"] = 1
        manifest["data_sha256"] = hashlib.sha256(data).hexdigest()
        for member in tar.getmembers():
            if member.name == backup.MANIFEST:
                raw = json.dumps(manifest).encode()
            elif member.name == backup.DATA:
                raw = data
            else:
                out.addfile(member, tar.extractfile(member))
                continue
            info = tarfile.TarInfo(member.name)
            info.size = len(raw)
            out.addfile(info, io.BytesIO(raw))
    counts = backup.current_counts()
    empty_the_installation(settings)
    backup.restore_backup(legacy)
    assert backup.current_counts() == counts
