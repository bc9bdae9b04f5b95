"""`danvan serve`: the site under gunicorn, for real users (see docs/deploy.md).

Workers and threads default from the CPU count and can be set by option or environment; static files are
served by WhiteNoise from the collected, hashed and compressed copy; one JSON line per request. Refuses to start
with the demo key, demo mode, DEBUG, SQLite (unless allowed) or uncollected static files (project/production.py).
"""
import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from danvan.project import production


def _env_int(name, default):
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw.isdigit() else default


class Command(BaseCommand):
    help = "Chạy hệ thống cho người dùng thật dưới gunicorn (xem docs/deploy.md)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("DANVAN_BIND", "127.0.0.1:8000"),
                            help="Địa chỉ:cổng hoặc unix:/đường/dẫn (DANVAN_BIND; mặc định 127.0.0.1:8000)")
        parser.add_argument("--workers", type=int, default=_env_int("DANVAN_WEB_WORKERS", 0),
                            help="Số tiến trình (DANVAN_WEB_WORKERS; mặc định 2 × số lõi CPU + 1)")
        parser.add_argument("--threads", type=int, default=_env_int("DANVAN_WEB_THREADS", 2),
                            help="Số luồng mỗi tiến trình (DANVAN_WEB_THREADS; mặc định 2)")
        parser.add_argument("--timeout", type=int, default=_env_int("DANVAN_WEB_TIMEOUT", 120),
                            help="Giây tối đa cho một yêu cầu trước khi tiến trình bị khởi động lại (mặc định 120)")
        parser.add_argument("--graceful-timeout", type=int, default=_env_int("DANVAN_WEB_GRACEFUL_TIMEOUT", 30),
                            help="Giây chờ các yêu cầu đang chạy xong khi dừng hoặc nạp lại (mặc định 30)")
        parser.add_argument("--allow-sqlite", action="store_true",
                            default=os.environ.get("DANVAN_ALLOW_SQLITE", "") in {"1", "true", "yes", "on"},
                            help="Cho phép chạy trên SQLite (chỉ để dùng thử trên một máy; DANVAN_ALLOW_SQLITE=1)")
        parser.add_argument("--collectstatic", action="store_true",
                            help="Thu thập tệp tĩnh (collectstatic) trước khi chạy")

    def handle(self, *args, **options):
        if options["collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        problems = production.refusals(allow_sqlite=options["allow_sqlite"])
        if problems:
            raise CommandError("Không khởi động: " + " ".join(problems))
        workers = options["workers"] or production.default_workers()
        if workers < 1 or options["threads"] < 1:
            raise CommandError("--workers và --threads phải là số nguyên dương.")
        connections.close_all()  # nothing opened here may be shared by the forked workers
        production.run_gunicorn({
            "bind": [options["bind"]],
            "workers": workers,
            "threads": options["threads"],
            "worker_class": "gthread",
            "timeout": options["timeout"],
            "graceful_timeout": options["graceful_timeout"],
            "keepalive": 5,
            # A worker is replaced after this many requests (with jitter), so slow leaks cannot grow forever.
            "max_requests": 2000,
            "max_requests_jitter": 200,
            # X-Forwarded-* are judged by danvan.core.proxies (DANVAN_TRUSTED_PROXIES), not by gunicorn.
            "forwarded_allow_ips": ",".join(settings.TRUSTED_PROXIES),
            "proc_name": "danvan-web",
            "logconfig_dict": production.gunicorn_logging(settings.LOG_FORMAT == "json"),
            "worker_tmp_dir": "/dev/shm" if os.path.isdir("/dev/shm") else None,
        })
