"""`danvan demo`: one command from an empty folder to a running demo.

Creates the data folder, migrates, loads the administrative units (skipped when already loaded),
generates the demo data and accounts (idempotent), prints where to go and how to sign in, and serves
the site with Django's runserver (static files are served by WhiteNoise, so DEBUG may stay off).
"""
from django.conf import settings
import atexit
import subprocess
import sys

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError

from danvan.generators.demo import (
    DEFAULT_PER_COMMUNE, DEFAULT_PROVINCES, DEFAULT_SEED, describe_accounts, vn_number,
)

# A full load has 34 provinces and 3,321 communes; fewer means the territory still has to be loaded.
MIN_CURRENT_COMMUNES = 3000


def _url(addr: str) -> str:
    host, _, port = addr.rpartition(":")
    if not host:
        host, port = "127.0.0.1", addr
    if host in ("0.0.0.0", "", "0"):
        host = "127.0.0.1"
    return f"http://{host}:{port}/"


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        lines.append("  " + "  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip())
        if n == 0:
            lines.append("  " + "  ".join("─" * w for w in widths))
    return lines


class Command(BaseCommand):
    help = ("Chạy bản trình diễn: tạo cơ sở dữ liệu, nạp đơn vị hành chính, tạo dữ liệu mẫu và tài khoản, "
            "rồi mở máy chủ web tại http://127.0.0.1:8000/.")
    requires_system_checks = []  # the data folder may not exist yet; runserver runs the checks itself
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true",
                            help="Chỉ chuẩn bị dữ liệu và in hướng dẫn, không chạy máy chủ")
        parser.add_argument("--addr", default="127.0.0.1:8000", help="Địa chỉ máy chủ (mặc định: %(default)s)")
        parser.add_argument("--provinces", nargs="+", default=list(DEFAULT_PROVINCES), metavar="TỈNH",
                            help="Tỉnh/thành phố có dữ liệu mẫu (mặc định: %(default)s)")
        parser.add_argument("--per-commune", type=int, default=DEFAULT_PER_COMMUNE,
                            help="Số mô hình trung bình mỗi xã/phường (mặc định: %(default)s)")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="Hạt giống ngẫu nhiên")

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError("Bản trình diễn chạy bằng `danvan demo` (lệnh này tự bật chế độ trình diễn, "
                               "DANVAN_DEMO=1); cấu hình hiện tại không ở chế độ đó.")
        out = self.stdout
        data_dir = settings.DATA_DIR
        data_dir.mkdir(parents=True, exist_ok=True)
        for extra in (settings.MEDIA_ROOT,):
            try:
                extra.mkdir(parents=True, exist_ok=True)
            except OSError:
                pass
        verbosity = options["verbosity"]

        out.write(f"1/3 Cập nhật cơ sở dữ liệu ({data_dir})…")
        call_command("migrate", interactive=False, verbosity=0)

        from danvan.territory.models import AdminUnit, UnitLineage

        current = AdminUnit.objects.communes().count()
        if current >= MIN_CURRENT_COMMUNES and UnitLineage.objects.exists():
            out.write(f"2/3 Đơn vị hành chính đã có ({vn_number(current)} xã/phường/đặc khu), bỏ qua.")
        else:
            out.write("2/3 Nạp danh mục đơn vị hành chính…")
            if "load_units" in get_commands():
                call_command("load_units", stdout=self.stdout, verbosity=verbosity)
            else:  # the command is not installed: call the loader directly
                from danvan.territory.loader import load_units

                load_units(stdout=self.stdout)

        out.write("3/3 Tạo dữ liệu mẫu và tài khoản trình diễn…")
        seed_args = ["--scale", "demo", "--seed", str(options["seed"]), "--per-commune", str(options["per_commune"]),
                     "--provinces", *options["provinces"]]
        call_command("seed", *seed_args, stdout=self.stdout, verbosity=0)

        accounts = describe_accounts()
        if not accounts:
            raise CommandError("Không tạo được tài khoản trình diễn.")
        url = _url(options["addr"])
        rule = "═" * 78
        out.write("")
        out.write(rule)
        out.write("  DANVAN – Nền tảng quản lý phong trào thi đua “Dân vận khéo” (bản trình diễn)")
        out.write(rule)
        out.write(f"  Mở trình duyệt tại:  {url}")
        out.write(f"  Dữ liệu lưu tại:     {data_dir}")
        out.write(f"  Dữ liệu mẫu:         {', '.join(options['provinces'])} (mô hình, điển hình 2016–nay)")
        out.write("")
        out.write("  Tài khoản đăng nhập thử (mỗi vai trò một tài khoản):")
        out.write("")
        for line in _table([("Vai trò", "Tên đăng nhập", "Mật khẩu", "Phạm vi")] + accounts):
            out.write(line)
        out.write("")
        out.write("  Đây là mật khẩu công khai của bản trình diễn: không dùng cho hệ thống thật.")
        if options["no_serve"]:
            out.write("  (--no-serve: không chạy máy chủ web)")
            out.write(rule)
            return
        out.write("  Nhấn Ctrl+C để dừng máy chủ.")
        out.write(rule)
        # Background imports need a worker beside the web server; it stops with the demo, and is started again
        # if it dies (the new one marks the jobs the dead one left running as failed: imports.leases).
        supervisor = WorkerSupervisor([sys.executable, "-m", "danvan", "db_worker", "--no-reload", "--interval", "1"])
        atexit.register(supervisor.stop)
        supervisor.start()
        call_command("runserver", options["addr"], use_reloader=False)


class WorkerSupervisor:
    """Runs the worker and starts it again whenever it exits, until `stop()` (at most once every 5 seconds)."""

    def __init__(self, argv):
        import threading

        self.argv, self.process, self.stopping = argv, None, threading.Event()
        self.thread = threading.Thread(target=self._run, name="worker-supervisor", daemon=True)

    def start(self):
        self.thread.start()

    def _run(self):
        import time

        while not self.stopping.is_set():
            started = time.monotonic()
            self.process = subprocess.Popen(self.argv)
            code = self.process.wait()
            if self.stopping.is_set():
                return
            sys.stderr.write(f"Bộ xử lý nền (db_worker) đã dừng (mã {code}); khởi động lại.\n")
            self.stopping.wait(max(0.0, 5 - (time.monotonic() - started)))

    def stop(self):
        self.stopping.set()
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
