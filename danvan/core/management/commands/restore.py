"""`danvan restore PATH [--force]`: bring a backup back on an empty installation (SQLite or PostgreSQL)."""
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from danvan.core.backup import BackupError, restore_backup


def _n(value) -> str:
    return f"{value:,}".replace(",", ".")


class Command(BaseCommand):
    help = _(
        "Khôi phục một bản sao lưu của `danvan backup` vào bản cài đặt trống: chuyển đổi cấu trúc CSDL, nạp dữ "
        "liệu, chép lại tệp minh chứng và đối chiếu số dòng từng bảng với bản sao lưu."
    )
    requires_migrations_checks = False  # restore runs migrate itself
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH", help=_("Tệp .tar.gz do `danvan backup` tạo"))
        parser.add_argument(
            "--force", action="store_true",
            help=_("XOÁ toàn bộ dữ liệu đang có trong cơ sở dữ liệu đích rồi khôi phục"),
        )

    def handle(self, *args, **options):
        try:
            result = restore_backup(options["path"], force=options["force"], log=self.stdout.write)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        manifest = result["manifest"]
        self.stdout.write(_("Bản sao lưu: %(at)s, %(engine)s, phiên bản %(v)s.") % {
            "at": manifest["created_at"], "engine": manifest["engine"], "v": manifest["app_version"],
        })
        width = max(len(label) for label in result["counts"])
        for label, count in sorted(result["counts"].items()):
            self.stdout.write(f"  {label.ljust(width)}  {_n(count).rjust(9)}")
        self.stdout.write(self.style.SUCCESS(_(
            "Đã khôi phục %(rows)s dòng và %(files)s tệp trong %(s).1f giây; số dòng từng bảng khớp bản sao lưu."
        ) % {"rows": _n(sum(result["counts"].values())), "files": result["files"], "s": result["seconds"]}))
