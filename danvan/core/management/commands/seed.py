"""`danvan seed`: generate the demo data set (idempotent) and the demo accounts."""
from django.core.management.base import BaseCommand, CommandError

from danvan.initiatives.demo import (
    DEFAULT_PER_COMMUNE, DEFAULT_PROVINCES, DEFAULT_SEED, DemoDataError, find_province, generate_demo, vn_number,
)
from danvan.territory.models import AdminUnit


class Command(BaseCommand):
    help = ("Tạo dữ liệu mẫu: tổ chức, mô hình, điển hình “Dân vận khéo” của các tỉnh chọn và các tài khoản "
            "trình diễn. Chạy lại không tạo trùng.")

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["demo", "national"], default="demo",
                            help="demo: hai tỉnh, đủ để trình diễn (mặc định); national: cả 34 tỉnh/thành phố "
                                 "(khoảng 60.000 mô hình, vài phút; dùng để thử tải)")
        parser.add_argument("--provinces", nargs="+", default=None, metavar="TỈNH",
                            help=f"Tên hoặc mã tỉnh/thành phố (mặc định: {', '.join(DEFAULT_PROVINCES)}; "
                                 "bỏ qua khi --scale national)")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                            help="Hạt giống ngẫu nhiên (mặc định: %(default)s)")
        parser.add_argument("--per-commune", type=int, default=DEFAULT_PER_COMMUNE,
                            help="Số mô hình trung bình mỗi xã/phường (mặc định: %(default)s)")

    def handle(self, *args, **options):
        if options["per_commune"] < 1:
            raise CommandError("--per-commune phải lớn hơn 0.")
        provinces = options["provinces"] or list(DEFAULT_PROVINCES)
        if options["scale"] == "national":
            if options["provinces"]:
                self.stderr.write("--scale national: bỏ qua --provinces, tạo dữ liệu cho mọi tỉnh/thành phố.")
            codes = list(AdminUnit.objects.provinces().order_by("code").values_list("code", flat=True))
            if not codes:
                raise CommandError("Chưa có danh mục đơn vị hành chính. Hãy chạy `danvan load_units` trước.")
            # The demo provinces first (they carry the demo accounts), then every other one.
            provinces = list(DEFAULT_PROVINCES) + [
                c for c in codes if c not in {find_province(n).code for n in DEFAULT_PROVINCES}]
        try:
            result = generate_demo(provinces=provinces, seed=options["seed"],
                                   per_commune=options["per_commune"], stdout=self.stdout)
        except DemoDataError as exc:
            raise CommandError(str(exc)) from exc
        totals = result["totals"]
        if totals:
            self.stdout.write(
                f"Đã tạo {vn_number(totals['organizations'])} tổ chức, {vn_number(totals['initiatives'])} mô hình "
                f"({vn_number(totals['replications'])} nhân rộng), {vn_number(totals['exemplars'])} điển hình, "
                f"{vn_number(totals['transitions'])} bước chuyển trạng thái, {vn_number(totals['indicators'])} "
                f"chỉ tiêu, "
                f"{vn_number(totals['progress_updates'])} cập nhật tiến độ trong {result['seconds']:.1f} giây."
            )
        else:
            self.stdout.write("Dữ liệu mẫu đã có đủ, không tạo thêm.")
        if options["verbosity"] >= 1:
            self.stdout.write("Tài khoản trình diễn:")
            for role, username, password, scope in result["accounts"]:
                self.stdout.write(f"  {username:<11} {password:<11} {role} – {scope}")
