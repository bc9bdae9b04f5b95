"""`danvan backup [-o PATH]`: one consistent archive of the database and the uploaded evidence files."""
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from danvan.core.backup import BackupError, create_backup


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024


class Command(BaseCommand):
    help = _(
        "Sao lưu toàn bộ dữ liệu (mọi bản ghi, kể cả đã xoá mềm, nhật ký, mã truy cập API) và các tệp minh chứng "
        "vào một tệp .tar.gz. Khôi phục bằng `danvan restore`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o", "--output", metavar="PATH",
            help=_("Tệp (hoặc thư mục) đích; mặc định DANVAN_DATA_DIR/backups/danvan-backup-<thời điểm>.tar.gz"),
        )

    def handle(self, *args, **options):
        verbose = options["verbosity"] > 1
        try:
            result = create_backup(options["output"], log=self.stdout.write if verbose else None)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        m = result.manifest
        self.stdout.write(_("Đã sao lưu %(rows)s dòng (%(models)s bảng) và %(files)s tệp trong %(s).1f giây:") % {
            "rows": f"{m['rows']:,}".replace(",", "."), "models": len(m["counts"]), "files": len(m["files"]),
            "s": result.seconds,
        })
        self.stdout.write(f"  {result.path} ({_size(result.path.stat().st_size)})")
