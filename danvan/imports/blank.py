"""Blank templates to fill in: the kind's columns, drop-down lists, and instructions in Vietnamese."""
from __future__ import annotations

import io

from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from danvan.core import exports
from danvan.imports.kinds import importer_for

ROWS_WITH_LISTS = 5000
MAX_LISTED = 2000

GENERAL_RULES = [
    _lazy("Nhập từ dòng 2 của trang đầu; giữ nguyên dòng tiêu đề. Cột có dấu (*) là bắt buộc."),
    _lazy("Có thể dùng tệp của mình: hệ thống tự tìm dòng tiêu đề (kể cả tiêu đề gộp hai dòng), "
      "nhận tên cột có dấu hoặc không dấu, và bỏ qua dòng tiêu đề, dòng STT (1), (2)…, dòng “Tổng cộng”."),
    _lazy("Ngày ghi dd/mm/yyyy (ví dụ 25/12/2024) hoặc ô kiểu ngày của Excel. Số ghi 1.234.567 hoặc 2,5."),
    _lazy("Đơn vị hành chính ghi tên (ví dụ “Xã Phổng Lái, Sơn La”) hoặc mã; tên cũ trước 01/07/2025 được tự "
      "chuyển sang đơn vị mới và có cảnh báo để bạn kiểm tra."),
    _lazy("Chỉ nhận dòng thuộc phạm vi của bạn. Nếu một dòng có lỗi thì không dòng nào được nhập: "
      "xem danh sách lỗi (dòng, cột, giá trị, lý do), sửa tệp rồi tải lên lại."),
    _lazy("Nhập lại cùng một tệp không tạo bản sao: dòng có “Mã”, hoặc trùng tổ chức + tên + năm với bản ghi đã có, "
      "được bỏ qua. Nhập Excel không sửa bản ghi đã có."),
]


def _listed(user, kind_columns):
    """Names for the organisation and unit drop-downs: what the user may use (when not too many)."""
    lists = {}
    keys = {c.key for c in kind_columns}
    if user is None:
        return lists
    if "organization" in keys:
        from danvan.organizations.models import Organization

        names = list(Organization.objects.editable_by(user).order_by("sort_key").values_list("name", flat=True)
                     [:MAX_LISTED + 1])
        if len(names) <= MAX_LISTED:
            lists["organization"] = sorted(set(names), key=names.index)
    if "unit" in keys:
        from danvan.territory.choices import unit_choices_for

        labels = [label for _v, label in unit_choices_for(user)][:MAX_LISTED + 1]
        if 0 < len(labels) <= MAX_LISTED:
            lists["unit"] = [str(label).strip("— ").strip() for label in labels]
    return lists


def template_workbook(kind: str, user=None) -> bytes:
    """An .xlsx to fill in for `kind`: headers, drop-downs for choices (and the user's organisations and
    units), an instructions sheet; nothing else, so it re-imports as it is."""
    import xlsxwriter

    importer = importer_for(kind)
    columns = [c for c in importer.columns if c.importable and c.kind != exports.ID]
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False})
    data = wb.add_worksheet(_("Dữ liệu"))
    guide = wb.add_worksheet(_("Hướng dẫn"))
    lists = wb.add_worksheet(_("Danh mục"))
    head = wb.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#E9EEF6", "border": 1})
    required_head = wb.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#FCE4D6",
                                   "border": 1})
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    bold = wb.add_format({"bold": True})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})

    extra = _listed(user, columns)
    list_col = 0
    for i, col in enumerate(columns):
        title = force_str(col.header) + (" (*)" if col.required else "")
        data.write_string(0, i, title, required_head if col.required else head)
        data.set_column(i, i, col.width, date_fmt if col.kind == exports.DATE else None)
        values = None
        if col.kind == exports.CHOICE:
            values = [force_str(label) for _v, label in col.choices.choices]
        elif col.key in extra:
            values = extra[col.key]
        if values:
            lists.write_string(0, list_col, title, bold)
            for r, value in enumerate(values, start=1):
                lists.write_string(r, list_col, value)
            letter = _letter(list_col)
            strict = col.kind == exports.CHOICE
            data.data_validation(1, i, ROWS_WITH_LISTS, i, {
                "validate": "list", "source": f"='{lists.name}'!${letter}$2:${letter}${len(values) + 1}",
                "error_type": "stop" if strict else "information", "ignore_blank": True,
                "error_title": _("Giá trị không có trong danh sách"),
                "error_message": _("Hãy chọn một giá trị trong danh sách.") if strict else
                _("Tên này không có trong danh sách của bạn; hệ thống sẽ kiểm tra khi nhập."),
            })
            lists.set_column(list_col, list_col, 30)
            list_col += 1
        elif col.kind == exports.DATE:
            data.data_validation(1, i, ROWS_WITH_LISTS, i, {
                "validate": "any", "input_title": force_str(col.header), "input_message": "dd/mm/yyyy",
            })
    data.freeze_panes(1, 0)
    data.set_row(0, 32)
    lists.hide()

    guide.set_column(0, 0, 30)
    guide.set_column(1, 1, 12)
    guide.set_column(2, 2, 90)
    guide.write_string(0, 0, _("Hướng dẫn nhập %(kind)s") % {"kind": force_str(_kind_label(kind)).lower()}, bold)
    row = 2
    for rule in GENERAL_RULES:
        guide.write_string(row, 0, "•")
        guide.merge_range(row, 1, row, 2, force_str(rule), wrap)
        row += 1
    row += 1
    guide.write_row(row, 0, [_("Cột"), _("Bắt buộc"), _("Cách ghi")], head)
    for col in columns:
        row += 1
        note = force_str(col.help)
        if col.kind == exports.CHOICE:
            note = (note + " " if note else "") + _("Một trong: %(v)s.") % {
                "v": "; ".join(force_str(label) for _v, label in col.choices.choices)}
        elif col.kind == exports.DATE and not note:
            note = _("Ngày dd/mm/yyyy.")
        elif col.kind in (exports.INT, exports.DECIMAL) and not note:
            note = _("Số, ví dụ 2024 hoặc 1.234.567.")
        synonyms = ", ".join(col.synonyms[:6])
        if synonyms:
            note += " " + _("Tên cột khác cũng nhận: %(s)s.") % {"s": synonyms}
        guide.write_row(row, 0, [force_str(col.header), _("Có") if col.required else ""])
        guide.write_string(row, 2, note.strip(), wrap)
    wb.close()
    return out.getvalue()


def _letter(index: int) -> str:
    from danvan.imports.parsing import column_letter

    return column_letter(index)


def _kind_label(kind: str):
    from danvan.imports.models import ImportKind

    return ImportKind(kind).label
