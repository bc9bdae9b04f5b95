"""`danvan rebuild-aggregates`: recount every count table (stats.models) from the registry (after bulk loads)."""
import time

from django.core.management.base import BaseCommand

from danvan.stats import counts as aggregates


class Command(BaseCommand):
    help = ("Tính lại toàn bộ số liệu tổng hợp của bảng điều khiển từ sổ mô hình, điển hình "
            "(chạy sau khi nạp dữ liệu hàng loạt).")

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true",
                            help="Chỉ kiểm tra số liệu tổng hợp có khớp với đếm lại không (mã thoát 1 nếu lệch)")

    def handle(self, *args, **options):
        started = time.monotonic()
        if options["check"]:
            expected, found = aggregates.derive(aggregates.recount()), aggregates.stored()
            wrong = {model.__name__: len(set(expected[model].items()) ^ set(found[model].items()))
                     for model in expected if expected[model] != found[model]}
            if wrong:
                self.stderr.write(f"Số liệu tổng hợp lệch ({wrong}); hãy chạy `danvan rebuild-aggregates`.")
                raise SystemExit(1)
            cells = sum(len(c) for c in found.values())
            self.stdout.write(f"Số liệu tổng hợp khớp ({cells:,} ô).".replace(",", "."))
            return
        result = aggregates.rebuild()
        cells = ", ".join(f"{name} {n:,}".replace(",", ".") for name, n in result.items())
        self.stdout.write(f"Đã tính lại số liệu tổng hợp ({cells} ô) trong {time.monotonic() - started:.1f} giây.")
