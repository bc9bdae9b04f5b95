"""One entry point for both formats: the report of a unit and period as file bytes, with its file name."""
from dataclasses import dataclass

from django.utils.translation import gettext as _

from danvan.core.exceptions import DomainError
from danvan.documents.content import ReportContent

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass
class ReportFile:
    name: str
    content_type: str
    data: bytes


def render(content: ReportContent, fmt: str) -> ReportFile:
    """The report (.docx) or its annex (.xlsx); an unknown format is a user error, not a crash."""
    fmt = (fmt or "").lower().lstrip(".")
    if fmt == "docx":
        from danvan.documents.docx_report import render_docx

        data = render_docx(content)
    elif fmt == "xlsx":
        from danvan.documents.xlsx_annex import render_xlsx

        data = render_xlsx(content)
    else:
        raise DomainError(_("Định dạng không hỗ trợ: “%(fmt)s”. Chọn docx (Word) hoặc xlsx (Excel).") % {"fmt": fmt})
    return ReportFile(f"{content.slug()}.{fmt}", FORMATS[fmt], data)
