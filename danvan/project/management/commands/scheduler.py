"""`danvan scheduler`: runs the installation's scheduled jobs (project/schedule.py) until stopped.

One process per installation (a systemd unit, docs/deploy.md). SIGTERM or SIGINT: the job running finishes,
then the scheduler exits. `--once` runs what is due and exits (for cron or a test); `--list` shows the table.
"""
import fcntl
import signal
import threading

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from danvan.project import schedule


class Command(BaseCommand):
    help = "Chạy các việc định kỳ (cảnh báo hằng ngày, sao lưu, dọn dữ liệu hết hạn, nhập dữ liệu bị treo)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Chạy các việc đến hạn một lần rồi thoát")
        parser.add_argument("--job", action="append", help="Chỉ việc này (có thể lặp lại)")
        parser.add_argument("--list", action="store_true", help="In bảng lịch và lần chạy gần nhất")
        parser.add_argument("--tick", type=float, default=30, help="Giây giữa hai lần xem lịch (mặc định 30)")

    def handle(self, *args, **options):
        names = {job.name for job in schedule.SCHEDULE}
        unknown = set(options["job"] or ()) - names
        if unknown:
            raise CommandError(f"Không có việc định kỳ “{', '.join(sorted(unknown))}”. Các việc: "
                               f"{', '.join(sorted(names))}.")
        path = schedule.state_path()
        state = schedule.load_state(path)
        if options["list"]:
            for job in schedule.SCHEDULE:
                when = f"hằng ngày {job.at:%H:%M}" if job.at else f"mỗi {int(job.every.total_seconds())} giây"
                last = state.get(job.name)
                self.stdout.write(f"{job.name:24} {when:20} danvan {' '.join(job.command):34} "
                                  f"lần gần nhất: {timezone.localtime(last):%d/%m/%Y %H:%M}" if last else
                                  f"{job.name:24} {when:20} danvan {' '.join(job.command):34} chưa chạy")
            return

        path.parent.mkdir(parents=True, exist_ok=True)

        def save(current):
            schedule.save_state(path, current)

        lock = path.with_suffix(".lock").open("a")
        try:  # a second scheduler on this machine would run every job twice
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise CommandError(f"Một tiến trình `danvan scheduler` khác đang chạy ({path}).") from None
        if options["once"]:
            schedule.run_due(state, only=options["job"], save=save)
            return
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        schedule.logger.info("scheduler started", extra={"fields": {"state": str(path)}})
        while not stop.is_set():
            schedule.run_due(state, only=options["job"], save=save)
            stop.wait(options["tick"])
        schedule.logger.info("scheduler stopped")
