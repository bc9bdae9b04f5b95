"""`danvan reap-imports`: mark import jobs whose process died as failed (for a scheduler, e.g. every minute).

The worker does the same when it starts and every IMPORT_REAP_INTERVAL seconds, and the job page when it is
viewed; this command is for installations where no worker runs for a while (see imports.leases).
"""
from django.core.management.base import BaseCommand

from danvan.imports.leases import reap


class Command(BaseCommand):
    help = "Đánh dấu thất bại các lần nhập dữ liệu mà tiến trình xử lý đã dừng bất thường (để chạy lại được)."

    def handle(self, *args, **options):
        reaped = reap()
        if options["verbosity"]:
            self.stdout.write(f"Đã đánh dấu {len(reaped)} lần nhập dừng bất thường"
                              + (f": {', '.join(map(str, reaped))}." if reaped else "."))
