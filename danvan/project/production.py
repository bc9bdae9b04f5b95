"""What `danvan serve` refuses to run with, and the gunicorn application it runs.

Production mode is everything that is not demo mode. The settings already refuse to load there without a real
DANVAN_SECRET_KEY (settings.py, accounts/tests/test_settings_guard.py); `danvan serve` adds what a real
installation must not run with: demo mode itself, DEBUG, a SQLite database (unless explicitly allowed, for a
one-machine trial), static files that were not collected.
"""
import os

from django.conf import settings
from django.utils.translation import gettext as _


def default_workers() -> int:
    """gunicorn's own rule of thumb: two workers per core plus one (each serving `threads` requests)."""
    return 2 * (os.cpu_count() or 1) + 1


def refusals(*, allow_sqlite: bool) -> list[str]:
    """Why this configuration must not serve real users, one Vietnamese sentence per reason (empty: fine)."""
    problems = []
    if settings.SECRET_KEY == settings.DEMO_SECRET_KEY or settings.DEMO_MODE:
        problems.append(_("Đang dùng khoá bí mật công khai hoặc chế độ trình diễn (DANVAN_DEMO=1): đặt "
                          "DANVAN_SECRET_KEY một khoá riêng và bỏ DANVAN_DEMO."))
    if settings.DEBUG:
        problems.append(_("DANVAN_DEBUG đang bật: tắt nó (DANVAN_DEBUG=0) trên hệ thống thật."))
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") and not allow_sqlite:
        problems.append(_("Cơ sở dữ liệu là SQLite: đặt DATABASE_URL=postgres://… (hoặc, chỉ để dùng thử trên "
                          "một máy, thêm --allow-sqlite hay DANVAN_ALLOW_SQLITE=1)."))
    if settings.STATIC_MANIFEST and not (settings.STATIC_ROOT / "staticfiles.json").exists():
        problems.append(_("Chưa thu thập tệp tĩnh vào %(root)s: chạy `danvan collectstatic --noinput` (hoặc "
                          "`danvan serve --collectstatic`).") % {"root": settings.STATIC_ROOT})
    return problems


def gunicorn_logging(json_lines: bool) -> dict:
    """gunicorn's own messages (start, reload, worker exits) in the same format as the application's."""
    formatter = {"()": "danvan.core.jsonlog.JsonFormatter"} if json_lines else {
        "format": "%(asctime)s [%(process)d] [%(levelname)s] %(message)s"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"danvan": formatter},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "danvan",
                                 "stream": "ext://sys.stderr"}},
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False},
            # Requests are logged by danvan.core.middleware.AccessLogMiddleware, with the user and the route.
            "gunicorn.access": {"level": "WARNING", "handlers": ["console"], "propagate": False},
        },
    }


def run_gunicorn(options: dict) -> None:
    """Run gunicorn in this process with these settings (gunicorn's names); returns when it has stopped.

    SIGHUP: gunicorn starts new workers (with the code and settings now on disk) and stops the old ones
    gracefully; SIGTERM: it stops accepting, lets requests in flight finish (up to graceful_timeout), exits.
    """
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):
        def load_config(self):
            for key, value in options.items():
                self.cfg.set(key, value)
            if "control_socket_disable" in self.cfg.settings:
                # gunicorn ≥ 27's control socket is one path per user: two servers on a machine would fight
                # over it, and the signals (HUP, TERM, TTIN/TTOU) already do what it offers.
                self.cfg.set("control_socket_disable", True)

        def load(self):
            from django.core.wsgi import get_wsgi_application

            return get_wsgi_application()

    Server().run()
