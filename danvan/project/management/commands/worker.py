"""`danvan worker`: the background worker (imports, e-mail copies) as its own process, for a service manager.

Which worker runs follows the installation's queue (settings.TASKS_BACKEND, docs/deploy.md):

- the database queue (the default): django-tasks-db's worker, as `danvan db_worker`;
- RQ on Redis (DANVAN_TASKS_BACKEND=rq): an RQ worker on the installation's queue (DANVAN_TASK_QUEUE). Start as
  many as wanted, on as many machines (systemd's danvan-worker@N units): each job is taken by one of them.
  RQ runs every job in a child process (the "work horse"): a job whose horse is killed is failed by its worker
  at once; a worker killed with its horse (kill -9, the machine lost) leaves its job in RQ's started registry,
  which any worker moves to the failed registry once its heartbeat has expired. Both show on /van-hanh/.

Either way the worker also reaps import jobs whose process died (imports.leases), when it starts and every
IMPORT_REAP_INTERVAL seconds: the import job is marked failed with a message, its rows never committed (the
import is one transaction), and the person can run it again.
"""
from django.conf import settings
from django.core.management.base import CommandError

from danvan.core import queue
from danvan.imports.leases import Reaper
from danvan.imports.management.commands.db_worker import Command as DbWorkerCommand


class Command(DbWorkerCommand):
    help = "Chạy bộ xử lý nền (nhập dữ liệu, thư điện tử) theo hàng đợi đã cấu hình: cơ sở dữ liệu hoặc RQ/Redis."

    def add_arguments(self, parser):
        if queue.kind() != "rq":   # django-tasks-db's options check its backend when they are read
            super().add_arguments(parser)
        parser.add_argument("--burst", action="store_true",
                            help="RQ: chạy các việc đang chờ rồi thoát (như --batch của hàng đợi cơ sở dữ liệu)")
        parser.add_argument("--name", default=None, help="RQ: tên của bộ xử lý (mặc định: máy và số tiến trình)")

    def handle(self, *args, **options):
        if queue.kind() != "rq":
            if options.get("queue_name") == "default":   # the installation's queue, and "default" (older tasks)
                options["queue_name"] = ",".join(sorted({"default", settings.TASK_QUEUE}))
            return super().handle(*args, **options)
        return self.run_rq(burst=options["burst"] or options.get("batch", False), name=options["name"],
                           verbosity=options["verbosity"])

    def run_rq(self, *, burst: bool, name: str | None, verbosity: int) -> None:
        import django_rq
        from django_rq.workers import get_worker
        from rq.logutils import setup_loghandlers

        level = "DEBUG" if verbosity >= 2 else "WARNING" if verbosity == 0 else "INFO"
        setup_loghandlers(level)
        try:
            django_rq.get_connection(settings.TASK_QUEUE).ping()   # a broker that does not answer: fail at once
        except Exception as exc:  # noqa: BLE001 - said plainly; the service manager starts the worker again
            from urllib.parse import urlsplit

            where = urlsplit(settings.RQ_URL)   # host and port only: the URL may hold a password
            raise CommandError(f"Không kết nối được Redis của hàng đợi ({where.hostname}:{where.port or 6379}): "
                               f"{exc}") from exc
        reaper = Reaper().start()
        try:
            # The installation's queue only (every task is enqueued on it, core.queue.enqueue): a Redis shared by
            # two installations (or two test processes) never hands one the other's jobs.
            worker = get_worker(settings.TASK_QUEUE, job_class="django_tasks_rq.backend.Job", name=name)
            from django.db import connections

            connections.close_all()   # no connection of this process may be shared with a forked work horse
            worker.work(burst=burst, logging_level=level)
        finally:
            reaper.stop.set()
