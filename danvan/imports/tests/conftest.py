"""Fixtures for the import tests: tasks run inline, files go to a temporary data folder, and
workbooks are built here the way people build them by hand."""
import unicodedata

import openpyxl
import pytest



@pytest.fixture(autouse=True)
def _inline_tasks(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.DATA_DIR = tmp_path / "data"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def save(wb, tmp_path, name="tep.xlsx"):
    path = tmp_path / name
    wb.save(path)
    return path


def messy_initiatives(rows):
    """A commune's own sheet: two title rows, a header merged over two lines, columns in their order,
    STT numbering under the header, text in NFD (as old Windows tools write it), dates as dd/mm/yyyy text.

    `rows`: dicts with title, field, org, unit, year, start, scope (written in that sheet's layout).
    """
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "DS mô hình"
    ws["A1"] = "ỦY BAN NHÂN DÂN XÃ PHỔNG LÁI"
    ws["A2"] = "DANH SÁCH MÔ HÌNH “DÂN VẬN KHÉO” NĂM 2024"
    ws.merge_cells("A2:H2")
    top = {"A3": "STT", "B3": "Thông tin mô hình", "E3": "Cơ quan, đơn vị chủ trì", "F3": nfd("Xã, phường"),
           "G3": "Năm", "H3": "Thời gian triển khai"}
    for cell, text in top.items():
        ws[cell] = text
    for col in "AEFGH":
        ws.merge_cells(f"{col}3:{col}4")
    ws.merge_cells("B3:D3")
    ws["B4"] = nfd("Lĩnh vực")
    ws["C4"] = "Ten mo hinh"          # no accents at all
    ws["D4"] = nfd("Tập thể/cá nhân")
    for i, col in enumerate("ABCDEFGH", start=1):
        ws[f"{col}5"] = f"({i})"
    for n, r in enumerate(rows, start=1):
        ws.append([n, r.get("field"), nfd(r["title"]) if r.get("title") else None, r.get("scope"), r.get("org"),
                   r.get("unit"), r.get("year"), r.get("start")])
    return wb
