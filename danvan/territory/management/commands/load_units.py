"""`danvan load-units`: load the 34 provinces, 3,321 communes and the pre-2025 units with their lineage."""
import time

from django.core.management.base import BaseCommand, CommandError

from danvan.territory.loader import TerritoryDataError, load_units


def vn_int(n: int) -> str:
    """3321 -> "3.321" (Vietnamese thousands separator)."""
    return f"{n:,}".replace(",", ".")


class Command(BaseCommand):
    help = "Nạp danh mục đơn vị hành chính (hiện hành và trước 01/07/2025) cùng quan hệ kế thừa."

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", help="Thư mục chứa các tệp CSV (mặc định: dữ liệu kèm theo gói)")

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            counts = load_units(data_dir=options.get("data_dir"))
        except (TerritoryDataError, FileNotFoundError) as exc:
            raise CommandError(f"Không nạp được đơn vị hành chính: {exc}") from exc
        provinces = counts["province"] + counts["city"]
        communes = counts["commune"] + counts["ward"] + counts["special_zone"]
        self.stdout.write(
            f"{vn_int(provinces)} tỉnh/thành phố, {vn_int(communes)} xã/phường/đặc khu, "
            f"{vn_int(counts['old_province'])} tỉnh cũ, {vn_int(counts['district'])} huyện cũ, "
            f"{vn_int(counts['old_commune'])} xã cũ, {vn_int(counts['lineage'])} liên kết kế thừa"
        )
        self.stdout.write(
            f"Thêm mới {vn_int(counts['created'])}, cập nhật {vn_int(counts['updated'])} đơn vị; "
            f"liên kết: thêm {vn_int(counts['lineage_created'])}, cập nhật {vn_int(counts['lineage_updated'])}, "
            f"xoá {vn_int(counts['lineage_deleted'])} ({time.monotonic() - started:.1f} giây)"
        )
