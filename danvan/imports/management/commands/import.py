"""`danvan import FILE.xlsx [--kind initiatives] [--user USERNAME] [--dry-run]`: the importer on the command line.

The same checks and the same all-or-nothing write as the upload page, run in this process (no worker
needed), with a progress bar on the terminal. Without --user the import runs as the system (no scope
limit, no actor in the audit log), like `danvan seed`.
"""
import sys
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from danvan.imports.kinds import IMPORTERS
from danvan.imports.parsing import FileUnreadable, detect_kind
from danvan.imports.services import import_file


def vn(n: int) -> str:
    return f"{n:,}".replace(",", ".")


class ProgressBar:
    def __init__(self, stream, enabled: bool):
        self.stream, self.enabled, self.last, self.shown = stream, enabled, 0.0, None

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.enabled or (now - self.last < 0.2 and done < total) or self.shown == (done, total):
            return
        self.last, self.shown = now, (done, total)
        share = done / total if total else 1
        bar = "#" * int(30 * share)
        self.stream.write(f"\r[{bar:<30}] {int(100 * share):3d}% {vn(done)}/{vn(total)} dòng")
        self.stream.flush()

    def end(self):
        if self.enabled and self.last:
            self.stream.write("\n")


class Command(BaseCommand):
    help = "Nhập dữ liệu từ tệp Excel/CSV (mô hình, điển hình, giá trị chỉ tiêu, tổ chức): tất cả hoặc không dòng nào."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp .xlsx, .xls, .ods hoặc .csv")
        parser.add_argument("--kind", choices=sorted(IMPORTERS), help="Loại dữ liệu (mặc định: tự nhận biết theo tiêu đề cột)")
        parser.add_argument("--user", help="Tên đăng nhập của người nhập: chỉ nhận dòng trong phạm vi của người đó")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra và liệt kê lỗi, không ghi gì")
        parser.add_argument("--sheet", help="Tên trang tính (mặc định: trang đầu tiên có dữ liệu đúng loại)")
        parser.add_argument("--max-issues", type=int, default=50, help="Số lỗi/cảnh báo in ra (mặc định: %(default)s)")
        parser.add_argument("--no-progress", action="store_true", help="Không vẽ thanh tiến độ")

    def handle(self, *args, file, kind, user, dry_run, sheet, max_issues, no_progress, **options):
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user, is_active=True).first()
            if actor is None:
                raise CommandError(f"Không có người dùng '{user}'.")
        try:
            kind = kind or detect_kind(file, IMPORTERS, sheet)
        except FileNotFoundError:
            raise CommandError(f"Không có tệp '{file}'.") from None
        except FileUnreadable as exc:
            raise CommandError(str(exc.message)) from None
        if kind is None:
            raise CommandError("Không nhận ra loại dữ liệu từ tiêu đề cột; hãy ghi rõ --kind.")
        bar = ProgressBar(sys.stderr, enabled=not no_progress and options["verbosity"] > 0)
        self.stdout.write(f"{'Kiểm tra' if dry_run else 'Nhập'} {file} ({kind})…")
        outcome = import_file(file, kind, user=actor, commit=not dry_run, sheet=sheet, progress_cb=bar)
        bar.end()
        if outcome.fatal:
            raise CommandError(outcome.fatal)
        c = outcome.counts
        self.stdout.write(
            f"Trang '{outcome.sheet}', tiêu đề ở dòng {outcome.header_row}: {vn(c['rows'])} dòng; mới {vn(c['new'])}, "
            f"đã có {vn(c['existing'])}, trùng trong tệp {vn(c['duplicate'])}, bỏ qua {vn(c['skipped'])}, "
            f"có lỗi {vn(c['error_rows'])}, cảnh báo {vn(c['warnings'])} ({outcome.seconds:.1f} giây)."
        )
        for issue in outcome.issues[:max_issues]:
            where = f"dòng {issue['row']}" if issue["row"] else "tệp"
            column = f", cột {issue['column']}" if issue["column"] else ""
            value = f" [{issue['value']}]" if issue["value"] else ""
            label = "LỖI" if issue["level"] == "error" else "cảnh báo"
            self.stdout.write(f"  {label} – {where}{column}{value}: {issue['message']}")
        more = len(outcome.issues) - max_issues + outcome.omitted
        if more > 0:
            self.stdout.write(f"  … và {vn(more)} lỗi/cảnh báo khác.")
        if c["error_rows"]:
            raise CommandError(f"{vn(c['error_rows'])} dòng có lỗi: không có dữ liệu nào được nhập.")
        if dry_run:
            self.stdout.write(self.style.SUCCESS(f"Không có lỗi. Chưa ghi gì (--dry-run); sẽ thêm {vn(c['new'])} bản ghi."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Đã nhập {vn(c['new'])} bản ghi mới."))
