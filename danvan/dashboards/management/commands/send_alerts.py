"""`danvan send-alerts`: notify the responsible users of every alert (run daily, e.g. from cron)."""
from django.core.management.base import BaseCommand, CommandError

from danvan.dashboards import alerts
from danvan.territory.models import AdminUnit

CODES = (alerts.STALE, alerts.NO_STEERING, alerts.OVERDUE)


class Command(BaseCommand):
    help = ("Gửi thông báo trong ứng dụng cho người phụ trách: mô hình lâu không cập nhật tiến độ, "
            "mô hình chưa có thành viên Ban chỉ đạo theo dõi, báo cáo quá hạn.")

    def add_arguments(self, parser):
        parser.add_argument("--alert", choices=CODES, action="append",
                            help="Chỉ gửi cảnh báo này (có thể lặp lại; mặc định: tất cả)")
        parser.add_argument("--unit", help="Mã tỉnh/thành phố (mặc định: toàn quốc)")

    def handle(self, *args, **options):
        unit = None
        if options["unit"]:
            unit = AdminUnit.objects.provinces().filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"Không tìm thấy tỉnh/thành phố có mã “{options['unit']}”.")
        for code in options["alert"] or CODES:
            sent = alerts.send(code, unit=unit)
            if options["verbosity"] > 0:
                self.stdout.write(f"{code}: {sent} thông báo")
