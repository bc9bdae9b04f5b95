"""`danvan remind`: remind the writers of reports not handed in of their deadline (run daily, e.g. from cron)."""
import datetime

from django.core.management.base import BaseCommand, CommandError

from danvan.reporting import services


class Command(BaseCommand):
    help = ("Nhắc các đơn vị chưa nộp báo cáo: trước hạn nộp (số ngày đặt trong DANVAN_REMINDER_DAYS, mặc định 3 "
            "và 1 ngày) và vào ngày quá hạn. Chạy lại trong ngày không gửi trùng.")

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Coi hôm nay là ngày này (YYYY-MM-DD), để chạy bù")

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"Ngày “{options['date']}” không hợp lệ; cần dạng YYYY-MM-DD.") from None
        sent = services.send_reminders(today)
        self.stdout.write(f"Đã gửi {sent} lời nhắc.")
