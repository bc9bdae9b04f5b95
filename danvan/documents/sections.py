"""The report's text: sections I–III with sentences written from the figures, and the unit's own narrative.

Sentences only state figures (counts, comparisons with the same period a year earlier); judgements —
limitations and their causes — come from the unit's narrative, and stay a marked gap when there is none.
"""
from dataclasses import dataclass, field

from danvan.initiatives.models import Scope, Status
from danvan.documents.content import ReportContent
from danvan.documents.wording import compare, lower_first, num, upper_first
from danvan.stats.periods import PeriodKind

PLACEHOLDER = "(Đơn vị bổ sung nhận xét, đánh giá cụ thể.)"
# Tables printed in the Word report, with their number there; the annex carries every table.
DOCX_TABLES = {"field": 1, "status": 2, "indicators": 3}


@dataclass
class Para:
    text: str
    heading: bool = False       # a numbered sub-heading ("1. Mô hình …"), bold
    placeholder: bool = False   # a gap for the unit to fill, italic


@dataclass
class TableRef:
    key: str


@dataclass
class Section:
    heading: str
    items: list = field(default_factory=list)


def paragraphs(text: str) -> list[Para]:
    return [Para(line.strip()) for line in (text or "").splitlines() if line.strip()]


def build_sections(c: ReportContent) -> list[Section]:
    return [_results(c), _limitations(c), _directions(c)]


def _in_period(c: ReportContent) -> str:
    return f"trong {c.period.label}"


def _against(c: ReportContent) -> str | None:
    """How the comparison is said, or None where one makes no sense (5- and 10-year reviews) or is not known."""
    if c.period.kind in (PeriodKind.FIVE_YEARS, PeriodKind.TEN_YEARS) or c.previous is None:
        return None
    if c.period.kind == PeriodKind.YEAR:
        return f"so với năm {c.previous.period.start.year}"
    return f"so với cùng kỳ năm {c.previous.period.start.year}"


def _cmp(c: ReportContent, attr: str) -> str:
    """", tăng 3 so với năm 2024" — nothing when there is nothing to compare (both zero, or no comparison)."""
    against = _against(c)
    if against is None:
        return ""
    now, before = getattr(c.figures, attr).value, getattr(c.previous, attr).value
    if not now and not before:
        return ""
    return ", " + compare(now, before, against)


def counted(value, noun: str) -> str | None:
    """"3 mô hình tập thể", or None for a zero: sentences never state "0 mô hình"."""
    return f"{num(value)} {noun}" if value else None


def listing(parts, sep: str = ", ") -> str:
    """The non-zero parts joined; "" when every part was zero."""
    return sep.join(p for p in parts if p)


