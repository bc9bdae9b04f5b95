"""How numbers, comparisons and dates are written in an official document."""
import datetime
from decimal import Decimal

from danvan.core.templatetags.danvan import vnnumber


def clean_number(value) -> int | Decimal:
    """A figure as the documents show it: an int when whole, else a Decimal with at most 2 decimals."""
    d = Decimal(str(value or 0))
    if d == d.to_integral_value():
        return int(d)
    return d.quantize(Decimal("0.01")).normalize()


def num(value) -> str:
    """1234567 -> "1.234.567"; 80.6 -> "80,6" (the one number format of the product)."""
    return vnnumber(clean_number(value))


def compare(current: int, previous: int, against: str = "so với cùng kỳ") -> str:
    """"tăng 21 so với cùng kỳ" / "giảm 3 so với cùng kỳ" / "bằng cùng kỳ"."""
    diff = current - previous
    if diff > 0:
        return f"tăng {num(diff)} {against}"
    if diff < 0:
        return f"giảm {num(-diff)} {against}"
    return "bằng cùng kỳ"


def date_line(place: str, day: datetime.date) -> str:
    """"Sơn La, ngày 03 tháng 02 năm 2026": day below 10 and months 1–2 take a leading zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def short_date(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text
