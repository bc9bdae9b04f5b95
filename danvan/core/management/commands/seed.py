"""`danvan seed`: generate the demo data set (idempotent) and the demo accounts."""
from django.core.management.base import BaseCommand, CommandError

from danvan.initiatives.demo import (
    DEFAULT_PER_COMMUNE, DEFAULT_PROVINCES, DEFAULT_SEED, DemoDataError, generate_demo, vn_number,
)


class Command(BaseCommand):
    help = ("Tạo dữ liệu mẫu: tổ chức, mô hình, điển hình “Dân vận khéo” của các tỉnh chọn và các tài khoản "
            "trình diễn. Chạy lại không tạo trùng.")

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["demo", "national"], default="demo",
                            help="demo: vài tỉnh, đủ để trình diễn (mặc định); national: toàn quốc (chưa hỗ trợ)")
        parser.add_argument("--provinces", nargs="+", default=list(DEFAULT_PROVINCES), metavar="TỈNH",
                            help="Tên hoặc mã tỉnh/thành phố (mặc định: %(default)s)")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="Hạt giống ngẫu nhiên (mặc định: %(default)s)")
        parser.add_argument("--per-commune", type=int, default=DEFAULT_PER_COMMUNE,
                            help="Số mô hình trung bình mỗi xã/phường (mặc định: %(default)s)")

    def handle(self, *args, **options):
        if options["scale"] == "national":
            raise CommandError("Quy mô “national” (toàn quốc) chưa được hỗ trợ; dùng --scale demo.", returncode=2)
        if options["per_commune"] < 1:
            raise CommandError("--per-commune phải lớn hơn 0.")
        try:
            result = generate_demo(provinces=options["provinces"], seed=options["seed"],
                                   per_commune=options["per_commune"], stdout=self.stdout)
        except DemoDataError as exc:
            raise CommandError(str(exc)) from exc
        totals = result["totals"]
        if totals:
            self.stdout.write(
                f"Đã tạo {vn_number(totals['organizations'])} tổ chức, {vn_number(totals['initiatives'])} mô hình "
                f"({vn_number(totals['replications'])} nhân rộng), {vn_number(totals['exemplars'])} điển hình, "
                f"{vn_number(totals['transitions'])} bước chuyển trạng thái, {vn_number(totals['indicators'])} chỉ tiêu, "
                f"{vn_number(totals['progress_updates'])} cập nhật tiến độ trong {result['seconds']:.1f} giây."
            )
        else:
            self.stdout.write("Dữ liệu mẫu đã có đủ, không tạo thêm.")
        if options["verbosity"] >= 1:
            self.stdout.write("Tài khoản trình diễn:")
            for role, username, password, scope in result["accounts"]:
                self.stdout.write(f"  {username:<11} {password:<11} {role} – {scope}")
