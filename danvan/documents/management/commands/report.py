"""`danvan report --unit 14 --period 2025 --format docx [-o PATH]`: a unit's official report or its Excel annex."""
import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from danvan.core.exceptions import DomainError
from danvan.documents.content import build_content
from danvan.documents.files import FORMATS, render
from danvan.documents.units import parse_unit
from danvan.documents.wording import num
from danvan.stats.periods import parse_period


class Command(BaseCommand):
    help = ("Lập báo cáo kết quả phong trào thi đua “Dân vận khéo” của một đơn vị (Word, theo Hướng dẫn "
            "36-HD/VPTW) hoặc phụ lục số liệu (Excel), lấy số liệu từ sổ theo dõi.")

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, metavar="ĐƠN_VỊ",
                            help="Mã đơn vị hiện nay (14 = tỉnh, 04000 = xã), đơn vị cũ trước 2025 có tiền tố old: "
                                 "(old:60 = tỉnh Bình Thuận cũ), VN = toàn quốc; hoặc tên đơn vị hiện nay.")
        parser.add_argument("--period", required=True, metavar="KỲ",
                            help="Kỳ báo cáo: 2025, 2025-H1 (6 tháng), 2025-Q3, 2025-07, 2016-2025 (5 hoặc 10 năm).")
        parser.add_argument("--format", choices=sorted(FORMATS), default=None,
                            help="docx (báo cáo Word) hoặc xlsx (phụ lục Excel); mặc định theo đuôi của -o, "
                                 "nếu không: docx.")
        parser.add_argument("-o", "--output", default=None, metavar="TỆP",
                            help="Tệp hoặc thư mục ghi ra; mặc định: bao-cao-<đơn-vị>-<kỳ>.<định dạng> "
                                 "ở thư mục hiện tại.")
        parser.add_argument("--number", default="", metavar="SỐ", help="Số văn bản (để trống cho văn thư điền).")
        parser.add_argument("--date", default=None, metavar="dd/mm/yyyy", help="Ngày ký báo cáo (mặc định: hôm nay).")
        parser.add_argument("--signer", default="", metavar="HỌ_TÊN", help="Họ tên người ký.")
        parser.add_argument("--as-user", default=None, metavar="TÊN_ĐĂNG_NHẬP",
                            help="Chỉ tính số liệu trong phạm vi của tài khoản này (mặc định: toàn bộ sổ theo dõi).")

    def handle(self, *args, **options):
        output = Path(options["output"]) if options["output"] else None
        # A path without a file extension (or an existing folder) is a folder to write the default name into.
        folder = output is not None and (output.is_dir() or not output.suffix)
        suffix = output.suffix.lower().lstrip(".") if output is not None and not folder else ""
        fmt = options["format"] or (suffix if suffix in FORMATS else "docx")
        if suffix and suffix != fmt:
            raise CommandError(f"Tệp “{output.name}” có đuôi .{suffix} nhưng định dạng là {fmt}.")
        try:
            period = parse_period(options["period"])
            unit = parse_unit(options["unit"])
        except (ValueError, DomainError) as exc:
            raise CommandError(getattr(exc, "message", str(exc))) from exc
        issued_on = _parse_date(options["date"]) if options["date"] else None
        user = None
        if options["as_user"]:
            user = get_user_model().objects.filter(username=options["as_user"], is_active=True).first()
            if user is None:
                raise CommandError(f"Không có tài khoản đang hoạt động “{options['as_user']}”.")
        content = build_content(unit, period, user=user, issued_on=issued_on, number=options["number"],
                                signer=options["signer"])
        report = render(content, fmt)
        if output is None:
            path = Path.cwd() / report.name
        elif folder:
            path = output / report.name
        else:
            path = output
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(report.data)
        except OSError as exc:
            raise CommandError(f"Không ghi được tệp {path}: {exc.strerror or exc}") from exc
        f = content.figures
        self.stdout.write(
            f"Đã ghi {path} ({content.unit_name}, {period.label}: {num(f.initiatives.value)} mô hình, "
            f"{num(f.exemplars.value)} điển hình)."
        )


def _parse_date(text: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(text.strip(), "%d/%m/%Y").date()
    except ValueError as exc:
        raise CommandError(f"Ngày không hợp lệ: “{text}”. Viết theo dạng dd/mm/yyyy, ví dụ 23/11/2026.") from exc