def _results(c: ReportContent) -> Section:
    f, area = c.figures, c.issuer.area
    s = Section("I. KẾT QUẢ ĐẠT ĐƯỢC")
    s.items.append(Para(
        f"{upper_first(_in_period(c))}, {area} tiếp tục triển khai phong trào thi đua “Dân vận khéo” gắn với "
        "nhiệm vụ chính trị của từng địa phương, cơ quan, đơn vị; kết quả cụ thể như sau:"))
    s.items.append(Para("1. Mô hình “Dân vận khéo”", heading=True))
    if f.initiatives.value:
        kinds = listing([counted(f.by_scope[Scope.COLLECTIVE].value, "mô hình tập thể"),
                         counted(f.by_scope[Scope.INDIVIDUAL].value, "mô hình cá nhân")])
        total = (f"Tính đến ngày {c.as_of}, {area} có {num(f.initiatives.value)} mô hình “Dân vận khéo”"
                 + (f" ({kinds})" if kinds else "") + _cmp(c, "initiatives"))
        if f.new.value:
            total += f"; {_in_period(c)} đăng ký mới {num(f.new.value)} mô hình{_cmp(c, 'new')}."
        else:
            total += f"; {_in_period(c)} chưa có mô hình đăng ký mới."
        s.items.append(Para(total))
        by_field = listing((f"{lower_first(str(v['label']))} {num(v['initiatives'].value)} mô hình"
                            for v in f.by_field.values() if v["initiatives"].value), "; ")
        s.items.append(Para(f"Theo lĩnh vực: {by_field} (Bảng {DOCX_TABLES['field']})."))
        s.items.append(TableRef("field"))
        done = listing([f"{num(fig.value)} mô hình {lower_first(str(Status(code).label))}"
                        for code, fig in f.by_status.items() if fig.value])
        if done:
            s.items.append(Para(f"Về tình hình thực hiện: {done} (Bảng {DOCX_TABLES['status']})."))
            s.items.append(TableRef("status"))
    else:
        s.items.append(Para(f"Tính đến ngày {c.as_of}, {area} chưa có mô hình “Dân vận khéo” được đăng ký."))
    kinds = c.table("organization_kind")
    top = sorted((r for r in (kinds.rows if kinds else []) if r.values[0]), key=lambda r: -r.values[0])[:3]
    if top:
        s.items.append(Para("Các tổ chức chủ trì nhiều mô hình nhất: " + ", ".join(
            f"{r.label} ({num(r.values[0])} mô hình)" for r in top) + "."))

    s.items.append(Para("2. Điển hình tiên tiến", heading=True))
    sentences = []
    if f.exemplars.value:
        ex_field = listing(f"{lower_first(str(v['label']))} {num(v['exemplars'].value)}"
                           for v in f.by_field.values() if v["exemplars"].value)
        sentences.append(f"{upper_first(_in_period(c))}, {area} ghi nhận {num(f.exemplars.value)} điển hình tiên "
                         f"tiến{_cmp(c, 'exemplars')} (theo lĩnh vực: {ex_field})")
    else:
        sentences.append(f"{upper_first(_in_period(c))}, {area} chưa ghi nhận thêm điển hình tiên tiến")
    if f.exemplars_cumulative.value:
        sentences.append(f"luỹ kế đến ngày {c.as_of} có {num(f.exemplars_cumulative.value)} điển hình")
    text = "; ".join(sentences) + "."
    if f.recognised.value:
        text += (f" Có {num(f.recognised.value)} mô hình được công nhận là điển hình “Dân vận khéo” trong kỳ.")
    s.items.append(Para(text))

    s.items.append(Para("3. Hiệu quả của các mô hình", heading=True))
    indicators = c.table("indicators")
    rows = [r for r in indicators.rows if r.values[0]]
    if rows:
        achieved = "; ".join(f"{num(r.values[0])} {r.phrase}".strip() for r in rows)
        s.items.append(Para(f"Kết quả các chỉ tiêu đạt được {_in_period(c)}: {achieved} "
                            f"(Bảng {DOCX_TABLES['indicators']})."))
        s.items.append(TableRef("indicators"))
    else:
        s.items.append(Para(f"Chưa có số liệu chỉ tiêu được cập nhật {_in_period(c)}."))
    s.items.extend(paragraphs(c.narrative["results"]))
    s.items.append(Para("(Số liệu chi tiết theo loại tổ chức và theo từng đơn vị tại Phụ lục kèm theo.)",
                        placeholder=True))
    return s


def _limitations(c: ReportContent) -> Section:
    f = c.figures
    s = Section("II. HẠN CHẾ, NGUYÊN NHÂN")
    s.items.append(Para("1. Hạn chế", heading=True))
    waiting = f.by_status[Status.REGISTERED].value
    suspended = f.by_status[Status.SUSPENDED].value
    sentences = []
    if f.not_implemented.value:
        stopped = f"{upper_first(_in_period(c))} có {num(f.not_implemented.value)} mô hình đăng ký nhưng được xác " \
                  "định không triển khai"
        cumulative = f.by_status[Status.NOT_IMPLEMENTED].value
        if cumulative:
            stopped += f" (luỹ kế {num(cumulative)} mô hình)"
        sentences.append(stopped)
    pending = listing([counted(waiting, "mô hình đã đăng ký chưa triển khai thực hiện"),
                       counted(suspended, "mô hình tạm dừng")], " và ")
    if pending:
        sentences.append(f"đến ngày {c.as_of} còn {pending}")
    if sentences:
        s.items.append(Para(upper_first("; ".join(sentences)) + "."))
    s.items.extend(paragraphs(c.narrative["limitations"]) or [Para(PLACEHOLDER, placeholder=True)])
    s.items.append(Para("2. Nguyên nhân", heading=True))
    s.items.extend(paragraphs(c.narrative["causes"]) or [Para(PLACEHOLDER, placeholder=True)])
    return s


def _directions(c: ReportContent) -> Section:
    f = c.figures
    s = Section("III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI")
    own = paragraphs(c.narrative["directions"])
    if own:
        s.items.extend(own)
        return s
    pending = f.by_status[Status.REGISTERED].value + f.by_status[Status.SUSPENDED].value
    s.items.extend([
        Para("1. Tiếp tục tuyên truyền, quán triệt sâu rộng về phong trào thi đua “Dân vận khéo”; gắn phong trào "
             "với nhiệm vụ chính trị của từng địa phương, cơ quan, đơn vị, lấy hiệu quả thực tế làm thước đo chính."),
        Para("2. Tăng cường kiểm tra, giám sát việc thực hiện các mô hình đã đăng ký"
             + (f"; đôn đốc {num(pending)} mô hình chưa triển khai hoặc tạm dừng, kịp thời tháo gỡ khó khăn, "
                "vướng mắc." if pending else ".")),
        Para("3. Lựa chọn, bồi dưỡng và nhân rộng các mô hình, điển hình tiêu biểu; kịp thời biểu dương, khen thưởng "
             "các tập thể, cá nhân có thành tích xuất sắc trong phong trào."),
    ])
    return s


