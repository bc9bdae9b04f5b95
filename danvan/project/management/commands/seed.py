"""`danvan seed`: generate the demo data set (idempotent) and the demo accounts; `--scale national`: the
national load-test data set (initiatives.national)."""
from django.core.management.base import BaseCommand, CommandError

from danvan.generators.demo import (
    DEFAULT_PER_COMMUNE, DEFAULT_PROVINCES, DEFAULT_SEED, DemoDataError, generate_demo, vn_number,
)
from danvan.generators.national import NationalDataError, generate_national


class Command(BaseCommand):
    help = ("Tạo dữ liệu mẫu: tổ chức, mô hình, điển hình “Dân vận khéo” của các tỉnh chọn và các tài khoản "
            "trình diễn. Chạy lại không tạo trùng.")

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["demo", "national"], default="demo",
                            help="demo: hai tỉnh, đủ để trình diễn (mặc định); national: cả 34 tỉnh/thành phố và "
                                 "3.321 xã (khoảng 2 triệu mô hình và điển hình, nạp hàng loạt; dùng để thử tải)")
        parser.add_argument("--provinces", nargs="+", default=None, metavar="TỈNH",
                            help=f"Tên hoặc mã tỉnh/thành phố (mặc định: {', '.join(DEFAULT_PROVINCES)}; "
                                 "bỏ qua khi --scale national)")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                            help="Hạt giống ngẫu nhiên (mặc định: %(default)s)")
        parser.add_argument("--per-commune", type=int, default=DEFAULT_PER_COMMUNE,
                            help="Số mô hình trung bình mỗi xã/phường (mặc định: %(default)s; bỏ qua khi --scale "
                                 "national)")
        parser.add_argument("--factor", type=float, default=1.0,
                            help="--scale national: hệ số quy mô (1 = khoảng 1,3 triệu mô hình và 0,7 triệu điển "
                                 "hình; 0.01 = một phần trăm)")

    def handle(self, *args, **options):
        if options["per_commune"] < 1:
            raise CommandError("--per-commune phải lớn hơn 0.")
        provinces = options["provinces"] or list(DEFAULT_PROVINCES)
        if options["scale"] == "national":
            return self.handle_national(options)
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
            self.write_accounts(result["accounts"])

    def write_accounts(self, accounts):
        from django.conf import settings

        self.stdout.write("Tài khoản trình diễn:")
        for role, username, password, scope in accounts:
            self.stdout.write(f"  {username:<11} {password:<11} {role} – {scope}")
        if not settings.DEMO_MODE:
            self.stdout.write("  Lưu ý: các mật khẩu trên chỉ đăng nhập được ở chế độ trình diễn (`danvan demo`, "
                              "DANVAN_DEMO=1); ngoài chế độ đó hệ thống từ chối chúng.")

    def handle_national(self, options):
        if options["provinces"]:
            self.stderr.write("--scale national: bỏ qua --provinces, tạo dữ liệu cho mọi tỉnh/thành phố.")
        try:
            result = generate_national(scale=options["factor"], seed=options["seed"], stdout=self.stdout)
        except NationalDataError as exc:
            raise CommandError(str(exc)) from exc
        c = result["counts"]
        self.stdout.write(
            f"Đã tạo {vn_number(c['organizations'])} tổ chức, {vn_number(c['initiatives'])} mô hình "
            f"({vn_number(c['replications'])} nhân rộng), {vn_number(c['exemplars'])} điển hình, "
            f"{vn_number(c['transitions'])} bước chuyển trạng thái, {vn_number(c['indicators'])} chỉ tiêu, "
            f"{vn_number(c['progress_updates'])} cập nhật tiến độ, {vn_number(c['indicator_values'])} giá trị chỉ tiêu "
            f"trong {result['seconds']:.0f} giây."
        )
        labels = {"rows": "sinh và ghi dữ liệu", "indexes": "dựng lại chỉ mục", "analyze": "thống kê chỉ mục",
                  "dashboards": "số liệu tổng hợp của bảng điều khiển"}
        phases = ", ".join(f"{labels.get(name, name)} {seconds:.0f} giây" for name, seconds in result["phases"].items())
        self.stdout.write(f"Các bước: {phases}.")
        if options["verbosity"] >= 1 and result.get("accounts"):
            self.write_accounts(result["accounts"])
